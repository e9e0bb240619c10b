"""Asking the questions through a Prompter: the wording that fits the answers, an honest
counter, and the change of one answer after the results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cafedemarches.content import resolve
from cafedemarches.content.conditions import compile_condition
from cafedemarches.content.models import Answer, Question
from cafedemarches.session.engine import answer_label
from cafedemarches.session.prompter import Prompter

CONTINUE = "\0continuer"


def wording(question: Question, answers: Mapping[str, Answer]) -> str:
    """The question's text for this person: the first `texte_si` whose condition holds on the
    answers of the whole conversation, else `texte`."""
    for variant in question.texte_si:
        if resolve.holds(variant.si, answers):
            return variant.texte
    return question.texte


def ask(
    prompter: Prompter,
    question: Question,
    prefix: str = "",
    default: Answer | None = None,
    answers: Mapping[str, Answer] | None = None,
) -> Answer:
    message = f"{prefix}{wording(question, answers or {})}"
    if question.type == "oui_non":
        return prompter.confirm(
            message, default=bool(default) if default is not None else True, help=question.aide
        )
    if question.type == "choix":
        choices = list((question.choix or {}).items())
        return prompter.select(
            message,
            choices,
            default=str(default) if default is not None else None,
            help=question.aide,
        )
    return prompter.number(
        message,
        minimum=question.min,
        maximum=question.max,
        help=question.aide,
        default=default if isinstance(default, int) else None,
    )


def still_reachable(questions: Sequence[Question], answers: Mapping[str, Answer]) -> int:
    """How many questions may still be asked, at most: those without an answer whose
    condition holds or is not decided yet (it names a question still open).

    Each answer only decides more conditions, so this bound never grows as answers come in.
    """
    effective: dict[str, Answer] = {}
    open_ids: set[str] = set()  # asked or maybe asked, and not answered yet
    count = 0
    for question in questions:
        if question.si is None:
            state: bool | None = True
        elif compile_condition(question.si).names & open_ids:
            state = None  # depends on an answer still to come
        else:
            state = resolve.holds(question.si, effective)
        if state is False:
            continue
        if question.id in answers and state:
            effective[question.id] = answers[question.id]
            continue
        if question.id not in answers:
            count += 1
        open_ids.add(question.id)
    return count


def interview(
    prompter: Prompter, questions: Sequence[Question], answers: dict[str, Answer]
) -> dict[str, Answer]:
    """Ask every question that applies and has no answer yet, in order, with a counter
    `(n/N)` whose N never grows.

    `answers` holds the whole conversation (repérage, other procedures): a question already
    answered there is not asked again, and it is filled in as questions are answered.
    Returns the effective answers to `questions`.
    """
    asked = 0
    while True:
        question = resolve.next_question(questions, answers)
        if question is None:
            return resolve.effective_answers(questions, answers)
        total = asked + still_reachable(questions, answers)
        asked += 1
        answers[question.id] = ask(
            prompter, question, prefix=f"({asked}/{total}) ", answers=answers
        )


def answers_summary(
    questions: Sequence[Question], answers: Mapping[str, Answer]
) -> list[tuple[str, str, str]]:
    """(question id, wording, answer as read) for every effective answer, in order."""
    by_id = {q.id: q for q in questions}
    effective = resolve.effective_answers(questions, answers)
    return [
        (qid, wording(by_id[qid], answers), answer_label(by_id[qid], value))
        for qid, value in effective.items()
    ]


def change_answer(
    prompter: Prompter, questions: Sequence[Question], answers: dict[str, Answer]
) -> dict[str, Answer]:
    """Let the volunteer change one answer, then ask what newly applies. Returns the
    effective answers (questions that no longer apply are dropped)."""
    choices = [(CONTINUE, "Ne rien changer")]
    choices += [
        (qid, f"{text} → {label}") for qid, text, label in answers_summary(questions, answers)
    ]
    picked = prompter.select("Quelle réponse changer ?", choices, default=CONTINUE)
    if picked != CONTINUE:
        question = next(q for q in questions if q.id == picked)
        answers[picked] = ask(prompter, question, default=answers[picked], answers=answers)
        for stale in set(answers) - set(resolve.effective_answers(questions, answers)):
            if any(q.id == stale for q in questions):
                del answers[stale]  # no longer applies: asked again if it comes back
    return interview(prompter, questions, answers)
