"""The real Prompter, on questionary. Imported only by commands that ask something."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cafedemarches.errors import StepBack, UserError
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

    def _width(self) -> int:
        """The screen's width: the given output's (tests), else the terminal's."""
        output = self._io.get("output")
        if output is not None:
            return int(output.get_size().columns)
        import shutil

        return shutil.get_terminal_size((80, 24)).columns

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
        width = self._width()
        options = [
            q.Choice(title=wrap_words(label, width, SELECT_MARGIN), value=value)
            for value, label in choices
        ]
        if help:
            options.append(q.Choice(title=HELP_LABEL, value=HELP_VALUE))
        instruction = _whole("(flèches, Entrée" + (", tapez pour filtrer)" if filter else ")"))
        while True:
            question = q.select(
                message,
                choices=options,
                default=default if default else None,
                use_search_filter=filter,
                use_jk_keys=not filter,
                instruction=instruction,
                style=self._style,
                qmark="›",
                **self._io,
            )
            if help:
                _help_on_question_mark(question)
            answer = _ask(question)
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
        descriptions: Mapping[str, str] | None = None,
    ) -> list[str]:
        q = self._q
        if help:
            self._show_help(help)
        width = self._width()
        options = [
            q.Choice(
                title=wrap_words(label, width, CHECKBOX_MARGIN),
                value=value,
                checked=value in checked,
                # under the list, for the choice the cursor is on, wrapped like the labels
                description=wrap_words(descriptions[value], width, 2)
                if descriptions and value in descriptions
                else None,
            )
            for value, label in choices
        ]
        # questionary's summary of the ticked boxes (put in French) is hidden: ours, with the
        # labels, is printed after.
        question = q.checkbox(
            message,
            choices=options,
            style=self._checkbox_style,
            qmark="›",
            instruction=_whole("(Espace pour cocher, Entrée pour valider)"),
            **self._io,
        )
        answer = _ask(question)
        picked = [str(a) for a in answer]
        labels = dict(choices)
        summary = ", ".join(labels[p] for p in picked) if picked else "aucune"
        if len(picked) == len(choices) > 2:  # a long list all ticked: not every label again
            summary = f"toutes les {len(picked)}"
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
        back: bool = False,
        blank: str | None = None,
    ) -> str:
        def check(value: str) -> bool | str:
            if help and value.strip() == "?":
                return True
            if validate is None:
                return True
            error = validate(value)
            return True if error is None else error

        suffix = " " + _whole("(? pour l'aide)") if help else ""
        # Our own instruction: questionary's default one is English (and names Alt+Enter).
        instruction = MULTILINE_INSTRUCTION if multiline else None
        # Broken between words (« › » and a space come first), with room left for the answer.
        shown = wrap_words(message + suffix, self._width() - ANSWER_ROOM, 2, indent=2)
        while True:
            question = self._q.text(
                shown,
                default=default,
                validate=check,
                multiline=multiline,
                instruction=instruction,
                style=self._style,
                qmark="›",
                **self._io,
            )
            _text_keys(question, multiline=multiline, back=back)
            answer = _ask(question)
            if help and answer.strip() == "?":
                self._show_help(help)
                continue
            if blank and not answer.strip():
                self._echo(f"  → {blank}")  # the answer's line alone would show nothing
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


# The one rule of a text of several lines: Enter goes to a new line, Enter on an empty line
# (or in an empty text) ends it.
MULTILINE_INSTRUCTION = "(Entrée sur une ligne vide pour finir)\n›"

# Columns before a choice's label: « » » and spaces (a list), plus « ○ » (a checkbox).
SELECT_MARGIN = 3
CHECKBOX_MARGIN = 5
ANSWER_ROOM = 12  # a typed answer starts on the prompt's last line: keep it room


def wrap_words(text: str, width: int, start: int = 0, *, indent: int | None = None) -> str:
    """`text` with line breaks between words so that no line passes `width` columns, the first
    line starting at column `start`, the others indented by `indent` spaces (default: `start`).
    Our texts never break in the middle of a word (prompt_toolkit would cut anywhere)."""
    return "".join(t for _, t in wrap_tokens([("", text)], width, start, indent=indent))


def wrap_tokens(
    tokens: Sequence[tuple[str, str]], width: int, start: int = 0, *, indent: int | None = None
) -> list[tuple[str, str]]:
    """Formatted text (style, text) wrapped between words, like `wrap_words`; a word longer
    than a line is left whole."""
    from prompt_toolkit.utils import get_cwidth

    indent = start if indent is None else indent
    text = "".join(t for _, t in tokens)
    breaks: set[int] = set()
    column, space = start, None
    for index, char in enumerate(text):
        if char == "\n":
            column, space = 0, None
            continue
        size = get_cwidth(char)
        if char != " " and column + size > width and space is not None:
            breaks.add(space)
            column = indent + sum(get_cwidth(c) for c in text[space + 1 : index])
            space = None
        if char == " " and not _glued(text, index):
            space = index
        column += size
    if not breaks:
        return list(tokens)
    wrapped: list[tuple[str, str]] = []
    offset = 0
    for style, part in tokens:
        pieces = ["\n" + " " * indent if offset + i in breaks else c for i, c in enumerate(part)]
        wrapped.append((style, "".join(pieces)))
        offset += len(part)
    return wrapped


def _glued(text: str, index: int) -> bool:
    """A space that French typography keeps with its neighbour (« ? », « : », « « … » »)."""
    after = text[index + 1 : index + 2]
    before = text[index - 1 : index] if index else ""
    return after in {"?", "!", ":", ";", "»"} or before == "«"


def _whole(text: str) -> str:
    """An instruction kept on one line: its spaces become non-breaking ones."""
    return text.replace(" ", "\u00a0")


def _help_on_question_mark(question: Any) -> None:
    """Typing « ? » in a list with help shows the help, like choosing « ? Afficher l'aide »."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()

    @bindings.add("?", eager=True)
    def _(event: Any) -> None:
        event.app.exit(result=HELP_VALUE)

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings])


def _text_keys(question: Any, *, multiline: bool, back: bool) -> None:
    """Enter in a text of several lines ends it on an empty line (a new line otherwise);
    Escape, with `back`, leaves the question with `StepBack`."""
    if not multiline and not back:
        return
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()
    if multiline:

        @bindings.add("enter")
        def end_on_empty_line(event: Any) -> None:
            buffer = event.current_buffer
            asks_help = buffer.text.strip() == "?"  # « ? pour l'aide », in one Enter too
            if not asks_help and (
                buffer.document.current_line.strip() or buffer.document.text_after_cursor
            ):
                buffer.newline(copy_margin=False)
                return
            buffer.text = buffer.text.rstrip()
            buffer.validate_and_handle()

    if back:

        @bindings.add("escape", eager=True)
        def go_back(event: Any) -> None:
            event.app.exit(exception=StepBack, style="class:aborting")

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings])


def _ask(question: Any) -> Any:
    """The answer. While a question waits, prompt_toolkit takes SIGINT for itself and turns it
    into a `<sigint>` key that lists and checkboxes ignore: an external `kill -INT` then did
    nothing. Bound here like Ctrl-C, it ends the session the same way."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()

    @bindings.add(Keys.SIGINT, eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings])
    return question.unsafe_ask()


def _french_summary(text: str) -> str:
    import re

    if text == "done":
        return "aucune case cochée"
    match = re.fullmatch(r"done \((\d+) selections\)", text)
    if match is None:
        return text
    n = int(match.group(1))
    return "1 case cochée" if n == 1 else f"{n} cases cochées"


def install_french_summaries() -> None:
    """questionary writes its checkbox summary in English (« done », « done (3 selections) »):
    every list's question line goes through `_french_summary` and is wrapped between words
    (its layout is made in one place)."""
    from questionary.prompts import common

    made = common.create_inquirer_layout
    if getattr(made, "french", False):
        return

    def create_inquirer_layout(ic: Any, get_prompt_tokens: Any, **kwargs: Any) -> Any:
        from prompt_toolkit.application import get_app

        def tokens() -> Any:
            french = [
                (style, _french_summary(text)) if style == "class:answer" else (style, text)
                for style, text in get_prompt_tokens()
            ]
            # Between words, at the screen's width now (the window may have been resized).
            return wrap_tokens(french, get_app().output.get_size().columns, indent=2)

        return made(ic, tokens, **kwargs)

    create_inquirer_layout.french = True  # type: ignore[attr-defined]
    common.create_inquirer_layout = create_inquirer_layout

    # A choice's description is shown under the list after the English « Description: »:
    # on its own line here, without the word.
    choice_tokens = common.InquirerControl._get_choice_tokens

    def french_choice_tokens(self: Any) -> Any:
        return [
            (style, "\n  " + text.removeprefix("  Description: "))
            if style == "class:text" and text.startswith("  Description: ")
            else (style, text)
            for style, text in choice_tokens(self)  # type: ignore[no-untyped-call]
        ]

    common.InquirerControl._get_choice_tokens = french_choice_tokens  # type: ignore[method-assign]


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


def interactive_prompter(interactive: bool) -> Prompter:
    """The prompter for a person at a terminal (`interactive`: `cli.run.Run.interactive`);
    refuses clearly when there is no terminal."""
    if not interactive:
        raise UserError(
            "Pas de terminal pour poser les questions (l'entrée n'est pas un clavier).",
            "Lancez la commande dans un terminal, ou donnez un fichier de réponses "
            "(--reponses pour accueil, --valeurs pour lettres remplir).",
        )
    return QuestionaryPrompter()
