"""Interruptions tell the truth: Ctrl-C, a closed terminal (SIGHUP) and a stop request
(SIGTERM) all unwind the program the same way (private folders removed, nothing half-written),
end with 128 + the signal's number, and say what had already been saved."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


@dataclass
class SignalState:
    """The interruptions of one run (`cli.run.Run.signals`): the signal received, if any; the
    signal held back during a step that must finish (None outside such a step, 0 while none
    came); what was written for good before it."""

    signal: int | None = None
    deferred: int | None = None
    saved: list[str] = field(default_factory=list)


# The state the signal handlers write to: the current run's, set by `install`.
_state = SignalState()


class Interrupted(KeyboardInterrupt):
    """An interruption by a signal; unwinds like Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _handler(signum: int, _frame: FrameType | None) -> None:
    _state.signal = signum
    if _state.deferred is not None:
        _state.deferred = signum
        return
    raise Interrupted(signum)


def _unraisable(info: Any) -> None:
    """A signal handler runs wherever Python is, sometimes inside a callback whose exception
    Python can only print and ignore (a weak reference's, an import lock's): the interruption
    is raised again, to land in the program's own code, and nothing is printed."""
    import threading

    if isinstance(info.exc_value, Interrupted):
        # From another thread, a moment later: the handler then runs in the main thread once
        # this hook (and the callback) have returned.
        again = threading.Timer(0.05, signal.raise_signal, (info.exc_value.signum,))
        again.daemon = True
        again.start()
        return
    _previous_hook(info)


_previous_hook = sys.unraisablehook


def _each_signal(handler: Any, replaced: dict[int, Any] | None = None) -> dict[int, Any]:
    """Set `handler` for every interrupting signal this system has; the handlers replaced,
    noted in `replaced` as they are (a signal may land in the middle)."""
    previous: dict[int, Any] = {} if replaced is None else replaced
    for name in _SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.getsignal(number)  # before: it may fire at once
            signal.signal(number, handler)
    return previous


def end_quietly() -> None:
    """Once the work is done and told: an interruption only ends the program."""
    import os

    _each_signal(lambda signum, _frame: os._exit(128 + signum))


def install(state: SignalState, replaced: dict[int, Any]) -> None:
    """Every interrupting signal raises `Interrupted` where the program is, and is noted in
    `state` (the run's). The handlers it replaces are noted in `replaced` one by one, for
    `restore`: a signal landing while they are set raises `Interrupted` from here, and the
    caller still knows what to restore."""
    global _state
    _state = state
    sys.unraisablehook = _unraisable
    with suppress(ValueError):  # not the main thread (a test): signals stay as they are
        _each_signal(_handler, replaced)


def restore(previous: dict[int, Any]) -> None:
    sys.unraisablehook = _previous_hook
    for number, handler in previous.items():
        signal.signal(number, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """A step that must finish once started (recording a session and noting it): an
    interruption during it takes effect just after."""
    _state.deferred = 0
    try:
        yield
    finally:
        pending = _state.deferred
        _state.deferred = None
        if pending:
            raise Interrupted(pending)


TALLY_SAVED = "la séance, notée au registre anonyme"


def note_saved(what: str) -> None:
    """Remember something written for good (said if the program is interrupted later)."""
    _state.saved.append(what)


def received() -> bool:
    """Whether a signal (Ctrl-C, SIGHUP, SIGTERM) came during this run."""
    return _state.signal is not None


def exit_code() -> int:
    """128 + the signal's number: 130 for Ctrl-C, 129 for SIGHUP, 143 for SIGTERM."""
    return 128 + (_state.signal or signal.SIGINT)


def message() -> str:
    if not _state.saved:
        return "Interrompu : rien n'a été enregistré."
    return "Interrompu. Déjà enregistré : " + " ; ".join(_state.saved) + "."
