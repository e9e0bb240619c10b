"""Do some work while slow imports load, on Linux, in a forked child.

A one-shot command often spends most of its time importing a heavy library (WeasyPrint for a
PDF, pydantic for the content models) while the work it could already do (reading files) waits.
Here a forked child does the work while the parent imports, and sends back only the result
through an anonymous pipe (nothing is written anywhere). Elsewhere, when the modules are already
imported, or if anything unexpected happens in the child, the work simply runs here.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from cafedemarches.errors import ProblemsError, UserError

T = TypeVar("T")


def while_importing(modules: Sequence[str], work: Callable[[], T]) -> T:
    """`work()`'s result, computed in parallel with importing `modules` where possible."""
    if sys.platform != "linux" or all(name in sys.modules for name in modules):
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
    for name in modules:
        # A module that fails to import is reported where it is used, later.
        with contextlib.suppress(Exception):
            importlib.import_module(name)
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
