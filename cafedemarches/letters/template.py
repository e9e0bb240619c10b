"""Filling a letter's texts: each is read by `content.templates.read_template`, the sandbox
that `demarches verifier` checks them with (autoescaping on, a missing name is an error). A
value is always text: HTML, `{{ … }}`, CSS or a URL typed by someone comes out on paper exactly
as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cafedemarches.content.templates import read_template
from cafedemarches.dates import french_date

if TYPE_CHECKING:
    from markupsafe import Markup

    from cafedemarches.content.models import Letter, LetterField

# A text blank is about 100 mm long: room for a handwritten address (render/assets/lettre.css).
BLANK_DOTS = {"texte": 75, "nombre": 20, "date": 0, "paragraphe": 130}
PARAGRAPH_LINES = 5


def fill_text(text: str, context: Mapping[str, object]) -> Markup:
    """One letter text filled with values: safe HTML where every value is escaped."""
    from markupsafe import Markup

    # Autoescaped output of a template whose literal text was escaped too (read_template).
    return Markup(read_template(text).compiled.render(context).strip())  # noqa: S704


def blank_value(field: LetterField, number: int) -> Markup:
    """A dotted line to write on by hand, numbered like the guide printed under the letter."""
    from markupsafe import Markup

    if field.type == "date":
        dots = "...... / ...... / ............"
    elif field.type == "paragraphe":
        dots = "\n".join(["." * BLANK_DOTS["paragraphe"]] * PARAGRAPH_LINES)
    else:
        dots = "." * BLANK_DOTS[field.type]
    mark = f'<sup class="renvoi">({number})</sup>'
    if field.type == "paragraphe":
        return Markup(f'{mark}<span class="a-remplir-bloc">{dots}</span>')  # noqa: S704 (our text)
    return Markup(f'<span class="a-remplir">{dots}</span>{mark}')  # noqa: S704 (our text)


@dataclass(frozen=True)
class Blank:
    number: int
    label: str
    help: str | None
    example: str | None


@dataclass(frozen=True)
class FilledLetter:
    """A letter's texts, ready for the layout (safe HTML: values are already escaped)."""

    letter: Letter
    sender: Markup
    addressee: Markup
    place_and_date: Markup
    mode: Markup | None
    subject: Markup
    body: list[Markup]
    signature: Markup
    attachments: list[Markup]
    warning: Markup | None
    blanks: list[Blank] = field(default_factory=list)

    @property
    def is_blank(self) -> bool:
        """Every field is a dotted line (`lettres remplir --vierge`)."""
        return len(self.blanks) == len(self.letter.champs)


def _sending_mode(letter: Letter, context: Mapping[str, object]) -> Markup | None:
    """What the letter itself says about how it is sent: a registered letter, when it is one.

    `envoi` is advice for the person (how to send, keep a copy); only its first sentence is a
    mention printed on the letter, and only for registered letters.
    """
    if not letter.envoi:
        return None
    first = fill_text(letter.envoi, context).split(". ")[0].rstrip(".")
    return first if "recommandée" in first.lower() else None


def screen_blank(field: LetterField) -> Markup:
    """A blank as the preview on the screen shows it (the printed one is a dotted line)."""
    from markupsafe import escape

    return escape(f"[à remplir à la main : {field.libelle}]")


def left_blank(letter: Letter, values: Mapping[str, str]) -> list[LetterField]:
    """The fields printed as dotted lines: every one without a value, except the optional
    ones (left out of the letter)."""
    return [f for f in letter.champs if not values.get(f.id) and not f.facultatif]


def fill_letter(
    letter: Letter,
    values: Mapping[str, str] | None,
    *,
    today: dt.date | None = None,
    on_screen: bool = False,
) -> FilledLetter:
    """Fill every text of `letter`; with `values=None`, a blank letter with dotted lines. A
    field left empty without being optional is a dotted line too, numbered in the guide
    printed under the letter (`on_screen`: a mark for the preview instead)."""
    from markupsafe import Markup, escape

    blanks: list[Blank] = []
    context: dict[str, object]
    if values is None:
        context = {}
        for number, f in enumerate(letter.champs, start=1):
            context[f.id] = screen_blank(f) if on_screen else blank_value(f, number)
            blanks.append(Blank(number, f.libelle, f.aide, f.exemple))
        date_text: Markup = blank_value_date()
    else:
        context = {f.id: values.get(f.id, "") for f in letter.champs}
        for number, f in enumerate(left_blank(letter, values), start=1):
            context[f.id] = screen_blank(f) if on_screen else blank_value(f, number)
            blanks.append(Blank(number, f.libelle, f.aide, f.exemple))
        date_text = escape(french_date(today or dt.date.today()))
    place = fill_text(letter.fait_a, context) if letter.fait_a else None
    if place:
        place_and_date = Markup("À {}, le {}").format(place, date_text)
    else:
        place_and_date = Markup("Le {}").format(date_text)
    body = [p.strip() for p in fill_text(letter.corps, context).split("\n\n") if p.strip()]
    return FilledLetter(
        letter=letter,
        sender=fill_text(letter.expediteur, context),
        addressee=fill_text(letter.destinataire, context),
        place_and_date=place_and_date,
        mode=_sending_mode(letter, context),
        subject=fill_text(letter.objet, context),
        body=body,
        signature=fill_text(letter.signature, context),
        attachments=[fill_text(item, context) for item in letter.pieces_jointes],
        warning=fill_text(letter.avertissement, context) if letter.avertissement else None,
        blanks=blanks,
    )


def blank_value_date() -> Markup:
    from markupsafe import Markup

    return Markup('<span class="a-remplir">...... / ...... / ............</span>')


def plain_text(filled: FilledLetter) -> str:
    """The filled letter as plain text, for the preview in the terminal."""
    parts = [
        filled.sender.unescape(),
        "",
        "\t" + filled.addressee.unescape().replace("\n", "\n\t"),
        "",
        filled.place_and_date.unescape(),
    ]
    if filled.mode:
        parts.append(filled.mode.unescape())
    parts += ["", "Objet : " + filled.subject.unescape(), ""]
    parts += [p.unescape() + "\n" for p in filled.body]
    parts.append(filled.signature.unescape())
    if filled.attachments:
        parts += ["", "Pièces jointes :"] + ["- " + a.unescape() for a in filled.attachments]
    if filled.warning:
        parts += ["", filled.warning.unescape()]
    return "\n".join(parts)
