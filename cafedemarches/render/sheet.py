"""The person's take-away sheet (« Vos démarches »): what to do first, the papers to gather,
then the other steps, the letters and where to get help; in French, and optionally with each
block also in the person's language (`SheetLanguage`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cafedemarches import __version__
from cafedemarches.content.models import Amount, Checklist, Letter, Step
from cafedemarches.content.translations import (
    CATALOGUE,
    FRENCH_ONLY_FR,
    LETTERS,
    NOT_REVIEWED_FR,
    SHEET,
    SHEET_TEXTS,
    SheetLanguage,
    step_key,
)
from cafedemarches.dates import french_date
from cafedemarches.files import Existing
from cafedemarches.render.fonts import (
    ARABIC_FAMILY,
    CYRILLIC_FAMILY,
    font_face_css,
    script_font_faces,
)
from cafedemarches.render.pdf import render_pdf
from cafedemarches.session.engine import DocumentNeed, Outcome, ProcedureResult

if TYPE_CHECKING:
    from markupsafe import Markup

# Normal and large print (`--gros-caracteres`: 1.5 times the normal size).
NORMAL_SIZE_PT = 12.5
LARGE_SIZE_PT = 18.75


@cache
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("cafedemarches.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _qr_svg(url: str) -> Any:
    import segno
    from markupsafe import Markup

    svg = segno.make(url, error="m").svg_inline(
        scale=4, border=1, omitsize=True, title=f"QR code : {url}"
    )
    return Markup(svg)  # noqa: S704 - built by segno from a URL it encodes, never from HTML


@dataclass(frozen=True)
class StepView:
    step: Step
    done: bool
    procedure: str  # the checklist id, for the translation of this step


@dataclass(frozen=True)
class ProcedureView:
    result: ProcedureResult
    first: StepView | None  # the first step not done yet: printed under « D'abord »
    rest: tuple[StepView, ...]  # the other steps, done ones included (filled box)
    warnings: tuple[Step, ...]  # printed as warnings, never as boxes to tick


def procedure_views(outcome: Outcome, done: Collection[str]) -> list[ProcedureView]:
    """Each procedure's steps in reading order: first step, then the rest, warnings apart."""
    views = []
    for result in outcome.procedures:
        pid = result.checklist.id
        steps = [StepView(s, s.texte in done, pid) for s in result.steps if not s.attention]
        first = next((s for s in steps if not s.done), None)
        rest = tuple(s for s in steps if s is not first)
        warnings = tuple(s for s in result.steps if s.attention)
        views.append(ProcedureView(result, first, rest, warnings))
    return views


class Bilingual:
    """Turns a French text and its key into the HTML printed: the French, then (when there is
    one) the translation in its own block with its `lang` and `dir`."""

    def __init__(self, language: SheetLanguage | None) -> None:
        self.language = language
        self.missing = 0  # texts printed in French only (no usable translation)
        self.unreviewed = 0  # translations printed that no person has read yet

    def _lookup(self, source: str, key: str) -> str | None:
        if self.language is None:
            return None
        translated = self.language.text(source, key)
        if translated is None:
            self.missing += 1
        elif (source, key) in self.language.not_reviewed:
            self.unreviewed += 1
        return translated

    def __call__(self, source: str, key: str, french: str, *, block: bool = False) -> Markup:
        from markupsafe import escape

        return escape(french) + self.alone(source, key, block=block)

    def labelled(self, label: str, source: str, key: str, french: str) -> Markup:
        """« Quand : dès que possible », then « When: as soon as possible » when translated."""
        from markupsafe import escape

        fr = escape(f"{SHEET_TEXTS[label]} {french}")
        translated = self._lookup(source, key)
        if translated is None or self.language is None:
            return fr
        label_tr = self._lookup(SHEET, label) or SHEET_TEXTS[label]
        return fr + self._block(f"{label_tr} {translated}", block=False)

    def filled(
        self, key: str, values: Mapping[str, str], translated_values: Mapping[str, str]
    ) -> Markup:
        """A sentence of the sheet with its `{{ name }}` filled in, French then translated
        (dates written 01/04/2026 in the translation: no month name to translate)."""
        from markupsafe import escape

        fr = escape(_fill(SHEET_TEXTS[key], values))
        translated = self._lookup(SHEET, key)
        if translated is None:
            return fr
        return fr + self._block(_fill(translated, translated_values), block=False)

    def for_line(self, titles: list[str], ids: Mapping[str, str]) -> Markup:
        """« Pour : RSA, prime d'activité », then the same in the language."""
        from markupsafe import escape

        fr = escape(f"{SHEET_TEXTS['pour']} {', '.join(titles)}")
        if self.language is None:
            return fr
        label = self._lookup(SHEET, "pour") or SHEET_TEXTS["pour"]
        names = [self._lookup(ids[t], "titre") if t in ids else None for t in titles]
        shown = [n or t for n, t in zip(names, titles, strict=True)]
        return fr + self._block(
            f"{label} {'، '.join(shown) if self._rtl else ', '.join(shown)}", block=False
        )

    def amount(self, procedure: str, line: Mapping[str, Any]) -> Markup:
        """An amount, its value and its period, French then translated."""
        from markupsafe import Markup

        if line["perime"]:
            template = Markup("{} : {} — <strong>{}</strong>")
        else:
            template = Markup("{} : <strong>{}</strong> ({})")
        fr = template.format(line["libelle"], line["valeur"], line["periode"])
        if self.language is None:
            return fr
        key = f"montant.{line['id']}"
        label = self._lookup(procedure, f"{key}.libelle")
        value = self._lookup(procedure, f"{key}.valeur")
        period = self._lookup(SHEET, line["periode_cle"])
        if label is None or value is None or period is None:
            return fr
        period = _fill(period, line["dates"])
        lang = self.language.language
        return fr + Markup('<span class="tr" lang="{}" dir="{}">{}</span>').format(
            lang.code,
            lang.direction,
            template.format(self.isolate(label), self.isolate(value), self.isolate(period)),
        )

    @property
    def _rtl(self) -> bool:
        return self.language is not None and self.language.language.direction == "rtl"

    def document(self, need: DocumentNeed, notes: Mapping[str, tuple[str, str]]) -> Markup:
        """The translated line of a paper: its name (bold), validity and the procedures' notes;
        empty when the name has no translation. `notes` maps a French note to its key."""
        from markupsafe import Markup

        doc = need.document
        name = self._lookup(CATALOGUE, f"{doc.id}.nom")
        if name is None or self.language is None:
            return Markup("")
        line = Markup("<strong>{}</strong>").format(self.isolate(name))
        if doc.validite:
            validity = self._lookup(CATALOGUE, f"{doc.id}.validite")
            if validity:
                line += Markup(" ({})").format(self.isolate(validity))
        translated_notes = [self._lookup(*notes[n]) for n in need.notes if n in notes]
        shown = [self.isolate(n) for n in translated_notes if n]
        if shown:
            # The language's own semicolon: the Arabic one for a right-to-left script.
            line += Markup(" — ") + (Markup("؛ ") if self._rtl else Markup("; ")).join(shown)
        lang = self.language.language
        return Markup('<span class="tr" lang="{}" dir="{}">{}</span>').format(
            lang.code, lang.direction, line
        )

    def footer(self, day: dt.date) -> str:
        """The line at the foot of every page, for the person: the day the sheet was made, in
        French then in the sheet's language (a page found alone says when it was true). Which
        kit and content made it is in the PDF's properties (`generator`), not on the page."""
        values = {"date": f"{day:%d/%m/%Y}", "lieu": ""}
        french = _fill(SHEET_TEXTS["prepare_le"], values).rstrip(".")
        translated = self._lookup(SHEET, "prepare_le")
        if not translated:
            return french
        return f"{french} — {_fill(translated, values).rstrip('.。')}"

    def alone(self, source: str, key: str, *, block: bool = False) -> Markup:
        """Only the translated block (empty without one), after a French text built apart."""
        from markupsafe import Markup

        translated = self._lookup(source, key)
        if translated is None or self.language is None:
            return Markup("")
        return self._block(translated, block=block)

    def _block(self, translated: str, *, block: bool) -> Markup:
        from markupsafe import Markup

        assert self.language is not None
        lang = self.language.language
        tag = Markup("div" if block else "span")  # noqa: S704 (one of two fixed tag names)
        return Markup('<{} class="tr" lang="{}" dir="{}">{}</{}>').format(
            tag, lang.code, lang.direction, self.isolate(translated), tag
        )

    def isolate(self, text: str) -> Markup:
        """The text escaped; in a right-to-left language, runs of Latin words (protected terms,
        numbers, web addresses) are kept left-to-right: « cerfa n° 15481 » stays in one piece."""
        from markupsafe import Markup, escape

        if self.language is None or self.language.language.direction == "ltr":
            return escape(text)
        parts, last = [], 0
        for match in _LTR_RUN.finditer(text):
            parts.append(escape(text[last : match.start()]))
            parts.append(Markup('<span class="ltr" dir="ltr">{}</span>').format(match.group(0)))
            last = match.end()
        parts.append(escape(text[last:]))
        return Markup("").join(parts)

    def heading(self, key: str) -> Markup:
        return self(SHEET, key, SHEET_TEXTS[key])


_FIELD = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _fill(text: str, values: Mapping[str, str]) -> str:
    """`{{ name }}` replaced by its value (a name without a value stays as it is)."""
    return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


_LATIN_WORD = r"[A-Za-zÀ-ÿ0-9°€][A-Za-zÀ-ÿ0-9'’./°€%:_-]*"
# A run of Latin words (« cerfa n° 15481 », « Caf – Mon Compte », « 646,52 € »), kept whole.
_LATIN_RUN = rf"{_LATIN_WORD}(?:(?:\s+[–-]\s+|[\s,]+){_LATIN_WORD})*"
_LTR_RUN = re.compile(rf"\({_LATIN_RUN}\)|{_LATIN_RUN}")  # « (attestation de droits) » whole


# The font of each translated script (the French keeps Atkinson Hyperlegible).
SCRIPT_FAMILY = {"ar": ARABIC_FAMILY, "fa": ARABIC_FAMILY, "uk": CYRILLIC_FAMILY}


def _script_fonts(language: SheetLanguage | None) -> Markup:
    """@font-face rules for the translated blocks' font only (none for English)."""
    from markupsafe import Markup

    family = SCRIPT_FAMILY.get(language.language.code) if language else None
    faces = tuple(face for face in script_font_faces() if face.family == family)
    return Markup(font_face_css(faces))  # noqa: S704 - our own font files' URIs


def note_keys(outcome: Outcome) -> dict[str, tuple[str, str]]:
    """French note of a paper -> (checklist id, key) of its translation."""
    keys: dict[str, tuple[str, str]] = {}
    for result in outcome.procedures:
        for ref in result.checklist.documents:
            if ref.note:
                keys.setdefault(ref.note, (result.checklist.id, f"note.{ref.id}"))
    return keys


def sheet_html(
    outcome: Outcome,
    *,
    letters: Mapping[str, Letter],
    day: dt.date,
    content_version: str,
    site: str | None = None,
    first_name: str | None = None,
    done_steps: Collection[str] = (),
    large: bool = False,
    made_letters: Collection[str] | None = None,
    language: SheetLanguage | None = None,
    estimates: Sequence[str] = (),
) -> str:
    """The take-away sheet. `estimates`: the lines of the amounts estimated in the session,
    printed only when the volunteer chose to, with the same words as on screen. `made_letters`: the letters prepared in the session (the others
    the answers point to are listed apart, as suggested); None lists them all as suggested."""
    made = [i for i in (made_letters or ()) if i in letters]
    title = "Vos démarches" + (f" — {first_name}" if first_name else "")
    template = _environment().get_template("sheet.html")
    views = procedure_views(outcome, set(done_steps))
    bilingual = Bilingual(language)
    html = str(
        template.render(
            title=title,
            first_name=first_name,
            site=site,
            date_text=french_date(day),
            documents=outcome.documents,
            show_for=len(outcome.procedures) > 1,
            procedures=views,
            first_steps=[v for v in views if v.first is not None],
            warnings=[(v, w) for v in views for w in v.warnings],
            letters=[letters[i] for i in made],
            suggested_letters=[
                letters[i] for i in outcome.letters if i in letters and i not in made
            ],
            qr_codes={
                r.checklist.id: _qr_svg(r.checklist.service_en_ligne)
                for r in outcome.procedures
                if r.checklist.service_en_ligne
            },
            font_size=f"{LARGE_SIZE_PT if large else NORMAL_SIZE_PT}pt",
            amounts={r.checklist.id: amount_lines(r.checklist, day) for r in outcome.procedures},
            estimates=list(estimates),
            large=large,
            t=bilingual,
            day_text=f"{day:%d/%m/%Y}",
            title_ids={r.checklist.titre: r.checklist.id for r in outcome.procedures},
            script_fonts=_script_fonts(language),
            notes=note_keys(outcome),
            step_key=step_key,
            texts=SHEET_TEXTS,
            SHEET=SHEET,
            CATALOGUE=CATALOGUE,
            LETTERS=LETTERS,
            language=language.language if language else None,
            translation_mark=_TRANSLATION_MARK,
            footer_left=_css_string(bilingual.footer(day)),
            # The foot's translated date in the language's own font, as the translated blocks.
            footer_family=SCRIPT_FAMILY.get(language.language.code) if language else None,
            generator=f"cafedemarches {__version__} — contenu {content_version}",
        )
    )
    # The header says whether the translations printed were read by a person, and whether
    # some texts are in French only: known once every block has been written, so the mark
    # left there is replaced now.
    return html.replace(_TRANSLATION_MARK, _translation_lines(bilingual))


_TRANSLATION_MARK = "<!-- translation -->"


def _translation_lines(bilingual: Bilingual) -> str:
    from markupsafe import Markup

    if bilingual.language is None:
        return ""
    missing, unreviewed = bilingual.missing, bilingual.unreviewed
    lines = Markup("")
    if unreviewed:
        lines += Markup('<p class="review">{}{}</p>').format(
            NOT_REVIEWED_FR, bilingual.alone(SHEET, "non_relu")
        )
    if missing:
        lines += Markup('<p class="review">{}{}</p>').format(
            FRENCH_ONLY_FR, bilingual.alone(SHEET, "francais_seul")
        )
    bilingual.missing, bilingual.unreviewed = missing, unreviewed
    return str(lines)


def amount_lines(checklist: Checklist, day: dt.date) -> list[dict[str, Any]]:
    """Each amount of a checklist as printed: label, value and its period, or, once the
    period has ended, a warning that it must be checked instead of a current value. The key
    of the period's sentence and its dates (01/04/2026) serve its translation."""
    return [
        {
            "id": a.id,
            "libelle": a.libelle,
            "valeur": a.valeur,
            "periode": _fill(SHEET_TEXTS[_period_key(a, day)], _french_dates(a)),
            "periode_cle": _period_key(a, day),
            "dates": {"du": f"{a.du:%d/%m/%Y}", "au": f"{a.au:%d/%m/%Y}" if a.au else ""},
            "perime": a.expired(day),
        }
        for a in checklist.montants
    ]


def _period_key(amount: Amount, day: dt.date) -> str:
    if amount.au is not None and amount.expired(day):
        return "montant_perime"
    return "montant_depuis" if amount.au is None else "montant_periode"


def _french_dates(amount: Amount) -> dict[str, str]:
    return {"du": french_date(amount.du), "au": french_date(amount.au) if amount.au else ""}


def _css_string(text: str) -> str:
    """Text safe inside a CSS string in the page footer (no quote, backslash or newline)."""
    return "".join(ch for ch in text if ch not in '"\\\n\r<>{}')


def write_sheet(
    html: str, target: Path, *, title: str = "Vos démarches", existing: Existing = "refuse"
) -> Path:
    """Print the sheet to `target`; the path written (see `render_pdf` for `existing`)."""
    return render_pdf(html, target, title=title, existing=existing)
