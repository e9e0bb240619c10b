"""The repérage on a partial set of answers (`cafedemarches reperer`).

A question without an answer is *unknown*, not « no »: its condition and every suggestion that
reads it are evaluated in three-valued logic (`Condition.may_hold`), so a suggestion is dropped
only when no answer to the missing questions could make it hold. A question whose own `si:` is
false whatever the missing answers are is not asked, as in the guided session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cafedemarches.content.conditions import UNKNOWN, MaybeAnswer, compile_condition
from cafedemarches.content.models import Answer, Question, Reperage


@dataclass(frozen=True)
class PossibleSuggestion:
    procedure: str
    reason: str
    certain: bool  # False: it depends on a question not answered yet


@dataclass(frozen=True)
class Screening:
    suggestions: tuple[PossibleSuggestion, ...]
    unanswered: tuple[Question, ...]  # questions that may still be asked, in order


def partial_answers(
    questions: tuple[Question, ...] | list[Question], answers: Mapping[str, Answer]
) -> tuple[dict[str, MaybeAnswer], list[Question]]:
    """The answers as the conditions see them (`UNKNOWN` for a question that may be asked but
    has no answer) and those unanswered questions."""
    effective: dict[str, MaybeAnswer] = {}
    unanswered: list[Question] = []
    for question in questions:
        if question.si is not None and not compile_condition(question.si).may_hold(effective):
            continue  # never asked on this path, whatever the missing answers
        if question.id in answers:
            effective[question.id] = answers[question.id]
        else:
            effective[question.id] = UNKNOWN
            unanswered.append(question)
    return effective, unanswered


def screen(reperage: Reperage, answers: Mapping[str, Answer]) -> Screening:
    """Every procedure the answers point to or could point to once the rest is answered."""
    effective, unanswered = partial_answers(reperage.questions, answers)
    found: dict[str, PossibleSuggestion] = {}
    for suggestion in reperage.suggestions:
        condition = compile_condition(suggestion.si)
        if not condition.may_hold(effective):
            continue
        certain = condition.holds(effective)
        previous = found.get(suggestion.demarche)
        if previous is None or (certain and not previous.certain):
            found[suggestion.demarche] = PossibleSuggestion(
                suggestion.demarche, suggestion.raison, certain
            )
    return Screening(tuple(found.values()), tuple(unanswered))
