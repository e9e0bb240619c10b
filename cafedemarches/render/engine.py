"""Loading the PDF engine (WeasyPrint): at once when it is needed, or in a background thread
started at launch, when the command will make a PDF whatever happens (`cli/entry.py`).

This module is the lightest of `render/`: the entry point imports it before anything else,
so that the import of WeasyPrint starts within milliseconds of launch. `render.pdf` uses the
engine it loads; the background import and how the program leaves during it are described
in docs/sortie.md.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

from cafedemarches import shutdown
from cafedemarches.errors import UserError

INSTALL_HINT = (
    "Installez la bibliothèque Pango : sur Debian/Ubuntu « sudo apt install libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0 », sur macOS « brew install pango », "
    "puis lancez « cafedemarches diagnostic »."
)

_loading: list[threading.Thread] = []  # the thread importing WeasyPrint, once started
# After a signal, how long the program waits for that import to end before leaving.
SIGNAL_GRACE = 3.0


def start_loading_engine() -> None:
    """Start importing WeasyPrint in a background thread while the caller prepares its
    document; `load_engine` then finds it loaded, or waits for the import to end.

    WeasyPrint spends much of its import (about half a second) waiting for the system to
    locate Pango and its other libraries, which leaves the interpreter free for the caller's
    own work. A thread works the same on every system; errors surface in `load_engine`.
    """
    if _loading or "weasyprint" in sys.modules:
        return
    thread = threading.Thread(target=_import_quietly, name="weasyprint-import", daemon=True)
    _loading.append(thread)
    thread.start()
    shutdown.on_exit(finish_loading)


def finish_loading(interrupted: bool = False) -> None:
    """Wait for a background import (never stop the interpreter in the middle of one).
    Registered with `shutdown.on_exit` by `start_loading_engine`.

    After a signal (`interrupted`), it waits only SIGNAL_GRACE seconds: the signal may have
    come while Python held its import lock, between taking it and the `try` that gives it
    back, and the import in the background would then never end. An import that ends
    meanwhile removes the temporary files of its library lookup itself; an unfinished one has
    made no font folder yet, its lookup file is removed (`remove_lookup_files`), and
    `os._exit` stops it where it is."""
    for thread in _loading:
        thread.join(SIGNAL_GRACE if interrupted else None)
        if thread.is_alive():
            remove_lookup_files()
            return
    if interrupted:
        # The import may have run in the main thread (a replay) and been stopped by the
        # signal in the middle of a lookup: its file is still open, and `os._exit` follows.
        remove_lookup_files()


def still_loading() -> bool:
    """Whether the background import is still going (after `finish_loading` gave up)."""
    return any(thread.is_alive() for thread in _loading)


def remove_lookup_files() -> None:
    """Remove the temporary file an unfinished WeasyPrint import holds open, before the
    program leaves without waiting for it.

    WeasyPrint asks cffi for Pango and its other libraries under several names; for each
    name the system does not know, Python's `ctypes.util.find_library` runs the C compiler
    with an empty temporary file (`tmpXXXXXXXX`) that it removes afterwards, unless the
    program is stopped in between. Nothing in WeasyPrint, cffi or Python lets the kit skip
    that lookup (the names are WeasyPrint's, the order cffi's), so the file is found among the
    ones this process has open (Linux's /proc/self/fd) in the temporary folder, and removed:
    a file of that name that this program holds open there is one Python would remove at
    its close anyway."""
    import contextlib
    import re
    import tempfile
    from pathlib import Path

    # Python's default name for a temporary file (`tmp` and eight letters, digits or « _ »).
    lookup_file = re.compile(r"tmp[a-z0-9_]{8}")
    fds = Path("/proc/self/fd")
    folder = Path(tempfile.gettempdir()).resolve()
    try:
        entries = list(fds.iterdir())
    except OSError:
        return  # not Linux: nothing to look at
    for entry in entries:
        try:
            path = Path(os.readlink(entry))
        except OSError:
            continue
        if path.parent == folder and lookup_file.fullmatch(path.name):
            with contextlib.suppress(OSError):
                path.unlink()


def _import_quietly() -> None:
    import contextlib

    with contextlib.suppress(Exception):  # reported by load_engine, where it is needed
        import weasyprint  # noqa: F401


def load_engine() -> Any:
    """WeasyPrint, once fully imported (the background import, if any, has ended first: a
    module patched while another thread still imports it would lose the patch)."""
    for thread in _loading:
        thread.join()
    try:
        import weasyprint
    except (OSError, ImportError) as exc:
        raise UserError(
            "Le moteur PDF (WeasyPrint) ne peut pas démarrer : la bibliothèque Pango manque "
            "ou ne se charge pas.",
            INSTALL_HINT,
        ) from exc
    return weasyprint
