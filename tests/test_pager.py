"""The pager of long texts (the whole detail, a letter's preview): less with French prompts."""

from __future__ import annotations

import pytest

from cafedemarches.cli.pager import PROMPT, show_text


def test_the_pager_prompts_are_french_in_plain_ascii() -> None:
    # less shows accented letters of its prompt as control characters, and says « (END) »
    # when no prompt of ours replaces its own
    assert PROMPT.isascii()
    assert "Fin du texte" in PROMPT and "q pour revenir" in PROMPT
    assert "END" not in PROMPT


def test_without_a_terminal_the_text_is_printed_as_it_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    show_text("Première ligne\nSeconde ligne\n")
    assert capsys.readouterr().out == "Première ligne\nSeconde ligne\n"
