"""The answers file of `accueil --reponses`: read it, and list every problem at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cafedemarches.content.models import Answer, Checklist
from cafedemarches.content.yamlfile import YamlDocument, read_yaml
from cafedemarches.errors import Problem, ProblemsError, UserError
from cafedemarches.session.engine import Plan, check_answers

TOP_KEYS = ("demarches", "reponses", "registre")
TALLY_KEYS = (
    "issues",
    "duree",
    "orientation",
    "autonomie",
    "premiere_visite",
    "tranche_age",
    "statut",
)


@dataclass
class AnswersFile:
    plan: Plan
    answers: dict[str, Answer]
    tally: dict[str, Any] | None = None
    issues: dict[str, str] = field(default_factory=dict)


def read_answers_file(path: Path, checklists: Mapping[str, Checklist]) -> AnswersFile:
    doc = read_yaml(path)
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict):
        raise _fail(
            [doc.problem("le fichier doit contenir les clés demarches, reponses (et registre)")]
        )
    for key in data:
        if key not in TOP_KEYS:
            problems.append(
                doc.problem(
                    f"clé inconnue « {key} » ; clés possibles : {', '.join(TOP_KEYS)}",
                    (key,),
                    key=True,
                )
            )
    chosen = data.get("demarches")
    selected: list[Checklist] = []
    if not isinstance(chosen, list) or not chosen:
        problems.append(
            doc.problem("« demarches » doit être une liste d'au moins une démarche", ("demarches",))
        )
    else:
        for i, item in enumerate(chosen):
            if item in checklists:
                selected.append(checklists[str(item)])
            else:
                problems.append(doc.problem(f"démarche inconnue « {item} »", ("demarches", i)))
    raw_answers = data.get("reponses") or {}
    if not isinstance(raw_answers, dict):
        problems.append(
            doc.problem(
                "« reponses » doit être une liste de clés « question: réponse »", ("reponses",)
            )
        )
        raw_answers = {}
    plan = Plan(tuple(selected))
    if selected:
        for qid, message in check_answers(plan.questions, raw_answers):
            problems.append(doc.problem(f"question « {qid} » : {message}", ("reponses", qid)))
    tally = data.get("registre")
    issues: dict[str, str] = {}
    if tally is not None:
        problems.extend(_tally_problems(doc, tally, [c.id for c in selected]))
        if isinstance(tally, dict) and isinstance(tally.get("issues"), dict):
            issues = {str(k): str(v) for k, v in tally["issues"].items()}
    if problems:
        raise _fail(problems)
    return AnswersFile(plan, dict(raw_answers), tally, issues)


def _tally_problems(doc: YamlDocument, tally: object, procedures: list[str]) -> list[Problem]:
    from cafedemarches.tally.model import CHOICES

    if not isinstance(tally, dict):
        return [doc.problem("« registre » doit être une liste de clés", ("registre",))]
    problems = []
    for key, value in tally.items():
        loc = ("registre", key)
        if key not in TALLY_KEYS:
            problems.append(
                doc.problem(
                    f"clé inconnue « {key} » dans registre ; clés possibles : "
                    f"{', '.join(TALLY_KEYS)}",
                    loc,
                    key=True,
                )
            )
        elif key == "issues":
            if not isinstance(value, dict):
                problems.append(
                    doc.problem("« issues » donne une issue par démarche : {rsa: faite}", loc)
                )
                continue
            for procedure, issue in value.items():
                if procedure not in procedures:
                    problems.append(
                        doc.problem(
                            f"« {procedure} » n'est pas une des démarches choisies",
                            (*loc, procedure),
                        )
                    )
                elif issue not in CHOICES["issue"]:
                    problems.append(
                        doc.problem(
                            f"issue « {issue} » inconnue ; issues possibles : "
                            f"{', '.join(CHOICES['issue'])}",
                            (*loc, procedure),
                        )
                    )
        elif value not in CHOICES[key]:
            problems.append(
                doc.problem(
                    f"« {value} » n'est pas une valeur possible pour {key} "
                    f"({', '.join(CHOICES[key])})",
                    loc,
                )
            )
    if "issues" not in tally:
        problems.append(
            doc.problem(
                "il manque « issues » : l'issue de chaque démarche, par exemple {rsa: faite}",
                ("registre",),
            )
        )
    elif isinstance(tally["issues"], dict):
        for procedure in procedures:
            if procedure not in tally["issues"]:
                problems.append(
                    doc.problem(
                        f"il manque l'issue de la démarche « {procedure} »", ("registre", "issues")
                    )
                )
    return problems


def _fail(problems: list[Problem]) -> ProblemsError:
    count = len(problems)
    return ProblemsError(
        problems,
        f"Le fichier de réponses a {count} problème{'s' if count > 1 else ''} :",
        "Corrigez-les, puis relancez la commande.",
    )


def write_answers_file(path: Path, plan: Plan, answers: Mapping[str, Answer]) -> None:
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
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"Impossible d'écrire {path} ({exc.strerror}).") from exc
