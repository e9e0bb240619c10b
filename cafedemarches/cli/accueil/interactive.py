"""The guided session, step by step: site, procedures (or repérage), questions, review,
result, take-away sheet, letters, and the one anonymous tally line."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from cafedemarches.cli.accueil.shared import (
    Options,
    output_folder,
    pick_checklists,
    sheet_html,
    write_html,
)
from cafedemarches.cli.printing import print_file, printer
from cafedemarches.errors import UserError

if TYPE_CHECKING:
    from rich.console import Console

    from cafedemarches.content.loader import Content
    from cafedemarches.content.models import Answer, Checklist
    from cafedemarches.session.engine import Outcome, Plan
    from cafedemarches.session.prompter import Prompter
    from cafedemarches.settings import Config, Paths

DONT_KNOW = "\0reperage"
DONE = "\0fini"


def _ask_language(prompter: Prompter) -> str | None:
    """Issue #13: the sheet may also be printed in the person's language."""
    from cafedemarches.content.translations import LANGUAGES

    choices = [("fr", "Non, en français seulement")] + [
        (code, f"{lang.french_name.capitalize()} ({lang.own_name})")
        for code, lang in LANGUAGES.items()
    ]
    picked = prompter.select("Feuille aussi dans une autre langue ?", choices, default="fr")
    return None if picked == "fr" else picked


def run_guided(options: Options) -> None:
    import typer

    from cafedemarches.cli import prompts
    from cafedemarches.cli.context import LazyConsole, load_checked_content, settings

    started = time.monotonic()
    paths, config = settings()
    loaded: list[Content] = []

    def content() -> Content:
        """All content, loaded once: only when needed, so the first list shows at once."""
        if not loaded:
            loaded.append(load_checked_content(config, strict=False))
        return loaded[0]

    if options.procedures:
        ids = [c.id for c in pick_checklists(content(), options.procedures)]
    prompter = prompts.make_prompter()
    screen = cast("Console", LazyConsole())
    typer.echo(typer.style("Café démarches", bold=True) + " — séance guidée")
    _ensure_site(prompter, paths, config)
    if not options.procedures:
        ids = _choose_procedures(prompter, config, content, screen)
    chosen = [content().checklists[i] for i in ids if i in content().checklists]
    if not chosen:
        raise UserError(
            "Aucune des démarches choisies n'est utilisable : leurs fiches sont en erreur.",
            "Voir « cafedemarches demarches verifier ».",
        )
    session = GuidedSession(prompter, content(), config, paths, screen, options, started)
    session.run(chosen)


def _ensure_site(prompter: Prompter, paths: Paths, config: Config) -> None:
    import typer

    from cafedemarches.settings import save_config

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
    from cafedemarches.cli.interrupt import note_saved

    note_saved("le lieu de la permanence, dans la configuration")


def _site_problem(value: str) -> str | None:
    from cafedemarches.settings import site_error

    error = site_error(value)
    return f"{error[0].upper()}{error[1:]}." if error else None


def _choose_procedures(
    prompter: Prompter, config: Config, content: Callable[[], Content], screen: Console
) -> list[str]:
    """The ids picked from the list (read from the files' titles without loading them all),
    or suggested by the repérage."""
    from cafedemarches.cli.context import content_folders
    from cafedemarches.content.index import has_reperage as reperage_in
    from cafedemarches.content.index import procedure_headers

    folders = content_folders(config)
    titles = {k: h["titre"] for k, h in procedure_headers(folders).items()}
    has_reperage = reperage_in(folders)
    chosen: list[str] = []
    while True:
        choices = sorted(((k, t) for k, t in titles.items() if k not in chosen), key=lambda c: c[1])
        if chosen:
            choices.insert(0, (DONE, f"C'est tout : commencer ({len(chosen)} démarche(s))"))
        elif has_reperage:
            choices.insert(0, (DONT_KNOW, "Je ne sais pas encore : repérer les droits possibles"))
        message = "Quelle démarche ?" if not chosen else "Une autre démarche ?"
        picked = prompter.select(message, choices, filter=True)
        if picked == DONE:
            return chosen
        if picked == DONT_KNOW:
            chosen.extend(c.id for c in _reperage(prompter, content(), screen))
            if chosen:
                return chosen
            continue
        chosen.append(picked)


def _reperage(prompter: Prompter, content: Content, screen: Console) -> list[Checklist]:
    from rich.text import Text

    from cafedemarches.cli.session_view import show_suggestions
    from cafedemarches.session.engine import suggestions
    from cafedemarches.session.interview import interview

    if content.reperage is None:
        screen.print(
            Text(
                "Le repérage n'est pas utilisable (fichier en erreur) : choisissez dans la liste.",
                style="yellow",
            )
        )
        return []
    screen.print(Text(content.reperage.titre, style="bold"))
    answers = interview(prompter, content.reperage.questions, {})
    found = [s for s in suggestions(content.reperage, answers) if s.procedure in content.checklists]
    if not found:
        screen.print(
            Text(
                "Rien de particulier ne ressort de ces réponses : choisissez dans la liste.",
                style="yellow",
            )
        )
        return []
    titles = {c.id: c.titre for c in content.checklists.values()}
    show_suggestions(screen, found, titles)
    picked = prompter.checkbox(
        "Lesquelles regarder maintenant ?",
        [(s.procedure, titles[s.procedure]) for s in found],
        checked=[s.procedure for s in found],
    )
    return [content.checklists[p] for p in picked]


@dataclass
class GuidedSession:
    prompter: Prompter
    content: Content
    config: Config
    paths: Paths
    screen: Console
    options: Options
    started: float

    def run(self, chosen: list[Checklist]) -> None:
        from cafedemarches.session.engine import Plan, outcome

        plan = Plan(tuple(chosen))
        answers = self.ask(plan)
        if self.options.save_answers is not None:
            from cafedemarches.session.answers import write_answers_file

            write_answers_file(self.options.save_answers, plan, answers)
            from cafedemarches.cli.interrupt import note_saved

            note_saved(f"les réponses, dans {self.options.save_answers}")
            self.screen.print(
                f"Réponses enregistrées dans {self.options.save_answers}", markup=False
            )
        result = outcome(plan, self.content.catalogue, answers)
        from cafedemarches.cli.session_view import show_outcome

        show_outcome(self.screen, result, self.content.letters)
        done = self.tick_steps(result)
        with output_folder(self.options.output) as (folder, private):
            self.sheet(result, folder, done)
            self.letters(result, folder)
            if self.options.record:
                self.tally(plan, done, result)
            if private:
                self.before_erasing(folder)
        self.screen.print("Séance terminée. Merci !", style="bold green")

    def ask(self, plan: Plan) -> dict[str, Answer]:
        from cafedemarches.cli.session_view import show_answers
        from cafedemarches.session.interview import interview, review

        answers = interview(self.prompter, plan.questions, {})
        if not answers:
            return answers
        return review(
            self.prompter,
            plan.questions,
            answers,
            show=lambda summary: show_answers(self.screen, summary),
        )

    def tick_steps(self, result: Outcome) -> frozenset[str]:
        steps = [
            (s.texte, f"{r.checklist.titre} : {s.texte}")
            for r in result.procedures
            for s in r.steps
        ]
        if not steps:
            return frozenset()
        done = self.prompter.checkbox(
            "Cochez les étapes faites pendant le rendez-vous (ou aucune).", steps
        )
        return frozenset(done)

    def sheet(self, result: Outcome, folder: Path, done: frozenset[str]) -> None:
        from rich.text import Text

        first_name = (
            self.prompter.text(
                "Prénom à écrire sur la feuille (facultatif, Entrée pour aucun)",
                help="Le prénom n'est écrit que sur la feuille imprimée ; il n'est gardé nulle part.",
            ).strip()
            or None
        )
        if self.options.language is None:
            self.options.language = _ask_language(self.prompter)
        html = sheet_html(self.content, self.config, result, self.options, first_name, done)
        target = write_html(html, folder)
        self.kept(target)
        self.screen.print(Text(f"Feuille « Vos démarches » prête : {target}", style="bold"))
        if self.options.print_sheet or (
            printer() and self.prompter.confirm("L'imprimer maintenant ?", default=True)
        ):
            print_file(target)

    def letters(self, result: Outcome, folder: Path) -> None:
        from rich.text import Text

        available = [self.content.letters[i] for i in result.letters if i in self.content.letters]
        if not available:
            return
        picked = self.prompter.checkbox(
            "Préparer un courrier ? (cochez, ou Entrée pour aucun)",
            [(letter.id, letter.titre) for letter in available],
        )
        from cafedemarches.letters.fill import fill_letter_interactively, write_letter

        for letter_id in picked:
            letter = self.content.letters[letter_id]
            how = self.prompter.select(
                f"« {letter.titre} » :",
                [
                    ("remplir", "Le remplir maintenant avec la personne"),
                    ("vierge", "L'imprimer vierge, à remplir à la main"),
                ],
            )
            if how == "vierge":
                path = write_letter(
                    letter,
                    None,
                    folder / f"{letter.id}-vierge.pdf",
                    large_print=self.options.large,
                )
            else:
                path = fill_letter_interactively(
                    letter,
                    self.prompter,
                    folder,
                    preview=lambda text: self.screen.print(Text(text)),
                    large_print=self.options.large,
                )
            self.kept(path)
            self.screen.print(Text(f"Courrier prêt : {path}", style="bold"))
            if printer() and self.prompter.confirm("L'imprimer maintenant ?", default=True):
                print_file(path)

    def tally(self, plan: Plan, done: frozenset[str], result: Outcome) -> None:
        from rich.table import Table
        from rich.text import Text

        from cafedemarches.cli.prompts import TALLY_QUESTIONS
        from cafedemarches.tally.entry import ASKED_FIELDS, DEFAULTS, build_entry, default_issue
        from cafedemarches.tally.entry import record as record_entry
        from cafedemarches.tally.model import CHOICES, FIELD_LABELS, label

        self.screen.print(
            "\n[bold]Pour le registre anonyme[/bold] (rien de personnel, tout se passe)",
            highlight=False,
        )
        issues = []
        for r in result.procedures:
            issue = self.prompter.select(
                f"Où en est « {r.checklist.titre} » ?",
                list(CHOICES["issue"].items()),
                default=default_issue((s.texte for s in r.steps), done),
            )
            issues.append((r.checklist.id, r.checklist.theme, issue))
        fields: dict[str, str | None] = {}
        for name in ASKED_FIELDS:
            fields[name] = self.prompter.select(
                TALLY_QUESTIONS[name], list(CHOICES[name].items()), default=DEFAULTS[name]
            )
        entry = build_entry(
            self.config.lieu,
            issues,
            fields,
            minutes=(time.monotonic() - self.started) / 60,
        )
        rows = [("Jour", entry.jour.strftime("%d/%m/%Y")), ("Lieu", entry.lieu)]
        rows += [(f"Démarche {d}", label("issue", issue)) for d, _theme, issue in entry.demarches]
        rows += [
            (FIELD_LABELS[n].capitalize(), label(n, getattr(entry, n)))
            for n in ("duree", *ASKED_FIELDS)
        ]
        table = Table(title="Ce qui sera enregistré", title_justify="left", show_header=False)
        for name, value in rows:
            table.add_row(Text(name), Text(value))  # the site's name is shown as typed
        self.screen.print(table)
        if self.prompter.confirm("Enregistrer cette ligne anonyme ?", default=True):
            from cafedemarches.cli.interrupt import TALLY_SAVED, deferred, note_saved

            with deferred():
                record_entry(self.paths.tally_file, entry)
                note_saved(TALLY_SAVED)
            self.screen.print("Séance notée au registre.", style="green")
        else:
            self.screen.print("Rien n'a été noté au registre.", style="yellow")

    def kept(self, path: Path) -> None:
        """A document written where it stays (--sortie), said if the session is interrupted."""
        if self.options.output is not None:
            from cafedemarches.cli.interrupt import note_saved

            note_saved(str(path))

    def before_erasing(self, folder: Path) -> None:
        from cafedemarches.cli.printing import until_done

        files = sorted(folder.iterdir())
        if files:
            until_done(self.prompter, files)
