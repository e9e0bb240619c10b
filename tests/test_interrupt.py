"""The interruption rules, in-process: exit codes, what is said, a step that must finish."""

from __future__ import annotations

import os
import signal

import pytest

from cafedemarches.cli import interrupt


@pytest.fixture(autouse=True)
def handlers():  # type: ignore[no-untyped-def]
    previous: dict[int, object] = {}
    interrupt.install(interrupt.SignalState(), previous)  # a run's own state
    yield
    interrupt.restore(previous)


def test_a_signal_during_a_deferred_step_takes_effect_after_it() -> None:
    done = []
    with pytest.raises(interrupt.Interrupted) as raised, interrupt.deferred():
        os.kill(os.getpid(), signal.SIGTERM)
        done.append("recorded")
        interrupt.note_saved(interrupt.TALLY_SAVED)
    assert done == ["recorded"]
    assert raised.value.signum == signal.SIGTERM
    assert interrupt.exit_code() == 143
    assert "notée au registre" in interrupt.message()


def test_outside_a_deferred_step_a_signal_interrupts_at_once() -> None:
    with pytest.raises(interrupt.Interrupted):
        os.kill(os.getpid(), signal.SIGHUP)
        signal.pause() if hasattr(signal, "pause") else None  # pragma: no cover
    assert interrupt.exit_code() == 129
    assert interrupt.message() == "Interrompu : rien n'a été enregistré."


def test_the_boundary_says_what_was_saved(cli, monkeypatch) -> None:
    """An interruption after the tally line: the message says it was saved, exit 130."""
    from cafedemarches.cli import app

    def interrupted_after_saving(*args: object, **kwargs: object) -> None:
        interrupt.note_saved(interrupt.TALLY_SAVED)
        raise KeyboardInterrupt

    monkeypatch.setattr(app, "report_user_error", interrupted_after_saving)
    result = cli("registre", "ajouter", "--demarche", "inconnue:faite")  # a UserError
    assert result.exit_code == 130
    assert "Déjà enregistré : la séance, notée au registre anonyme." in result.stderr


def test_an_interruption_inside_a_callback_is_raised_again_in_the_program() -> None:
    """A signal landing in a weak reference's callback would be printed and ignored by Python:
    it is raised again just after, in the program's own code, and nothing is printed."""
    import sys
    import time
    import weakref

    class Thing:
        pass

    def callback(_ref: object) -> None:
        raise interrupt.Interrupted(signal.SIGTERM)

    thing = Thing()
    ref = weakref.ref(thing, callback)
    with pytest.raises(interrupt.Interrupted) as raised:
        del thing
        for _ in range(200):  # the signal comes back within 50 ms; 2 s at most
            time.sleep(0.01)
    assert ref() is None
    assert raised.value.signum == signal.SIGTERM
    assert sys.unraisablehook is not sys.__unraisablehook__


def test_a_signal_while_the_handlers_are_being_set_is_told_like_any_other(cli, monkeypatch) -> None:
    """A Ctrl-C landing inside `install`, once the kit's handler is set and before the others
    are (one start in a thousand under load, stop 30), is inside the error boundary: 130 and
    « Interrompu », no traceback; the handler it replaced is restored."""
    set_handler = signal.signal

    def ctrl_c_once_set(number: int, handler: object) -> object:
        replaced = set_handler(number, handler)
        if number == signal.SIGINT and handler is interrupt._handler:
            os.kill(os.getpid(), signal.SIGINT)  # handled as the next line starts
        return replaced

    def before(_signum: int, _frame: object) -> None:  # pragma: no cover (never called)
        raise AssertionError

    set_handler(signal.SIGINT, before)
    monkeypatch.setattr(signal, "signal", ctrl_c_once_set)
    try:
        result = cli("registre", "exporter")
    except KeyboardInterrupt:
        pytest.fail("the interruption escaped the error boundary (a traceback)")
    finally:
        monkeypatch.undo()
    assert result.exit_code == 130
    assert "Interrompu : rien n'a été enregistré." in result.stderr
    assert result.stdout == ""
    assert signal.getsignal(signal.SIGINT) is before
