"""The register as CSV: what `registre exporter` writes and `registre importer` reads back.

UTF-8, a header with exactly FIELDS, one row per line. An import is one transaction over all
its files: the rows stream into a staging table, then a few set statements file them as
sessions and lines, and the database checks every closed list itself; if anything is wrong
the transaction is rolled back and a second, slower reading names each faulty line. Session
ids make a second import of the same file change nothing.
"""

from __future__ import annotations

import csv
import itertools
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from cafedemarches import shutdown
from cafedemarches.errors import Problem, ProblemsError, UserError
from cafedemarches.settings import FORMULA_STARTS
from cafedemarches.tally import staging
from cafedemarches.tally.model import FIELDS, SESSION_FIELDS, value_error
from cafedemarches.tally.store import Tally
from cafedemarches.text import BIDI_CONTROLS, count

MAX_LISTED = 30
_IN_REGISTER = "dans le registre"
HEADER = ",".join(FIELDS)
ENCODING_HINT = (
    "Le fichier n'est pas en UTF-8 (sans doute enregistré par un tableur en « Windows-1252 »). "
    "Dans le tableur, choisissez « Enregistrer sous… » puis le type « CSV UTF-8 » (Excel) ou "
    "le jeu de caractères « Unicode (UTF-8) » (LibreOffice), et importez ce nouveau fichier."
)


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a « ' » in front."""
    if cell[:1] in FORMULA_STARTS and not _SIGNED_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


_SIGNED_NUMBER = re.compile(r"[+-]?[0-9]+")


def csv_writer(out: TextIO, *, excel: bool = False) -> Any:
    """The one way the kit writes CSV: `,` (or `;` for a French Excel), lines ending in LF."""
    return csv.writer(out, delimiter=";" if excel else ",", lineterminator="\n")


def write_csv(rows: Iterable[Sequence[str]], out: TextIO, *, excel: bool = False) -> int:
    """Write the header and `rows`; return how many rows were written.

    Only the site is free text; a site written like a formula (from a register older than
    the rule that now refuses it) is neutralised.
    """
    writer = csv_writer(out, excel=excel)
    writer.writerow(FIELDS)
    count = 0
    for row in rows:
        if row[2][:1] in FORMULA_STARTS:
            row = (*row[:2], neutralise(row[2]), *row[3:])
        writer.writerow(row)
        count += 1
    return count


@dataclass(frozen=True)
class ImportReport:
    files: int
    lines_read: int
    new_sessions: int
    new_lines: int


class _Refused(Exception):
    """The fast path met something wrong; the slow path will say what."""


# The rows read, before they are filed: a table in an in-memory database attached for the
# import only. Detaching it frees it at once (dropping a temporary table of a million rows
# walks it page by page: half a second for a million rows). `serie` numbers the runs of lines that share
# a session id, as read: an export writes the lines of a session together.
_STAGING = "lecture_import"
_SESSION_KEY = ("id", "jour", "lieu", *SESSION_FIELDS)


def _columns(prefix: str, names: Sequence[str]) -> str:
    return ", ".join(f"{prefix}{name}" for name in names)


# One row per session: a line is filed as a session when it differs from the line before it
# (so usually only the first line of a session). Every other line has the very same session
# fields as a line that is filed, so the CHECK constraints of `seance` see every value of the
# file. A new session is numbered `:base + serie` (`:base` being the last number in use), in
# the order read, so that its lines find it below without searching the index of ids. An id
# already known, from the register or from an earlier line, with another content sets a NOT
# NULL column to NULL (or, within one run, reuses a number): the statement aborts and the slow
# path says which lines disagree. The same content changes nothing.
_FILE_SESSIONS = f"""
INSERT INTO seance (n, {_columns("", _SESSION_KEY)})
SELECT :base + l.serie, {_columns("l.", _SESSION_KEY)}
FROM {_STAGING}.ligne AS l LEFT JOIN {_STAGING}.ligne AS p ON p.rowid = l.rowid - 1
WHERE ({_columns("l.", _SESSION_KEY)}) IS NOT ({_columns("p.", _SESSION_KEY)})
ORDER BY l.rowid
ON CONFLICT (id) DO UPDATE SET jour = NULL
WHERE ({_columns("", _SESSION_KEY[1:])}) IS NOT ({_columns("excluded.", _SESSION_KEY[1:])})
"""  # noqa: S608

# Every line, in the order read, pointing at its session: the one just filed under its run's
# number, or else (a session already in the register, or met again further down) the one
# found by its id. The lines of new sessions are thus appended at the end of the table. A
# line already known with another theme or issue aborts in the same way. A session already in
# the register before this import never changes: a line it does not have gets no session
# (NULL), and the statement aborts too.
_FILE_LINES = f"""
INSERT INTO demarche_traitee (seance, demarche, theme, issue, rang)
SELECT coalesce(s.n, (
    SELECT k.n FROM seance AS k WHERE k.id = l.id AND (k.n > :base OR EXISTS (
      SELECT 1 FROM demarche_traitee AS d WHERE d.seance = k.n AND d.demarche = l.demarche)))),
  l.demarche, l.theme, l.issue, l.rowid
FROM {_STAGING}.ligne AS l LEFT JOIN seance AS s ON s.n = :base + l.serie AND +s.id = l.id
WHERE true
ORDER BY l.rowid
ON CONFLICT (seance, demarche) DO UPDATE SET theme = NULL
WHERE (theme, issue) IS NOT (excluded.theme, excluded.issue)
"""  # noqa: S608


def import_files(
    tally: Tally, paths: Sequence[Path], progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Import every file in one transaction, or nothing (ProblemsError naming the lines).

    The files are read first into a staging file beside the register, without holding the
    register's write lock (a session recorded meanwhile goes in); the lock is only taken for
    the final statements that file the staged lines. `progress` is told the bytes read.
    """
    for path in paths:
        if not path.is_file():
            raise UserError(f"Le fichier {path} n'existe pas (ou n'est pas un fichier).")
    tally.ensure_sound(always=True)
    reading = _Reading()
    conn = tally.conn
    try:
        # Enough for the index of session ids of a large register; more only costs memory
        # (the staging file holds the files read, on disk).
        conn.execute("PRAGMA cache_size = -32768")
        with _staging(conn, tally.path):
            for path in paths:
                _stage_file(conn, path, reading, progress)
            with tally.transaction():
                base = {
                    "base": conn.execute("SELECT coalesce(max(n), 0) FROM seance").fetchone()[0]
                }
                new_sessions = conn.execute(_FILE_SESSIONS, base).rowcount
                new_lines = conn.execute(_FILE_LINES, base).rowcount
    except (_Refused, sqlite3.IntegrityError, UnicodeDecodeError, csv.Error, ValueError):
        problems = diagnose(tally, paths)
        if not problems:
            problems = [Problem("le fichier ne peut pas être importé tel quel", paths[0])]
        raise _problems_error(problems) from None
    return ImportReport(len(paths), reading.lines, new_sessions, new_lines)


# What the register's own checks let through, refused as the rows are staged (the slow path
# then names each line): a NUL (SQLite's patterns stop at it), a character that would make
# the site show something else than it says, the year 0000 (a date for SQLite, not for Python),
# a day the month does not have (2026-02-30: `date()` keeps it, a day added to it does not).
_STAGING_CHECK = (
    "CHECK (instr(id || jour || lieu || demarche, char(0)) = 0"  # `=` compares the others whole
    f" AND lieu NOT GLOB '*[{''.join(sorted(BIDI_CONTROLS))}]*' AND substr(jour, 1, 4) <> '0000'"
    " AND date(jour, '+0 days') IS jour)"
)


@contextmanager
def _staging(conn: sqlite3.Connection, register: Path) -> Iterator[None]:
    """An empty staging table in a temporary file next to the register, deleted afterwards.

    On disk rather than in memory, so that memory stays flat whatever the size of the files;
    unsynchronised and without a journal, since it is thrown away if anything goes wrong.
    """
    folder = register.parent if register.parent.is_dir() else None
    staging.sweep_stale(folder or Path(tempfile.gettempdir()))  # left by a killed import
    name = ""

    def remove(_interrupted: bool = False) -> None:
        if name:
            Path(name).unlink(missing_ok=True)

    try:
        with staging.signals_held():  # the file and its cleanup come together
            name = str(staging.create(folder))
            shutdown.on_exit(remove)  # and the exit sequence removes it whatever happens
        conn.execute(f"ATTACH DATABASE ? AS {_STAGING}", (name,))
        try:
            conn.execute(f"PRAGMA {_STAGING}.journal_mode = OFF")
            conn.execute(f"PRAGMA {_STAGING}.synchronous = OFF")
            conn.execute(
                f"CREATE TABLE {_STAGING}.ligne ({', '.join(FIELDS)}, serie, {_STAGING_CHECK})"
            )
            yield
        finally:
            conn.execute(f"DETACH DATABASE {_STAGING}")
    finally:
        with staging.signals_held():  # a signal now would stop the cleanup halfway
            remove()
            shutdown.forget(remove)


@dataclass
class _Reading:
    """What the files read so far hold: lines, and runs of lines sharing a session id."""

    lines: int = 0
    runs: int = 0
    last_id: str | None = None


def _stage_file(
    conn: sqlite3.Connection,
    path: Path,
    reading: _Reading,
    progress: Callable[[int], None] | None,
) -> None:
    # One transaction for the whole file, on the staging file only (the register is neither
    # read nor locked): in autocommit, every row would be a transaction of its own.
    conn.execute("BEGIN")
    try:
        _stage_rows(conn, path, reading, progress)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _stage_rows(
    conn: sqlite3.Connection,
    path: Path,
    reading: _Reading,
    progress: Callable[[int], None] | None,
) -> None:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = _reader_after_header(stream)
        if reader is None:
            raise _Refused
        placeholders = ", ".join("?" * (len(FIELDS) + 1))
        rows = _checked_rows(reader, reading)
        sql = f"INSERT INTO {_STAGING}.ligne VALUES ({placeholders})"  # noqa: S608
        if progress is None:
            conn.executemany(sql, rows)
            return
        # In slices of lines, telling how far into the file the reading is.
        binary: Any = stream.buffer
        while True:
            batch = list(itertools.islice(rows, 20_000))  # ~20 MB of Python strings at most
            if not batch:
                break
            conn.executemany(sql, batch)
            progress(binary.tell())


def _checked_rows(reader: Iterator[list[str]], reading: _Reading) -> Iterator[list[Any]]:
    """The rows of FIELDS, each with its run number (`serie`) added at the end."""
    width = len(FIELDS)
    lines, runs, last_id = reading.lines, reading.runs, reading.last_id
    for row in reader:
        if len(row) != width:
            if not row:
                continue
            raise _Refused
        if row[2][:1] in FORMULA_STARTS:
            raise _Refused  # the slow path says which site looks like a formula
        if row[0] != last_id:
            runs += 1
            last_id = row[0]
        lines += 1
        staged: list[Any] = row
        staged.append(runs)
        yield staged
    reading.lines, reading.runs, reading.last_id = lines, runs, last_id


def _split(header: str) -> tuple[str, list[str]]:
    """The delimiter (a comma, or the semicolon of French spreadsheets) and the header names."""
    for delimiter in (",", ";"):
        names = next(csv.reader([header], delimiter=delimiter), [])
        if tuple(names) == FIELDS:
            return delimiter, names
    return ",", next(csv.reader([header]), [])


def _reader_after_header(stream: TextIO) -> Iterator[list[str]] | None:
    header = stream.readline().rstrip("\r\n")
    delimiter, names = _split(header)
    if tuple(names) != FIELDS:
        return None
    return csv.reader(stream, delimiter=delimiter)


def _problems_error(problems: list[Problem]) -> ProblemsError:
    lines = {(p.path, p.line) for p in problems}
    files = sorted({str(p.path) for p in problems if p.path})
    summary = (
        f"Import refusé : {count(len(lines), 'ligne', 'lignes')} à corriger dans {', '.join(files)} ; "
        "rien n'a été importé."
    )
    if len(problems) == 1:
        summary = f"Import refusé, rien n'a été importé : {problems[0]}."
    hint = "Corrigez ces lignes (ou retirez-les), puis relancez l'import."
    if any("UTF-8" in p.message for p in problems):
        hint = ENCODING_HINT
    listed = problems[:MAX_LISTED]
    if len(problems) > MAX_LISTED:
        listed.append(
            Problem(
                f"… et {count(len(problems) - MAX_LISTED, 'autre problème', 'autres problèmes')}"
            )
        )
    return ProblemsError(listed, summary, hint)


# --- the slow path: name every faulty line -------------------------------------------------


def diagnose(tally: Tally, paths: Sequence[Path]) -> list[Problem]:
    """Every problem of these files, with its line (stops at 10 × MAX_LISTED)."""
    problems: list[Problem] = []
    sessions: dict[str, tuple[str, tuple[str, ...]]] = {}
    lines: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
    for path in paths:
        if not _encoding_problems(path, problems):
            _content_problems(tally, path, problems, sessions, lines)
    return problems


def _encoding_problems(path: Path, problems: list[Problem]) -> bool:
    found = False
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                byte = raw[exc.start]
                problems.append(
                    Problem(
                        f"ce n'est pas du texte UTF-8 (octet 0x{byte:02X}, sans doute un "
                        "accent enregistré en Windows-1252)",
                        path,
                        number,
                    )
                )
                found = True
                if len(problems) >= 10 * MAX_LISTED:
                    break
    return found


def _content_problems(
    tally: Tally,
    path: Path,
    problems: list[Problem],
    sessions: dict[str, tuple[str, tuple[str, ...]]],
    lines: dict[tuple[str, str], tuple[str, tuple[str, ...]]],
) -> None:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        header = stream.readline().rstrip("\r\n")
        if not header and not stream.read(1):
            problems.append(
                Problem("le fichier est vide (il faut au moins la ligne d'en-tête)", path)
            )
            return
        delimiter, names = _split(header)
        if tuple(names) != FIELDS:
            problems.append(Problem(_header_message(names), path, 1))
            return
        reader = csv.reader(stream, delimiter=delimiter)
        while len(problems) < 10 * MAX_LISTED:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problems.append(
                    Problem(f"ligne illisible en CSV ({exc})", path, reader.line_num + 1)
                )
                break
            line = reader.line_num + 1
            if not row:
                continue
            for message in _row_problems(tally, row, f"ligne {line}", sessions, lines):
                problems.append(Problem(message, path, line))


def _header_message(names: list[str]) -> str:
    missing = [f for f in FIELDS if f not in names]
    extra = [n for n in names if n not in FIELDS]
    details = []
    if missing:
        details.append(
            ("colonne manquante : " if len(missing) == 1 else "colonnes manquantes : ")
            + ", ".join(missing)
        )
    if extra:
        details.append(
            ("colonne en trop : " if len(extra) == 1 else "colonnes en trop : ") + ", ".join(extra)
        )
    if not details:
        details.append("les colonnes ne sont pas dans le bon ordre")
    return "l'en-tête doit être exactement « " + HEADER + " » (" + " ; ".join(details) + ")"


def _row_problems(
    tally: Tally,
    row: list[str],
    where: str,
    sessions: dict[str, tuple[str, tuple[str, ...]]],
    lines: dict[tuple[str, str], tuple[str, tuple[str, ...]]],
) -> list[str]:
    if len(row) != len(FIELDS):
        return [f"{count(len(row), 'colonne', 'colonnes')} au lieu de {len(FIELDS)}"]
    found = [e for name, v in zip(FIELDS, row, strict=True) if (e := value_error(name, v))]
    if found:
        return found
    values = dict(zip(FIELDS, row, strict=True))
    session_id = values["id"]
    shared = (values["jour"], values["lieu"], *(values[f] for f in SESSION_FIELDS))
    known = sessions.get(session_id) or _stored_session(tally, session_id)
    if known is None:
        sessions[session_id] = (where, shared)
    elif known[1] != shared:
        found.append(f"la séance {session_id} est déjà {known[0]} avec un autre contenu")
    else:
        sessions.setdefault(session_id, known)
    key = (session_id, values["demarche"])
    outcome = (values["theme"], values["issue"])
    known_line = lines.get(key) or _stored_line(tally, key)
    if known_line is None and known is not None and known[0] == _IN_REGISTER:
        found.append(
            f"la séance {session_id} est déjà dans le registre, sans la démarche "
            f"{key[1]} : une séance enregistrée ne change plus, retirez cette ligne du fichier"
        )
    elif known_line is None:
        lines[key] = (where, outcome)
    elif known_line[1] != outcome:
        found.append(
            f"la démarche {key[1]} de la séance {session_id} est déjà {known_line[0]} "
            "avec un autre thème ou une autre issue"
        )
    else:
        lines.setdefault(key, known_line)
    return found


def _stored_session(tally: Tally, session_id: str) -> tuple[str, tuple[str, ...]] | None:
    row = tally.conn.execute(
        f"SELECT jour, lieu, {', '.join(SESSION_FIELDS)} FROM seance WHERE id = ?",  # noqa: S608
        (session_id,),
    ).fetchone()
    return None if row is None else (_IN_REGISTER, tuple(row))


def _stored_line(tally: Tally, key: tuple[str, str]) -> tuple[str, tuple[str, ...]] | None:
    row = tally.conn.execute(
        "SELECT theme, issue FROM demarche_traitee "
        "WHERE seance = (SELECT n FROM seance WHERE id = ?) AND demarche = ?",
        key,
    ).fetchone()
    return None if row is None else (_IN_REGISTER, tuple(row))
