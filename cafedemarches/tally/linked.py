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

from cafedemarches.content.cache import fingerprint, read_cached, write_cached
from cafedemarches.errors import UserError
from cafedemarches.tally.model import SESSION_FIELDS
from cafedemarches.tally.report import Cell, Report, Statuses, block, build_report, trend_months
from cafedemarches.tally.summary import Figures, Period, counts
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

    def build(found: Statuses) -> Report:
        return build_report(
            counted,
            published=True,
            threshold=threshold,
            association=association,
            names=names,
            statuses=found,
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
    cells = [report.sessions, report.lines]
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
