"""The summary as readers see it: titled tables of cells, exact or with small counts hidden.

Every format (text, CSV, JSON, PDF) renders the same `Report`, so a count hidden in one is
hidden in all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from cafedemarches.tally.layout import HEADLINE, Layout, block, decide
from cafedemarches.tally.model import CHOICES, SESSION_FIELDS, label
from cafedemarches.tally.summary import Figures, Period, month_label
from cafedemarches.tally.suppress import (
    PRIMARY,
    WITHHELD,
    Line,
    Status,
    hidden_cells,
)
from cafedemarches.text import count

SECONDARY_MARK = "s"
WITHHELD_MARK = "nd"
MINUS = "\u2212"  # the typographic minus sign of printed differences

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
    status: Status | None = None
    signed: bool = False

    @property
    def hidden(self) -> bool:
        return self.status is not None

    def text(self, threshold: int) -> str:
        if self.status == PRIMARY:
            return f"< {threshold}"
        if self.status == WITHHELD:
            return WITHHELD_MARK
        if self.status is not None:
            return SECONDARY_MARK
        if self.signed:
            return f"{self.value:+d}".replace("-", MINUS)
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
    first_visits: Cell = field(default_factory=lambda: Cell(0))
    sections: list[Section] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """An internal report of a period without sessions, which says so. A published one
        never does: its « < t » would then be known to be 0; it prints its tables."""
        return not self.published and self.figures.sessions == 0

    def headline(self) -> str:
        t = self.threshold
        return (
            f"{count(self.sessions.text(t), 'séance', 'séances')}, "
            f"{count(self.lines.text(t), 'démarche traitée', 'démarches traitées')}, "
            f"{count(self.first_visits.text(t), 'première visite', 'premières visites')}."
        )

    @property
    def notice(self) -> str:
        if self.published:
            return (
                "Version publiable : les catégories peu nombreuses sur l'année sont regroupées "
                f"(« Autres … »), les nombres de 0 à {self.threshold - 1} sont masqués "
                f"(« < {self.threshold} »), ainsi que quelques autres qui permettraient de les "
                f"retrouver par différence (« {SECONDARY_MARK} »)."
            )
        return (
            "Usage interne : chiffres exacts, à ne pas diffuser tels quels "
            "(pour publier, utilisez --publier)."
        )

    @property
    def legend(self) -> list[str]:
        """What the marks of a published report mean."""
        if not self.published:
            return []
        return [
            f"« < {self.threshold} » : de 0 à {self.threshold - 1} (séances ou démarches).",
            f"« {SECONDARY_MARK} » : masqué pour protéger une autre case.",
            f"« {WITHHELD_MARK} » : non diffusé (n'importe quel nombre), pour protéger de petits "
            "nombres.",
        ]

    @property
    def notes(self) -> list[str]:
        return [self.notice, *self.legend]

    @property
    def title(self) -> str:
        where = f" — {self.figures.lieu}" if self.figures.lieu else ""
        return f"Bilan du Café démarches — {self.figures.period.label}{where}"


# The status of one published cell, by (period code, cell key); absent: shown.
Statuses = Mapping[tuple[str, str], Status]


def build_report(
    figures: Figures,
    *,
    published: bool,
    threshold: int,
    association: str | None = None,
    names: Mapping[str, str] | None = None,
    statuses: Statuses | None = None,
    layout: Layout | None = None,
) -> Report:
    """The report of `figures`: exact (internal use), or published.

    A published report has the tables of `layout` (decided for its year, see `layout`), its
    cells taking their `statuses` (see `linked`). Without them, it is laid out and protected
    on its own (its period alone).
    """
    if published:
        return _published(figures, threshold, association, names or {}, statuses, layout)
    values = _values(figures)

    def cell(key: str) -> Cell:
        return Cell(values[key])

    report = Report(figures, published, threshold, association)
    report.sessions, report.lines = cell("S"), cell("L")
    report.first_visits = cell("premiere_visite:oui")
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
        sites = sorted(figures.sites, key=_title_key)
        sites.sort(key=lambda s: -figures.sites[s])
        report.sections.append(
            _one_way(
                "lieu",
                "Séances par lieu",
                "Lieu",
                "Séances",
                [(site, cell(f"lieu:{site}")) for site in sites],
                cell("S"),
            )
        )
        for name in SESSION_FIELDS:
            rows = [(label(name, v), cell(f"{name}:{v}")) for v in CHOICES[name]]
            report.sections.append(
                _one_way(name, FIELD_TITLES[name], FIELD_TITLES[name], "Séances", rows, cell("S"))
            )
    report.sections.append(_trend(figures, cell))
    return report


# (title, first column, unit) of each table of a published report
TABLES = {
    "demarche": ("Démarches", "Démarche", "Démarches"),
    "theme": ("Démarches par thème", "Thème", "Démarches"),
    "issue": ("Issue des démarches", "Issue", "Démarches"),
    "lieu": ("Séances par lieu", "Lieu", "Séances"),
    **{name: (title, title, "Séances") for name, title in FIELD_TITLES.items()},
}


def _published(
    figures: Figures,
    threshold: int,
    association: str | None,
    names: Mapping[str, str],
    statuses: Statuses | None,
    layout: Layout | None,
) -> Report:
    """The report a funder reads: its headline figures, one table per question with its
    total (rows merged as `layout` says), the comparison and the trend."""
    if layout is None:
        layout = decide(figures, 1, threshold, names=names)
    if statuses is None:
        statuses = protect_alone(figures, threshold, layout)
    values, _, _ = block(figures, layout)
    values.update(_other_periods(figures))
    found = statuses

    def cell(key: str) -> Cell:
        return Cell(values[key], found.get(_where(figures, key)))

    report = Report(figures, True, threshold, association)
    report.sessions, report.lines = cell("S"), cell("L")
    report.first_visits = cell("premiere_visite:oui")
    report.sections.append(_comparison(figures, cell))
    for table, rows, total in layout.tables():
        if table == "demarche" and not layout.procedures_detailed:
            continue  # one row per theme: the table of themes says the same
        title, first, unit = TABLES[table]
        cells = [(g.label, cell(f"{table}:{g.key}")) for g in rows]
        report.sections.append(_one_way(table, title, first, unit, cells, cell(total)))
    report.sections.append(_trend(figures, cell))
    return report


def _trend(figures: Figures, cell: Callable[[str], Cell]) -> Section:
    return Section(
        "tendance",
        "Évolution sur 12 mois",
        ["Mois", "Séances"],
        [(month_label(_first(m)), [cell(f"mois:{m}")]) for m in trend_months(figures.period)],
        chart=True,
    )


def _where(figures: Figures, key: str) -> tuple[str, str]:
    """Which published cell `key` is: the trend and the previous period are other reports'."""
    if key.startswith("mois:"):
        return key[5:], "S"
    if key in ("PS", "PL"):
        return figures.period.previous().code, key[1:]
    return figures.period.code, key


def _title_key(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def _other_periods(figures: Figures) -> dict[str, int]:
    """The counts of other periods a report shows: the previous period, the 12-month trend."""
    values = {"PS": figures.previous_sessions, "PL": figures.previous_lines}
    for month in trend_months(figures.period):
        values[f"mois:{month}"] = figures.trend.get(month, 0)
    return values


def _values(figures: Figures) -> dict[str, int]:
    values, _ = internal_block(figures, _procedures(figures), sorted(figures.sites))
    values["premiere_visite:oui"] = figures.by_field.get("premiere_visite", {}).get("oui", 0)
    return values | _other_periods(figures)


def protect_alone(
    figures: Figures, threshold: int, layout: Layout | None = None
) -> dict[tuple[str, str], Status]:
    """One published report protected by itself (no linked report): its period's cells only."""
    code = figures.period.code
    layout = layout or decide(figures, 1, threshold)
    values, lines, at_most = block(figures, layout)
    keyed = {(code, k): v for k, v in values.items()}

    def scoped(found: list[Line[str]]) -> list[Line[tuple[str, str]]]:
        return [([(code, m) for m in members], (code, total)) for members, total in found]

    keyed_lines = scoped(lines)
    # The trend and the previous period show other periods' counts, tied by no equation here.
    for key, value in _other_periods(figures).items():
        keyed.setdefault(_where(figures, key), value)
    if figures.period.kind == "annee":
        keyed_lines.append(([(m, "S") for m in trend_months(figures.period)], (code, "S")))
    return hidden_cells(
        keyed,
        keyed_lines,
        threshold,
        at_most=scoped(at_most),
        keep={(code, k) for k in HEADLINE},
    )


def _ordered(name: str, present: dict[str, int]) -> list[str]:
    return [v for v in CHOICES[name] if v in present]


def _first(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:]), 1)


def trend_months(period: Period) -> list[str]:
    """The 12 months (AAAA-MM) that end with `period`."""
    start = period.trend_start()
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
        # The difference of two shown counts is shown; otherwise it would give a hidden one
        # back, so it is not published (« nd »: any number, which is all that is true of it).
        status = None if not (a.hidden or b.hidden) else WITHHELD
        rows.append((name, [a, b, Cell(a.value - b.value, status, signed=True)]))
    previous = figures.period.previous()
    return Section(
        "comparaison",
        "Par rapport à la période précédente",
        ["", figures.period.label, previous.label, "Écart"],
        rows,
    )


def _outcomes(figures: Figures, get: Callable[[str], Cell], names: Mapping[str, str]) -> Section:
    """Procedures by count, most first, and their outcomes (internal report: exact counts)."""
    issues = [i for i in CHOICES["issue"] if any(k[2] == i for k in figures.outcomes)]
    procedures = sorted(_procedures(figures), key=lambda p: (_title_key(names.get(p[0], p[0])), p))
    procedures.sort(key=lambda p: -get(f"r:{p[0]}|{p[1]}").value)
    rows = []
    for demarche, theme in procedures:
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


def internal_block(
    figures: Figures, procedures: Sequence[tuple[str, str]], sites: Sequence[str]
) -> tuple[dict[str, int], list[Line[str]]]:
    """Every count of one period's internal tables by key, and every « members add up to
    total ».

    `procedures` and `sites` may hold more than the period has (its rows are then 0), so that
    linked periods share their keys. The trend and the previous period are not here: they
    are the counts `S` and `L` of other periods.
    """
    values: dict[str, int] = {"S": figures.sessions, "L": figures.lines}
    lines: list[Line[str]] = []
    issues = list(CHOICES["issue"])
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
    for site in sites:
        values[f"lieu:{site}"] = figures.sites.get(site, 0)
    lines.append(([f"lieu:{s}" for s in sites], "S"))
    for name in SESSION_FIELDS:
        counts = figures.by_field.get(name, {})
        for value in CHOICES[name]:
            values[f"{name}:{value}"] = counts.get(value, 0)
        lines.append(([f"{name}:{v}" for v in CHOICES[name]], "S"))
    return values, lines
