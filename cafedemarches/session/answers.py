"""The answers file of `accueil --reponses`: read it, and list every problem at once."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from cafedemarches.content import resolve
from cafedemarches.content.estimate_inputs import normal_answer, postcode_error
from cafedemarches.content.models import Answer, Checklist, Question
from cafedemarches.content.validation import validate_model
from cafedemarches.content.yamlfile import read_yaml
from cafedemarches.errors import Problem, ProblemsError
from cafedemarches.files import Existing, write_text
from cafedemarches.session.engine import Plan, check_answers
from cafedemarches.vocabulary import CHOICES


@dataclass
class AnswersFile:
    plan: Plan
    answers: dict[str, Answer]
    tally: dict[str, Any] | None = None
    issues: dict[str, str] = field(default_factory=dict)


def _closed(name: str) -> Any:
    """The values of one closed list of the register, as a type pydantic checks."""
    return Literal.__getitem__(tuple(CHOICES[name]))


if TYPE_CHECKING:  # for mypy, a closed value is a string; pydantic checks the list itself
    _Issue: TypeAlias = str
    _Duree: TypeAlias = str
    _Orientation: TypeAlias = str
    _Autonomie: TypeAlias = str
    _PremiereVisite: TypeAlias = str
    _TrancheAge: TypeAlias = str
    _Statut: TypeAlias = str
else:
    _Issue = _closed("issue")
    _Duree = _closed("duree")
    _Orientation = _closed("orientation")
    _Autonomie = _closed("autonomie")
    _PremiereVisite = _closed("premiere_visite")
    _TrancheAge = _closed("tranche_age")
    _Statut = _closed("statut")


class TallyBlock(BaseModel):
    """The `registre` block of an answers file: the issue of each procedure, the rest."""

    model_config = ConfigDict(extra="forbid")

    issues: dict[str, _Issue]
    duree: _Duree | None = None
    orientation: _Orientation | None = None
    autonomie: _Autonomie | None = None
    premiere_visite: _PremiereVisite | None = None
    tranche_age: _TrancheAge | None = None
    statut: _Statut | None = None


class AnswersModel(BaseModel):
    """An answers file: the procedures, the answers, the optional register block."""

    model_config = ConfigDict(extra="forbid")

    demarches: list[str] = Field(min_length=1)
    reponses: dict[str, Any] | None = None
    registre: TallyBlock | None = None


def read_answers_file(path: Path, checklists: Mapping[str, Checklist]) -> AnswersFile:
    """The plan, the answers and the tally block of an answers file; every problem at once,
    each with its line."""

    doc = read_yaml(path)
    model, problems = validate_model(doc, AnswersModel)
    if model is None:
        raise _fail(problems)
    selected: list[Checklist] = []
    for i, item in enumerate(model.demarches):
        if item not in checklists:
            problems.append(doc.problem(f"démarche inconnue « {item} »", ("demarches", i)))
        elif checklists[item] in selected:
            problems.append(doc.problem(f"la démarche « {item} » est en double", ("demarches", i)))
        else:
            selected.append(checklists[item])
    raw_answers = model.reponses or {}
    plan = Plan(tuple(selected))
    if selected:
        for qid, message in check_answers(plan.questions, raw_answers):
            problems.append(doc.problem(f"question « {qid} » : {message}", ("reponses", qid)))
    tally: dict[str, Any] | None = None
    issues: dict[str, str] = {}
    if model.registre is not None:
        block = model.registre
        issues = dict(block.issues)
        for procedure in issues:
            if procedure not in model.demarches:
                problems.append(
                    doc.problem(
                        f"« {procedure} » n'est pas une des démarches choisies",
                        ("registre", "issues", procedure),
                    )
                )
        for checklist in selected:
            if checklist.id not in issues:
                problems.append(
                    doc.problem(
                        f"il manque l'issue de la démarche « {checklist.id} »",
                        ("registre", "issues"),
                    )
                )
        tally = block.model_dump(exclude_none=True)
    if problems:
        raise _fail(problems)
    return AnswersFile(plan, dict(raw_answers), tally, issues)


def _fail(problems: list[Problem]) -> ProblemsError:
    count = len(problems)
    return ProblemsError(
        problems,
        f"Le fichier de réponses a {count} problème{'s' if count > 1 else ''} :",
        "Corrigez-les, puis relancez la commande."
        if count > 1
        else "Corrigez-le, puis relancez la commande.",
    )


def write_answers_file(
    path: Path, plan: Plan, answers: Mapping[str, Answer], *, existing: Existing = "refuse"
) -> None:
    """The answers of a session, in the format `accueil --reponses` reads (asked for by the
    volunteer only: it holds the person's situation, never a name or a letter's values)."""
    import yaml

    data = {
        "demarches": [c.id for c in plan.checklists],
        "reponses": dict(plan.effective(answers)),
    }
    text = (
        "# Réponses d'une séance cafedemarches, à rejouer avec : cafedemarches accueil --reponses\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )
    write_text(path, text, existing=existing)


class PartialAnswers(BaseModel):
    """A possibly partial answers file (`reperer`, `estimer`); an `accueil` one reads too."""

    model_config = ConfigDict(extra="forbid")

    reponses: dict[str, Any] | None = None
    demarches: list[str] | None = None  # ignored here
    registre: dict[str, Any] | None = None


def read_partial_answers(path: Path, questions: Sequence[Question]) -> dict[str, Answer]:
    """The answers of a possibly partial answers file (`reperer`, `estimer`): each id must be
    one of `questions` (the first of an id wins) and each value fit it; every problem at once,
    each with its line. A missing answer is no problem here: it stays unknown."""
    doc = read_yaml(path)
    model, problems = validate_model(doc, PartialAnswers)
    if model is None:
        raise _fail(problems)
    by_id: dict[str, Question] = {}
    for known in questions:
        by_id.setdefault(known.id, known)
    answers: dict[str, Answer] = {}
    for qid, value in (model.reponses or {}).items():
        question = by_id.get(qid)
        if question is None:
            close = difflib.get_close_matches(str(qid), list(by_id), n=1)
            hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
            problems.append(
                doc.problem(f"question inconnue « {qid} »{hint}", ("reponses", qid), key=True)
            )
            continue
        if qid == "code_postal":
            error = postcode_error(value)
        else:
            error = resolve.answer_error(question, value)
        if error:
            problems.append(doc.problem(f"question « {qid} » : {error}", ("reponses", qid)))
        else:
            answers[qid] = normal_answer(qid, value)
    if problems:
        raise _fail(problems)
    return answers
