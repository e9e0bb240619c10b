"""Issue #10 item 8: interruptions tell the truth, in a real terminal. Ctrl-C, a closed terminal
(SIGHUP) and a stop request (SIGTERM) remove the private folder, record nothing half-way, exit
with 128 + the signal, say what was already saved, and never show a traceback."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.test_real_terminal import DOWN, ENTER, PROGRAM, answer_the_tally, expect

pexpect = pytest.importorskip("pexpect")
pytestmark = [pytest.mark.e2e, pytest.mark.skipif(sys.platform == "win32", reason="pty")]


@pytest.fixture
def env(terminal_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    return {**terminal_env, "TMPDIR": str(scratch)}


def private_folders(env: dict[str, str]) -> list[Path]:
    return sorted(Path(env["TMPDIR"]).glob("cafedemarches-*"))


def tally_rows(env: dict[str, str]) -> list[dict[str, str]]:
    export = subprocess.run(
        [PROGRAM, "registre", "exporter"], env=env, capture_output=True, text=True, check=False
    ).stdout
    return list(csv.DictReader(io.StringIO(export)))


def session(env: dict[str, str]):  # type: ignore[no-untyped-def]
    return pexpect.spawn(
        PROGRAM,
        ["accueil", "--demarche", "essai-logement"],
        env=env,
        encoding="utf-8",
        dimensions=(40, 100),
    )


def answer_up_to_the_results(child) -> None:  # type: ignore[no-untyped-def]
    expect(child, "Quel âge a la personne")
    child.send("24" + ENTER)
    expect(child, "Où vit la personne")
    child.send(DOWN + ENTER)
    expect(child, "Est-elle étudiante")
    child.send(ENTER)
    expect(child, "Et maintenant")  # the private folder exists from here


def finish(child) -> str:  # type: ignore[no-untyped-def]
    child.expect(pexpect.EOF, timeout=20)
    child.close()
    return str(child.before)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_while_the_private_folder_exists(
    env: dict[str, str], signum: int, code: int
) -> None:
    child = session(env)
    answer_up_to_the_results(child)
    assert len(private_folders(env)) == 1
    child.kill(signum)
    output = finish(child)
    assert child.exitstatus == code, output
    assert "Traceback" not in output
    if signum == signal.SIGTERM:  # after SIGHUP the terminal is gone: nothing to read
        assert "rien n'a été enregistré" in output
    assert private_folders(env) == []
    assert tally_rows(env) == []


def test_the_session_ends_by_itself_once_the_tally_is_saved(env: dict[str, str]) -> None:
    # The tally line is the last screen of a guided session (the sheet is offered before it):
    # once it is saved the session ends, its private folder removed. What an interruption
    # says after that point is tested in tests/test_interrupt.py.
    child = session(env)
    answer_up_to_the_results(child)
    child.send(ENTER)  # make the sheet
    answer_the_tally(child)
    expect(child, "Séance notée au registre")
    output = finish(child)
    assert child.exitstatus == 0, output
    assert "Traceback" not in output
    assert private_folders(env) == []
    assert len(tally_rows(env)) == 1


def before_the_first_line(output: str) -> bool:
    """A traceback whose only frames are the launcher's import, Python's import machinery and
    the entry point's own first lines, before its guard is set (`cli/entry.py`, at module
    level: once the guard is set, a signal there ends the program without a traceback): no
    line of the kit's work had run yet."""
    frames = re.findall(r'File "([^"]+)", line -?\d+, in (\S+)', output)
    return bool(frames) and all(
        f.startswith("<frozen")
        or not f.endswith(".py")
        or "site-packages" in f
        or "/bin/" in f
        or (f.endswith("cafedemarches/cli/entry.py") and function == "<module>")
        for f, function in frames
    )


def started(child) -> None:  # type: ignore[no-untyped-def]
    """Wait until the spawned process is the program (pexpect returns right after the fork):
    a Ctrl-C typed before the terminal is the program's own reaches nobody, and the program
    then starts as if nothing was typed (seen once under `make test-long`)."""
    cmdline = Path(f"/proc/{child.pid}/cmdline")
    for _ in range(200):
        try:
            if b"accueil" in cmdline.read_bytes().split(b"\0"):
                return
        except OSError:
            return  # not Linux, or already gone: nothing to wait for
        time.sleep(0.005)


@pytest.mark.parametrize("delay", [0.0, 0.03, 0.06, 0.09, 0.12, 0.15, 0.25])
def test_ctrl_c_at_start_up_shows_no_traceback(env: dict[str, str], delay: float) -> None:
    child = pexpect.spawn(
        PROGRAM, ["accueil", "--demarche", "essai-logement"], env=env, encoding="utf-8"
    )
    started(child)
    time.sleep(delay)
    child.sendintr()
    if child.expect([pexpect.EOF, "Quel âge a la personne"], timeout=20) == 1:
        # The Ctrl-C was lost at start-up and the session opened. Python's own start-up prints
        # it and goes on, before any line of the kit ran (« Exception ignored in » an import
        # lock's callback, « Failed checking if argv[0] is an import path entry »: 13 starts
        # in 1,500 under load, stop 30); once, under `make test`, it was lost without a word
        # (not reproduced since, cause not found). Never a trace of the kit's own code; the
        # session is then the one the volunteer sees, and a second Ctrl-C ends it as usual.
        shown = str(child.before)
        assert "Traceback" not in shown or before_the_first_line(shown), shown
        child.sendintr()
        output = finish(child)
        assert child.exitstatus == 130 and "Interrompu" in output, output
        assert private_folders(env) == []
        return
    child.close()
    output = str(child.before)
    if "init_import_site" in output or before_the_first_line(output):
        # Python's own start-up (its `site` module, then finding the package: a few ms, before
        # any line of the kit runs) cannot be guarded from the program; the rest can.
        pytest.skip("interruption pendant le démarrage de Python lui-même")
    assert "Traceback" not in output and "KeyboardInterrupt" not in output
    # Killed by the signal before Python set its handler, or ended by ours with 130.
    assert child.exitstatus == 130 or child.signalstatus == signal.SIGINT, output
    if child.exitstatus == 130:
        assert "Interrompu" in output
    assert private_folders(env) == []


@pytest.mark.parametrize("after", [0.1, 0.25, 0.6])
def test_sigterm_during_a_replay_leaves_no_half_written_sheet(
    env: dict[str, str], tmp_path: Path, after: float
) -> None:
    answers = tmp_path / "reponses.yaml"
    answers.write_text(
        "demarches: [essai-logement]\nreponses: {e_age: 40, e_logement: locataire}\n"
        "registre: {issues: {essai-logement: faite}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "sortie"
    out.mkdir()
    process = subprocess.Popen(
        [PROGRAM, "accueil", "--reponses", str(answers), "--sortie", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(after)
    os.kill(process.pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert "Traceback" not in stderr
    rows = tally_rows(env)
    told = f"code {process.returncode}, stderr: {stderr!r}"
    if process.returncode == 143:
        assert "Interrompu" in stderr
        # Either nothing was recorded, or the message says the line was.
        assert (rows == []) == ("notée au registre" not in stderr), told
    else:  # the replay was faster than the signal
        assert process.returncode == 0 and len(rows) == 1, told
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    # The engine process removed its font folder and lookup file (a program stopped before
    # its error boundary leaves it to end by itself, after its import: a moment later).
    assert lookup_files_left(env) == [] and not list(Path(env["TMPDIR"]).glob("weasyprint-*"))


@pytest.mark.parametrize("question", ["Quel âge a la personne", "Où vit la personne"])
def test_an_external_sigint_during_a_question_ends_like_ctrl_c(
    env: dict[str, str], question: str
) -> None:
    """Issue 23: `kill -INT` from another window, while a text or a list question waits,
    ends the session as Ctrl-C does (prompt_toolkit used to swallow it in lists)."""
    child = session(env)
    expect(child, "Quel âge a la personne")
    if question != "Quel âge a la personne":
        child.send("24" + ENTER)
        expect(child, question)
    time.sleep(0.3)  # the question is waiting for a key
    os.kill(child.pid, signal.SIGINT)
    output = finish(child)
    assert child.exitstatus == 130, output
    assert "Interrompu" in output and "Traceback" not in output


def lookup_files(env: dict[str, str]) -> list[Path]:
    return [p for p in Path(env["TMPDIR"]).iterdir() if re.fullmatch(r"tmp[a-z0-9_]{8}", p.name)]


def lookup_files_left(env: dict[str, str]) -> list[Path]:
    """The lookup files still there after 10 s: a compiler or an engine process still running
    ends by itself and removes its own."""
    deadline = time.monotonic() + 10
    while lookup_files(env) and time.monotonic() < deadline:
        time.sleep(0.05)
    return lookup_files(env)


# The lookup runs in the engine process (render.engine), whose signal handler lets the compiler
# end, removes the file and ends it: no thread is left to start another lookup after the
# cleanup (the race that kept this test in `make test-long` while the import ran in a thread:
# once in twenty runs), and no compiler outlives it (tests/render/test_engine.py).
def test_sigterm_during_the_pdf_engine_lookup_leaves_no_temporary_file(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Issue 23: finding Pango runs the C compiler with a temporary file `tmpXXXXXXXX`; a
    signal to the program and the compiler at that moment used to leave it behind (3 replays
    in 29)."""
    if shutil.which("gcc") is None and shutil.which("cc") is None:
        pytest.skip("no C compiler: Python looks the libraries up without a temporary file")
    answers = tmp_path / "reponses.yaml"
    answers.write_text(
        "demarches: [essai-logement]\nreponses: {e_age: 40, e_logement: locataire}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [PROGRAM, "accueil", "--reponses", str(answers), "--sortie", str(tmp_path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as in a terminal
    )
    deadline = time.monotonic() + 30
    while not lookup_files(env) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    if process.poll() is not None:
        pytest.skip("the lookup ended before it could be seen")
    os.killpg(process.pid, signal.SIGTERM)  # the compiler too, like Ctrl-C in a terminal
    assert process.wait(timeout=30) == 143
    assert lookup_files_left(env) == []
