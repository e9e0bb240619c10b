"""The register on disk: one SQLite file, one transaction per session, crash-safe.

Rollback journal (one file to back up) with `synchronous=FULL`; every write starts with
`BEGIN IMMEDIATE` and waits up to BUSY_TIMEOUT for another process to finish, so two windows
recording at once both succeed. SQLite errors become one French sentence and a hint; the file
is never deleted, rewritten or "repaired" behind the volunteer's back.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

from cafedemarches.errors import UserError, os_reason
from cafedemarches.tally import pending, schema, staging
from cafedemarches.tally.model import FIELDS, SESSION_FIELDS, SessionEntry

BUSY_TIMEOUT = 30.0


class RegisterBusy(UserError):
    """Another program holds the register longer than BUSY_TIMEOUT (it will be free later)."""


class AlreadyRecorded(UserError):
    """The session is in the register already: nothing to add, nothing to keep."""


def _hint_keep(path: Path) -> str:
    return (
        f"Le fichier {path} n'a pas été modifié. Gardez-en une copie, et demandez de l'aide à "
        "la personne qui coordonne le kit ; pour continuer en attendant, choisissez un autre "
        "dossier avec la variable CAFEDEMARCHES_HOME."
    )


def damaged(path: Path) -> UserError:
    """The one sentence for a damaged register, with the way out."""
    return UserError(
        f"Le registre {path} est illisible : le fichier est abîmé ou n'est pas un registre.",
        f"Le fichier {path} n'a pas été modifié. Gardez-en une copie, exportez ce qui peut encore "
        f"être lu (cafedemarches registre exporter --sortie sauvegarde.csv), puis mettez {path.name} "
        "de côté et importez la sauvegarde dans un registre neuf (cafedemarches registre "
        "importer sauvegarde.csv) ; demandez de l'aide à la personne qui coordonne le kit.",
    )


# Up to this size the register is checked page by page before every write (about a second
# for the largest); beyond, only `registre importer` and `diagnostic` check it.
CHECK_BEFORE_WRITE_BYTES = 64 * 1024 * 1024


def integrity_problem(conn: sqlite3.Connection, *, quick: bool = True) -> str | None:
    """What SQLite's own check finds wrong with the register, or None."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = conn.execute(f"PRAGMA {pragma}(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    found = [str(r[0]) for r in rows]
    return None if found == ["ok"] else "; ".join(found)


def translate(exc: sqlite3.Error, path: Path) -> UserError:
    """The French sentence for a storage failure (never a traceback)."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return damaged(path)
    if "readonly" in text or "read-only" in text:
        return UserError(
            f"Le registre {path} est en lecture seule : impossible d'y enregistrer quoi que ce "
            "soit.",
            "Vérifiez les droits du dossier et du fichier, ou choisissez un dossier où vous "
            "pouvez écrire avec la variable CAFEDEMARCHES_HOME.",
        )
    if "disk is full" in text or "disk i/o" in text:
        return UserError(
            f"Le disque est plein (ou en erreur) : le registre {path} n'a rien enregistré, "
            "ce qui était déjà dedans est intact.",
            "Libérez de la place sur le disque (corbeille, téléchargements), puis recommencez.",
        )
    if "locked" in text or "busy" in text:
        return RegisterBusy(
            "Le registre est occupé depuis trop longtemps par un autre programme (une autre "
            "fenêtre de cafedemarches, une sauvegarde…).",
            "Attendez la fin de l'autre opération (un import, par exemple), puis recommencez.",
        )
    if "unable to open" in text:
        return UserError(
            f"Impossible d'ouvrir le registre {path} : le dossier n'existe pas ou n'est pas "
            "accessible en écriture.",
            "Vérifiez les droits du dossier, ou choisissez-en un autre avec la variable "
            "CAFEDEMARCHES_HOME.",
        )
    return UserError(
        f"Le registre {path} n'a pas pu être lu ou écrit ({exc}).",
        _hint_keep(path),
    )


class Tally:
    """An open register. Use through `open_tally`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.filing = pending.Filing()  # the waiting sessions filed at its opening

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is kept, or none of it."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def ensure_sound(self, *, always: bool = False) -> None:
        """Refuse to write into a damaged register (the same sentence as `bilan`)."""
        if not self.path.exists():
            return
        if not always and self.path.stat().st_size > CHECK_BEFORE_WRITE_BYTES:
            return
        if integrity_problem(self.conn) is not None:
            raise damaged(self.path)

    def record(self, entry: SessionEntry) -> None:
        """Store one session (all its lines) in one transaction, as typed on this laptop."""
        if not self.file(entry):
            raise AlreadyRecorded("Cette séance est déjà dans le registre : rien n'a été ajouté.")

    def file(self, entry: SessionEntry) -> bool:
        """Store one session unless it is there already (checked in the same transaction, so
        two windows filing the same session store it once); False when it was there."""
        self.ensure_sound()
        placeholders = ", ".join("?" * (3 + len(SESSION_FIELDS)))
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM seance WHERE id = ?", (entry.id,)).fetchone():
                return False
            cursor = conn.execute(
                f"INSERT INTO seance (id, jour, lieu, {', '.join(SESSION_FIELDS)}) "  # noqa: S608
                f"VALUES ({placeholders})",
                (
                    entry.id,
                    entry.jour.isoformat(),
                    entry.lieu,
                    *(getattr(entry, f) for f in SESSION_FIELDS),
                ),
            )
            n = cursor.lastrowid
            conn.executemany(
                "INSERT INTO demarche_traitee (seance, demarche, theme, issue, rang) "
                "VALUES (?, ?, ?, ?, ?)",
                [(n, *line, rang) for rang, line in enumerate(entry.demarches)],
            )
            conn.execute("INSERT INTO saisie_locale (seance) VALUES (?)", (n,))
        return True

    def last_local(self) -> SessionEntry | None:
        """The last session recorded on this laptop that is still in the register."""
        row = self.conn.execute(
            f"SELECT s.n, s.id, s.jour, s.lieu, {', '.join('s.' + f for f in SESSION_FIELDS)} "  # noqa: S608
            "FROM saisie_locale AS k JOIN seance AS s ON s.n = k.seance "
            "ORDER BY k.n DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        lines = self.conn.execute(
            "SELECT demarche, theme, issue FROM demarche_traitee WHERE seance = ? ORDER BY rang",
            (row[0],),
        ).fetchall()
        shared = dict(zip(SESSION_FIELDS, row[4:], strict=True))
        return SessionEntry(
            id=row[1],
            jour=dt.date.fromisoformat(row[2]),
            lieu=row[3],
            demarches=tuple((d, t, i) for d, t, i in lines),
            **shared,
        )

    def remove(self, session_id: str) -> bool:
        """Remove one session and its lines; False when it was not there (any more)."""
        self.ensure_sound()
        with self.transaction() as conn:
            row = conn.execute("SELECT n FROM seance WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM demarche_traitee WHERE seance = ?", row)
            conn.execute("DELETE FROM saisie_locale WHERE seance = ?", row)
            conn.execute("DELETE FROM seance WHERE n = ?", row)
            return True

    def rows(self, month: str | None = None) -> Generator[tuple[str, ...], None, None]:
        """Every line of the register (or of one month AAAA-MM) in FIELDS order."""
        sql = f"SELECT {', '.join(FIELDS)} FROM registre"  # noqa: S608
        params: tuple[str, ...] = ()
        if month is not None:
            sql += " WHERE jour >= ? AND jour < ?"
            params = (f"{month}-01", f"{month}-32")
        sql += " ORDER BY jour, id, demarche"
        yield from self.conn.execute(sql, params)

    def counts(self) -> tuple[int, int]:
        """(sessions, lines) in the whole register."""
        sessions = self.conn.execute("SELECT count(*) FROM seance").fetchone()[0]
        lines = self.conn.execute("SELECT count(*) FROM demarche_traitee").fetchone()[0]
        return int(sessions), int(lines)


def _file_pending(tally: Tally) -> pending.Filing:
    """File the sessions kept while the register could not take them. Whatever stops it (the
    register still busy, damaged, a full disk) leaves them waiting for the next opening."""
    try:
        return pending.file_all(tally.path, tally.file)
    except (sqlite3.Error, OSError, UserError):
        return pending.Filing()


def _connect(path: Path, create: bool) -> sqlite3.Connection:
    if not create and not path.exists():
        return sqlite3.connect(":memory:", isolation_level=None)
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"Impossible de créer le dossier du registre {path.parent} ({os_reason(exc)}).",
                "Vérifiez les droits, ou choisissez un autre dossier avec CAFEDEMARCHES_HOME.",
            ) from exc
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    version = schema.schema_version(conn)
    if version > schema.CURRENT_VERSION:
        raise UserError(
            f"Le registre {path} vient d'une version plus récente de cafedemarches.",
            "Mettez le kit à jour sur ce portable avant de vous servir de ce registre.",
        )
    if version < schema.CURRENT_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            start = schema.schema_version(conn)  # another process may have migrated it
            if start < schema.CURRENT_VERSION:
                schema.migrate(conn, start)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


@contextmanager
def open_tally(path: Path, *, create: bool = True) -> Iterator[Tally]:
    """Open (and create or migrate) the register at `path`.

    With `create=False` a missing file reads as an empty register and nothing is written.
    """
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(path, create)
        _prepare(conn, path)
        tally = Tally(conn, path)
        if create:
            staging.sweep_stale(path.parent)
            tally.filing = _file_pending(tally)
        yield tally
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    finally:
        if conn is not None:
            conn.close()


def register_status(path: Path) -> tuple[bool, str]:
    """For `diagnostic`: SQLite's full integrity check of the register at `path`, in one
    French line."""
    if not path.exists():
        return True, f"pas encore de registre ({path} sera créé à la première séance notée)"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as exc:
        return False, translate(exc, path).message
    try:
        problem = integrity_problem(conn, quick=False)
    finally:
        conn.close()
    if problem is not None:
        error = damaged(path)
        return False, f"{error.message} {error.hint}"
    return True, f"registre {path} intact (vérification d'intégrité de SQLite)"
