"""`cafedemarches estimer` : les montants possibles pour un fichier de réponses, hors ligne, avec
leur date, leur règle et leur réserve (OpenFisca-France)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from cafedemarches.cli import context
from cafedemarches.cli.context import console, settings
from cafedemarches.content.estimate_inputs import estimate_questions
from cafedemarches.content.loader import load_checked_content
from cafedemarches.content.models import Question
from cafedemarches.dates import MONTHS
from cafedemarches.errors import UserError
from cafedemarches.estimate.estimator import CAVEAT, Estimates, estimate
from cafedemarches.estimate.model import ModelUnavailable
from cafedemarches.session.answers import read_partial_answers


def known_questions(content: Any, lead: Sequence[Question]) -> list[Question]:
    """Every question an answers file may answer, `lead` first (the first of an id decides how
    its answer is read): then the estimate's (their meaning is the contract), the repérage's
    and each checklist's, so that an `accueil` answers file reads too."""
    questions = [*lead, *estimate_questions()]
    if content.reperage is not None:
        questions += content.reperage.questions
    for checklist in content.checklists.values():
        questions.extend(checklist.questions)
    return questions


def estimer(
    reponses: Annotated[
        Path,
        typer.Option(
            "--reponses",
            help="Le fichier de réponses (YAML, clé « reponses: »), avec les chiffres du foyer.",
            dir_okay=False,
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Sortie JSON (pour les scripts).")
    ] = False,
) -> None:
    """Estimer les montants possibles (RSA, prime d'activité, logement…), hors ligne, indicatifs."""

    paths, config = settings()
    content = load_checked_content(config.dossiers_contenu, strict=False, cache=paths.cache_dir)
    answers = read_partial_answers(reponses, known_questions(content, estimate_questions()))
    try:
        result = estimate(answers, context.today(), procedures=content.checklists)
    except ModelUnavailable as exc:
        raise UserError(f"Pas d'estimation : {exc}.") from exc
    if as_json:
        typer.echo(json.dumps(as_document(result), ensure_ascii=False, indent=2))
    else:
        show_estimates(result, console())
    if result.stale or result.missing:  # no estimate could be given: said above
        raise typer.Exit(1)


def month_name(result: Estimates) -> str:
    return f"{MONTHS[result.month.month - 1]} {result.month.year}"


def as_document(result: Estimates) -> dict[str, Any]:
    return {
        "bareme": result.bareme.isoformat(),
        "moteur": result.engine,
        "mois": f"{result.month:%Y-%m}",
        "bareme_perime": result.stale,
        "estimations": [
            {
                "demarche": e.benefit.procedure,
                "aide": e.benefit.name,
                "montant": e.amount,
                "par": "an" if e.benefit.yearly else "mois",
                "peut_etre": e.maybe,
                "regle": e.benefit.rule,
                "sous_reserve": " ".join(e.caveats),
            }
            for e in result.estimates
        ],
        "questions_sans_reponse": [
            {"id": q.id, "texte": q.texte, "type": q.type, "choix": dict(q.choix or {})}
            for q in result.missing
        ],
    }


def estimate_lines(result: Estimates) -> list[tuple[str, str]]:
    """What to show, as (text, style) lines: the same words on screen and on the sheet."""
    if result.stale:
        return [
            (
                f"Pas d'estimation : le barème du kit date du {result.bareme:%d/%m/%Y}, et les "
                "montants ont changé depuis le dernier 1er avril. Mettez le kit à jour "
                "(make install) pour estimer.",
                "yellow",
            )
        ]
    if result.missing:
        return [
            (
                "Pas d'estimation : il manque "
                + ", ".join(f"« {q.id} » ({q.texte})" for q in result.missing)
                + ".",
                "yellow",
            )
        ]
    lines = [
        (
            f"Estimations pour {month_name(result)} (barème du {result.bareme:%d/%m/%Y}, "
            f"{result.engine})",
            "bold",
        )
    ]
    if not result.estimates:
        lines.append(("Aucun montant estimé pour ces démarches avec ces chiffres.", ""))
    for e in result.estimates:
        per = "par an" if e.benefit.yearly else "par mois"
        said = "peut-être, à vérifier" if e.amount is None else f"environ {e.amount} € {per}"
        lines.append((f"- {e.benefit.name} : {said}", "bold"))
        lines.append((f"  Règle : {e.benefit.rule}", ""))
        extra = [c for c in e.caveats if c != CAVEAT]
        if extra:
            lines.append((f"  Sous réserve : {' '.join(extra)}", "dim"))
    if result.estimates:
        lines.append((CAVEAT, "italic"))
    return lines


def show_estimates(result: Estimates, screen: Any) -> None:
    from rich.text import Text

    for text, style in estimate_lines(result):
        screen.print(Text(text, style=style))
