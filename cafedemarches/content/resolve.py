"""What applies, given some answers: questions still asked, steps and documents that hold.

Pure functions over the validated models, shared by the guided session and by the examples
that `demarches verifier` runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from cafedemarches.content.conditions import compile_condition
from cafedemarches.content.models import (
    Answer,
    DocumentRef,
    LetterRef,
    Question,
    Step,
)

T = TypeVar("T", Question, Step, DocumentRef, LetterRef)


def holds(condition: str | None, answers: Mapping[str, Answer]) -> bool:
    return condition is None or compile_condition(condition).holds(answers)


def effective_answers(
    questions: Sequence[Question], answers: Mapping[str, Answer]
) -> dict[str, Answer]:
    """The answers to the questions that are actually asked, in order.

    An answer to a question whose condition no longer holds (after a change at the review) is
    dropped, so nothing downstream depends on it.
    """
    effective: dict[str, Answer] = {}
    for question in questions:
        if question.id in answers and holds(question.si, effective):
            effective[question.id] = answers[question.id]
    return effective


def asked_questions(questions: Sequence[Question], answers: Mapping[str, Answer]) -> list[Question]:
    """Every question asked on this path (answered or not yet)."""
    effective: dict[str, Answer] = {}
    asked: list[Question] = []
    for question in questions:
        if holds(question.si, effective):
            asked.append(question)
            if question.id in answers:
                effective[question.id] = answers[question.id]
    return asked


def next_question(questions: Sequence[Question], answers: Mapping[str, Answer]) -> Question | None:
    """The first question asked on this path that has no answer yet."""
    for question in asked_questions(questions, answers):
        if question.id not in answers:
            return question
    return None


def applicable(items: Iterable[T], answers: Mapping[str, Answer]) -> list[T]:
    return [item for item in items if holds(item.si, answers)]


def answer_error(question: Question, value: object) -> str | None:
    """Why a value cannot answer this question (in French), or None when it can."""
    if question.type == "oui_non":
        if not isinstance(value, bool):
            return "la réponse doit être oui ou non (true ou false)"
    elif question.type == "choix":
        choices = question.choix or {}
        if not isinstance(value, str) or value not in choices:
            return f"« {value} » n'est pas un choix possible ({', '.join(choices)})"
    elif not isinstance(value, int) or isinstance(value, bool):
        return "la réponse doit être un nombre entier"
    else:
        if question.min is not None and value < question.min:
            return f"la réponse doit être au moins {question.min}"
        if question.max is not None and value > question.max:
            return f"la réponse doit être au plus {question.max}"
    return None
