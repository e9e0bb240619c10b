"""The condition language pinned at its boundaries: each operator on both sides of its limit,
a question not asked in every comparison, and conditions too deep for the parser."""

from __future__ import annotations

import pytest

from cafedemarches.content.conditions import MAX_DEPTH, ConditionError, compile_condition

# (condition, answer at which it holds, answer one step away at which it does not)
BOUNDARIES = [
    ("age < 25", 24, 25),
    ("age <= 25", 25, 26),
    ("age > 64", 65, 64),
    ("age >= 65", 65, 64),
    ("age == 3", 3, 2),
    ("age != 3", 2, 3),
    ("enfants_moins_3 >= 1", 1, 0),
    ("25 > age", 24, 25),  # the literal on the left reads the same way
    ("18 <= age < 25", 18, 17),
    ("18 <= age < 25", 24, 25),
    ("age in [24, 25]", 25, 26),
    ("age not in [24, 25]", 26, 25),
]


@pytest.mark.parametrize(("source", "holds", "fails"), BOUNDARIES)
def test_each_operator_flips_exactly_at_its_boundary(source: str, holds: int, fails: int) -> None:
    name = "enfants_moins_3" if "enfants" in source else "age"
    condition = compile_condition(source)
    assert condition.holds({name: holds}) is True
    assert condition.holds({name: fails}) is False


@pytest.mark.parametrize(
    "source",
    [
        "age < 25",
        "age <= 25",
        "age > 25",
        "age >= 25",
        "age == 25",
        "age != 25",
        "25 > age",
        "18 <= age < 25",
        "age in [24, 25]",
        "age not in [24, 25]",
        "logement == 'locataire'",
        "logement != 'locataire'",
        "age < 25 or age >= 25",
        "-age < 0",
    ],
)
def test_a_question_not_asked_makes_every_comparison_false(source: str) -> None:
    condition = compile_condition(source)
    assert condition.holds({}) is False
    assert condition.holds({"autre": 3}) is False


def test_not_of_a_question_not_asked_is_true_and_says_so() -> None:
    """`not x` asks whether x is known to be true; an unasked x is not: documented behaviour,
    pinned so that it cannot change unnoticed."""
    assert compile_condition("not etudiant").holds({}) is True
    assert compile_condition("not (age < 25)").holds({}) is True
    assert compile_condition("not (age < 25)").holds({"age": 24}) is False


@pytest.mark.parametrize(
    "source",
    [
        "(" * 300 + "x" + ")" * 300,
        "not " * 5000 + "x",
        "not " * (MAX_DEPTH + 1) + "x",
        "-" * 3000 + "1 < x",
    ],
    ids=["parentheses", "not-5000", "not-juste-au-dela", "moins-3000"],
)
def test_a_condition_nested_too_deep_gets_a_french_error(source: str) -> None:
    with pytest.raises(ConditionError, match="trop imbriquée"):
        compile_condition(source)


def test_a_condition_just_within_the_depth_limit_is_accepted() -> None:
    nots = MAX_DEPTH - 3
    condition = compile_condition("not " * nots + "x")
    assert condition.holds({"x": False}) is (nots % 2 == 1)
    assert condition.holds({"x": True}) is (nots % 2 == 0)
