"""A letter started by mistake in the guided session is given up without leaving the session
(issue #22): nothing of it is written, the session goes on to the sheet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from cafedemarches.cli.accueil import interactive as guided
from cafedemarches.cli.run import Run
from cafedemarches.session.prompter import ScriptedPrompter


@pytest.fixture(autouse=True)
def no_printer(kit_run: Run) -> None:
    kit_run.which = lambda name: None  # no printer, no viewer


class FillsTheFirstLetter(ScriptedPrompter):
    """Picks « fill now » for the first letter offered, however the choice is asked (a list
    of letters then how, or one list of both); the rest from the script."""

    def checkbox(self, message: str, choices: Sequence[tuple[str, str]], **kw: Any) -> list[str]:
        if message.startswith("Quels courriers"):
            self.asked.append(message)
            return [choices[0][0]]
        return super().checkbox(message, choices, **kw)

    def select(self, message: str, choices: Sequence[tuple[str, str]], **kw: Any) -> str:
        fill = [value for value, _ in choices if value.startswith("remplir")]
        if fill:
            self.asked.append(message)
            return fill[0]
        return super().select(message, choices, **kw)


def test_a_letter_given_up_leaves_the_session_going(
    cli, kit_run: Run, with_fixture_content, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    prompter = FillsTheFirstLetter(
        [
            "essai-famille",
            guided.DONE,
            "heberge",
            1,
            guided.LETTER,
            *[""] * 10,  # every field of the host's attestation left blank
            False,  # not this PDF
            "abandonner",
            guided.SHEET,
        ]
    )
    kit_run.prompter_factory = lambda: prompter
    result = cli("accueil", "--sans-registre", "--sortie", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Que faire ?" in prompter.asked
    assert (out / "vos-demarches.pdf").exists()
    assert not list(out.glob("attestation-hebergement*"))
    assert "Courrier prêt" not in result.stdout
