"""Reports protected together: what `bilan --publier` hides, over every report it is linked to.

Published reports can be combined: the year minus its other months gives a month, all sites
minus the other sites give a site, the 12-month trend shows every month. So a published month
is protected together with the other months of its year and the year itself (one system of
equations: each cell of the year is the sum of the same cell of its 12 months), and the
trend and the « previous period » columns show the counts of those other periods with the
status they have there. A site's report is protected after the all-sites reports of the same
year, whose hidden cells it keeps as they are: its cells are tied to theirs (all sites = this
site + the others, the others being unknown to the reader but never negative), and only cells
of the site's own reports are hidden (« s ») or withheld (« nd »): so that no « < t » of
either can be narrowed, and the other sites' small counts (all sites − this one) no more
than the all-sites reports alone allowed. The result depends only on the counts of
that year, so every report of a year, asked in any order, hides the same cells.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

from cafedemarches.tally.layout import HEADLINE, Layout, block, decide
from cafedemarches.tally.report import Statuses, trend_months
from cafedemarches.tally.summary import Figures, Period, year_by_site
from cafedemarches.tally.suppress import WITHHELD, Line, Status, hidden_cells

Key = tuple[str, str]
REST = "|autres lieux"  # the scope suffix of the sites not published (unknown to the reader)


def statuses(
    conn: sqlite3.Connection,
    period: Period,
    lieu: str | None,
    threshold: int,
    cache: Path | None = None,
) -> Statuses:
    """The status of every cell a published report of `period` shows (its own and linked).

    With a `cache` folder, each year's result is kept there, keyed by the sessions of that
    year (their ids: a session never changes, it is only added or removed), the site, the
    threshold and this code: asking again (another format, another month of the same year)
    reads it back, and any session added to or removed from that year has it decided again.
    """
    years = {period.start.year, period.previous().start.year}
    years.update(int(m[:4]) for m in trend_months(period))
    found: dict[Key, Status] = {}
    for year in sorted(years):
        if cache is None:
            found.update(protect_year(conn, year, lieu, threshold))
            continue
        from cafedemarches.content.cache import fingerprint, read_cached, write_cached

        name = "masquage-" + hashlib.sha256(f"{year}\0{lieu}".encode()).hexdigest()[:16]
        key = fingerprint(_CODE, str(year), str(lieu), str(threshold), _sessions_of(conn, year))
        stored = read_cached(cache, name, key)
        if stored is None:
            decided = protect_year(conn, year, lieu, threshold)
            stored = [[code, cell, s] for (code, cell), s in sorted(decided.items())]
            write_cached(cache, name, key, stored)
        found.update({(code, cell): s for code, cell, s in stored})
    return found


def _sessions_of(conn: sqlite3.Connection, year: int) -> str:
    """A digest of the ids of the year's sessions (one pass over the year's index range)."""
    digest = hashlib.sha256()
    rows = conn.execute(
        "SELECT id FROM seance WHERE jour BETWEEN ? AND ? ORDER BY n",
        (f"{year}-01-01", f"{year}-12-31"),
    )
    for (session,) in rows:
        digest.update(session.encode())
    return digest.hexdigest()


# The code a cached decision depends on.
_CODE = [
    Path(__file__).with_name(n)
    for n in ("linked.py", "suppress.py", "report.py", "summary.py", "layout.py")
]


def year_figures(conn: sqlite3.Connection, year: int, lieu: str | None) -> dict[str, Figures]:
    """The counts of the 12 months of `year` and of the year itself, by period code."""
    return _scope(year_by_site(conn, year), year, lieu)


def _scope(
    by_site: Mapping[str, Mapping[str, Figures]], year: int, lieu: str | None
) -> dict[str, Figures]:
    """The months of a year and the year, for all sites (`lieu` None) or one site."""
    found: dict[str, Figures] = {}
    whole = Figures(Period.year(str(year)), lieu)
    for m in range(1, 13):
        code = f"{year}-{m:02d}"
        month = Figures(Period.month(code), lieu)
        for site, counted in by_site.get(code, {}).items():
            if lieu is None or site == lieu:
                _add_figures(month, counted)
                _add_figures(whole, counted)
        found[code] = month
    found[str(year)] = whole
    return found


def _add_figures(into: Figures, more: Figures) -> None:
    into.sessions += more.sessions
    into.lines += more.lines
    for key, n in more.outcomes.items():
        into.outcomes[key] = into.outcomes.get(key, 0) + n
    _add(into.themes, more.themes)
    _add(into.sites, more.sites)
    for name, by_value in more.by_field.items():
        _add(into.by_field.setdefault(name, {}), by_value)


def _add(into: dict[str, int], more: Mapping[str, int]) -> None:
    for key, n in more.items():
        into[key] = into.get(key, 0) + n


def active_months(periods: Mapping[str, Figures]) -> int:
    return sum(1 for code, f in periods.items() if len(code) == 7 and f.sessions > 0)


def layouts(
    conn: sqlite3.Connection,
    year: int,
    lieu: str | None,
    threshold: int,
    names: Mapping[str, str] | None = None,
) -> Layout:
    """The rows of the published tables of `year` (all sites, or `lieu` within them)."""
    by_site = year_by_site(conn, year)
    everywhere = _scope(by_site, year, None)
    found = decide(everywhere[str(year)], active_months(everywhere), threshold, names=names)
    if lieu is None:
        return found
    here = _scope(by_site, year, lieu)
    return decide(here[str(year)], active_months(here), threshold, names=names, within=found)


def equations(
    periods: Mapping[str, Figures], layout: Layout, scope: str = ""
) -> tuple[dict[Key, int], list[Line[Key]], list[Line[Key]]]:
    """The cells of a year's 13 reports, their equations (each one's, and year = Σ months)
    and what a reader knows besides (members at most the total)."""
    values: dict[Key, int] = {}
    lines: list[Line[Key]] = []
    at_most: list[Line[Key]] = []
    local_keys: list[str] = []
    for code, figures in periods.items():
        found, found_lines, found_most = block(figures, layout)
        local_keys = list(found)
        values.update({(code + scope, k): v for k, v in found.items()})
        for kind, into in ((found_lines, lines), (found_most, at_most)):
            into.extend(
                ([(code + scope, m) for m in members], (code + scope, total))
                for members, total in kind
            )
    year = next(code for code in periods if len(code) == 4)
    months = [code for code in periods if code != year]
    for key in local_keys:
        lines.append(([(m + scope, key) for m in months], (year + scope, key)))
    return values, lines, at_most


def headline(codes: Sequence[str], scope: str = "") -> set[Key]:
    """The headline figures of every report: published whenever they are not small."""
    return {(code + scope, key) for code in codes for key in HEADLINE}


def protect_year(
    conn: sqlite3.Connection, year: int, lieu: str | None, threshold: int
) -> dict[Key, Status]:
    """The hidden cells of every published report of `year` (all sites, or one site)."""
    by_site = year_by_site(conn, year)
    here = _scope(by_site, year, lieu) if lieu is not None else None
    return _protect(_scope(by_site, year, None), here, lieu, threshold)


def _protect(
    everywhere: Mapping[str, Figures],
    here: Mapping[str, Figures] | None,
    lieu: str | None,
    threshold: int,
) -> dict[Key, Status]:
    year = next(code for code in everywhere if len(code) == 4)
    layout = decide(everywhere[year], active_months(everywhere), threshold)
    values, lines, at_most = equations(everywhere, layout)
    published = set(values)
    all_sites = hidden_cells(
        values, lines, threshold, at_most=at_most, keep=headline(list(everywhere))
    )
    if lieu is None or here is None:
        return all_sites
    site = SiteSystem(everywhere, here, lieu, layout, threshold)
    site_status = hidden_cells(
        {**values, **site.values},
        [*lines, *site.lines],
        threshold,
        published=published | site.published,
        frozen={key: all_sites.get(key) for key in values},
        protect=site.protect,
        # What all sites' reports told already of the others' small counts (this site's
        # tables unknown, only adding up): this one must tell no more.
        before=dict(all_sites) | {key: WITHHELD for key in site.values},
        at_most=[*at_most, *site.at_most],
        keep=headline(list(here), "@"),
    )
    return {(code[:-1], key): s for (code, key), s in site_status.items() if code.endswith("@")}


class SiteSystem:
    """A site's reports next to the all-sites ones: the site's cells (`code@`), the site's
    counts in the all-sites rows where its own rows are wider (`code@f`, unpublished), and
    the other sites together (`code|autres lieux`, all sites − this one, unpublished)."""

    def __init__(
        self,
        everywhere: Mapping[str, Figures],
        here: Mapping[str, Figures],
        lieu: str,
        layout: Layout,
        threshold: int,
    ) -> None:
        year = next(code for code in here if len(code) == 4)
        own_layout = decide(here[year], active_months(here), threshold, within=layout)
        own, own_lines, own_most = equations(here, own_layout, "@")
        self.values: dict[Key, int] = dict(own)
        self.published = set(own)
        self.lines: list[Line[Key]] = list(own_lines)
        self.at_most: list[Line[Key]] = list(own_most)
        self.protect: set[Key] = set()
        wider_rows = {table: rows for table, rows, _ in own_layout.tables()}
        for code in here:
            mine, _, _ = block(here[code], layout)
            everywhere_values, _, _ = block(everywhere[code], layout)
            inside: dict[Key, list[Key]] = {}
            for table, rows, _ in layout.tables():
                for group in rows:
                    key = f"{table}:{group.key}"
                    if table == "lieu":  # this site's row is its sessions; the others not here
                        if lieu in group.members:
                            self._link(
                                code, key, everywhere_values[key] - mine["S"], (code + "@", "S")
                            )
                        continue
                    wider = next(
                        g for g in wider_rows[table] if set(group.members) <= set(g.members)
                    )
                    cell = (code + "@", f"{table}:{wider.key}")
                    if wider.members != group.members:
                        # The site's count of this row, unpublished, inside its wider row.
                        cell = (code + "@f", key)
                        self.values[cell] = mine[key]
                        self.protect.add(cell)
                        inside.setdefault((code + "@", f"{table}:{wider.key}"), []).append(cell)
                        if table == "demarche" and len(group.members) == 1:
                            self.at_most.append(([cell], (code + "@", "S")))
                    self._link(code, key, everywhere_values[key] - mine[key], cell)
                    if table == "demarche" and len(group.members) == 1:
                        self.at_most.append(([(code + REST, key)], (code + REST, "S")))
            self.lines.extend((members, total) for total, members in inside.items())
            for key in ("S", "L"):
                self._link(code, key, everywhere_values[key] - mine[key], (code + "@", key))
            self.at_most.append(([(code + REST, "S")], (code + REST, "L")))

    def _link(self, code: str, key: str, rest_value: int, mine: Key) -> None:
        """All sites = this site + the other sites together (unknown, ≥ 0, protected)."""
        rest = (code + REST, key)
        self.values[rest] = rest_value
        self.protect.add(rest)
        self.lines.append(([mine, rest], (code, key)))
