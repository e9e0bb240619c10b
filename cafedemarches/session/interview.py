"""Asking the questions through a Prompter, and the review where any answer can be changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cafedemarches.content import resolve
from cafedemarches.content.models import Answer, Question
from cafedemarches.session.engine import answer_label
from cafedemarches.session.prompter import Prompter

CONTINUE = "\0continuer"


def ask(
    prompter: Prompter, question: Question, prefix: str = "", default: Answer | None = None
) -> Answer:
    message = f"{prefix}{question.texte}"
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


def interview(
    prompter: Prompter, questions: Sequence[Question], answers: dict[str, Answer]
) -> dict[str, Answer]:
    """Ask every question that applies and has no answer yet, in order, showing progress."""
    while True:
        question = resolve.next_question(questions, answers)
        if question is None:
            return resolve.effective_answers(questions, answers)
        asked = resolve.asked_questions(questions, answers)
        position = asked.index(question) + 1
        answers[question.id] = ask(prompter, question, prefix=f"({position}/{len(asked)}) ")


def review(
    prompter: Prompter,
    questions: Sequence[Question],
    answers: dict[str, Answer],
    show: Callable[[list[tuple[str, str]]], None] | None = None,
) -> dict[str, Answer]:
    """Show the answers; let the volunteer change any; ask what newly applies. Returns the
    effective answers (questions that no longer apply are dropped)."""
    answers = resolve.effective_answers(questions, answers)
    by_id = {q.id: q for q in questions}
    while True:
        summary = [
            (by_id[qid].texte, answer_label(by_id[qid], value)) for qid, value in answers.items()
        ]
        if show is not None:
            show(summary)
        choices = [(CONTINUE, "C'est bon, voir le résultat")]
        choices += [
            (qid, f"Changer : {text} → {label}")
            for qid, (text, label) in zip(answers, summary, strict=True)
        ]
        picked = prompter.select(
            "Relisez les réponses avec la personne.", choices, default=CONTINUE
        )
        if picked == CONTINUE:
            return answers
        question = by_id[picked]
        answers[picked] = ask(prompter, question, default=answers[picked])
        answers = interview(prompter, questions, resolve.effective_answers(questions, answers))
