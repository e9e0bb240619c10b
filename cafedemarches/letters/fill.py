"""Filling a letter: ask each field through a Prompter, or take checked values, then print.

`fill_letter_interactively` is what the guided session calls for a suggested letter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches.files import Existing
from cafedemarches.letters.template import fill_letter, plain_text
from cafedemarches.letters.values import check_value, prompt_validator
from cafedemarches.render import letter as render_letter

if TYPE_CHECKING:
    from cafedemarches.content.models import Letter, LetterField
    from cafedemarches.letters.template import FilledLetter
    from cafedemarches.session.prompter import Prompter

Preview = Callable[[str], None]


def field_question(field: LetterField) -> str:
    suffix = " (facultatif, Entrée pour passer)" if field.facultatif else ""
    colon = "" if field.libelle.endswith("?") and not suffix else " :"  # never « ? : »
    return f"{field.libelle}{suffix}{colon}"


def field_help(field: LetterField) -> str | None:
    parts = [p for p in (field.aide, f"Par exemple : {field.exemple}" if field.exemple else None)]
    if field.type == "date":
        parts.append("Date au format 02/11/2026 ou « 2 novembre 2026 ».")
    text = "\n".join(p for p in parts if p)
    return text or None


def ask_values(
    letter: Letter, prompter: Prompter, previous: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Ask every field of `letter`, each checked as it is typed; the values as printed."""
    values: dict[str, str] = {}
    for field in letter.champs:
        raw = prompter.text(
            field_question(field),
            validate=prompt_validator(field),
            default=(previous or {}).get(field.id, ""),
            help=field_help(field),
            multiline=field.type == "paragraphe",
        )
        value, _ = check_value(field, raw)
        values[field.id] = value or ""
    return values


def filled_letter(
    letter: Letter, values: Mapping[str, str] | None, today: dt.date | None = None
) -> FilledLetter:
    return fill_letter(letter, values, today=today)


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


def fill_letter_interactively(
    letter: Letter,
    prompter: Prompter,
    folder: Path,
    *,
    preview: Preview | None = None,
    today: dt.date | None = None,
    large_print: bool = False,
    existing: Existing = "replace",
) -> Path:
    """Ask the fields, show the filled text, and print the PDF into `folder`; its path.

    `folder` should be a private folder (see `render.private.private_output_dir`) whose
    owner removes it. Nothing typed is kept anywhere else.
    """

    values = ask_values(letter, prompter)
    while True:
        filled = filled_letter(letter, values, today)
        if preview is not None:
            preview(plain_text(filled))
        if prompter.confirm("Créer le PDF de cette lettre ?", default=True):
            break
        values = ask_values(letter, prompter, previous=values)

    return render_letter.write_letter_pdf(
        filled, folder / f"{letter.id}.pdf", large_print=large_print, existing=existing
    )
