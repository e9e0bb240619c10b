"""The SQLite schema of the tally and its forward migrations (PRAGMA user_version).

Two STRICT tables hold exactly the fields of SPEC.md: `seance` (one row per session, its shared
fields) and `demarche_traitee` (one row per procedure handled in it, pointing at its session by
the session's row number `n`, so that a large import appends rows in order and only the index
of session ids is written at random places). `demarche_traitee` is stored as one b-tree keyed
on (seance, demarche): that key is the "one line per procedure of a session" rule, and the
summary reads a session's lines without a second lookup; `rang` keeps the lines of a session
in the order they were typed or read. Every field is checked by the database itself against
its closed list, so nothing else can be stored even by mistake. `saisie_locale` only remembers
which sessions were typed on this laptop, in order, so that `registre annuler` removes the
right one. The view `registre` is the CSV: one row per line, in the field order of SPEC.md.
An import files its lines in both tables with a few set statements (`csvio`), not row by row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from cafedemarches.tally.model import CHOICES, FIELDS, LIEU_MAX, SESSION_FIELDS

_HEX = "[0-9a-f]"
_UUID_GLOB = "-".join(_HEX * n for n in (8, 4, 4, 4, 12))
# Any control character, as a range: listing the 31 of them made `*[…]*` compare every
# character of the site with each one, a third of the cost of filing a session.
_CONTROL = f"{chr(1)}-{chr(31)}"


def _closed(column: str) -> str:
    # `x = 'a' OR x = 'b'…` rather than `x IN (…)`: SQLite builds a temporary table for an IN
    # list at every statement, which made a large import four times slower.
    values = " OR ".join(f"{column} = '{v}'" for v in CHOICES[column])
    return f"{column} TEXT NOT NULL CHECK ({values})"


def _schema_v1() -> list[str]:
    session_columns = ",\n  ".join(_closed(c) for c in SESSION_FIELDS)
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
  rang INTEGER NOT NULL,
  PRIMARY KEY (seance, demarche)
) STRICT, WITHOUT ROWID""",
        "CREATE TABLE saisie_locale (n INTEGER PRIMARY KEY, seance INTEGER NOT NULL) STRICT",
        "CREATE INDEX seance_par_jour ON seance (jour, lieu)",
        f"""CREATE VIEW registre AS
SELECT {view_columns}
FROM seance AS s JOIN demarche_traitee AS l ON l.seance = s.n""",  # noqa: S608
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
