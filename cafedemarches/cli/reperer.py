"""`cafedemarches reperer` : les démarches que le repérage propose pour un fichier de réponses,
même incomplet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from cafedemarches.cli.context import console, settings
from cafedemarches.cli.estimer import known_questions
from cafedemarches.content.loader import load_checked_content
from cafedemarches.errors import UserError
from cafedemarches.session.answers import read_partial_answers
from cafedemarches.session.screening import Screening, screen


def reperer(
    reponses: Annotated[
        Path,
        typer.Option(
            "--reponses",
            help="Le fichier de réponses (YAML, clé « reponses: »), même incomplet.",
            dir_okay=False,
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Sortie JSON (pour les scripts).")
    ] = False,
) -> None:
    """Les démarches que le repérage propose pour un fichier de réponses, avec leurs raisons."""

    paths, config = settings()
    content = load_checked_content(config.dossiers_contenu, strict=False, cache=paths.cache_dir)
    if content.reperage is None:
        raise UserError("Le repérage (_reperage.yaml) manque au contenu : rien à proposer.")
    answers = read_partial_answers(reponses, known_questions(content, content.reperage.questions))
    result = screen(content.reperage, answers)
    titles = {cid: c.titre for cid, c in content.checklists.items()}
    if as_json:
        typer.echo(json.dumps(as_document(result, titles), ensure_ascii=False, indent=2))
    else:
        _show(result, titles)


def as_document(result: Screening, titles: dict[str, str]) -> dict[str, Any]:
    return {
        "suggestions": [
            {
                "demarche": s.procedure,
                "titre": titles.get(s.procedure, s.procedure),
                "raison": s.reason,
                "selon_reponses_manquantes": not s.certain,
            }
            for s in result.suggestions
            if s.procedure in titles
        ],
        "questions_sans_reponse": [
            {"id": q.id, "texte": q.texte, "type": q.type, "choix": dict(q.choix or {})}
            for q in result.unanswered
        ],
    }


def _show(result: Screening, titles: dict[str, str]) -> None:
    from rich.markup import escape

    out = console()
    shown = [s for s in result.suggestions if s.procedure in titles]
    if not shown:
        out.print("Aucune démarche proposée pour ces réponses.")
    else:
        out.print(f"[bold]Démarches à regarder ({len(shown)})[/bold]")
        for s in shown:
            mark = "" if s.certain else " [italic](selon les réponses manquantes)[/italic]"
            out.print(f"- [bold]{escape(titles[s.procedure])}[/bold] ({s.procedure}){mark}")
            out.print(f"  {escape(s.reason)}")
    if result.unanswered:
        out.print()
        out.print(f"[bold]Questions sans réponse ({len(result.unanswered)})[/bold]")
        for q in result.unanswered:
            out.print(f"- {q.id} : {escape(q.texte)}")
