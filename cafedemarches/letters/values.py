"""The values typed into a letter: one check for the keyboard and for a values file.

Values are personal data. They live in memory only, and no message built here repeats one:
a problem names the field, never what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, create_model

from cafedemarches.content.validation import validate_model
from cafedemarches.content.yamlfile import read_yaml
from cafedemarches.dates import french_date
from cafedemarches.errors import Problem, ProblemsError
from cafedemarches.letters.dates import DateError, parse_date
from cafedemarches.text import hidden_error

if TYPE_CHECKING:
    from cafedemarches.content.models import Letter, LetterField

MAX_LENGTH = {"texte": 300, "nombre": 40, "date": 40, "paragraphe": 4000}

# Bidi embeddings, overrides and isolates could make a value reorder the rest of the letter.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_NUMBER = re.compile(r"^-?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*(?:[,.]\d+)?$|^-?\d+(?:[,.]\d+)?$")


def clean_text(value: str) -> str:
    """Keep what a person can read: no control characters, no bidi overrides, \\n line ends."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_BIDI_CONTROLS)
    return "".join(
        c
        if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs", "Co", "Cn")
        else "\N{REPLACEMENT CHARACTER}"
        for c in value
    ).strip()


def check_value(field: LetterField, raw: str) -> tuple[str | None, str | None]:
    """The value as the letter prints it, or the French reason it is refused (never both).

    An empty value is always accepted: an optional field is left out of the letter, another
    one is printed as a dotted line for the person to fill by hand (`letters.template`)."""
    hidden = hidden_error(raw)
    if hidden:
        return None, f"contient {hidden} ; retapez la valeur sans lui."
    text = clean_text(raw)
    if not text:  # left out (optional), or left for the person to fill by hand (the others)
        return "", None
    limit = MAX_LENGTH[field.type]
    if len(text) > limit:
        return None, f"trop long ({len(text)} caractères, {limit} au plus)."
    if field.type == "date":
        try:
            return french_date(parse_date(text)), None
        except DateError as exc:
            return None, str(exc)
    if field.type == "nombre" and not _NUMBER.match(text):
        return None, "tapez un nombre en chiffres (par exemple 450 ou 450,50)."
    if field.type != "paragraphe":
        text = " ".join(text.split()) if field.type != "texte" else text
    if field.motif is not None and not re.search(field.motif, text):
        example = f" (par exemple {field.exemple})" if field.exemple else ""
        return None, f"n'a pas la forme attendue{example}."
    return text, None


def prompt_validator(field: LetterField) -> Callable[[str], str | None]:
    """For the Prompter: refuse a typed value with a French sentence, as you type."""

    def validate(raw: str) -> str | None:
        error = check_value(field, raw)[1]
        return None if error is None else error[0].upper() + error[1:]

    return validate


def _as_text(value: object) -> str | None:
    """A YAML scalar as text; None when it is not one (a list, a mapping, oui/non)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, int | float | str):
        return str(value)
    return None


class LetterValues(BaseModel):
    """A values file: one optional key per field of the letter (added by `values_model`),
    any other key refused."""

    model_config = ConfigDict(extra="forbid")


def _checker(field: LetterField) -> Any:
    """The check of one field's value: the keyboard's own (`check_value`)."""

    def check(raw: object) -> str:
        if raw is None:  # « champ: » with no value: left out, or left blank to fill by hand
            return ""
        text = _as_text(raw)
        if text is None:
            raise ValueError("écrivez une seule valeur, du texte.")
        value, error = check_value(field, text)
        if error is not None or value is None:
            raise ValueError(f"({field.libelle}) {error}")
        return value

    return AfterValidator(check)


def values_model(letter: Letter) -> type[LetterValues]:
    """The model of a values file for `letter`: its fields depend on the letter, so the model
    is `LetterValues` extended with them."""
    fields: dict[str, Any] = {
        f.id: (Annotated[object, _checker(f)] | None, None) for f in letter.champs
    }
    return create_model(f"Valeurs_{letter.id}", __base__=LetterValues, **fields)


def read_values_file(path: Path, letter: Letter) -> dict[str, str]:
    """Read `{champ: valeur}` from YAML; every problem at once, as a ProblemsError, each with
    its line (missing fields are named without one)."""

    doc = read_yaml(path)
    model, problems = validate_model(doc, values_model(letter))
    data = doc.data if isinstance(doc.data, dict) else {}
    for field in letter.champs:
        if field.id not in data and not field.facultatif and isinstance(doc.data, dict):
            problems.append(
                Problem(
                    f"champ obligatoire absent : « {field.id} » ({field.libelle}) ; pour le "
                    f"laisser en pointillés, à remplir à la main, écrivez « {field.id}: » "
                    "sans valeur.",
                    path,
                )
            )
    if problems:
        count = len(problems)
        summary = f"Le fichier de valeurs {path} a {count} problème{'s' if count > 1 else ''} :"
        raise ProblemsError(problems, summary, "Corrigez le fichier puis relancez la commande.")
    assert model is not None
    given = model.model_dump()
    return {f.id: given.get(f.id) or "" for f in letter.champs}
