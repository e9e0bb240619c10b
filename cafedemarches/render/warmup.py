"""Prepare a document while WeasyPrint loads (~0.4 s), on Linux, in a forked child.

A one-shot command such as `lettres remplir --valeurs` spends most of its time importing the
PDF engine; reading and checking the letter and its values (pydantic, Jinja2) would add to it.
Here the child does that work while the parent imports WeasyPrint, and sends back only the
finished HTML through an anonymous pipe (nothing is written anywhere). Elsewhere, or if anything
unexpected happens in the child, the work simply runs in the current process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from cafedemarches.errors import ProblemsError, UserError

T = TypeVar("T")


def while_pdf_engine_loads(work: Callable[[], T]) -> T:
    """`work()`'s result, computed in parallel with importing WeasyPrint where possible."""
    if sys.platform != "linux" or "weasyprint" in sys.modules:
        return work()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child: covered through its result
        os.close(read_fd)
        try:
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(pickle.dumps(_child_payload(work)))
        finally:
            os._exit(0)
    os.close(write_fd)
    # A missing Pango is reported in French by render_pdf, later.
    with contextlib.suppress(Exception):
        import weasyprint  # noqa: F401
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    payload: Any = pickle.loads(data) if data else ("retry",)  # noqa: S301 - own child
    kind = payload[0]
    if kind == "ok":
        result: T = payload[1]
        return result
    if kind == "problems":
        raise ProblemsError(payload[1], payload[2], payload[3])
    if kind == "user":
        raise UserError(payload[1], payload[2])
    return work()  # anything unexpected: redo it here, where errors surface normally


def _child_payload(work: Callable[[], object]) -> tuple[object, ...]:
    try:
        return ("ok", work())
    except ProblemsError as exc:
        return ("problems", exc.problems, exc.message, exc.hint)
    except UserError as exc:
        return ("user", exc.message, exc.hint)
    except BaseException:
        return ("retry",)
