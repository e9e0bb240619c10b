"""`cafedemarches reperer`: the repérage on a partial answers file; an unanswered question never
removes a suggestion its answer could justify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cafedemarches.content.conditions import UNKNOWN, compile_condition
from cafedemarches.content.loader import load_checked_content
from cafedemarches.content.models import Question
from cafedemarches.session.engine import suggestions
from cafedemarches.session.screening import screen


@pytest.fixture(scope="module")
def content():
    return load_checked_content()


def write(tmp_path: Path, answers: dict) -> Path:
    path = tmp_path / "reponses.yaml"
    path.write_text(yaml.safe_dump({"reponses": answers}, allow_unicode=True), "utf-8")
    return path


def run_json(cli, path: Path) -> dict:
    result = cli("reperer", "--reponses", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_suggestions_with_title_and_reason_and_the_questions_left(cli, tmp_path) -> None:
    doc = run_json(cli, write(tmp_path, {"age": 40, "logement": "sans_domicile"}))
    found = {s["demarche"]: s for s in doc["suggestions"]}
    assert "domiciliation" in found["domiciliation"]["titre"].lower()
    assert found["domiciliation"]["selon_reponses_manquantes"] is False
    assert "Sans domicile stable" in found["domiciliation"]["raison"]
    left = {q["id"]: q for q in doc["questions_sans_reponse"]}
    assert "age" not in left and "logement" not in left
    assert left["en_couple"]["type"] == "oui_non"
    assert left["aides_caf"]["choix"]["aucune"].startswith("Rien")
    # a locataire-only question is never asked of a person without a home
    assert "aide_logement_percue" not in left


def test_an_empty_file_suggests_every_procedure_the_reperage_knows(cli, tmp_path, content) -> None:
    doc = run_json(cli, write(tmp_path, {}))
    assert {s["demarche"] for s in doc["suggestions"]} == {
        s.demarche for s in content.reperage.suggestions
    }
    assert [q["id"] for q in doc["questions_sans_reponse"]][:2] == ["age", "logement"]


def test_a_complete_file_gives_the_guided_session_s_suggestions(content) -> None:
    for example in content.reperage.exemples:
        result = screen(content.reperage, example.reponses)
        expected = [s.procedure for s in suggestions(content.reperage, example.reponses)]
        assert [s.procedure for s in result.suggestions] == expected, example.nom
        assert all(s.certain for s in result.suggestions)
        assert result.unanswered == ()


@given(data=st.data())
def test_removing_answers_never_removes_a_suggestion(content, data) -> None:
    """Property: any subset of a complete example's answers suggests at least what the whole
    does (the missing answers could be the example's)."""
    example = data.draw(st.sampled_from(content.reperage.exemples))
    kept = data.draw(st.sets(st.sampled_from(sorted(example.reponses))))
    partial = {k: v for k, v in example.reponses.items() if k in kept}
    full = {s.procedure for s in suggestions(content.reperage, example.reponses)}
    possible = {s.procedure for s in screen(content.reperage, partial).suggestions}
    assert full <= possible


def test_the_text_output_names_each_procedure_and_its_reason(cli, tmp_path) -> None:
    result = cli(
        "reperer", "--reponses", str(write(tmp_path, {"age": 30, "autre_besoin": "dettes"}))
    )
    assert result.exit_code == 0
    assert "surendettement" in result.stdout
    assert "Questions sans réponse" in result.stdout


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        ({"agee": 30}, "agee", "question inconnue « agee » ; vouliez-vous dire « age »"),
        ({"age": "trente"}, "age", "nombre entier"),
        ({"revenus_activite": -100}, "revenus_activite", "au moins 0"),
        ({"code_postal": 3800}, "code_postal", "5 chiffres"),
        ({"code_postal": "380"}, "code_postal", "5 chiffres"),
        ({"logement": "chateau"}, "logement", "n'est pas un choix possible"),
    ],
)
def test_bad_answers_get_a_french_message_naming_the_field(
    cli, tmp_path, answers, field, words
) -> None:
    result = cli("reperer", "--reponses", str(write(tmp_path, answers)))
    assert result.exit_code == 1
    assert f"« {field} »" in result.stderr and words in result.stderr
    assert "reponses.yaml:2:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_one_french_sentence(cli, tmp_path) -> None:
    result = cli("reperer", "--reponses", str(tmp_path / "absent.yaml"))
    assert result.exit_code in (1, 2)
    assert "absent.yaml" in result.stderr and "Traceback" not in result.stderr


QUESTION = Question(id="q", texte="Q ?", type="oui_non")


@pytest.mark.parametrize(
    ("source", "answers", "may"),
    [
        ("a and b", {"a": True, "b": UNKNOWN}, True),
        ("a and b", {"a": False, "b": UNKNOWN}, False),
        ("a or b", {"a": True, "b": UNKNOWN}, True),
        ("not a", {"a": UNKNOWN}, True),
        ("n < 25", {"n": UNKNOWN}, True),
        ("n < 25 and n > 30", {"n": 40}, False),
        ("x in ['a', 'b'] and y", {"x": "c", "y": UNKNOWN}, False),
        ("x != 'a'", {}, False),  # a question not asked on this path compares false
    ],
)
def test_three_valued_conditions(source, answers, may) -> None:
    assert compile_condition(source).may_hold(answers) is may
