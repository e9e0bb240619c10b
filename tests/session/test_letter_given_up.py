"""A letter started by mistake in the guided session is given up without leaving the session
(issue #22): nothing of it is written, the session goes on to the sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from cafedemarches.cli.accueil import interactive as guided
from cafedemarches.cli.run import Run


@pytest.fixture(autouse=True)
def no_printer(kit_run: Run) -> None:
    kit_run.which = lambda name: None  # no printer, no viewer


def test_a_letter_given_up_leaves_the_session_going(
    cli, scripted, with_fixture_content, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    prompter = scripted(
        [
            "essai-famille",
            guided.DONE,
            "heberge",
            1,
            guided.LETTER,
            ["attestation-hebergement"],
            "remplir",
            *[""] * 10,  # every field of the host's attestation left blank
            False,  # not this PDF
            "abandonner",
            guided.SHEET,
        ]
    )
    result = cli("accueil", "--sans-registre", "--sortie", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Que faire ?" in prompter.asked
    assert (out / "vos-demarches.pdf").exists()
    assert not list(out.glob("attestation-hebergement*"))
    assert "Courrier prêt" not in result.stdout
