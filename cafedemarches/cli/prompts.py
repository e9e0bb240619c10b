"""The real Prompter, on questionary. Imported only by commands that ask something."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from cafedemarches.errors import UserError
from cafedemarches.session.prompter import Choice, Prompter, Validator

HELP_VALUE = "\0aide"
HELP_LABEL = "? Afficher l'aide"

# The questions for the anonymous tally, one wording for `accueil` and `registre ajouter`.
TALLY_QUESTIONS = {
    "duree": "Combien de temps a duré la séance ?",
    "orientation": "Vers qui la personne a-t-elle été orientée ?",
    "autonomie": "Son autonomie avec le numérique ?",
    "premiere_visite": "Est-ce sa première visite au Café démarches ?",
    "tranche_age": "Sa tranche d'âge ?",
    "statut": "Sa situation ?",
}


class QuestionaryPrompter:
    """Asks through questionary; `**io` (input=, output=) lets tests drive it through a pipe."""

    def __init__(self, **io: Any) -> None:
        import questionary

        self._q = questionary
        install_french_summaries()
        self._io = io
        self._checkbox_style = questionary.Style(
            [("qmark", "fg:ansicyan bold"), ("question", "bold"), ("answer", "hidden"),
             ("pointer", "fg:ansicyan bold"), ("highlighted", "fg:ansicyan bold"),
             ("instruction", "fg:ansibrightblack")]
        )  # fmt: skip
        self._style = questionary.Style(
            [
                ("qmark", "fg:ansicyan bold"),
                ("question", "bold"),
                ("answer", "fg:ansigreen bold"),
                ("pointer", "fg:ansicyan bold"),
                ("highlighted", "fg:ansicyan bold"),
                ("instruction", "fg:ansibrightblack"),
            ]
        )

    def _echo(self, text: str) -> None:
        from rich.console import Console

        Console(highlight=False).print(text, markup=False, style="green")

    def _show_help(self, help: str) -> None:
        from rich.console import Console
        from rich.panel import Panel

        Console(highlight=False).print(Panel(help, title="Aide", border_style="cyan"), markup=False)

    def select(
        self,
        message: str,
        choices: Sequence[Choice],
        *,
        default: str | None = None,
        help: str | None = None,
        filter: bool = False,
    ) -> str:
        q = self._q
        options = [q.Choice(title=label, value=value) for value, label in choices]
        if help:
            options.append(q.Choice(title=HELP_LABEL, value=HELP_VALUE))
        instruction = "(flèches, Entrée" + (", tapez pour filtrer)" if filter else ")")
        while True:
            answer = q.select(
                message,
                choices=options,
                default=default if default else None,
                use_search_filter=filter,
                use_jk_keys=not filter,
                instruction=instruction,
                style=self._style,
                qmark="›",
                **self._io,
            ).unsafe_ask()
            if answer != HELP_VALUE:
                return str(answer)
            self._show_help(help or "")

    def checkbox(
        self,
        message: str,
        choices: Sequence[Choice],
        *,
        checked: Sequence[str] = (),
        help: str | None = None,
    ) -> list[str]:
        q = self._q
        if help:
            self._show_help(help)
        options = [
            q.Choice(title=label, value=value, checked=value in checked) for value, label in choices
        ]
        # questionary's summary of the ticked boxes (put in French) is hidden: ours, with the
        # labels, is printed after.
        question = q.checkbox(
            message,
            choices=options,
            style=self._checkbox_style,
            qmark="›",
            instruction="(Espace pour cocher, Entrée pour valider)",
            **self._io,
        )
        answer = question.unsafe_ask()
        picked = [str(a) for a in answer]
        labels = dict(choices)
        summary = ", ".join(labels[p] for p in picked) if picked else "aucune"
        self._echo(f"  → {summary}")
        return picked

    def confirm(self, message: str, *, default: bool = True, help: str | None = None) -> bool:
        choices: list[Choice] = [("oui", "Oui"), ("non", "Non")]
        return (
            self.select(message, choices, default="oui" if default else "non", help=help) == "oui"
        )

    def text(
        self,
        message: str,
        *,
        validate: Validator | None = None,
        default: str = "",
        help: str | None = None,
        multiline: bool = False,
    ) -> str:
        def check(value: str) -> bool | str:
            if help and value.strip() == "?":
                return True
            if validate is None:
                return True
            error = validate(value)
            return True if error is None else error

        suffix = " (? pour l'aide)" if help else ""
        # Our own instruction: questionary's default one is English (and names Alt+Enter).
        instruction = MULTILINE_INSTRUCTION if multiline else None
        while True:
            answer = self._q.text(
                message + suffix,
                default=default,
                validate=check,
                multiline=multiline,
                instruction=instruction,
                style=self._style,
                qmark="›",
                **self._io,
            ).unsafe_ask()
            if help and answer.strip() == "?":
                self._show_help(help)
                continue
            return str(answer)

    def number(
        self,
        message: str,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        help: str | None = None,
        default: int | None = None,
    ) -> int:
        def validate(value: str) -> str | None:
            return number_error(value, minimum, maximum)

        text = self.text(
            message, validate=validate, help=help, default="" if default is None else str(default)
        )
        return int(text.strip())


MULTILINE_INSTRUCTION = "(Échap puis Entrée pour finir)\n›"


def _french_summary(text: str) -> str:
    import re

    if text == "done":
        return "aucune case cochée"
    match = re.fullmatch(r"done \((\d+) selections\)", text)
    return f"{match.group(1)} cases cochées" if match else text


def install_french_summaries() -> None:
    """questionary writes its checkbox summary in English (« done », « done (3 selections) »):
    every prompt's tokens go through `_french_summary` (its layout is made in one place)."""
    from questionary.prompts import common

    made = common.create_inquirer_layout
    if getattr(made, "french", False):
        return

    def create_inquirer_layout(ic: Any, get_prompt_tokens: Any, **kwargs: Any) -> Any:
        def tokens() -> Any:
            return [
                (style, _french_summary(text)) if style == "class:answer" else (style, text)
                for style, text in get_prompt_tokens()
            ]

        return made(ic, tokens, **kwargs)

    create_inquirer_layout.french = True  # type: ignore[attr-defined]
    common.create_inquirer_layout = create_inquirer_layout


def number_error(value: str, minimum: int | None, maximum: int | None) -> str | None:
    """The French reason a typed number is refused, or None."""
    text = value.strip()
    if not text.lstrip("-").isdigit():
        return "Tapez un nombre entier, en chiffres (par exemple 3)."
    number = int(text)
    if minimum is not None and number < minimum:
        return f"Le nombre doit être au moins {minimum}."
    if maximum is not None and number > maximum:
        return f"Le nombre doit être au plus {maximum}."
    return None


def interactive_prompter() -> Prompter:
    """The prompter for a person at a terminal; refuses clearly when there is no terminal."""
    if not sys.stdin.isatty():
        raise UserError(
            "Pas de terminal pour poser les questions (l'entrée n'est pas un clavier).",
            "Lancez la commande dans un terminal, ou donnez un fichier de réponses "
            "(--reponses pour accueil, --valeurs pour lettres remplir).",
        )
    return QuestionaryPrompter()


# Tests replace this factory to inject a ScriptedPrompter.
make_prompter = interactive_prompter
