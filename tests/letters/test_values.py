from __future__ import annotations

from pathlib import Path

import pytest

from cafedemarches.errors import ProblemsError
from cafedemarches.letters.values import check_value, clean_text, read_values_file
from tests.letters.conftest import VALUES, write_values


def field(letter, field_id):  # type: ignore[no-untyped-def]
    return next(f for f in letter.champs if f.id == field_id)


def test_allocataire_number_must_be_seven_digits(letter) -> None:  # type: ignore[no-untyped-def]
    number = field(letter, "numero_allocataire")
    assert check_value(number, "1234567") == ("1234567", None)
    value, error = check_value(number, "12345")
    assert value is None and error and "1234567" in error  # the example, not the value


def test_dates_are_printed_in_french(letter) -> None:  # type: ignore[no-untyped-def]
    assert check_value(field(letter, "date_decision"), "02/11/2026") == ("2 novembre 2026", None)
    assert check_value(field(letter, "date_decision"), "31/02/2026")[1]


def test_numbers_accept_french_forms(letter) -> None:  # type: ignore[no-untyped-def]
    montant = field(letter, "montant")
    for ok in ("450", "450,50", "1 200", "-3"):
        assert check_value(montant, ok)[1] is None
    assert check_value(montant, "beaucoup")[1]


def test_every_field_may_be_left_empty_for_the_person_to_fill_by_hand(letter) -> None:  # type: ignore[no-untyped-def]
    assert check_value(field(letter, "reference"), "  ") == ("", None)
    for f in letter.champs:  # a number with a pattern, a date: none blocks the session
        assert check_value(f, "") == ("", None)


def test_values_file_leaves_a_field_without_value_blank_but_names_a_missing_one(
    tmp_path: Path, letter
) -> None:  # type: ignore[no-untyped-def]
    values: dict[str, object] = dict(VALUES)
    values["numero_allocataire"] = None  # « numero_allocataire: » written with no value
    values.pop("ville")
    path = write_values(tmp_path / "v.yaml", values)
    with pytest.raises(ProblemsError) as caught:
        read_values_file(path, letter)
    (problem,) = caught.value.problems
    assert "ville" in problem.message and "« ville: » sans valeur" in problem.message
    values["ville"] = ""
    read = read_values_file(write_values(tmp_path / "v.yaml", values), letter)
    assert read["numero_allocataire"] == "" and read["ville"] == ""


def test_control_and_bidi_override_characters_are_neutralised() -> None:
    assert clean_text("a\x1b[31mb\x00c\u202ed\r\ne") == "a\ufffd[31mb\ufffdcd\ne"


def test_values_file_lists_every_problem_at_once(tmp_path: Path, letter) -> None:  # type: ignore[no-untyped-def]
    values = dict(VALUES)
    values.pop("ville")
    values["numero_allocataire"] = "SECRET12"
    values["date_decision"] = "31/02/2026"
    values["inconnu"] = "x"
    path = write_values(tmp_path / "v.yaml", values)
    with pytest.raises(ProblemsError) as caught:
        read_values_file(path, letter)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 4
    assert any("inconnu" in m for m in messages)
    assert any("ville" in m and "absent" in m for m in messages)
    assert any("numero_allocataire" in m for m in messages)
    assert any("date_decision" in m and "n'existe pas" in m for m in messages)
    assert all(p.line for p in caught.value.problems if "absent" not in p.message)
    assert "SECRET12" not in " ".join(messages) + caught.value.message


def test_unquoted_yaml_numbers_and_dates_are_accepted(tmp_path: Path, letter) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(
        f"{k}: {v!r}" for k, v in VALUES.items() if k not in ("numero_allocataire", "date_decision")
    )
    path = tmp_path / "v.yaml"
    path.write_text(text + "\nnumero_allocataire: 1234567\ndate_decision: 2026-11-02\n")
    values = read_values_file(path, letter)
    assert values["numero_allocataire"] == "1234567"
    assert values["date_decision"] == "2 novembre 2026"
    assert values["reference"] == ""
