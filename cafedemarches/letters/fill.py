"""Filling a letter: ask each field through a Prompter, or take checked values, then print.

`fill_letter_interactively` is what the guided session calls for a suggested letter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches.errors import StepBack
from cafedemarches.files import Existing
from cafedemarches.letters.template import fill_letter, plain_text
from cafedemarches.letters.values import check_value, prompt_validator
from cafedemarches.render import letter as render_letter

if TYPE_CHECKING:
    from cafedemarches.content.models import Letter, LetterField
    from cafedemarches.letters.template import FilledLetter
    from cafedemarches.session.prompter import Prompter

Preview = Callable[[str], None]


# Said once, before the first field of a letter: Enter never blocks, Escape goes back.
FILL_RULES = (
    "Entrée sans rien écrire : le champ reste en pointillés sur la lettre, à remplir à la "
    "main (un champ facultatif est simplement passé). Échap : revenir au champ d'avant."
)


def field_question(field: LetterField) -> str:
    """The question of one field: its label, « (facultatif) », and « : » unless it asks."""
    text = field.libelle + (" (facultatif)" if field.facultatif else "")
    return text if text.endswith("?") else f"{text} :"


def field_help(field: LetterField) -> str | None:
    parts = [p for p in (field.aide, f"Par exemple : {field.exemple}" if field.exemple else None)]
    if field.type == "date":
        parts.append("Date au format 02/11/2026 ou « 2 novembre 2026 ».")
    text = "\n".join(p for p in parts if p)
    return text or None


def ask_values(
    letter: Letter, prompter: Prompter, previous: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Ask every field of `letter`, each checked as it is typed; the values as printed (an
    empty one is a dotted line to fill by hand). Escape goes back to the field before."""
    values: dict[str, str] = dict(previous or {})
    index = 0
    while index < len(letter.champs):
        field = letter.champs[index]
        try:
            raw = prompter.text(
                field_question(field),
                validate=prompt_validator(field),
                default=values.get(field.id, ""),
                help=field_help(field),
                multiline=field.type == "paragraphe",
                back=True,
                blank="champ passé" if field.facultatif else "à remplir à la main sur la lettre",
            )
        except StepBack:
            index = max(index - 1, 0)
            continue
        value, _ = check_value(field, raw)
        values[field.id] = value or ""
        index += 1
    return {f.id: values.get(f.id, "") for f in letter.champs}


def filled_letter(
    letter: Letter, values: Mapping[str, str] | None, today: dt.date | None = None
) -> FilledLetter:
    return fill_letter(letter, values, today=today)


def letter_preview(letter: Letter, values: Mapping[str, str], today: dt.date | None = None) -> str:
    """The filled letter as the screen shows it, a blank as « [à remplir à la main : …] »."""
    return plain_text(fill_letter(letter, values, today=today, on_screen=True))


def write_letter(
    letter: Letter,
    values: Mapping[str, str] | None,
    target: Path,
    *,
    today: dt.date | None = None,
    large_print: bool = False,
    existing: Existing = "refuse",
) -> Path:
    """Print `letter` filled with `values` (or blank when None) to the PDF `target`; the path
    written (another one with `existing="next"`)."""
    return render_letter.write_letter_pdf(
        filled_letter(letter, values, today), target, large_print=large_print, existing=existing
    )


AFTER_NO: list[tuple[str, str]] = [
    ("corriger", "Corriger les champs (ce qui est écrit reste proposé)"),
    ("abandonner", "Abandonner ce courrier : rien n'en est gardé"),
]


def ask_letter(
    letter: Letter, prompter: Prompter, say: Preview, today: dt.date | None = None
) -> dict[str, str] | None:
    """The rules once, every field, the preview, then « Créer le PDF ? »; « Non » offers to
    correct the fields or to give the letter up (None): a letter started by mistake is no
    dead end either."""
    say(FILL_RULES)
    values = ask_values(letter, prompter)
    while True:
        say(letter_preview(letter, values, today))
        if prompter.confirm("Créer le PDF de cette lettre ?", default=True):
            return values
        if prompter.select("Que faire ?", AFTER_NO, default="corriger") == "abandonner":
            return None
        values = ask_values(letter, prompter, previous=values)


def fill_letter_interactively(
    letter: Letter,
    prompter: Prompter,
    folder: Path,
    *,
    preview: Preview | None = None,
    today: dt.date | None = None,
    large_print: bool = False,
    existing: Existing = "replace",
) -> Path | None:
    """Ask the fields, show the filled text, and print the PDF into `folder`; its path, or
    None when the volunteer gives the letter up.

    `folder` should be a private folder (see `render.private.private_output_dir`) whose
    owner removes it. Nothing typed is kept anywhere else.
    """

    values = ask_letter(letter, prompter, preview or (lambda _: None), today)
    if values is None:
        return None
    return render_letter.write_letter_pdf(
        filled_letter(letter, values, today),
        folder / f"{letter.id}.pdf",
        large_print=large_print,
        existing=existing,
    )
