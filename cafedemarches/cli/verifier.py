"""`demarches verifier`: every problem at once, file:line:column, errors then warnings.

The report itself, and its cache, are `content.verification`'s: this module checks the
targets exist and prints.
"""

from __future__ import annotations

from pathlib import Path

import typer

from cafedemarches.cli import context
from cafedemarches.cli.context import settings
from cafedemarches.content.index import content_folders
from cafedemarches.content.verification import ExtraCheck, verification_report
from cafedemarches.errors import ExitStatus, Problem, UserError
from cafedemarches.estimate.amounts import amount_warnings, model_version
from cafedemarches.text import count


def run_verification(targets: list[Path]) -> None:
    paths, config = settings()
    for target in targets:
        if not target.exists():
            raise UserError(
                f"{target} n'existe pas.", "Donnez le chemin d'un fichier .yaml ou d'un dossier."
            )
    folders = [*content_folders(config.dossiers_contenu), *targets]
    report = verification_report(
        folders,
        targets,
        months=config.peremption_mois,
        day=context.today(),
        cache=paths.cache_dir,
        extra=ExtraCheck(model_version(), amount_warnings),
    )
    problems = [
        Problem(message, Path(path) if path else None, line, column, warning)
        for message, path, line, column, warning in report["problems"]
    ]
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    for problem in errors:
        typer.echo(f"{_where(problem)}erreur : {problem.message}", err=True)
    for problem in warnings:
        typer.echo(f"{_where(problem)}attention : {problem.message}", err=True)
    for line in report.get("translations", []):
        typer.echo(f"Traduction {line}.")
    summary = (
        f"{report['scope']} : {count(len(errors), 'erreur', 'erreurs')}, "
        f"{count(len(warnings), 'avertissement', 'avertissements')}."
    )
    if errors:
        typer.echo(summary, err=True)
        raise typer.Exit(ExitStatus.ERROR)
    typer.echo(summary + (" Tout est en ordre." if not warnings else ""))


def _where(problem: Problem) -> str:
    where = problem.where()
    return f"{where} : " if where else ""
