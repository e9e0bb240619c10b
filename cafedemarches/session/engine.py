"""The guided session's engine: pure functions from the chosen procedures and the answers to
the questions still to ask, the steps of each procedure and one merged document list.

It never prompts and never prints: the interview (`session.interview`) asks through a
Prompter, the CLI shows, `render` prints, `tally` records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cafedemarches.content import resolve
from cafedemarches.content.models import (
    Answer,
    Checklist,
    Document,
    Question,
    Reperage,
    Step,
)


@dataclass(frozen=True)
class Plan:
    """The procedures handled in one session, in the order the volunteer chose them."""

    checklists: tuple[Checklist, ...]

    @property
    def questions(self) -> list[Question]:
        """Every question of every procedure, each shared id once, at its first place."""
        seen: set[str] = set()
        merged: list[Question] = []
        for checklist in self.checklists:
            for question in checklist.questions:
                if question.id not in seen:
                    seen.add(question.id)
                    merged.append(question)
        return merged

    def effective(self, answers: Mapping[str, Answer]) -> dict[str, Answer]:
        return resolve.effective_answers(self.questions, answers)

    def next_question(self, answers: Mapping[str, Answer]) -> Question | None:
        return resolve.next_question(self.questions, answers)

    def asked(self, answers: Mapping[str, Answer]) -> list[Question]:
        return resolve.asked_questions(self.questions, answers)


@dataclass(frozen=True)
class ProcedureResult:
    checklist: Checklist
    steps: tuple[Step, ...]


@dataclass
class DocumentNeed:
    """One document of the merged list, with the procedures that need it and their notes."""

    document: Document
    procedures: list[str] = field(default_factory=list)  # checklist titles
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    procedures: tuple[ProcedureResult, ...]
    documents: tuple[DocumentNeed, ...]
    letters: tuple[str, ...]


def outcome(
    plan: Plan, catalogue: Mapping[str, Document], answers: Mapping[str, Answer]
) -> Outcome:
    """Steps per procedure and one merged document list, for the answers given."""
    effective = plan.effective(answers)
    results: list[ProcedureResult] = []
    needs: dict[str, DocumentNeed] = {}
    letters: list[str] = []
    for checklist in plan.checklists:
        results.append(
            ProcedureResult(checklist, tuple(resolve.applicable(checklist.etapes, effective)))
        )
        for ref in resolve.applicable(checklist.documents, effective):
            need = needs.setdefault(ref.id, DocumentNeed(catalogue[ref.id]))
            if checklist.titre not in need.procedures:
                need.procedures.append(checklist.titre)
            if ref.note and ref.note not in need.notes:
                need.notes.append(ref.note)
        letters.extend(
            ref.id
            for ref in resolve.applicable(checklist.letter_refs, effective)
            if ref.id not in letters
        )
    return Outcome(tuple(results), tuple(needs.values()), tuple(letters))


@dataclass(frozen=True)
class Suggestion:
    procedure: str
    reason: str


def suggestions(reperage: Reperage, answers: Mapping[str, Answer]) -> list[Suggestion]:
    """The procedures the repérage answers point to, each once, with the first reason given."""
    effective = resolve.effective_answers(reperage.questions, answers)
    found: dict[str, Suggestion] = {}
    for suggestion in reperage.suggestions:
        if suggestion.demarche not in found and resolve.holds(suggestion.si, effective):
            found[suggestion.demarche] = Suggestion(suggestion.demarche, suggestion.raison)
    return list(found.values())


def answer_label(question: Question, value: Answer) -> str:
    """How an answer reads to a person."""
    if question.type == "oui_non":
        return "oui" if value else "non"
    if question.type == "choix":
        return (question.choix or {}).get(str(value), str(value))
    return str(value)


def check_answers(
    questions: Sequence[Question], answers: Mapping[str, object]
) -> list[tuple[str, str]]:
    """Every problem with a set of answers at once: (question id, French message)."""
    by_id = {q.id: q for q in questions}
    problems: list[tuple[str, str]] = []
    valid: dict[str, Answer] = {}
    for qid, value in answers.items():
        question = by_id.get(qid)
        if question is None:
            problems.append((qid, "cette question n'existe dans aucune des démarches choisies"))
            continue
        error = resolve.answer_error(question, value)
        if error:
            problems.append((qid, error))
        else:
            valid[qid] = value  # type: ignore[assignment]
    invalid = {qid for qid, _ in problems}
    for question in resolve.asked_questions(questions, valid):
        if question.id not in answers and question.id not in invalid:
            problems.append((question.id, f"réponse manquante à « {question.texte} »"))
    return problems
