"""No field of a letter blocks the session (issue #22): Enter leaves it for the person to fill
by hand, printed as a numbered dotted line; Escape goes back one field; a paragraph ends on an
empty line. Driven through the real questionary prompter on a pipe; PDFs read back."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from cafedemarches.cli.prompts import QuestionaryPrompter
from cafedemarches.letters.fill import (
    FILL_RULES,
    ask_values,
    field_question,
    fill_letter_interactively,
    write_letter,
)
from cafedemarches.letters.template import fill_letter, plain_text
from cafedemarches.session.prompter import BACK, ScriptedPrompter
from tests.letters.conftest import VALUES

ENTER, ESCAPE, BACKSPACE = "\r", "\x1b", "\x7f"
DOTS = "." * 20


@pytest.fixture
def pipe() -> Iterator[object]:
    with create_pipe_input() as inp:
        yield inp


def typed(pipe, keys: str) -> QuestionaryPrompter:  # type: ignore[no-untyped-def]
    """A prompter that reads `keys`, then the end of the input: a question still waiting
    fails the test (EOFError) instead of hanging."""
    pipe.send_text(keys)
    pipe.close()
    return QuestionaryPrompter(input=pipe, output=DummyOutput())


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_enter_on_any_field_goes_on_and_prints_a_numbered_dotted_line(
    pipe, letter, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # nom, adresse, service, numéro, date, montant, référence (facultatif), motifs, ville
    keys = ["Marie Dupont", "", "Caf de l'Isère", "", "", "", "", "", "Grenoble"]
    values = ask_values(letter, typed(pipe, "".join(k + ENTER for k in keys)))
    assert values["nom"] == "Marie Dupont" and values["numero_allocataire"] == ""
    out = write_letter(letter, values, tmp_path / "l.pdf", today=dt.date(2026, 11, 25))
    text = pdf_text(out)
    assert "Marie Dupont" in text and "Caf de l'Isère" in text
    assert text.count(DOTS) >= 5  # adresse, numéro, montant, motifs (lines), and the date
    assert "Pour remplir cette lettre à la main" in text
    for label in ("Adresse", "Numéro d'allocataire", "Date de la décision", "Montant réclamé"):
        assert label in text.split("Pour remplir cette lettre à la main")[1]
    assert "Référence" not in text  # an optional field left empty is left out, not a blank
    assert "{{" not in text and "[à remplir" not in text
    title = pypdf.PdfReader(out).metadata.title  # type: ignore[union-attr]
    assert title is not None and title.endswith("(lettre à compléter)")


def test_escape_goes_back_one_field_with_what_was_typed(pipe, letter) -> None:  # type: ignore[no-untyped-def]
    wrong = "Mauvaise adresse"
    keys = (
        ESCAPE  # on the first field: nothing before it, the same field again
        + "Marie Dupont"
        + ENTER
        + wrong
        + ENTER
        + ESCAPE  # on « Service »: back to « Adresse », shown with what was typed
        + BACKSPACE * len(wrong)
        + VALUES["adresse"]
        + ENTER
        + "".join(
            VALUES[k] + ENTER for k in ("service", "numero_allocataire", "date_decision", "montant")
        )
        + ENTER  # référence, optional
        + VALUES["motifs"]
        + ENTER
        + ENTER  # an empty line ends the paragraph
        + VALUES["ville"]
        + ENTER
    )
    values = ask_values(letter, typed(pipe, keys))
    assert values["nom"] == "Marie Dupont" and values["adresse"] == VALUES["adresse"]
    assert values["service"] == VALUES["service"] and values["ville"] == VALUES["ville"]
    assert values["motifs"] == VALUES["motifs"] and values["reference"] == ""


def test_a_paragraph_takes_several_lines_and_ends_on_an_empty_one(pipe) -> None:  # type: ignore[no-untyped-def]
    prompter = typed(pipe, "Première ligne" + ENTER + "Deuxième" + ENTER + ENTER + ENTER)
    assert prompter.text("Motifs :", multiline=True) == "Première ligne\nDeuxième"
    assert prompter.text("Précisions (facultatif) :", multiline=True) == ""  # Enter passes


def test_question_mark_then_enter_shows_the_help_of_a_paragraph(pipe, capsys) -> None:  # type: ignore[no-untyped-def]
    prompter = typed(pipe, "?" + ENTER + "Bonjour" + ENTER + ENTER)
    assert prompter.text("Motifs :", multiline=True, help="Les faits, avec leurs dates.") == (
        "Bonjour"
    )
    assert "Les faits, avec leurs dates." in capsys.readouterr().out


def test_a_paragraph_shows_one_rule_that_matches_the_keys(pipe) -> None:  # type: ignore[no-untyped-def]
    import io

    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=24, columns=80), term="xterm")
    pipe.send_text("Bonjour" + ENTER + ENTER)
    pipe.close()
    answer = QuestionaryPrompter(input=pipe, output=output).text(
        "Précisions (facultatif) :", multiline=True, back=True
    )
    assert answer == "Bonjour"
    shown = buffer.getvalue()
    assert "Entrée sur une ligne vide pour finir" in shown
    assert "Échap puis Entrée" not in shown and "Entrée pour passer" not in shown


def test_the_guided_session_letter_says_the_rules_once_and_previews_the_blanks(
    letter, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    answers: list[object] = [
        VALUES["nom"],
        VALUES["adresse"],
        BACK,  # Escape on « Service »: « Adresse » again
        VALUES["adresse"],
        VALUES["service"],
        "",  # no file number yet
        "02/11/2026",
        "450",
        "",
        VALUES["motifs"],
        VALUES["ville"],
        True,
    ]
    prompter = ScriptedPrompter(answers)
    shown: list[str] = []
    path = fill_letter_interactively(
        letter, prompter, tmp_path, preview=shown.append, today=dt.date(2026, 11, 25)
    )
    assert shown[0] == FILL_RULES and len(shown) == 2
    assert "[à remplir à la main : Numéro d'allocataire]" in shown[1]
    assert "<span" not in shown[1] and "...." not in shown[1]
    assert prompter.asked.count(field_question(letter.champs[1])) == 2
    text = pdf_text(path)
    assert "Numéro d'allocataire" in text.split("Pour remplir cette lettre à la main")[1]
    assert "2 novembre 2026" in text


def test_values_file_field_without_value_is_a_dotted_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    values = {k: v for k, v in VALUES.items() if k != "numero_allocataire"}
    lines = [f"{k}: {v!r}" for k, v in values.items()] + ["numero_allocataire:"]
    source = tmp_path / "v.yaml"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "l.pdf"
    result = cli(
        "lettres", "remplir", "essai-lettre", "--valeurs", str(source), "--sortie", str(out)
    )
    assert result.exit_code == 0, result.stderr
    text = pdf_text(out)
    assert re.search(r"Allocataire n° \.{20,}", text)
    assert "Numéro d'allocataire" in text.split("Pour remplir cette lettre à la main")[1]


def _shipped_letters():  # type: ignore[no-untyped-def]
    from cafedemarches.content.index import shipped_folders
    from cafedemarches.letters.source import all_letters

    letters, broken = all_letters(shipped_folders())
    assert not broken and len(letters) >= 16
    return letters


def test_every_shipped_letter_goes_through_with_every_field_left_empty() -> None:
    for letter in _shipped_letters():
        values = dict.fromkeys((f.id for f in letter.champs), "")
        filled = fill_letter(letter, values, today=dt.date(2026, 11, 25))
        required = [f.libelle for f in letter.champs if not f.facultatif]
        assert [b.label for b in filled.blanks] == required, letter.id
        assert [b.number for b in filled.blanks] == list(range(1, len(required) + 1))
        assert "{{" not in plain_text(filled)


def test_shipped_letters_speak_as_the_person_never_of_l_allocataire() -> None:
    third_person = re.compile(r"l'allocataire|l'assuré|la personne qui (signe|héberge)", re.I)
    for letter in _shipped_letters():
        for field in letter.champs:
            assert not re.search(r"l'allocataire|l'assuré", field.libelle), (letter.id, field.id)
            assert not field_question(field).endswith("? :"), (letter.id, field.id)
        values = {f.id: f.exemple or "x" for f in letter.champs}
        filled = plain_text(fill_letter(letter, values, today=dt.date(2026, 11, 25)))
        assert not third_person.search(filled), letter.id


def test_an_appointment_without_a_caf_file_says_so() -> None:
    letter = next(x for x in _shipped_letters() if x.id == "demande-rendez-vous")
    values = {f.id: f.exemple or "" for f in letter.champs} | {"numero_allocataire": ""}
    text = plain_text(fill_letter(letter, values, today=dt.date(2026, 11, 25)))
    assert "Je n'ai pas encore de numéro d'allocataire." in text
    assert "Numéro d'allocataire :" not in text


def test_a_letter_started_by_mistake_can_be_given_up(letter, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter([""] * len(letter.champs) + [False, "abandonner"])
    made = fill_letter_interactively(letter, prompter, tmp_path, today=dt.date(2026, 11, 25))
    assert made is None and not any(tmp_path.iterdir())
    assert prompter.asked[-1] == "Que faire ?"


def test_lettres_remplir_given_up_writes_nothing(cli, scripted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cafedemarches.content.index import content_folders
    from cafedemarches.letters.source import load_letter
    from tests.letters.conftest import FIXTURES

    letter = load_letter("essai-lettre", content_folders([FIXTURES]))
    scripted([""] * len(letter.champs) + [False, "abandonner"])
    out = tmp_path / "l.pdf"
    result = cli("lettres", "remplir", "essai-lettre", "--sortie", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Courrier abandonné : rien n'a été écrit." in result.stdout and not out.exists()


def test_an_empty_answer_says_what_it_means_under_its_line(pipe, letter, capsys) -> None:  # type: ignore[no-untyped-def]
    """The answer's line of an empty field shows nothing: the line under it says whether the
    field will be filled by hand or is simply passed."""
    # nom, adresse, service, numéro, date, montant, référence (facultatif), motifs, ville
    keys = ["Marie Dupont", "", "Caf de l'Isère", "", "", "", "", "", "Grenoble"]
    ask_values(letter, typed(pipe, "".join(k + ENTER for k in keys)))
    said = capsys.readouterr().out
    assert said.count("→ à remplir à la main sur la lettre") == 5
    assert said.count("→ champ passé") == 1
