"""The one list of what must be done before the program leaves, whatever way it leaves.

A module that leaves something behind it (WeasyPrint's temporary font folder, a pending line
of the register…) registers its cleanup here with `on_exit`, never with `atexit`: the program
leaves with `os._exit` once its work is told (`cli.app.run`, see docs/sortie.md), which skips
`atexit`. `run_cleanups` runs them, newest first, once: from `cli.app.run` for the program, and
from `atexit` for anyone who calls the kit's functions in-process (the tests).
"""

from __future__ import annotations

import atexit
import contextlib
from collections.abc import Callable

Cleanup = Callable[[bool], None]

_cleanups: list[Cleanup] = []
_hooked: list[bool] = []


def on_exit(cleanup: Cleanup) -> None:
    """Run `cleanup(interrupted)` before the program leaves (once, even if registered twice).
    `interrupted` is true after a signal: a cleanup must then not wait on anything that the
    signal may have stopped halfway (an import, a lock)."""
    if cleanup not in _cleanups:
        _cleanups.append(cleanup)
    if not _hooked:
        _hooked.append(True)
        atexit.register(run_cleanups)


def forget(cleanup: Cleanup) -> None:
    """No longer run `cleanup` at the exit (its work is done)."""
    if cleanup in _cleanups:
        _cleanups.remove(cleanup)


def run_cleanups(interrupted: bool = False) -> None:
    """Every registered cleanup, newest first; one that fails does not stop the others."""
    while _cleanups:
        cleanup = _cleanups.pop()
        with contextlib.suppress(Exception):
            cleanup(interrupted)
