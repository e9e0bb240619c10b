"""The summary as readers see it: titled tables of cells, exact or with small counts hidden.

Every format (text, CSV, JSON, PDF) renders the same `Report`, so a count hidden in one is
hidden in all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from cafedemarches.tally.model import CHOICES, SESSION_FIELDS, label
from cafedemarches.tally.summary import Figures, month_label
from cafedemarches.tally.suppress import Line, hidden_cells

FIELD_TITLES = {
    "orientation": "Orientations",
    "autonomie": "Autonomie de la personne",
    "premiere_visite": "Premières visites",
    "tranche_age": "Tranches d'âge",
    "statut": "Situation",
    "duree": "Durée des séances",
}


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: bool = False
    signed: bool = False

    def text(self, threshold: int) -> str:
        if self.hidden:
            return f"< {threshold}"
        if self.signed:
            return f"{self.value:+d}".replace("-", "−")
        return f"{self.value:,}".replace(",", "\u202f")

    def json(self, threshold: int) -> int | str:
        return self.text(threshold) if self.hidden else self.value


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]
    total: list[Cell] | None = None
    chart: bool = False


@dataclass
class Report:
    figures: Figures
    published: bool
    threshold: int
    association: str | None
    sessions: Cell = field(default_factory=lambda: Cell(0))
    lines: Cell = field(default_factory=lambda: Cell(0))
    sections: list[Section] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.figures.sessions == 0

    @property
    def notice(self) -> str:
        if self.published:
            return (
                f"Version publiable : les nombres inférieurs à {self.threshold} sont masqués "
                f"(« < {self.threshold} »), ainsi que quelques autres qui permettraient de les "
                "retrouver par différence."
            )
        return (
            "Usage interne : chiffres exacts, à ne pas diffuser tels quels "
            "(pour publier, utilisez --publier)."
        )

    @property
    def title(self) -> str:
        where = f" — {self.figures.lieu}" if self.figures.lieu else ""
        return f"Bilan du Café démarches — {self.figures.period.label}{where}"


def build_report(
    figures: Figures,
    *,
    published: bool,
    threshold: int,
    association: str | None = None,
    names: Mapping[str, str] | None = None,
) -> Report:
    values, lines = _equations(figures)
    hidden = hidden_cells(values, lines, threshold) if published else set()

    def cell(key: str) -> Cell:
        return Cell(values[key], key in hidden)

    report = Report(figures, published, threshold, association)
    report.sessions, report.lines = cell("S"), cell("L")
    report.sections.append(_comparison(figures, cell))
    if not report.empty:
        report.sections.append(_outcomes(figures, cell, names or {}))
        report.sections.append(
            _one_way(
                "theme",
                "Démarches par thème",
                "Thème",
                "Démarches",
                [
                    (label("theme", t), cell(f"theme:{t}"))
                    for t in _ordered("theme", figures.themes)
                ],
                cell("L"),
            )
        )
        report.sections.append(
            _one_way(
                "lieu",
                "Séances par lieu",
                "Lieu",
                "Séances",
                [(site, cell(f"lieu:{site}")) for site in sorted(figures.sites)],
                cell("S"),
            )
        )
        for name in SESSION_FIELDS:
            rows = [(label(name, v), cell(f"{name}:{v}")) for v in CHOICES[name]]
            report.sections.append(
                _one_way(name, FIELD_TITLES[name], FIELD_TITLES[name], "Séances", rows, cell("S"))
            )
    report.sections.append(
        Section(
            "tendance",
            "Évolution sur 12 mois",
            ["Mois", "Séances"],
            [(month_label(_first(m)), [cell(f"mois:{m}")]) for m in _trend_months(figures)],
            chart=True,
        )
    )
    return report


def _ordered(name: str, present: dict[str, int]) -> list[str]:
    return [v for v in CHOICES[name] if v in present]


def _first(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:]), 1)


def _trend_months(figures: Figures) -> list[str]:
    start = figures.period.trend_start()
    return [
        f"{(start.year * 12 + start.month - 1 + i) // 12:04d}-{(start.month - 1 + i) % 12 + 1:02d}"
        for i in range(12)
    ]


def _one_way(
    key: str, title: str, first: str, unit: str, rows: list[tuple[str, Cell]], total: Cell
) -> Section:
    return Section(
        key, title, [first, unit], [(n, [c]) for n, c in rows], total=[total], chart=True
    )


def _comparison(figures: Figures, get: Callable[[str], Cell]) -> Section:
    rows = []
    for name, now, before in (("Séances", "S", "PS"), ("Démarches", "L", "PL")):
        a, b = get(now), get(before)
        change = Cell(a.value - b.value, a.hidden or b.hidden, signed=True)
        rows.append((name, [a, b, change]))
    previous = figures.period.previous()
    return Section(
        "comparaison",
        "Par rapport à la période précédente",
        ["", figures.period.label, previous.label, "Écart"],
        rows,
    )


def _outcomes(figures: Figures, get: Callable[[str], Cell], names: Mapping[str, str]) -> Section:
    issues = [i for i in CHOICES["issue"] if any(k[2] == i for k in figures.outcomes)]
    rows = []
    for demarche, theme in _procedures(figures):
        cells = [get(f"m:{demarche}|{theme}|{i}") for i in issues]
        rows.append((names.get(demarche, demarche), [*cells, get(f"r:{demarche}|{theme}")]))
    total = [get(f"c:{i}") for i in issues] + [get("L")]
    return Section(
        "demarches",
        "Démarches et leur issue",
        ["Démarche", *(label("issue", i) for i in issues), "Total"],
        rows,
        total=total,
    )


def _procedures(figures: Figures) -> list[tuple[str, str]]:
    return sorted({(d, t) for d, t, _ in figures.outcomes})


def _equations(figures: Figures) -> tuple[dict[str, int], list[Line[str]]]:
    """Every published count by key, and every « members add up to total » relation."""
    values: dict[str, int] = {
        "S": figures.sessions,
        "L": figures.lines,
        "PS": figures.previous_sessions,
        "PL": figures.previous_lines,
    }
    lines: list[Line[str]] = []
    issues = list(CHOICES["issue"])
    procedures = _procedures(figures)
    for demarche, theme in procedures:
        row = [f"m:{demarche}|{theme}|{i}" for i in issues]
        for key, issue in zip(row, issues, strict=True):
            values[key] = figures.outcomes.get((demarche, theme, issue), 0)
        values[f"r:{demarche}|{theme}"] = sum(values[k] for k in row)
        lines.append((row, f"r:{demarche}|{theme}"))
    for issue in issues:
        column = [f"m:{d}|{t}|{issue}" for d, t in procedures]
        values[f"c:{issue}"] = sum(values[k] for k in column)
        lines.append((column, f"c:{issue}"))
    lines.append(([f"c:{i}" for i in issues], "L"))
    lines.append(([f"r:{d}|{t}" for d, t in procedures], "L"))
    for theme in CHOICES["theme"]:
        values[f"theme:{theme}"] = figures.themes.get(theme, 0)
        members = [f"r:{d}|{t}" for d, t in procedures if t == theme]
        lines.append((members, f"theme:{theme}"))
    lines.append(([f"theme:{t}" for t in CHOICES["theme"]], "L"))
    for site, count in figures.sites.items():
        values[f"lieu:{site}"] = count
    lines.append(([f"lieu:{s}" for s in figures.sites], "S"))
    for name in SESSION_FIELDS:
        counts = figures.by_field.get(name, {})
        for value in CHOICES[name]:
            values[f"{name}:{value}"] = counts.get(value, 0)
        lines.append(([f"{name}:{v}" for v in CHOICES[name]], "S"))
    months = _trend_months(figures)
    for month in months:
        values[f"mois:{month}"] = figures.trend.get(month, 0)
    current = [f"mois:{m}" for m in months if m.startswith(figures.period.code)]
    lines.append((current, "S"))
    previous = figures.period.previous().code
    if figures.period.kind == "mois" and f"mois:{previous}" in values:
        lines.append(([f"mois:{previous}"], "PS"))
    return values, lines
