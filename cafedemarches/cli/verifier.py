"""`demarches verifier`: every problem at once, file:line:column, errors then warnings.

The report of unchanged files is read back from the content cache (`content.cache`), keyed by
every file's path, modification time, size and digest (content and translations), the kit's
version, the day and the settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from cafedemarches.cli import context
from cafedemarches.cli.context import settings
from cafedemarches.content import translations as translation_files
from cafedemarches.content.cache import fingerprint, read_cached, write_cached
from cafedemarches.content.crosscheck import stale_warnings
from cafedemarches.content.index import content_folders, discover, yaml_files
from cafedemarches.content.loader import load_content
from cafedemarches.content.translations import (
    check_translations,
    completeness,
    load_translations,
    translation_folders,
)
from cafedemarches.errors import ExitStatus, Problem, UserError


def run_verification(targets: list[Path]) -> None:
    paths, config = settings()
    for target in targets:
        if not target.exists():
            raise UserError(
                f"{target} n'existe pas.", "Donnez le chemin d'un fichier .yaml ou d'un dossier."
            )
    folders = [*content_folders(config.dossiers_contenu), *targets]
    day = context.today()
    translations = translation_files.shipped_translations_folder()
    key = fingerprint(
        [
            *(f.path for f in discover(folders)),
            *(yaml_files([translations]) if translations.is_dir() else []),
        ],
        day.isoformat(),
        str(config.peremption_mois),
        *(str(t.resolve()) for t in targets),
    )
    report = read_cached(paths.cache_dir, "verifier", key)
    if report is None:
        report = _report(folders, targets, config.peremption_mois, day)
        write_cached(paths.cache_dir, "verifier", key, report)
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
    summary = f"{report['scope']} : {len(errors)} erreur(s), {len(warnings)} avertissement(s)."
    if errors:
        typer.echo(summary, err=True)
        raise typer.Exit(ExitStatus.ERROR)
    typer.echo(summary + (" Tout est en ordre." if not warnings else ""))


def _report(folders: list[Path], targets: list[Path], months: int, day: Any) -> dict[str, Any]:
    """Load and check everything; the problems of `targets` (all when none), the scope, and
    the completeness of each translation of the sheet."""

    content = load_content(folders)
    problems = content.problems + stale_warnings(content, day, months)
    # Translations of the sheet (issue #13): their warnings, and completeness per language;
    # checked with the whole content, not when given files to check.
    languages: list[str] = []
    if not targets:
        translations = load_translations(translation_folders(folders))
        problems += check_translations(translations, content)
        languages = [language.line() for language in completeness(translations, content)]
    wanted = {f.path.resolve() for f in discover(targets)}
    if targets:
        problems = [p for p in problems if p.path is not None and p.path.resolve() in wanted]
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
    unique = dict.fromkeys(problems)  # one mistake, one line
    return {
        "problems": [
            [p.message, str(p.path) if p.path else None, p.line, p.column, p.warning]
            for p in unique
        ],
        "scope": scope,
        "translations": languages,
    }


def _where(problem: Problem) -> str:
    where = problem.where()
    return f"{where} : " if where else ""
