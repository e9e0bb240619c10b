"""The person's take-away sheet (« Vos démarches »): papers to gather, steps, online services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from cafedemarches.content.models import Amount, Checklist, Letter
from cafedemarches.dates import french_date
from cafedemarches.session.engine import Outcome


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
) -> str:
    title = "Vos démarches" + (f" — {first_name}" if first_name else "")
    template = _environment().get_template("sheet.html")
    return str(
        template.render(
            title=title,
            first_name=first_name,
            site=site,
            date_text=french_date(day),
            documents=outcome.documents,
            show_for=len(outcome.procedures) > 1,
            procedures=outcome.procedures,
            done=set(done_steps),
            letters=[letters[i] for i in outcome.letters if i in letters],
            qr_codes={
                r.checklist.id: _qr_svg(r.checklist.service_en_ligne)
                for r in outcome.procedures
                if r.checklist.service_en_ligne
            },
            amounts={r.checklist.id: amount_lines(r.checklist, day) for r in outcome.procedures},
            large=large,
            footer_left=_css_string(
                f"Fait le {day:%d/%m/%Y} avec cafedemarches — contenu {content_version}"
            ),
        )
    )


def amount_lines(checklist: Checklist, day: dt.date) -> list[dict[str, Any]]:
    """Each amount of a checklist as printed: label, value and its period, or, once the
    period has ended, a warning that it must be checked instead of a current value."""
    return [
        {
            "libelle": a.libelle,
            "valeur": a.valeur,
            "periode": _period(a, day),
            "perime": a.expired(day),
        }
        for a in checklist.montants
    ]


def _period(amount: Amount, day: dt.date) -> str:
    if amount.au is not None and amount.expired(day):
        return f"montant valable jusqu'au {french_date(amount.au)}, vérifiez le montant actuel"
    if amount.au is None:
        return f"depuis le {french_date(amount.du)}"
    return f"du {french_date(amount.du)} au {french_date(amount.au)}"


def _css_string(text: str) -> str:
    """Text safe inside a CSS string in the page footer (no quote, backslash or newline)."""
    return "".join(ch for ch in text if ch not in '"\\\n\r<>{}')


def write_sheet(html: str, target: Path, *, title: str = "Vos démarches") -> Path:
    from cafedemarches.render.pdf import render_pdf

    render_pdf(html, target, title=title)
    return target
