"""The program's entry point, as light as possible: until the error boundary is in place
(while Python loads Typer and the rest), an interruption ends the program quietly, with no
traceback, instead of in the middle of an import. `_signal` is the C module under `signal`
(which would first load `enum`): the guard is set within a millisecond of start-up."""

import _signal
import os

_MESSAGE = "\nInterrompu : rien n'a été enregistré.\n".encode()


def _quiet_exit(signum, _frame):  # type: ignore[no-untyped-def]
    os.write(2, _MESSAGE)
    os._exit(128 + signum)


for _name in ("SIGINT", "SIGTERM", "SIGHUP"):
    if hasattr(_signal, _name):
        _signal.signal(getattr(_signal, _name), _quiet_exit)


def run() -> None:
    from cafedemarches.cli.app import run_program

    run_program()
