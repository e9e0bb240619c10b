"""A volunteer's session in a real pseudo-terminal: the installed `cafedemarches`, keys typed
as a person would, the printed sheet read back and the tally line checked."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

pexpect = pytest.importorskip("pexpect")
pytestmark = [pytest.mark.e2e, pytest.mark.skipif(sys.platform == "win32", reason="pty")]

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contenu"
PROGRAM = str(Path(sys.executable).parent / "cafedemarches")
ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"


def expect(child: pexpect.spawn, text: str) -> None:
    child.expect_exact(text, timeout=20)


def answer_the_tally(child: pexpect.spawn) -> None:
    """The tally line on its one screen, recorded as shown (every field at its default)."""
    expect(child, "Enregistrer, ou changer une case")
    child.send(ENTER)


def test_volunteer_session_in_a_real_terminal(terminal_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    child = pexpect.spawn(
        PROGRAM,
        ["accueil", "--demarche", "essai-logement", "--sortie", str(out)],
        env=terminal_env,
        encoding="utf-8",
        dimensions=(40, 100),
    )
    try:
        expect(child, "Quel âge a la personne")
        child.send("24" + ENTER)
        expect(child, "Où vit la personne")
        child.send(DOWN + ENTER)  # Hébergée chez quelqu'un
        expect(child, "Est-elle étudiante")
        child.send(ENTER)  # oui (default)
        expect(child, "Et maintenant")
        child.send(DOWN + ENTER)  # imprimer la feuille telle qu'elle est
        expect(child, "Imprimer vos-demarches.pdf")
        child.send(UP + ENTER)  # print it as soon as it exists
        expect(child, "Les documents")
        child.send(ENTER)  # retour
        expect(child, "Et maintenant")
        child.send(ENTER)  # c'est bon : faire la feuille
        answer_the_tally(child)  # save the line as shown
        expect(child, "Séance terminée")
        child.expect(pexpect.EOF, timeout=20)
    finally:
        child.close()
    assert child.exitstatus == 0
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(out / "vos-demarches.pdf").pages).split()
    )
    assert "Vos démarches" in text and "Certificat de scolarité" in text
    assert (tmp_path / "imprime.pdf").exists()  # sent to the (fake) printer
    export = subprocess.run(
        [PROGRAM, "registre", "exporter"],
        env=terminal_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = list(csv.DictReader(io.StringIO(export)))
    assert [(r["demarche"], r["lieu"]) for r in rows] == [("essai-logement", "Marché du mardi")]


def test_ctrl_c_records_nothing_and_exits_130(terminal_env: dict[str, str], tmp_path: Path) -> None:
    child = pexpect.spawn(
        PROGRAM,
        ["accueil", "--demarche", "essai-logement"],
        env=terminal_env,
        encoding="utf-8",
        dimensions=(40, 100),
    )
    try:
        expect(child, "Quel âge a la personne")
        child.sendintr()
        expect(child, "rien n'a été enregistré")
        child.expect(pexpect.EOF, timeout=20)
    finally:
        child.close()
    assert child.exitstatus == 130
