"""The engine process (`render.engine`): a command that makes a PDF whatever happens renders it
in a second process started at launch. Each test runs a small program of its own, as the
entry point does (a fork copies one thread: never the test runner's), and reads what it says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pypdf
import pytest

from cafedemarches.render import engine

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: rendered in-process")

PROLOGUE = """
import json, os, signal, sys, time
from pathlib import Path
from cafedemarches import shutdown
from cafedemarches.errors import UserError
from cafedemarches.render import engine
from cafedemarches.cli.entry import render_documents
engine.start_engine_process(render_documents)
pid = engine._engine[0].pid
from cafedemarches.render.pdf import render_pdf
page = ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title>'
        '</head><body><p>{body}</p></body></html>')
told = {"pid": pid}
"""

EPILOGUE = """
told["weasyprint_here"] = "weasyprint" in sys.modules
shutdown.run_cleanups()
try:
    told["children_left"] = os.waitpid(-1, os.WNOHANG) != (0, 0)
except ChildProcessError:
    told["children_left"] = False
print(json.dumps(told))
"""


def program(tmp_path: Path, body: str, prologue: str = PROLOGUE, **env: str) -> dict[str, object]:
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", prologue + body + EPILOGUE],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TMPDIR": str(scratch), **env},
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    told: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    assert not told["children_left"], "the engine process outlived the program"
    # Neither WeasyPrint's font folder nor a library lookup file is left behind.
    assert sorted(p.name for p in scratch.iterdir()) == []
    return told


def test_the_engine_process_renders_the_document_and_the_program_never_loads_weasyprint(
    tmp_path: Path,
) -> None:
    told = program(
        tmp_path,
        "render_pdf(page.format(body='Élise à Noël'), Path('a.pdf'), title='Essai')\n"
        "render_pdf(page.format(body='Deuxième'), Path('b.pdf'), title='Deux')\n",
    )
    assert told["weasyprint_here"] is False
    first = pypdf.PdfReader(tmp_path / "a.pdf")
    assert "Élise à Noël" in first.pages[0].extract_text()
    assert first.metadata is not None and first.metadata.title == "Essai"
    assert "Deuxième" in pypdf.PdfReader(tmp_path / "b.pdf").pages[0].extract_text()


def test_a_refused_document_is_told_in_french_as_when_rendered_in_the_program(
    tmp_path: Path,
) -> None:
    told = program(
        tmp_path,
        "try:\n"
        '    render_pdf(page.format(body=\'<img src="http://127.0.0.1:9/x.png" alt="x">\'),\n'
        "               Path('a.pdf'), title='Essai')\n"
        "except UserError as exc:\n"
        "    told['message'] = exc.message\n"
        "    told['hint'] = exc.hint\n",
    )
    assert told["weasyprint_here"] is False
    assert str(told["message"]).startswith("Le document n'a pas été créé")
    assert "extérieurs au kit" in str(told["hint"])
    assert not (tmp_path / "a.pdf").exists()


def test_a_killed_engine_process_leaves_the_document_to_the_program(tmp_path: Path) -> None:
    told = program(
        tmp_path,
        "os.kill(pid, signal.SIGKILL)\n"
        "render_pdf(page.format(body='Quand même'), Path('a.pdf'), title='Essai')\n",
    )
    assert told["weasyprint_here"] is True
    assert "Quand même" in pypdf.PdfReader(tmp_path / "a.pdf").pages[0].extract_text()


@pytest.mark.parametrize("after", [0.0, 0.05, 0.2])
def test_a_program_that_stops_early_ends_the_engine_process_and_leaves_nothing(
    tmp_path: Path, after: float
) -> None:
    """A letter whose values file is refused ends before any PDF: the engine process, maybe
    still loading WeasyPrint (looking for Pango), is ended and removes what it had made."""
    program(tmp_path, f"time.sleep({after})\n")


def test_a_signal_to_the_engine_process_alone_ends_it_quietly(tmp_path: Path) -> None:
    told = program(
        tmp_path,
        "time.sleep(0.1)\n"
        "os.kill(pid, signal.SIGINT)\n"
        "time.sleep(0.1)\n"
        "render_pdf(page.format(body='Sans lui'), Path('a.pdf'), title='Essai')\n",
    )
    assert "Sans lui" in pypdf.PdfReader(tmp_path / "a.pdf").pages[0].extract_text()
    assert told["weasyprint_here"] is True


# A C compiler as `ctypes.util.find_library` runs it, behaving as the real linker does: it
# replaces the file named after « -o » with its own output, writes its trace, and removes its
# output when the link fails (always, there). It tells its pid as it starts, and when its
# output is made.
COMPILER = """#!/bin/sh
for arg in "$@"; do [ "$previous" = "-o" ] && output=$arg; previous=$arg; done
echo $$ > "$COMPILER_PID.new"; mv "$COMPILER_PID.new" "$COMPILER_PID"
sleep 0.1
rm -f "$output"; : > "$output"
: > "$COMPILER_PID.output"
sleep 0.15
echo "trace de l'éditeur de liens"
rm -f "$output"
exit 1
"""

LOOKUP = """
import ctypes.util, json, os, signal, sys, time
from pathlib import Path
from cafedemarches import shutdown
from cafedemarches.render import engine

def serve(jobs, results):  # a library lookup, as WeasyPrint's import makes them
    ctypes.util.find_library("cafedemarches-absente")
    os.read(jobs, 1)

def gone(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True

engine.start_engine_process(serve)
told = {"pid": engine._engine[0].pid}
told_pid = Path(os.environ["COMPILER_PID"])
while not told_pid.exists():
    time.sleep(0.005)
compiler = int(told_pid.read_text())
"""


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="no /proc: Linux only")
@pytest.mark.parametrize("signalled", ["engine", "engine_and_compiler"])
def test_a_signal_during_a_library_lookup_leaves_no_file_behind(
    tmp_path: Path, signalled: str
) -> None:
    """The engine process stopped by a signal while the C compiler of a library lookup runs
    (CI, stop 29: one time in twenty): alone, the compiler would outlive it, make its output
    `tmpXXXXXXXX` in the temporary folder, be killed writing into a pipe nobody reads, and
    leave it there; with Ctrl-C it is stopped as well, once its output is made."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("gcc", "cc"):
        (tools / name).write_text(COMPILER)
        (tools / name).chmod(0o755)
    body = (
        "while not Path(os.environ['COMPILER_PID'] + '.output').exists():\n"
        "    time.sleep(0.005)\n"
        "os.kill(compiler, signal.SIGINT)\n"
        if signalled == "engine_and_compiler"
        else ""  # at once: before the compiler has made its output
    ) + (
        "os.kill(told['pid'], signal.SIGINT)\n"
        "shutdown.run_cleanups()\n"
        "deadline = time.monotonic() + 30\n"
        "while not gone(compiler) and time.monotonic() < deadline:\n"
        "    time.sleep(0.01)\n"
    )
    program(
        tmp_path,
        body,
        prologue=LOOKUP,
        PATH=f"{tools}{os.pathsep}{os.environ['PATH']}",
        COMPILER_PID=str(tmp_path / "compiler.pid"),
    )


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="no /proc: Linux only")
def test_removing_a_lookup_file_takes_no_lock_the_stopped_code_may_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine's signal handler runs in the middle of the code it stops: the first
    `tempfile.gettempdir()` holds its lock while it looks for the folder (one stop in two
    hundred blocked the engine process there, and the program waited for it forever)."""
    monkeypatch.setattr(tempfile, "tempdir", None)  # not known yet: no temporary file made
    with tempfile._once_lock:  # as the first gettempdir() holds it
        handler = threading.Thread(target=engine.remove_lookup_files, daemon=True)
        handler.start()
        handler.join(timeout=10)
        assert not handler.is_alive(), "blocked on the lock of tempfile.gettempdir"

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    lookup = tempfile.NamedTemporaryFile()  # noqa: SIM115 (held open, as find_library does)
    other = tmp_path / "tmpgardemoi"  # the same kind of name, not open: not the lookup's
    other.touch()
    engine.remove_lookup_files()
    assert not Path(lookup.name).exists()
    assert other.exists()
    with pytest.raises(FileNotFoundError):
        lookup.close()
