"""The summary (`bilan`) in its four formats: text tables, CSV, JSON and an A4 PDF.

All four render the same `Report`, so a hidden count is hidden everywhere. Bar charts in the
PDF are inline SVG drawn here (black outlines, grey fill: they print in black and white); a
hidden count gets no bar, only its « < 5 ».
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, TextIO

from cafedemarches.files import Existing
from cafedemarches.render.pdf import render_pdf
from cafedemarches.tally.csvio import csv_writer, neutralise
from cafedemarches.tally.report import MINUS, Report, Section


def as_json(report: Report) -> dict[str, Any]:
    t = report.threshold
    figures = report.figures
    return {
        "periode": figures.period.code,
        "libelle": figures.period.label,
        "lieu": figures.lieu,
        "association": report.association,
        "publie": report.published,
        "seuil": t if report.published else None,
        "avertissement": report.notice,
        "legende": report.legend,
        "seances": report.sessions.json(t),
        "demarches": report.lines.json(t),
        "premieres_visites": report.first_visits.json(t),
        "tableaux": [
            {
                "cle": s.key,
                "titre": s.title,
                "colonnes": s.columns,
                "lignes": [
                    {"libelle": name, "valeurs": [c.json(t) for c in cells]}
                    for name, cells in s.rows
                ],
                "total": None if s.total is None else [c.json(t) for c in s.total],
            }
            for s in report.sections
        ],
    }


def write_csv(report: Report, out: TextIO, *, excel: bool = False) -> None:
    """The tables as they are printed: one block per table (its title, its header, its rows),
    a blank line between blocks, so that a spreadsheet shows them without a pivot table."""

    t = report.threshold
    writer = csv_writer(out, excel=excel)

    def row(cells: list[str]) -> None:
        # Numbers as a spreadsheet reads them: no thin space, an ASCII minus sign.
        writer.writerow([neutralise(c.replace("\u202f", "").replace(MINUS, "-")) for c in cells])

    row([report.title])
    if report.association:
        row([report.association])
    row(["Séances", report.sessions.text(t)])
    row(["Démarches", report.lines.text(t)])
    row(["Premières visites", report.first_visits.text(t)])
    for section in report.sections:
        row([])
        row([section.title])
        row(section.columns)
        for name, cells in _all_rows(section):
            row([name, *(c.text(t) for c in cells)])
    row([])
    for note in report.notes:
        row([note])


def _all_rows(section: Section) -> list[tuple[str, list[Any]]]:
    rows = list(section.rows)
    if section.total is not None:
        rows.append(("Total", section.total))
    return rows


def print_text(report: Report, console: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    t = report.threshold
    console.print(report.title, style="bold", markup=False)
    if report.association:
        console.print(report.association, markup=False)
    if report.empty:
        console.print(
            f"Aucune séance enregistrée pour {report.figures.period.label}.", markup=False
        )
    else:
        console.print(report.headline(), markup=False)
    for section in report.sections:
        table = Table(title=section.title, title_justify="left", show_lines=False)
        for i, column in enumerate(section.columns):
            table.add_column(column, justify="left" if i == 0 else "right")
        for name, cells in _all_rows(section):
            table.add_row(Text(name), *(Text(c.text(t)) for c in cells))
        console.print(table)
    for note in report.notes:
        console.print(note, style="italic", markup=False)


# --- PDF ---------------------------------------------------------------------------------


def bar_chart(section: Section, threshold: int) -> str:
    """An SVG bar chart of a one-column section (hidden counts drawn as text only)."""
    rows = [(name, cells[0]) for name, cells in section.rows]
    if not rows:
        return ""
    label_width, bar_width, row_height = 190, 260, 16
    biggest = max((c.value for _, c in rows if not c.hidden), default=0) or 1
    height = row_height * len(rows) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 60}" '
        f'height="{height}" role="img" aria-label="{escape(section.title)}" '
        'font-family="Atkinson Hyperlegible, DejaVu Sans, sans-serif" font-size="10">'
    ]
    for i, (name, cell) in enumerate(rows):
        y = i * row_height + 2
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 11}" text-anchor="end">{escape(name[:34])}</text>'
        )
        width = 0 if cell.hidden else round(bar_width * cell.value / biggest)
        if width:
            parts.append(
                f'<rect x="{label_width}" y="{y + 2}" width="{width}" height="{row_height - 5}" '
                'fill="#bbbbbb" stroke="#000000" stroke-width="0.8"/>'
            )
        parts.append(
            f'<text x="{label_width + width + 4}" y="{y + 11}">'
            f"{escape(cell.text(threshold))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def html(report: Report, *, kit_version: str, content_version: str) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
    )
    t = report.threshold
    footer = f"cafedemarches {kit_version} — contenu {content_version}"
    return env.get_template("bilan.html").render(
        report=report,
        threshold=t,
        rows=_all_rows,
        chart=lambda s: bar_chart(s, t),
        footer=_css_string(footer),
        title=_css_string(report.title),
    )


def _css_string(text: str) -> str:
    return "".join(ch for ch in text if ch not in '"\\\n\r<>{}')


def write_pdf(
    report: Report,
    target: Path,
    *,
    kit_version: str,
    content_version: str,
    existing: Existing = "refuse",
) -> Path:
    document = html(report, kit_version=kit_version, content_version=content_version)
    return render_pdf(document, target, title=report.title, existing=existing)
