"""The shared letter layout: a filled (or blank) letter as one HTML document, then a PDF."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cafedemarches.content.templates import letter_environment
from cafedemarches.files import Existing
from cafedemarches.render.pdf import render_pdf

if TYPE_CHECKING:
    from cafedemarches.letters.template import FilledLetter

TEMPLATE = Path(__file__).resolve().parent / "templates" / "lettre.html"


@cache
def _layout() -> Any:
    return letter_environment().from_string(TEMPLATE.read_text(encoding="utf-8"))


def letter_kind(filled: FilledLetter) -> str:
    """« vierge » (every field by hand), « à compléter » (some), or « remplie »."""
    if filled.is_blank:
        return "vierge"
    return "à compléter" if filled.blanks else "remplie"


def letter_title(filled: FilledLetter) -> str:
    return f"{filled.letter.titre} (lettre {letter_kind(filled)})"


def letter_model(filled: FilledLetter) -> str:
    """Which model, checked when: in the PDF's properties, not on the page (the letter is the
    person's own, sent to an administration: no technical footer)."""
    letter = filled.letter
    return f"Modèle « {letter.id} » vérifié le {letter.verifie_le:%d/%m/%Y} (cafedemarches)"


def letter_html(filled: FilledLetter, *, large_print: bool = False) -> str:
    """The whole HTML document of a letter (values already escaped in `filled`).

    `large_print` sets the text 1.5 times larger (the addressee block keeps its size, for the
    envelope window)."""
    return str(
        _layout().render(
            filled=filled,
            kind={"vierge": "vierge", "à compléter": "a-completer"}.get(
                letter_kind(filled), "remplie"
            ),
            title=letter_title(filled),
            large_print=large_print,
        )
    )


def write_letter_pdf(
    filled: FilledLetter, target: Path, *, large_print: bool = False, existing: Existing = "refuse"
) -> Path:
    """Lay out and print `filled` to `target` (a PDF/UA-1 file); the path written."""

    return render_pdf(
        letter_html(filled, large_print=large_print),
        target,
        title=letter_title(filled),
        subject=letter_model(filled),
        existing=existing,
    )
