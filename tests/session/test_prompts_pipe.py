"""The real questionary prompter, driven through prompt_toolkit's pipe input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from cafedemarches.cli.prompts import QuestionaryPrompter

DOWN = "\x1b[B"
ENTER = "\r"
BACKSPACE = "\x7f"


@pytest.fixture
def pipe() -> Iterator[object]:
    with create_pipe_input() as inp:
        yield inp


def prompter(pipe: object) -> QuestionaryPrompter:
    return QuestionaryPrompter(input=pipe, output=DummyOutput())


def test_select_moves_with_arrows(pipe) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text(DOWN + ENTER)
    assert (
        prompter(pipe).select("Où vit la personne ?", [("a", "Locataire"), ("b", "Hébergée")])
        == "b"
    )


def test_select_filters_by_typing(pipe) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text("prime" + ENTER)
    choices = [("rsa", "Demander le RSA"), ("prime", "Demander la prime d'activité")]
    assert prompter(pipe).select("Quelle démarche ?", choices, filter=True) == "prime"


def test_yes_no_defaults_and_answers(pipe) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text(ENTER)
    assert prompter(pipe).confirm("En couple ?", default=False) is False


def test_help_is_shown_on_demand_then_the_question_is_asked_again(pipe, capsys) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text(DOWN + DOWN + ENTER + ENTER)
    answer = prompter(pipe).select(
        "Nationalité ?",
        [("fr", "Française"), ("autre", "Autre")],
        help="Le titre de séjour compte aussi.",
    )
    assert answer == "fr"
    assert "Le titre de séjour compte aussi." in capsys.readouterr().out


def test_number_refuses_text_and_out_of_range_values(pipe) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text("douze" + ENTER + BACKSPACE * 5 + "130" + ENTER + BACKSPACE * 3 + "42" + ENTER)
    assert prompter(pipe).number("Âge ?", minimum=0, maximum=120) == 42


def test_text_with_question_mark_shows_help(pipe, capsys) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text("?" + ENTER + "Café du port" + ENTER)
    assert prompter(pipe).text("Lieu ?", help="Le nom du café.") == "Café du port"
    assert "Le nom du café." in capsys.readouterr().out


def test_checkbox_ticks_with_space(pipe) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text(" " + DOWN + DOWN + " " + ENTER)
    picked = prompter(pipe).checkbox("Étapes faites ?", [("a", "A"), ("b", "B"), ("c", "C")])
    assert picked == ["a", "c"]


def recording_output():  # type: ignore[no-untyped-def]
    import io

    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    buffer = io.StringIO()
    return buffer, Vt100_Output(buffer, lambda: Size(rows=24, columns=100), term="xterm")


@pytest.mark.parametrize(
    ("keys", "summary"), [(" " + DOWN + " ", "2 cases cochées"), ("", "aucune")]
)
def test_checkbox_summary_is_french(pipe, keys: str, summary: str) -> None:  # type: ignore[no-untyped-def]
    buffer, output = recording_output()
    pipe.send_text(keys + ENTER)
    picked = QuestionaryPrompter(input=pipe, output=output).checkbox(
        "Étapes faites ?", [("a", "Première"), ("b", "Seconde")]
    )
    assert len(picked) == (2 if keys else 0)
    shown = buffer.getvalue()
    assert summary in shown
    assert "done" not in shown and "selections" not in shown


def test_multiline_text_gives_our_instruction_only(pipe) -> None:  # type: ignore[no-untyped-def]
    buffer, output = recording_output()
    pipe.send_text("Bonjour\x1b\r")
    answer = QuestionaryPrompter(input=pipe, output=output).text("Message ?", multiline=True)
    assert answer == "Bonjour"
    shown = buffer.getvalue()
    assert "Entrée sur une ligne vide pour finir" in shown
    assert "Finish" not in shown and "Alt+Enter" not in shown


def test_typing_question_mark_in_a_list_shows_its_help(pipe, capsys) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text("?" + DOWN + ENTER)
    answer = prompter(pipe).select(
        "Nationalité ?",
        [("fr", "Française"), ("autre", "Autre")],
        help="Le titre de séjour compte aussi.",
    )
    assert answer == "autre"  # the list is asked again after the help
    assert "Le titre de séjour compte aussi." in capsys.readouterr().out


def _words(text: str) -> list[str]:
    return text.replace("\u00a0", " ").split()


@pytest.mark.parametrize("width", [80, 60])
def test_long_prompts_and_labels_break_between_words_only(width: int) -> None:
    from cafedemarches.cli.prompts import CHECKBOX_MARGIN, wrap_tokens, wrap_words
    from cafedemarches.content.index import shipped_folders
    from cafedemarches.content.loader import load_content

    texts = [
        "Où a lieu la permanence aujourd'hui ? (nom du café, du marché…) (?\u00a0pour\u00a0l'aide)",
        "Changer : La personne (ou son conjoint) est-elle indépendante ou micro-entrepreneuse ?",
    ]
    content = load_content(shipped_folders(), deep=False)
    texts += [q.texte for c in content.checklists.values() for q in c.questions]
    assert any(len(t) > width for t in texts)
    for text in texts:
        wrapped = wrap_words(text, width, CHECKBOX_MARGIN)
        lines = wrapped.split("\n")
        assert all(len(line) <= width for line in [" " * CHECKBOX_MARGIN + lines[0], *lines[1:]])
        assert _words(wrapped) == _words(text)  # no word cut in two
        assert not any(line.lstrip().startswith(("?", ":", "»")) for line in lines[1:])
    # The question line of a list: its styles kept, broken at the same places.
    tokens = [("class:qmark", "›"), ("class:question", " " + texts[1] + " "), ("i", "(x)")]
    wrapped_tokens = wrap_tokens(tokens, 40, indent=2)
    assert [style for style, _ in wrapped_tokens] == ["class:qmark", "class:question", "i"]
    assert "\n" in wrapped_tokens[1][1]


def test_a_checkbox_shows_the_reason_of_the_pointed_choice_in_french(pipe) -> None:  # type: ignore[no-untyped-def]
    buffer, output = recording_output()
    pipe.send_text(ENTER)
    QuestionaryPrompter(input=pipe, output=output).checkbox(
        "Lesquelles regarder ?",
        [("a", "Première"), ("b", "Seconde")],
        checked=["a", "b"],
        descriptions={"a": "Parce que la première compte", "b": "Et la seconde aussi"},
    )
    shown = buffer.getvalue()
    assert "Parce que la première compte" in shown  # under the list, for the pointed choice
    assert "Description" not in shown
