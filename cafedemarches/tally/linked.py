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
than the all-sites reports alone allowed. The all-sites tables being the margins of every
site's, the all-sites reports are first protected, site after site, so that they alone never
narrow a small count of any site. The result depends only on the counts of that year, so
every report of a year, asked in any order, hides the same cells.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cafedemarches.content.cache import fingerprint, read_cached, write_cached
from cafedemarches.errors import UserError
from cafedemarches.tally.layout import (
    HEADLINE,
    Group,
    Layout,
    block,
    decide,
    layout_from_json,
    layout_json,
)
from cafedemarches.tally.model import SESSION_FIELDS
from cafedemarches.tally.report import Cell, Report, Statuses, build_report, trend_months
from cafedemarches.tally.summary import Figures, Period, year_by_site
from cafedemarches.tally.suppress import (
    PRIMARY,
    SECONDARY,
    WITHHELD,
    Line,
    Status,
    hidden_cells,
)

Key = tuple[str, str]
REST = "|autres lieux"  # the scope suffix of the sites not published (unknown to the reader)
SITE = "|lieu|{}|"  # the scope suffix of one other site (its headline figures, unpublished)


def published_report(
    conn: sqlite3.Connection,
    counted: Figures,
    threshold: int,
    cache: Path | None = None,
    *,
    association: str | None = None,
    names: Mapping[str, str] | None = None,
) -> Report:
    """The published report of `counted` (its period, its site or all sites), protected with
    every report it is linked to; a decision read back from the cache that would print a
    false mark is decided again."""
    period, lieu = counted.period, counted.lieu
    layout = layouts(conn, period.start.year, lieu, threshold, names, cache)

    def build(found: Statuses) -> Report:
        return build_report(
            counted,
            published=True,
            threshold=threshold,
            association=association,
            names=names,
            statuses=found,
            layout=layout,
        )

    report = build(statuses(conn, period, lieu, threshold, cache))
    if cache is not None and false_marks(report):
        report = build(statuses(conn, period, lieu, threshold, cache, refresh=True))
    if false_marks(report):
        raise UserError(
            "Le bilan publiable n'a pas pu être protégé : il montrerait un petit nombre.",
            "Rien n'est publié. Signalez-le aux mainteneurs du kit ; le bilan sans --publier "
            "reste utilisable en interne.",
        )
    return report


def false_marks(report: Report) -> list[Cell]:
    """The cells of a published report whose mark is not true of their count: a count of
    0 … t − 1 shown or marked « s », a « < t » on a larger count. (The differences of the
    comparison are derived from the cells they compare and are not checked here.)"""
    t = report.threshold
    cells = [report.sessions, report.lines, report.first_visits]
    for section in report.sections:
        for _, row in section.rows:
            cells.extend(row)
        cells.extend(section.total or [])
    wrong = []
    for cell in cells:
        if cell.signed or cell.status == WITHHELD:
            continue
        if (cell.status == PRIMARY) != (cell.value < t):
            wrong.append(cell)
    return wrong


def statuses(
    conn: sqlite3.Connection,
    period: Period,
    lieu: str | None,
    threshold: int,
    cache: Path | None = None,
    *,
    refresh: bool = False,
) -> Statuses:
    """The status of every cell a published report of `period` shows (its own and linked).

    With a `cache` folder, each year's result is kept there, keyed by a digest of every line
    of that year (all sites: what the tables count), the site, the threshold and this code:
    asking again (another format, another month of the same year) reads it back, and any
    change to that year's lines (a session added, removed, or re-imported with other lines)
    has it decided again. What is read back is checked (every entry a cell of that year with a
    known status); anything else is decided again, as it is with `refresh`.
    """
    years = {period.start.year, period.previous().start.year}
    years.update(int(m[:4]) for m in trend_months(period))
    found: dict[Key, Status] = {}
    for year in sorted(years):
        if cache is None:
            found.update(protect_year(conn, year, lieu, threshold))
            continue
        name = "masquage-" + hashlib.sha256(f"{year}\0{lieu}".encode()).hexdigest()[:16]
        content = _year_content(conn, year, cache)
        key = fingerprint(_CODE, str(year), str(lieu), str(threshold), content)
        decided = None if refresh else _checked(read_cached(cache, name, key), year)
        if decided is None:
            decided = protect_year(conn, year, lieu, threshold)
            stored = [[code, cell, s] for (code, cell), s in sorted(decided.items())]
            write_cached(cache, name, key, stored)
        found.update(decided)
    return found


_STATUSES: frozenset[str] = frozenset((PRIMARY, SECONDARY, WITHHELD))


def _checked(stored: object, year: int) -> dict[Key, Status] | None:
    """A decision read back, or None when it is not one this code could have written."""
    if not isinstance(stored, list):
        return None
    codes = {str(year), *(f"{year}-{m:02d}" for m in range(1, 13))}
    decided: dict[Key, Status] = {}
    for item in stored:
        if not (isinstance(item, list) and len(item) == 3):
            return None
        code, cell, status = item
        if code not in codes or not isinstance(cell, str) or status not in _STATUSES:
            return None
        decided[(code, cell)] = status
    return decided


def _year_content(conn: sqlite3.Connection, year: int, cache: Path) -> str:
    """`year_digest`, remembered for the register file as it is now.

    Every write to the register is a transaction that SQLite commits into the file itself
    (no write-ahead log here), raising its change counter and its modification time: while
    these, its size and its inode are the same, the lines are too, and the digest is read
    back instead of computed (a second on a register of a million lines).
    """
    name = f"empreinte-{year}"
    state = _file_state(conn)
    if state is not None:
        known = read_cached(cache, name, state)
        if isinstance(known, str):
            return known
    digest = year_digest(conn, year)
    if state is not None:
        write_cached(cache, name, state, digest)
    return digest


def _file_state(conn: sqlite3.Connection) -> str | None:
    """The register file's identity and state, or None (in memory, unreadable)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    if row is None or not row[2]:
        return None
    path = Path(row[2])
    try:
        stat = path.stat()
        with path.open("rb") as stream:
            header = stream.read(28)
    except OSError:
        return None
    if len(header) < 28:
        return None
    counter = int.from_bytes(header[24:28], "big")
    return f"{path.resolve()}\0{stat.st_ino}\0{stat.st_size}\0{stat.st_mtime_ns}\0{counter}"


def year_digest(conn: sqlite3.Connection, year: int) -> str:
    """A digest of every line of `year`, all sites: whatever a table counts changes it.

    Each month's lines are joined into one text by SQLite itself (a Python loop over the
    lines would cost ten times more), then hashed.
    """
    digest = hashlib.sha256()
    columns = ["s.jour", "s.lieu", *(f"s.{name}" for name in SESSION_FIELDS)]
    columns += ["l.demarche", "l.theme", "l.issue"]
    sql = (
        f"SELECT count(*), group_concat({' || char(31) || '.join(columns)}, char(30)) "  # noqa: S608
        "FROM seance AS s JOIN demarche_traitee AS l ON l.seance = s.n "
        "WHERE s.jour >= ? AND s.jour < ?"
    )
    for month in range(1, 13):
        start = f"{year}-{month:02d}-01"
        end = f"{year}-{month + 1:02d}-01" if month < 12 else f"{year + 1}-01-01"
        lines, text = conn.execute(sql, (start, end)).fetchone()
        digest.update(f"{month}\0{lines}\0{text or ''}\0".encode())
    return digest.hexdigest()


# The code a cached decision depends on.
_CODE = [
    Path(__file__).with_name(n)
    for n in ("linked.py", "suppress.py", "report.py", "summary.py", "layout.py")
]


def year_figures(conn: sqlite3.Connection, year: int, lieu: str | None) -> dict[str, Figures]:
    """The counts of the 12 months of `year` and of the year itself, by period code."""
    return _scope(_year_by_site(conn, year), year, lieu)


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
    cache: Path | None = None,
) -> Layout:
    """The rows of the published tables of `year` (all sites, or `lieu` within them).

    With a `cache` folder, kept there under the same key as the year's decision (a digest of
    the year's lines, the site, the threshold, this code), and checked when read back."""
    key = name = ""
    if cache is not None:
        name = "disposition-" + hashlib.sha256(f"{year}\0{lieu}".encode()).hexdigest()[:16]
        content = _year_content(conn, year, cache)
        key = fingerprint(_CODE, str(year), str(lieu), str(threshold), content)
        kept = layout_from_json(read_cached(cache, name, key), names or {})
        if kept is not None:
            return kept
    by_site = _year_by_site(conn, year)
    everywhere = _scope(by_site, year, None)
    found = decide(everywhere[str(year)], active_months(everywhere), threshold, names=names)
    if lieu is not None:
        here = _scope(by_site, year, lieu)
        found = decide(here[str(year)], active_months(here), threshold, names=names, within=found)
    if cache is not None:
        write_cached(cache, name, key, layout_json(found))
    return found


# The year counts last read (the connection, the register's state, the counts by year): one
# `bilan` reads them for its layout and for its decision. Any write, by this connection or another,
# changes the state.
_LAST: list[Any] = []


def _year_by_site(conn: sqlite3.Connection, year: int) -> dict[str, dict[str, Figures]]:
    state = (conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0])
    if not (_LAST and _LAST[0] is conn and _LAST[1] == state):
        _LAST[:] = [conn, state, {}]
    years: dict[int, dict[str, dict[str, Figures]]] = _LAST[2]
    if year not in years:
        years[year] = year_by_site(conn, year)
    return years[year]


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


def _report_of(cell: Key) -> str:
    """The report a cell is printed in: its period and scope."""
    return cell[0]


def headline(codes: Sequence[str], scope: str = "") -> set[Key]:
    """The headline figures of every report: published whenever they are not small."""
    return {(code + scope, key) for code in codes for key in HEADLINE}


def protect_year(
    conn: sqlite3.Connection, year: int, lieu: str | None, threshold: int
) -> dict[Key, Status]:
    """The hidden cells of every published report of `year` (all sites, or one site)."""
    return _protect(_year_by_site(conn, year), year, lieu, threshold)


def _protect(
    by_site: Mapping[str, Mapping[str, Figures]], year: int, lieu: str | None, threshold: int
) -> dict[Key, Status]:
    everywhere = _scope(by_site, year, None)
    whole = str(year)
    layout = decide(everywhere[whole], active_months(everywhere), threshold)
    values, lines, at_most = equations(everywhere, layout)
    published = set(values)
    keep = headline(list(everywhere))
    all_sites = hidden_cells(
        values, lines, threshold, at_most=at_most, keep=keep, report_of=_report_of
    )
    # The all-sites tables are the margins of each site's: next to the table of sites, they
    # can tell a site's small count (all sites' 4 « accompagnée » sessions of the year, and
    # « < 3 » sessions for the only other site: this one had at least 2), whether or not its
    # own reports are published. Each site's cells, unknown to the reader here, are protected
    # in turn (a fixed order, whichever site is asked): the all-sites reports hide more.
    systems: dict[str, SiteSystem] = {}
    for name in sorted(everywhere[whole].sites):
        here = _scope(by_site, year, name)
        if not _has_small_count(here, layout, threshold):
            continue  # nothing of this site to protect (most sites of a large network)
        others = _others(by_site, year, name)
        system = systems[name] = SiteSystem(everywhere, here, name, layout, threshold, others)
        all_sites = hidden_cells(
            {**values, **system.values},
            [*lines, *system.lines],
            threshold,
            published=published,
            protect={k for k in system.published if 0 < system.values[k] < threshold},
            at_most=[*at_most, *system.at_most],
            keep=keep,
            report_of=_report_of,
            # The site's headline figures: printed in its reports whatever is decided here.
            given=keep | headline(list(everywhere), "@"),
            decided=all_sites,
        )
    if lieu is None:
        return all_sites
    site = systems.get(lieu) or SiteSystem(
        everywhere,
        _scope(by_site, year, lieu),
        lieu,
        layout,
        threshold,
        _others(by_site, year, lieu),
    )
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
        keep=headline(list(everywhere), "@"),
        report_of=_report_of,
    )
    return {(code[:-1], key): s for (code, key), s in site_status.items() if code.endswith("@")}


def _others(
    by_site: Mapping[str, Mapping[str, Figures]], year: int, lieu: str
) -> dict[str, dict[str, dict[str, int]]]:
    """The headline figures of every other site of the year, by site and period code."""
    whole = str(year)
    found: dict[str, dict[str, dict[str, int]]] = {}
    for code, sites in by_site.items():
        for site, counted in sites.items():
            if site == lieu:
                continue
            periods = found.setdefault(site, {})
            figures = periods.setdefault(code, dict.fromkeys(HEADLINE, 0))
            total = periods.setdefault(whole, dict.fromkeys(HEADLINE, 0))
            first = counted.by_field.get("premiere_visite", {}).get("oui", 0)
            for key, n in zip(HEADLINE, (counted.sessions, counted.lines, first), strict=True):
                figures[key] += n
                total[key] += n
    for periods in found.values():
        for m in range(1, 13):
            periods.setdefault(f"{year}-{m:02d}", dict.fromkeys(HEADLINE, 0))
    return found


def _has_small_count(here: Mapping[str, Figures], layout: Layout, threshold: int) -> bool:
    """Whether a site's published cells (months and year, in its own rows) hold a count of
    1 … t − 1."""
    year = next(code for code in here if len(code) == 4)
    own_layout = decide(here[year], active_months(here), threshold, within=layout)
    for counted in here.values():
        values, _, _ = block(counted, own_layout)
        if any(0 < v < threshold for v in values.values()):
            return True
    return False


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
        others: Mapping[str, Mapping[str, Mapping[str, int]]] | None = None,
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

        def one_procedure(table: str, group: Group) -> bool:
            # A row naming one procedure, printed by all sites (so known to be one): it
            # counts at most once in a session, here and in the other sites.
            return table == "demarche" and len(group.members) == 1 and layout.procedures_detailed

        for code in here:
            mine, _, _ = block(here[code], layout)
            everywhere_values, _, _ = block(everywhere[code], layout)
            inside: dict[Key, list[Key]] = {}
            for table, rows, _ in layout.tables():
                for group in rows:
                    key = f"{table}:{group.key}"
                    if table == "lieu":  # this site's row is its sessions; the others not here
                        if list(group.members) == [lieu]:
                            # A row of its own: exactly its sessions, as every reader knows
                            # (no other site's session is ever counted there).
                            self.lines.append(([(code + "@", "S")], (code, key)))
                        elif lieu in group.members:
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
                    self._link(code, key, everywhere_values[key] - mine[key], cell)
                    if one_procedure(table, group):
                        # Whether the site's report prints its row or not (no table of
                        # procedures of its own): all sites' tells which procedure it is.
                        self.at_most.append(([cell], (code + "@", "S")))
                        self.at_most.append(([(code + REST, key)], (code + REST, "S")))
            self.lines.extend((members, total) for total, members in inside.items())
            for key in ("S", "L"):
                self._link(code, key, everywhere_values[key] - mine[key], (code + "@", key))
            self.at_most.append(([(code + REST, "S")], (code + REST, "L")))
        self._split_headlines(others or {}, layout.sites, lieu, year, threshold)

    def _split_headlines(
        self,
        others: Mapping[str, Mapping[str, Mapping[str, int]]],
        sites: Sequence[Group],
        lieu: str,
        year: str,
        threshold: int,
    ) -> None:
        """The headline figures of the other sites, one by one, when one of them is small.

        A funder always reads the headline figures of all sites and of this site: their
        difference, the other sites together, is printed in effect. What must stay protected
        is each other site's own figure (what its own reports show: « < t » when small), no
        narrower than the all-sites reports alone allowed, whether or not they are published.
        Each is tied to what a reader knows of it: the all-sites table of sites (its
        sessions), the sum of its months, a session has a procedure, a first visit is a
        session. With one other site, its figure is the other sites' together."""
        cells = {
            (code + SITE.format(site), key): n
            for site, periods in others.items()
            for code, figures in periods.items()
            for key, n in figures.items()
        }
        if not any(0 < n < threshold for n in cells.values()):
            return  # nothing small to protect (the sites of a large network)
        self.values.update(cells)
        self.protect.update(cell for cell, n in cells.items() if 0 < n < threshold)
        codes = list(next(iter(others.values())))
        for code in codes:
            for key in HEADLINE:
                self.protect.discard((code + REST, key))
                members = [(code + SITE.format(site), key) for site in others]
                self.lines.append((members, (code + REST, key)))
            for site in others:
                cell = code + SITE.format(site)
                self.at_most.append(([(cell, "S")], (cell, "L")))
                self.at_most.append(([(cell, HEADLINE[2])], (cell, "S")))
            for group in sites:
                members = [(code + SITE.format(s), "S") for s in group.members if s in others]
                if lieu not in group.members:
                    self.lines.append((members, (code, f"lieu:{group.key}")))
                elif members:
                    self.lines.append((members, (code + REST, f"lieu:{group.key}")))
        months = [code for code in codes if code != year]
        for site in others:
            for key in HEADLINE:
                self.lines.append(
                    (
                        [(m + SITE.format(site), key) for m in months],
                        (year + SITE.format(site), key),
                    )
                )

    def _link(self, code: str, key: str, rest_value: int, mine: Key) -> None:
        """All sites = this site + the other sites together (unknown, ≥ 0, protected)."""
        rest = (code + REST, key)
        self.values[rest] = rest_value
        self.protect.add(rest)
        self.lines.append(([mine, rest], (code, key)))
