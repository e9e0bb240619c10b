"""`demarches verifier`: every problem at once, file:line:column, errors then warnings."""

from __future__ import annotations

from pathlib import Path

import typer

from cafedemarches.errors import ExitStatus, Problem, UserError


def run_verification(targets: list[Path]) -> None:
    from cafedemarches.cli.context import content_folders, settings, today
    from cafedemarches.content.crosscheck import stale_warnings
    from cafedemarches.content.index import discover
    from cafedemarches.content.loader import load_content

    _, config = settings()
    for target in targets:
        if not target.exists():
            raise UserError(
                f"{target} n'existe pas.", "Donnez le chemin d'un fichier .yaml ou d'un dossier."
            )
    content = load_content([*content_folders(config), *targets])
    problems = content.problems + stale_warnings(content, today(), config.peremption_mois)
    wanted = {f.path.resolve() for f in discover(targets)}
    if targets:
        problems = [p for p in problems if p.path is not None and p.path.resolve() in wanted]
    problems = list(dict.fromkeys(problems))  # one mistake, one line
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    for problem in errors:
        typer.echo(f"{_where(problem)}erreur : {problem.message}", err=True)
    for problem in warnings:
        typer.echo(f"{_where(problem)}attention : {problem.message}", err=True)
    examples = sum(len(c.exemples) for c in content.checklists.values())
    if content.reperage is not None:
        examples += len(content.reperage.exemples)
    scope = (
        f"{len(wanted)} fichier(s) vérifié(s)"
        if targets
        else (
            f"{len(content.checklists)} démarches, {len(content.letters)} courriers, "
            f"{len(content.catalogue)} documents, {examples} exemples"
        )
    )
    summary = f"{scope} : {len(errors)} erreur(s), {len(warnings)} avertissement(s)."
    if errors:
        typer.echo(summary, err=True)
        raise typer.Exit(ExitStatus.ERROR)
    typer.echo(summary + (" Tout est en ordre." if not warnings else ""))


def _where(problem: Problem) -> str:
    where = problem.where()
    return f"{where} : " if where else ""
