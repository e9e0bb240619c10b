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
from collections.abc import Mapping
from pathlib import Path

from cafedemarches.tally.report import Statuses, block, trend_months
from cafedemarches.tally.summary import Figures, Period, counts
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
    Path(__file__).with_name(n) for n in ("linked.py", "suppress.py", "report.py", "summary.py")
]


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
    """The hidden cells of every published report of `year` (all sites, or one site)."""
    here = year_figures(conn, year, lieu) if lieu is not None else None
    return _protect(year_figures(conn, year, None), here, lieu, threshold)


def _protect(
    everywhere: Mapping[str, Figures],
    here: Mapping[str, Figures] | None,
    lieu: str | None,
    threshold: int,
) -> dict[Key, Status]:
    year = next(code for code in everywhere if len(code) == 4)
    procedures = sorted({(d, t) for d, t, _ in everywhere[year].outcomes})
    sites = sorted(everywhere[year].sites)
    values, lines = equations(everywhere, procedures, sites)
    published = set(values)
    all_sites = hidden_cells(values, lines, threshold, published=published)
    if lieu is None or here is None:
        return all_sites
    own, own_lines = equations(here, procedures, sites, scope="")
    # Keys of this site's reports: (code, key) like the all-sites ones, under another name.
    site_values = {(code + "@", key): v for (code, key), v in own.items()}
    site_lines: list[Line[Key]] = [
        ([(c + "@", k) for c, k in members], (total[0] + "@", total[1]))
        for members, total in own_lines
    ]
    # The other sites together (all sites − this one), which no report shows: each cell a
    # count (≥ 0) of other people. Their own equations follow from the others' (all sites and
    # this site both add up), so only the links are needed.
    rest_values = {(code + REST, key): values[(code, key)] - v for (code, key), v in own.items()}
    links: list[Line[Key]] = [
        ([(code + "@", key), (code + REST, key)], (code, key)) for code, key in own
    ]
    # The all-sites table of sites shows this site's sessions.
    links.extend(([(code + "@", "S")], (code, f"lieu:{lieu}")) for code in here if lieu in sites)
    every_value = {**values, **site_values, **rest_values}
    every_line = [*lines, *site_lines, *links]
    shown = published | set(site_values)
    site_status = hidden_cells(
        every_value,
        every_line,
        threshold,
        published=shown,
        frozen={key: all_sites.get(key) for key in values},
        protect=set(rest_values),
        # What all sites' reports told already of the others' small counts (this site's
        # table unknown, only adding up to its sessions there): this one must tell no more.
        before=dict(all_sites) | {key: WITHHELD for key in site_values},
    )
    return {(code[:-1], key): s for (code, key), s in site_status.items() if code.endswith("@")}
