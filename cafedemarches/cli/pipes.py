"""Standard output that a closed pipe (`… | head -1`) ends quietly, without a traceback."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


def utf8_stdout() -> None:
    """Write UTF-8 on standard output whatever the terminal's code page."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError, TypeError):
            reconfigure(encoding="utf-8")


@contextlib.contextmanager
def quiet_when_closed() -> Iterator[None]:
    """The reader went away (a closed pipe): stop writing, and end normally."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at nothing so that it cannot fail.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0) from None


def write_stdout(text: str, *, bom: bool = False) -> None:
    """Write `text` (with a UTF-8 byte order mark for spreadsheets, if asked)."""
    utf8_stdout()
    with quiet_when_closed():
        if bom:
            sys.stdout.write("\ufeff")
        sys.stdout.write(text)
