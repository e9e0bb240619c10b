"""Reports protected together: what `bilan --publier` hides, over every report it is linked to.

Published reports can be combined: the year minus its other months gives a month, all sites
minus the other sites give a site, the 12-month trend shows every month. So a published month
is protected together with the other months of its year and the year itself (one system of
equations: each cell of the year is the sum of the same cell of its 12 months), and the
trend and the « previous period » columns show the counts of those other periods with the
status they have there. A site's report is protected after the all-sites reports of the same
year, whose hidden cells it keeps as they are: its cells are tied to theirs (all sites = this
site + the others, the others being unknown to the reader but never negative), and only cells
of the site's own reports are hidden to protect it. The result depends only on the counts of
that year, so every report of a year, asked in any order, hides the same cells.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from cafedemarches.tally.report import Statuses, block, trend_months
from cafedemarches.tally.summary import Figures, Period, counts
from cafedemarches.tally.suppress import Line, Status, hidden_cells

Key = tuple[str, str]
REST = "|autres lieux"  # the scope suffix of the sites not published (unknown to the reader)


def statuses(
    conn: sqlite3.Connection, period: Period, lieu: str | None, threshold: int
) -> Statuses:
    """The status of every cell a published report of `period` shows (its own and linked)."""
    years = {period.start.year, period.previous().start.year}
    years.update(int(m[:4]) for m in trend_months(period))
    found: dict[Key, Status] = {}
    for year in sorted(years):
        found.update(protect_year(conn, year, lieu, threshold))
    return found


def year_figures(conn: sqlite3.Connection, year: int, lieu: str | None) -> dict[str, Figures]:
    """The counts of the 12 months of `year` and of the year itself, by period code."""
    months = {
        f"{year}-{m:02d}": counts(conn, Period.month(f"{year}-{m:02d}"), lieu) for m in range(1, 13)
    }
    whole = Figures(Period.year(str(year)), lieu)
    for month in months.values():
        whole.sessions += month.sessions
        whole.lines += month.lines
        for key, n in month.outcomes.items():
            whole.outcomes[key] = whole.outcomes.get(key, 0) + n
        _add(whole.themes, month.themes)
        _add(whole.sites, month.sites)
        for name, by_value in month.by_field.items():
            _add(whole.by_field.setdefault(name, {}), by_value)
    return {**months, str(year): whole}


def _add(into: dict[str, int], more: Mapping[str, int]) -> None:
    for key, n in more.items():
        into[key] = into.get(key, 0) + n


def equations(
    periods: Mapping[str, Figures],
    procedures: list[tuple[str, str]],
    sites: list[str],
    scope: str = "",
) -> tuple[dict[Key, int], list[Line[Key]]]:
    """The cells of a year's 13 reports, and their equations (each one's, and year = Σ months)."""
    values: dict[Key, int] = {}
    lines: list[Line[Key]] = []
    local_keys: list[str] = []
    for code, figures in periods.items():
        found, found_lines = block(figures, procedures, sites)
        local_keys = list(found)
        values.update({(code + scope, k): v for k, v in found.items()})
        lines.extend(
            ([(code + scope, m) for m in members], (code + scope, total))
            for members, total in found_lines
        )
    year = next(code for code in periods if len(code) == 4)
    months = [code for code in periods if code != year]
    for key in local_keys:
        lines.append(([(m + scope, key) for m in months], (year + scope, key)))
    return values, lines


def protect_year(
    conn: sqlite3.Connection, year: int, lieu: str | None, threshold: int
) -> dict[Key, Status]:
    """The hidden cells of every published report of `year` (all sites, or one site).

    The all-sites reports and the reports of every site are decided together, as one system
    (all sites = Σ sites), so that the all-sites report is the same whichever site is asked,
    and a site's report next to it narrows neither a small count of the site nor one of the
    other sites taken together (all sites − this site).
    """
    everywhere = year_figures(conn, year, None)
    procedures = sorted({(d, t) for d, t, _ in everywhere[str(year)].outcomes})
    sites = sorted(everywhere[str(year)].sites)
    values, lines = equations(everywhere, procedures, sites)
    if lieu is not None and lieu not in sites:
        # No session there this year: every count is 0, « < t », nothing to protect around.
        here, here_lines = equations(year_figures(conn, year, lieu), procedures, sites)
        return hidden_cells(here, here_lines, threshold)
    published = set(values)
    all_sites = list(values)
    protect: set[Key] = set()
    by_site: dict[str, dict[Key, int]] = {}
    for site in sites if len(sites) > 1 else []:
        own, own_lines = equations(year_figures(conn, year, site), procedures, sites, "@" + site)
        by_site[site] = own
        values.update(own)
        lines.extend(own_lines)
        published |= set(own)
    for site, own in by_site.items():
        # The other sites together: what a reader of this site's and the all-sites reports
        # can work out about everyone else (only the small ones need a column and a check).
        for (code, key), v in own.items():
            scope = code[: -len("@" + site)]
            rest = values[(scope, key)] - v
            if 0 < rest < threshold:
                values[(scope + REST + site, key)] = rest
                lines.append(([(code, key), (scope + REST + site, key)], (scope, key)))
                protect.add((scope + REST + site, key))
    if by_site:
        for scope, key in all_sites:
            lines.append(([(scope + "@" + site, key) for site in sites], (scope, key)))
    found = hidden_cells(values, lines, threshold, published=published, protect=protect)
    if lieu is None or not by_site:  # with one site, its reports are the all-sites ones
        return {k: found[k] for k in all_sites if k in found}
    suffix = "@" + lieu
    return {(c[: -len(suffix)], k): s for (c, k), s in found.items() if c.endswith(suffix)}
