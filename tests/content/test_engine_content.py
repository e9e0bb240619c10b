"""The shipped-format fixtures load, and the condition language behaves as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from cafedemarches.content.conditions import ConditionError, compile_condition
from cafedemarches.content.index import shipped_folders
from cafedemarches.content.loader import load_content

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contenu"


def test_fixture_content_loads_without_problem() -> None:
    content = load_content([*shipped_folders(), FIXTURES])
    mine = [p for p in content.problems if p.path and FIXTURES in p.path.parents]
    assert mine == []
    assert {"essai-logement", "essai-famille"} <= set(content.checklists)


def test_a_question_not_asked_makes_every_comparison_false() -> None:
    condition = compile_condition("age < 30")
    assert condition.holds({"age": 20})
    assert not condition.holds({})
    assert compile_condition("not etudiant").holds({})
    assert not compile_condition("age >= 30").holds({})


def test_conditions_combine_with_and_or_in() -> None:
    condition = compile_condition("age < 30 and logement in ['locataire', 'heberge']")
    assert condition.holds({"age": 25, "logement": "heberge"})
    assert not condition.holds({"age": 25, "logement": "sans_domicile"})
    assert condition.names == {"age", "logement"}


def test_a_condition_comparing_text_with_a_number_is_false_not_an_error() -> None:
    assert compile_condition("age > 'x'").holds({"age": 3}) is False


@pytest.mark.parametrize(
    "source",
    [
        "x.__class__",
        "range(10)",
        "age | abs",
        "a[0]",
        "x is defined",
        "a if b else c",
        "'a' ~ b",
        "lipsum.__globals__",
        "age < 30 }} {{ x",
        "age <",
    ],
)
def test_conditions_refuse_everything_but_comparisons(source: str) -> None:
    with pytest.raises(ConditionError):
        compile_condition(source)


@pytest.mark.parametrize(("signed", "simulation_shown"), [(False, True), (True, False)])
def test_housing_aid_suggests_a_simulation_only_before_the_lease_is_signed(
    signed: bool, simulation_shown: bool
) -> None:
    from cafedemarches.session.engine import Plan, outcome

    content = load_content(shipped_folders())
    plan = Plan((content.checklists["aide-logement"],))
    answers = {
        "logement": "locataire",
        "bail": "signe" if signed else "a_signer",
        "etudiant": False,
        "nationalite": "francaise",
        "en_couple": False,
    }
    (result,) = outcome(plan, content.catalogue, answers).procedures
    shown = any("simulation" in step.texte for step in result.steps)
    assert shown is simulation_shown
