"""The opening of the guided session, light to import: the site, then the choice of the
procedures from the files' titles. Everything else (the content's models, the engine, the
sheet, the letters) loads once the procedures are chosen (`interactive.GuidedSession`), so that
the first question is on the screen at once (`make bench` measures it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer

from cafedemarches.cli import context
from cafedemarches.cli.accueil.options import DONE, DONT_KNOW, Options
from cafedemarches.cli.accueil.warm import warm_model_after_first_answer
from cafedemarches.cli.context import LazyConsole, settings
from cafedemarches.cli.interrupt import note_saved
from cafedemarches.cli.run import current
from cafedemarches.content.index import content_folders, procedure_headers
from cafedemarches.content.index import has_reperage as reperage_in
from cafedemarches.errors import UserError
from cafedemarches.settings import save_config, site_error
from cafedemarches.tally import staging
from cafedemarches.tally.pending import set_aside_message, status

if TYPE_CHECKING:
    from rich.console import Console

    from cafedemarches.content.loader import Content
    from cafedemarches.content.models import Answer
    from cafedemarches.session.prompter import Prompter
    from cafedemarches.settings import Config, Paths


def pending_warning(register: Path) -> str | None:
    """At the start of a session: the staging files of killed imports are removed, and lines
    of the register's pending folder set aside (cut by a crash), that a person should look
    at, are told."""
    staging.sweep_stale(register.parent)
    try:
        set_aside = status(register).set_aside
    except OSError:
        return None
    return set_aside_message(set_aside) if set_aside else None


def run_guided(options: Options) -> None:

    started = time.monotonic()
    paths, config = settings()
    loaded: list[Content] = []

    def content() -> Content:
        """All content, loaded once: only when needed, so the first list shows at once."""
        from cafedemarches.content.loader import load_checked_content  # pydantic: ~0.1 s

        if not loaded:
            loaded.append(
                load_checked_content(config.dossiers_contenu, strict=False, cache=paths.cache_dir)
            )
        return loaded[0]

    if options.procedures:
        from cafedemarches.cli.accueil.shared import pick_checklists  # the sheet's modules

        ids = [c.id for c in pick_checklists(content(), options.procedures)]
    prompter = warm_model_after_first_answer(current().prompter(), context.today())
    screen = cast("Console", LazyConsole())
    typer.echo(typer.style("Café démarches", bold=True) + " — séance guidée")
    warning = pending_warning(paths.tally_file)
    if warning:
        typer.echo(typer.style(warning, fg="yellow"), err=True)
    _ensure_site(prompter, paths, config)
    answers: dict[str, Answer] = {}  # the one conversation: repérage, procedures, tally
    if not options.procedures:
        ids = _choose_procedures(prompter, (paths, config), content, screen, answers)
    chosen = [content().checklists[i] for i in ids if i in content().checklists]
    if not chosen:
        raise UserError(
            "Aucune des démarches choisies n'est utilisable : leurs fiches sont en erreur.",
            "Voir « cafedemarches demarches verifier ».",
        )
    # The session's own modules (engine, sheet, letters) load once the procedures are chosen:
    # the first question shows without them.
    from cafedemarches.cli.accueil.interactive import GuidedSession

    session = GuidedSession(prompter, content(), config, paths, screen, options, started)
    session.run(chosen, answers)


def _ensure_site(prompter: Prompter, paths: Paths, config: Config) -> None:

    if config.lieu:
        typer.echo(typer.style(f"Lieu : {config.lieu}", dim=True))
        return
    config.lieu = prompter.text(
        "Où a lieu la permanence aujourd'hui ? (nom du café, du marché…)",
        validate=_site_problem,
        help="Ce nom sert au registre anonyme. Il est gardé pour les prochaines séances ; "
        "changez-le avec « cafedemarches config --lieu ».",
    ).strip()
    save_config(paths, config)

    note_saved("le lieu de la permanence, dans la configuration")


def _site_problem(value: str) -> str | None:
    error = site_error(value)
    return f"{error[0].upper()}{error[1:]}." if error else None


def _choose_procedures(
    prompter: Prompter,
    where: tuple[Paths, Config],
    content: Callable[[], Content],
    screen: Console,
    answers: dict[str, Answer],
) -> list[str]:
    """The ids picked from the list (read from the files' titles without loading them all),
    or suggested by the repérage (whose answers stay in `answers`)."""

    paths, config = where
    folders = content_folders(config.dossiers_contenu)
    titles = {k: h["titre"] for k, h in procedure_headers(folders, paths.cache_dir).items()}
    has_reperage = reperage_in(folders)
    chosen: list[str] = []
    while True:
        choices = sorted(((k, t) for k, t in titles.items() if k not in chosen), key=lambda c: c[1])
        if chosen:
            n = len(chosen)
            choices.insert(0, (DONE, f"C'est tout : commencer ({n} démarche{'s' * (n > 1)})"))
        elif has_reperage and not answers:
            choices.insert(0, (DONT_KNOW, "Je ne sais pas encore : repérer les droits possibles"))
        message = "Quelle démarche ?" if not chosen else "Une autre démarche ?"
        picked = prompter.select(message, choices, filter=True)
        if picked == DONE:
            return chosen
        if picked == DONT_KNOW:
            from cafedemarches.cli.accueil.interactive import reperage

            chosen.extend(c.id for c in reperage(prompter, content(), screen, answers))
            if chosen:
                return chosen
            continue
        chosen.append(picked)
