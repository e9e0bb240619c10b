"""The SQLite schema of the tally and its forward migrations (PRAGMA user_version).

Two STRICT tables hold exactly the fields of SPEC.md: `seance` (one row per session, its shared
fields) and `demarche_traitee` (one row per procedure handled in it, pointing at its session by
the session's row number `n`, so that a large import appends rows in order and only the index
of session ids is written at random places). Every field is checked by
the database itself against its closed list, so nothing else can be stored even by mistake.
`saisie_locale` only remembers which sessions were typed on this laptop, in order, so that
`registre annuler` removes the right one. The view `registre` is the CSV: one row per line, in
the field order of SPEC.md; inserting into it (an import) files each line in both tables and
aborts on any id that comes back with a different content.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from cafedemarches.tally.model import CHOICES, FIELDS, LIEU_MAX, SESSION_FIELDS

_HEX = "[0-9a-f]"
_UUID_GLOB = "-".join(_HEX * n for n in (8, 4, 4, 4, 12))
_CONTROL = "".join(chr(c) for c in range(1, 32))


def _closed(column: str) -> str:
    # `x = 'a' OR x = 'b'…` rather than `x IN (…)`: SQLite builds a temporary table for an IN
    # list at every statement, which made a large import four times slower.
    values = " OR ".join(f"{column} = '{v}'" for v in CHOICES[column])
    return f"{column} TEXT NOT NULL CHECK ({values})"


def _schema_v1() -> list[str]:
    session_columns = ",\n  ".join(_closed(c) for c in SESSION_FIELDS)
    session_tuple = ", ".join(SESSION_FIELDS)
    excluded_tuple = ", ".join(f"excluded.{c}" for c in SESSION_FIELDS)
    new_tuple = ", ".join(f"NEW.{c}" for c in SESSION_FIELDS)
    view_columns = ", ".join(
        f"l.{c}" if c in ("demarche", "theme", "issue") else f"s.{c}" for c in FIELDS
    )
    return [
        f"""CREATE TABLE seance (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (id GLOB '{_UUID_GLOB}'),
  jour TEXT NOT NULL CHECK (
    jour GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(jour) IS jour),
  lieu TEXT NOT NULL CHECK (
    length(lieu) BETWEEN 1 AND {LIEU_MAX} AND lieu = trim(lieu, ' ')
    AND lieu NOT GLOB '*[{_CONTROL}]*'),
  {session_columns}
) STRICT""",
        f"""CREATE TABLE demarche_traitee (
  seance INTEGER NOT NULL REFERENCES seance (n),
  demarche TEXT NOT NULL CHECK (
    length(demarche) <= 60 AND demarche GLOB '[a-z0-9]*'
    AND demarche NOT GLOB '*[^a-z0-9_-]*'),
  {_closed("theme")},
  {_closed("issue")},
  UNIQUE (seance, demarche)
) STRICT""",
        "CREATE TABLE saisie_locale (n INTEGER PRIMARY KEY, seance INTEGER NOT NULL) STRICT",
        "CREATE INDEX seance_par_jour ON seance (jour, lieu)",
        f"""CREATE VIEW registre AS
SELECT {view_columns}
FROM seance AS s JOIN demarche_traitee AS l ON l.seance = s.n""",  # noqa: S608
        # An id already known with another content sets a NOT NULL column to NULL: the
        # statement aborts and the import says which lines disagree.
        f"""CREATE TRIGGER registre_importer INSTEAD OF INSERT ON registre BEGIN
  INSERT INTO seance (id, jour, lieu, {session_tuple})
    VALUES (NEW.id, NEW.jour, NEW.lieu, {new_tuple})
    ON CONFLICT (id) DO UPDATE SET jour = NULL
    WHERE (jour, lieu, {session_tuple}) IS NOT (excluded.jour, excluded.lieu, {excluded_tuple});
  INSERT INTO demarche_traitee (seance, demarche, theme, issue)
    VALUES ((SELECT n FROM seance WHERE id = NEW.id), NEW.demarche, NEW.theme, NEW.issue)
    ON CONFLICT (seance, demarche) DO UPDATE SET theme = NULL
    WHERE (theme, issue) IS NOT (excluded.theme, excluded.issue);
END""",  # noqa: S608
    ]


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    for statement in _schema_v1():
        conn.execute(statement)


# MIGRATIONS[n] brings a register from version n to n + 1. Only ever append.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_to_1]
CURRENT_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, start: int) -> None:
    """Apply the migrations after `start`, inside the caller's write transaction."""
    for version in range(start, CURRENT_VERSION):
        MIGRATIONS[version](conn)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
