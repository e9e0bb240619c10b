"""The guided session, one conversation: site, procedures (or repérage), questions, the
results and what to do with them (letters, first name, changes), the take-away sheet, and the
one anonymous tally line. A question is asked once, whoever needs it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches.cli import context
from cafedemarches.cli.accueil.options import DONE, DONT_KNOW, Options
from cafedemarches.cli.accueil.shared import output_folder, sheet_html, write_html
from cafedemarches.cli.interrupt import note_saved
from cafedemarches.cli.pager import french_pager
from cafedemarches.cli.printing import print_file, run, until_done
from cafedemarches.cli.run import current
from cafedemarches.cli.session_view import show_outcome, show_suggestions, show_summary
from cafedemarches.cli.tally_line import Line, Procedure, edit_line, save_line
from cafedemarches.content.translations import LANGUAGES
from cafedemarches.files import Existing
from cafedemarches.letters.fill import fill_letter_interactively, write_letter
from cafedemarches.session.answers import write_answers_file
from cafedemarches.session.derived import derived_tally_fields
from cafedemarches.session.engine import Plan, outcome, suggestions
from cafedemarches.session.interview import change_answer, interview
from cafedemarches.settings import text_error
from cafedemarches.tally.entry import ASKED_FIELDS, DEFAULTS, default_issue

# The answers a script gives to the session's menus (tests, benchmark personas) are all here.
__all__ = ["DONE", "DONT_KNOW", "GuidedSession", "reperage"]

if TYPE_CHECKING:
    from rich.console import Console

    from cafedemarches.content.loader import Content
    from cafedemarches.content.models import Answer, Checklist
    from cafedemarches.session.engine import Outcome, Plan
    from cafedemarches.session.prompter import Prompter
    from cafedemarches.settings import Config, Paths


def _language_choices(chosen: str | None) -> list[tuple[str, str]]:
    """Issue #13: the sheet may also be printed in the person's language, one choice of
    « Et maintenant ? » per language (named in French and in its own script), so that the
    volunteer picks it in one step; once chosen, a way back to French only."""
    choices = [(f"{LANGUAGE}:fr", "Feuille en français seulement")] if chosen else []
    choices += [
        (f"{LANGUAGE}:{code}", f"Feuille aussi en {lang.french_name} ({lang.own_name})")
        for code, lang in LANGUAGES.items()
        if code != chosen
    ]
    return choices


def _letters_label(waiting: int) -> str:
    return f"Préparer un courrier ({waiting} proposé{'s' if waiting > 1 else ''})"


def _first_name_problem(value: str) -> str | None:
    error = text_error(value.strip(), "le prénom")
    return f"{error[0].upper()}{error[1:]}." if error else None


def reperage(
    prompter: Prompter, content: Content, screen: Console, answers: dict[str, Answer]
) -> list[Checklist]:
    from rich.text import Text

    if content.reperage is None:
        screen.print(
            Text(
                "Le repérage n'est pas utilisable (fichier en erreur) : choisissez dans la liste.",
                style="yellow",
            )
        )
        return []
    screen.print(Text(content.reperage.titre, style="bold"))
    given = interview(prompter, content.reperage.questions, answers)
    found = [s for s in suggestions(content.reperage, given) if s.procedure in content.checklists]
    if not found:
        screen.print(
            Text(
                "Rien de particulier ne ressort de ces réponses : choisissez dans la liste.",
                style="yellow",
            )
        )
        return []
    titles = {c.id: c.titre for c in content.checklists.values()}
    show_suggestions(screen, found)
    picked = prompter.checkbox(
        "Lesquelles regarder maintenant ?",
        [(s.procedure, titles[s.procedure]) for s in found],
        checked=[s.procedure for s in found],
        descriptions={s.procedure: s.reason for s in found},
    )
    return [content.checklists[p] for p in picked]


def _sheet_action(language: str | None) -> str:
    """What « C'est bon » does with the sheet on this computer."""
    sheet = "faire la feuille « Vos démarches »"
    if language in LANGUAGES:  # kept short: the choice holds on one line of 80 columns
        sheet = f"faire la feuille (français et {LANGUAGES[language].french_name})"
    if current().printer():
        return f"{sheet} et l'imprimer"
    if current().viewer():
        return f"{sheet} et l'ouvrir à l'écran"
    return sheet


SHEET = "feuille"
LETTER = "courrier"
NAME = "prenom"
STEPS = "etapes"
LANGUAGE = "langue"
DETAIL = "detail"
CHANGE = "changer"
DOCUMENTS = "documents"
ESTIMATE = "estimer"
BACK = "retour"


@dataclass
class GuidedSession:
    prompter: Prompter
    content: Content
    config: Config
    paths: Paths
    screen: Console
    options: Options
    started: float
    done: set[str] = field(default_factory=set)  # steps done at the table
    last_sheet: tuple[str, Path] | None = None  # the sheet's HTML and file, as last written
    existing: Existing = "next"  # a file of the same name in --sortie: the next free name
    estimates: tuple[str, ...] = ()  # the estimates' lines, when put on the sheet

    def run(self, chosen: list[Checklist], conversation: dict[str, Answer]) -> None:
        plan = Plan(tuple(chosen))
        interview(self.prompter, plan.questions, conversation)
        with output_folder(self.options.output) as (folder, private):
            self.existing = (
                "replace" if private else "replace-or-next" if self.options.replace else "next"
            )
            made: dict[str, Path] = {}
            first_name = self.results(plan, conversation, folder, made, private)
            answers = plan.effective(conversation)
            if self.options.save_answers is not None:
                write_answers_file(
                    self.options.save_answers,
                    plan,
                    answers,
                    existing="replace" if self.options.replace else "refuse",
                )

                note_saved(f"les réponses, dans {self.options.save_answers}")
                self.screen.print(
                    f"Réponses enregistrées dans {self.options.save_answers}", markup=False
                )
            result = outcome(plan, self.content.catalogue, answers)
            sheet = self.sheet(result, folder, first_name, list(made), final=True)
            self.deliver(sheet, [sheet, *made.values()], private)
            if self.options.record:
                self.tally(result, conversation)
        self.screen.print("Séance terminée. Merci !", style="bold green")

    def results(
        self,
        plan: Plan,
        conversation: dict[str, Answer],
        folder: Path,
        made: dict[str, Path],
        private: bool,
    ) -> str | None:
        """The short results, then what to do: the sheet (default), open, print or copy it
        (made on demand, as it stands), a letter, a first name, the whole detail, or a change
        of answer. Returns the first name for the sheet."""

        first_name: str | None = None
        while True:
            result = outcome(plan, self.content.catalogue, plan.effective(conversation))
            show_summary(self.screen, result, self.content.letters, made)
            waiting = [i for i in result.letters if i in self.content.letters and i not in made]
            choices = [(SHEET, f"C'est bon : {_sheet_action(self.options.language)}")]
            actions = [
                word
                for word, there in (
                    ("ouvrir", current().viewer()),
                    ("imprimer", current().printer()),
                    ("copier sur une clé USB", private),
                )
                if there
            ]
            if actions:
                said = ", ".join(actions[:-1]) + (" ou " if len(actions) > 1 else "") + actions[-1]
                choices.append((DOCUMENTS, f"{said.capitalize()} la feuille telle qu'elle est"))
            if waiting:
                choices.append((LETTER, _letters_label(len(waiting))))
            choices += [
                (
                    NAME,
                    "Écrire un prénom sur la feuille" + (f" ({first_name})" if first_name else ""),
                ),
                *_language_choices(self.options.language),
                (STEPS, "Cocher les étapes déjà faites ensemble"),
                (
                    ESTIMATE,
                    "Estimer les montants (hors ligne, indicatif)"
                    + (" (sur la feuille)" if self.estimates else ""),
                ),
                (DETAIL, "Voir tout le détail : étapes, papiers, où les trouver"),
                (CHANGE, "Changer une réponse"),
            ]
            picked = self.prompter.select("Et maintenant ?", choices, default=SHEET)
            if picked == SHEET:
                return first_name
            if picked == DOCUMENTS:
                sheet = self.sheet(result, folder, first_name, list(made))
                self.offer([sheet, *made.values()], private)
            elif picked == LETTER:
                self.letters(waiting, folder, made)
            elif picked == NAME:
                first_name = (
                    self.prompter.text(
                        "Prénom à écrire sur la feuille (facultatif, Entrée pour aucun)",
                        validate=_first_name_problem,
                        help="Le prénom n'est écrit que sur la feuille imprimée ; "
                        "il n'est gardé nulle part.",
                    ).strip()
                    or None
                )
            elif picked.startswith(f"{LANGUAGE}:"):
                code = picked.partition(":")[2]
                self.options.language = None if code == "fr" else code
            elif picked == STEPS:
                self.tick_steps(result)
            elif picked == ESTIMATE:
                from cafedemarches.cli.accueil.estimates import estimate_in_session

                self.estimates = estimate_in_session(
                    self.prompter, self.screen, self.content, conversation, context.today()
                )
            elif picked == DETAIL:
                with self.screen.pager(french_pager(), styles=False):
                    show_outcome(self.screen, result, self.content.letters)
            else:
                change_answer(self.prompter, plan.questions, conversation)

    def tick_steps(self, result: Outcome) -> None:
        """One checkbox per procedure, its steps under its title (never repeated per line);
        a warning (`attention: true`) is read, not ticked."""
        for r in result.procedures:
            texts = [s.texte for s in r.steps if not s.attention]
            if not texts:
                continue
            ticked = self.prompter.checkbox(
                f"{r.checklist.titre} : étapes faites ensemble",
                [(t, t) for t in texts],
                checked=[t for t in texts if t in self.done],
            )
            self.done.difference_update(texts)
            self.done.update(ticked)

    def sheet(
        self,
        result: Outcome,
        folder: Path,
        first_name: str | None,
        made: list[str],
        *,
        final: bool = False,
    ) -> Path:
        """The sheet as it stands (written again only when it changed); `final`: the one the
        person takes away, told and sent to the printer with --imprimer."""
        from rich.text import Text

        html = sheet_html(
            self.content,
            self.config,
            result,
            self.options,
            first_name,
            frozenset(self.done),
            made_letters=made,
            estimates=self.estimates,
        )
        if self.last_sheet is not None and self.last_sheet[0] == html:
            target = self.last_sheet[1]
        else:
            mine = self.last_sheet[1] if self.last_sheet is not None else None
            target = write_html(html, folder, self.existing, mine)
            self.last_sheet = (html, target)
            self.kept(target)
        if final:
            self.screen.print(Text(f"Feuille « Vos démarches » prête : {target}", style="bold"))
            if self.options.print_sheet:
                print_file(target)
        return target

    def deliver(self, sheet: Path, files: list[Path], private: bool) -> None:
        """The sheet goes where the person can take it: to the printer, else on screen (where
        the viewer prints it); with neither, in the private folder, the volunteer is offered
        to copy it (a USB key…) before it is erased."""

        if current().printer():
            if not self.options.print_sheet:  # --imprimer has sent it already
                print_file(sheet)
        elif current().viewer():
            run(current().viewer() or "xdg-open", sheet)
        elif private:
            self.offer(files, private, done="Continuer : effacer les documents", erases=True)

    def offer(
        self, files: list[Path], private: bool, done: str = "Retour", *, erases: bool = False
    ) -> None:
        """Open, print or copy (to a USB key…) the sheet and the letters made: in the private
        folder (no --sortie) they are erased at the end of the session (`erases`: now)."""

        erased = " ; sans copie, ils seront effacés à la fin de la séance" if private else ""
        until_done(
            self.prompter,
            files,
            message=f"Les documents{erased} :",
            done_label=done,
            copy=private,
            erases=erases,
        )

    def letters(self, waiting: list[str], folder: Path, made: dict[str, Path]) -> None:
        """One choice: which letter, and whether to fill it now or print it blank (the
        other letters stay offered in « Et maintenant ? »)."""
        from rich.text import Text

        choices = [(BACK, "Aucun pour l'instant : retour")]
        for letter_id in waiting:
            title = self.content.letters[letter_id].titre
            choices += [
                (f"remplir:{letter_id}", f"Remplir maintenant : {title}"),
                (f"vierge:{letter_id}", f"Imprimer vierge : {title}"),
            ]
        picked = self.prompter.select("Quel courrier préparer ?", choices, default=choices[1][0])
        if picked == BACK:
            return
        how, _, letter_id = picked.partition(":")
        letter = self.content.letters[letter_id]
        if how == "vierge":
            path = write_letter(
                letter,
                None,
                folder / f"{letter.id}-vierge.pdf",
                large_print=self.options.large,
                existing=self.existing,
            )
        else:
            filled = fill_letter_interactively(
                letter,
                self.prompter,
                folder,
                preview=self.preview,
                large_print=self.options.large,
                existing=self.existing,
            )
            if filled is None:  # given up: nothing kept
                return
            path = filled
        made[letter_id] = path
        self.kept(path)
        self.screen.print(Text(f"Courrier prêt : {path}", style="bold"))

    def preview(self, text: str) -> None:
        """The filled letter, read before its PDF is made: in the pager when it is longer
        than the screen (a letter is often 40 lines), else printed."""
        from rich.text import Text

        if len(text.splitlines()) > self.screen.height - 4:
            with self.screen.pager(french_pager(), styles=False):
                self.screen.print(Text(text))
        else:
            self.screen.print(Text(text))

    def tally(self, result: Outcome, conversation: dict[str, Answer]) -> None:
        """The whole anonymous line on one screen, with its defaults and what the answers
        already say; the duration is measured."""

        derived = derived_tally_fields(conversation)
        line = Line(
            lieu=self.config.lieu,
            procedures=[
                Procedure(r.checklist.id, r.checklist.theme, r.checklist.titre)
                for r in result.procedures
            ],
            issues={
                r.checklist.id: default_issue(
                    (s.texte for s in r.steps if not s.attention), self.done
                )
                for r in result.procedures
            },
            fields={n: derived.get(n, DEFAULTS[n]) for n in ASKED_FIELDS},
            derived=derived,
            editable=ASKED_FIELDS,
        )
        entry = edit_line(
            self.prompter, self.screen, line, lambda: (time.monotonic() - self.started) / 60
        )
        if entry is None:
            self.screen.print("Rien n'a été noté au registre.", style="yellow")
            return

        said = save_line(self.paths.tally_file, entry)
        kept = not said.endswith("Séance notée au registre anonyme.")  # in the pending folder
        self.screen.print(said, style="yellow" if kept else "green", markup=False)

    def kept(self, path: Path) -> None:
        """A document written where it stays (--sortie), said if the session is interrupted."""
        if self.options.output is not None:
            note_saved(str(path))
