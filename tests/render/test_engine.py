"""The engine process (`render.engine`): a command that makes a PDF whatever happens renders it
in a second process started at launch. Each test runs a small program of its own, as the
entry point does (a fork copies one thread: never the test runner's), and reads what it says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

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


def program(tmp_path: Path, body: str) -> dict[str, object]:
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", PROLOGUE + body + EPILOGUE],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TMPDIR": str(scratch)},
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
