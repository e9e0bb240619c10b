"""Sessions waiting to be filed: kept when the register could not take them (busy, locked by
another program, from a newer version, damaged, a full disk), filed at the next opening.

One file per session, `registre-en-attente/<id>.csv` (the anonymous lines, with the export's
header), written whole or not at all (`files.write_file`: a temporary file, then a rename), so
a reader never sees half a session and two windows never write into the same file. Filing is
idempotent (a session already in the register is skipped), and a file is removed only after its
own sessions are in the register: a session kept meanwhile by another window is in another
file, untouched.

A file that cannot be read back whole (cut by a crash, edited by hand, from an older kit that
appended every session to one `registre-en-attente.csv`) gives what it can: its complete lines
are filed, the others are set aside in `registre-en-attente/a-verifier/`, never glued to
another line, and told at the start of a session and by `diagnostic`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cafedemarches.errors import UserError
from cafedemarches.files import write_error, write_text
from cafedemarches.tally.model import FIELDS, SESSION_FIELDS, UUID_PATTERN, SessionEntry

HEADER = ",".join(FIELDS)
FOLDER_NAME = "registre-en-attente"
SET_ASIDE_NAME = "a-verifier"
OLD_FILE_NAME = "registre-en-attente.csv"  # one file for all, before this layout


def pending_folder(register: Path) -> Path:
    return register.with_name(FOLDER_NAME)


def set_aside_folder(register: Path) -> Path:
    return pending_folder(register) / SET_ASIDE_NAME


def as_csv(entry: SessionEntry) -> str:
    """The session's lines with the export's header (the same anonymous fields)."""
    lines = [HEADER]
    lines += [",".join(row) for row in entry.rows()]  # closed lists: no comma, no quote
    return "\n".join(lines) + "\n"


def keep(register: Path, entry: SessionEntry) -> Path:
    """Keep the session in its own pending file; that file. Raises UserError (in French)."""
    folder = pending_folder(register)
    if not UUID_PATTERN.fullmatch(entry.id):  # refused by SessionEntry already
        raise UserError(f"Identifiant de séance refusé : « {entry.id} ».")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(exc, folder / f"{entry.id}.csv") from exc
    # The same session kept twice (a retry) is the same file: replacing it changes nothing.
    return write_text(folder / f"{entry.id}.csv", as_csv(entry), existing="replace")


def waiting_files(register: Path) -> list[Path]:
    """The files of sessions waiting, oldest layout first."""
    found: list[Path] = []
    old = register.with_name(OLD_FILE_NAME)
    if old.is_file():
        found.append(old)
    folder = pending_folder(register)
    if folder.is_dir():
        found += sorted(
            p for p in folder.iterdir() if p.suffix == ".csv" and not p.name.startswith(".")
        )
    return found


@dataclass
class Reading:
    """What a pending file holds: whole sessions, and the lines that cannot be filed."""

    sessions: list[SessionEntry] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def read(path: Path) -> Reading:
    """The sessions of one pending file; a cut last line, a line of the wrong shape or a
    session refused by the register's rules go to `unreadable`, as they are."""
    return parse(path.read_bytes().decode("utf-8", errors="replace"))


def parse(text: str) -> Reading:
    """`read`, of a text."""
    reading = Reading()
    if (HEADER + "\n").startswith(text.lstrip("\ufeff")):
        return reading  # empty, or cut before its first session: nothing was kept in it
    lines = text.split("\n")
    cut = ""
    if lines and lines[-1] == "":
        lines.pop()  # the file ends with a newline: its last line is whole
    elif lines:
        cut = lines.pop()  # cut in the middle of a line
        reading.unreadable.append(cut)
    if not lines or lines[0].lstrip("\ufeff") != HEADER:
        reading.unreadable[:0] = lines
        return reading
    sessions: dict[str, list[tuple[str, list[str]]]] = {}
    for line in lines[1:]:
        row = next(csv.reader([line]), [])
        if len(row) != len(FIELDS):
            reading.unreadable.append(line)
            continue
        sessions.setdefault(row[0], []).append((line, row))
    # A session with a cut or malformed line is set aside whole: filed without that line, it
    # could never get it back (a session is immutable in the register).
    tainted = {line.split(",", 1)[0] for line in reading.unreadable}
    if cut and lines[1:]:  # cut inside its id: it may continue the session before it
        previous = lines[-1].split(",", 1)[0]
        if previous.startswith(cut.split(",", 1)[0]):
            tainted.add(previous)
    for session_id, session_lines in sessions.items():
        if session_id in tainted:
            reading.unreadable += [line for line, _ in session_lines]
            continue
        try:
            reading.sessions.append(_entry([row for _, row in session_lines]))
        except (ValueError, UserError):
            reading.unreadable += [line for line, _ in session_lines]
    return reading


def _entry(rows: list[list[str]]) -> SessionEntry:
    values = [dict(zip(FIELDS, row, strict=True)) for row in rows]
    first = values[0]
    shared = {name: first[name] for name in SESSION_FIELDS}
    for other in values[1:]:
        if any(other[n] != first[n] for n in ("jour", "lieu", *SESSION_FIELDS)):
            raise ValueError("les lignes d'une séance ne s'accordent pas")
    return SessionEntry(
        id=first["id"],
        jour=dt.date.fromisoformat(first["jour"]),
        lieu=first["lieu"],
        demarches=tuple((v["demarche"], v["theme"], v["issue"]) for v in values),
        **shared,
    )


@dataclass
class Filing:
    """What one filing did: sessions filed, and where unreadable lines were set aside."""

    filed: int = 0
    set_aside: list[Path] = field(default_factory=list)


def file_all(register: Path, file_one: Callable[[SessionEntry], bool]) -> Filing:
    """File every waiting session with `file_one` (idempotent: a session already in the
    register is skipped there), then remove each file whose sessions are all in. An error of
    the register (busy, damaged, full) stops here: what is left waits for the next time."""
    filing = Filing()
    for path in waiting_files(register):
        try:
            reading = read(path)
        except FileNotFoundError:
            continue  # filed meanwhile by another window
        for entry in reading.sessions:
            filing.filed += file_one(entry)
        if reading.unreadable:
            filing.set_aside.append(_set_aside(register, path, reading.unreadable))
        path.unlink(missing_ok=True)
    return filing


def _set_aside(register: Path, source: Path, lines: list[str]) -> Path:
    """The lines that cannot be filed, kept as they are for a person to look at (the same
    name for the same file: two windows filing at once write the same thing)."""
    text = "\n".join(lines) + "\n"
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    folder = set_aside_folder(register)
    folder.mkdir(parents=True, exist_ok=True)
    return write_text(folder / f"{source.stem}-{digest}.csv", text, existing="replace")


@dataclass
class PendingStatus:
    waiting: int
    set_aside: list[Path]


def status(register: Path) -> PendingStatus:
    """How many files wait, and which set-aside files a person should look at."""
    folder = set_aside_folder(register)
    set_aside = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    return PendingStatus(len(waiting_files(register)), set_aside)


def set_aside_message(paths: list[Path]) -> str:
    """The French sentence telling about set-aside lines."""
    one = len(paths) == 1
    files = (
        "1 fichier de séances en attente n'a pas pu être relu"
        if one
        else f"{len(paths)} fichiers de séances en attente n'ont pas pu être relus"
    )
    return (
        f"{files} en entier (une ligne coupée par un arrêt brutal, sans doute) : les lignes "
        f"illisibles sont mises de côté dans {paths[0].parent}. Vérifiez-les, notez à nouveau "
        "les séances qui manquent (cafedemarches registre ajouter), puis supprimez "
        + ("ce fichier." if one else "ces fichiers.")
    )
