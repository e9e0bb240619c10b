"""The figures of the summary (`bilan`), every one counted by SQLite.

No line of the register is ever loaded into Python: each figure is a `GROUP BY` over the
period, read back as a few dozen (value, count) pairs at most, so a network's register of
millions of lines is summarised in constant memory.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field

from cafedemarches.dates import MONTHS
from cafedemarches.errors import UserError
from cafedemarches.tally.model import CHOICES, SESSION_FIELDS


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_label(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


# The years a register can plausibly hold (a summary also reads the year before and the
# 12 months before): a period outside them is refused in one sentence, not an overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2099


class PeriodOutOfRange(UserError):
    """A well-written month or year that no register can hold (exit 1, not a usage error)."""


def _check_year(year: int, written: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodOutOfRange(
            f"{written} : le registre ne couvre que les années {FIRST_YEAR} à {LAST_YEAR}.",
            "Choisissez un mois ou une année où des séances ont pu être notées.",
        )


@dataclass(frozen=True)
class Period:
    """A month or a year: [start, end)."""

    start: dt.date
    end: dt.date
    kind: str  # "mois" | "annee"

    @classmethod
    def month(cls, text: str) -> Period:
        if not re.fullmatch(r"\d{4}-\d{2}", text) or not 1 <= int(text[5:]) <= 12:
            raise UserError(
                f"« {text} » n'est pas un mois : écrivez-le AAAA-MM (par exemple 2026-11)."
            )
        _check_year(int(text[:4]), f"--mois {text}")
        start = dt.date(int(text[:4]), int(text[5:]), 1)
        return cls(start, _add_months(start, 1), "mois")

    @classmethod
    def year(cls, text: str) -> Period:
        if not re.fullmatch(r"\d{4}", text):
            raise UserError(f"« {text} » n'est pas une année : écrivez-la AAAA (par exemple 2026).")
        _check_year(int(text), f"--annee {text}")
        start = dt.date(int(text), 1, 1)
        return cls(start, dt.date(start.year + 1, 1, 1), "annee")

    @classmethod
    def containing(cls, day: dt.date) -> Period:
        start = day.replace(day=1)
        return cls(start, _add_months(start, 1), "mois")

    @property
    def code(self) -> str:
        return self.start.strftime("%Y-%m") if self.kind == "mois" else str(self.start.year)

    @property
    def label(self) -> str:
        return month_label(self.start) if self.kind == "mois" else f"année {self.start.year}"

    def previous(self) -> Period:
        months = 1 if self.kind == "mois" else 12
        return Period(_add_months(self.start, -months), self.start, self.kind)

    def trend_start(self) -> dt.date:
        """The first of the 12 months that end with this period."""
        return _add_months(self.end, -12)


@dataclass
class Figures:
    """The raw counts of one period (exact; suppression comes later)."""

    period: Period
    lieu: str | None
    sessions: int = 0
    lines: int = 0
    previous_sessions: int = 0
    previous_lines: int = 0
    # (demarche, theme, issue) -> lines
    outcomes: dict[tuple[str, str, str], int] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)
    sites: dict[str, int] = field(default_factory=dict)
    # session field -> value -> sessions
    by_field: dict[str, dict[str, int]] = field(default_factory=dict)
    trend: dict[str, int] = field(default_factory=dict)  # "AAAA-MM" -> sessions


_SESSIONS = "FROM seance AS s WHERE s.jour >= :start AND s.jour < :end"
_LINES = (
    "FROM seance AS s JOIN demarche_traitee AS l ON l.seance = s.n "
    "WHERE s.jour >= :start AND s.jour < :end"
)
_SITE = " AND s.lieu = :lieu"


def statements(period: Period, lieu: str | None) -> list[tuple[str, str, dict[str, str]]]:
    """Every query of the summary: (name, SQL, parameters). The benchmark runs the same."""
    site = _SITE if lieu is not None else ""
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if lieu is not None:
        params["lieu"] = lieu
    previous = period.previous()
    before = {**params, "start": previous.start.isoformat(), "end": previous.end.isoformat()}
    trend = {**params, "start": period.trend_start().isoformat()}
    found = [
        ("sessions", f"SELECT count(*) {_SESSIONS}{site}", params),
        ("lines", f"SELECT count(*) {_LINES}{site}", params),
        ("previous_sessions", f"SELECT count(*) {_SESSIONS}{site}", before),
        ("previous_lines", f"SELECT count(*) {_LINES}{site}", before),
        (
            "outcomes",
            f"SELECT l.demarche, l.theme, l.issue, count(*) {_LINES}{site} "
            "GROUP BY l.demarche, l.theme, l.issue",
            params,
        ),
        ("themes", f"SELECT l.theme, count(*) {_LINES}{site} GROUP BY l.theme", params),
        ("sites", f"SELECT s.lieu, count(*) {_SESSIONS}{site} GROUP BY s.lieu", params),
        (
            "trend",
            f"SELECT substr(s.jour, 1, 7), count(*) {_SESSIONS}{site} GROUP BY 1",
            trend,
        ),
    ]
    for name in SESSION_FIELDS:
        found.append(
            (f"field:{name}", f"SELECT s.{name}, count(*) {_SESSIONS}{site} GROUP BY 1", params)
        )
    return found


_OTHER_PERIODS = ("previous_sessions", "previous_lines", "trend")


def figures(conn: sqlite3.Connection, period: Period, lieu: str | None = None) -> Figures:
    """Count everything the summary shows, in SQL."""
    return _count(conn, period, lieu, other_periods=True)


def counts(conn: sqlite3.Connection, period: Period, lieu: str | None = None) -> Figures:
    """The counts of the period itself (no previous period, no trend)."""
    return _count(conn, period, lieu, other_periods=False)


def _count(
    conn: sqlite3.Connection, period: Period, lieu: str | None, *, other_periods: bool
) -> Figures:
    result = Figures(period, lieu)
    for name, sql, params in statements(period, lieu):
        if not other_periods and name in _OTHER_PERIODS:
            continue
        rows = conn.execute(sql, params).fetchall()
        if name in ("sessions", "lines", "previous_sessions", "previous_lines"):
            setattr(result, name, int(rows[0][0]))
        elif name == "outcomes":
            result.outcomes = {(d, t, i): int(n) for d, t, i, n in rows}
        elif name.startswith("field:"):
            result.by_field[name[6:]] = {str(v): int(n) for v, n in rows}
        else:
            getattr(result, name).update({str(k): int(n) for k, n in rows})
    return result


def _plain(text: str) -> str:
    """`text` without case or accents, for matching what a volunteer types."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def find_site(conn: sqlite3.Connection, typed: str) -> str:
    """The site of the register that `typed` names, whatever its case and accents."""
    known = [str(row[0]) for row in conn.execute("SELECT DISTINCT lieu FROM seance")]
    if typed in known:
        return typed
    matches = sorted({site for site in known if _plain(site) == _plain(typed)})
    if len(matches) == 1:
        return matches[0]
    if not known:
        raise UserError(f"Aucun lieu « {typed} » : le registre ne contient encore aucune séance.")
    if matches:
        raise UserError(
            f"Plusieurs lieux s'écrivent comme « {typed} » : " + ", ".join(matches) + ".",
            "Écrivez-le exactement comme l'un d'eux.",
        )
    return _no_such_site(typed, known)


def _no_such_site(typed: str, known: list[str]) -> str:
    listed = sorted(known, key=_plain)
    shown = ", ".join(f"« {site} »" for site in listed[:30])
    more = f" (et {len(listed) - 30} autres)" if len(listed) > 30 else ""
    raise UserError(
        f"Aucun lieu « {typed} » dans le registre.",
        f"Lieux connus : {shown}{more}.",
    )


def year_by_site(conn: sqlite3.Connection, year: int) -> dict[str, dict[str, Figures]]:
    """The counts of each month of `year` (AAAA-MM), site by site, in one pass per table over
    the year (no previous period, no trend): what linked reports are decided from."""
    params = {"start": f"{year}-01-01", "end": f"{year + 1}-01-01"}
    found: dict[str, dict[str, Figures]] = {}

    def at(month: str, site: str) -> Figures:
        sites = found.setdefault(month, {})
        if site not in sites:
            sites[site] = Figures(Period.month(month), site)
        return sites[site]

    month = "substr(s.jour, 1, 7)"
    # Sessions and every value of every session field in one pass over the year's sessions
    # (a pass per field cost six times more on a large register): one sum per value.
    values = [(name, value) for name in SESSION_FIELDS for value in CHOICES[name]]
    sums = ", ".join(f"sum(s.{name} = :v{i})" for i, (name, _) in enumerate(values))
    params.update({f"v{i}": value for i, (_, value) in enumerate(values)})
    sessions = f"SELECT {month}, s.lieu, count(*), {sums} {_SESSIONS} GROUP BY 1, 2"
    for m, site, n, *by_value in conn.execute(sessions, params):
        figures = at(m, site)
        figures.sessions = n
        figures.sites[site] = n
        for (name, value), count in zip(values, by_value, strict=True):
            if count:
                figures.by_field.setdefault(name, {})[value] = count
    rows = conn.execute(
        f"SELECT {month}, s.lieu, l.demarche, l.theme, l.issue, count(*) {_LINES} "
        "GROUP BY 1, 2, 3, 4, 5",
        params,
    )
    for m, site, d, t, i, n in rows:
        figures = at(m, site)
        figures.outcomes[(d, t, i)] = n
        figures.lines += n
        figures.themes[t] = figures.themes.get(t, 0) + n
    return found
