from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from cafedemarches.errors import UserError
from cafedemarches.tally.model import InvalidEntry, SessionEntry, duree_bracket
from cafedemarches.tally.schema import CURRENT_VERSION
from cafedemarches.tally.store import open_tally, translate

from .helpers import entry, tally_path


def test_recorded_session_comes_back_as_last_local_entry() -> None:
    recorded = entry(orientation="caf", duree="15_30")
    with open_tally(tally_path()) as tally:
        tally.record(recorded)
        assert tally.last_local() == recorded
        assert tally.counts() == (1, 2)


def test_schema_version_is_set_and_tables_are_strict() -> None:
    with open_tally(tally_path()) as tally:
        assert tally.conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        strict = tally.conn.execute("SELECT name, strict FROM pragma_table_list").fetchall()
        assert ("seance", 1) in strict and ("demarche_traitee", 1) in strict


def test_database_refuses_value_outside_closed_list() -> None:
    with open_tally(tally_path()) as tally, pytest.raises(sqlite3.IntegrityError):
        tally.conn.execute(
            "INSERT INTO seance (id, jour, lieu, orientation, autonomie, duree, "
            "premiere_visite, tranche_age, statut) VALUES "
            "('00000000-0000-4000-8000-000000000000', '2026-11-25', 'x', 'nom de famille', "
            "'autonome', '15_30', 'oui', '25_39', 'retraite')"
        )


def test_entry_with_free_text_is_refused_before_storage() -> None:
    with pytest.raises(InvalidEntry, match="statut"):
        entry(statut="Jean Dupont")
    with pytest.raises(InvalidEntry):
        SessionEntry(jour=dt.date(2026, 11, 25), lieu="Café", demarches=())


def test_duree_bracket_limits() -> None:
    assert [duree_bracket(m) for m in (0, 14.9, 15, 29, 30, 59, 60, 200)] == [
        "moins_15",
        "moins_15",
        "15_30",
        "15_30",
        "30_60",
        "30_60",
        "plus_60",
        "plus_60",
    ]


def test_corrupted_file_gives_french_error_and_is_left_untouched() -> None:
    path = tally_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    garbage = b"ceci n'est pas une base SQLite" * 100
    path.write_bytes(garbage)
    with pytest.raises(UserError, match="illisible") as caught, open_tally(path) as tally:
        tally.record(entry())
    assert "n'a pas été modifié" in (caught.value.hint or "")
    assert path.read_bytes() == garbage


def test_full_disk_gives_french_error_and_keeps_what_was_there() -> None:
    with open_tally(tally_path()) as tally:
        tally.record(entry())
        pages = tally.conn.execute("PRAGMA page_count").fetchone()[0]
        tally.conn.execute(f"PRAGMA max_page_count = {pages}")
        big = SessionEntry(
            jour=dt.date(2026, 11, 25),
            lieu="Café du Coin",
            demarches=tuple((f"d{i:04d}" + "x" * 50, "autre", "faite") for i in range(400)),
        )
        with pytest.raises(sqlite3.OperationalError) as caught:
            tally.record(big)
        assert "plein" in translate(caught.value, tally.path).message
        assert tally.counts() == (1, 2)


def test_read_only_register_gives_french_error() -> None:
    with open_tally(tally_path()) as tally:
        tally.record(entry())
    conn = sqlite3.connect(f"file:{tally_path()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("DELETE FROM seance")
    conn.close()
    error = translate(caught.value, tally_path())
    assert "lecture seule" in error.message and error.hint


def test_newer_schema_is_refused_without_change() -> None:
    path = tally_path()
    with open_tally(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.close()
    with pytest.raises(UserError, match="plus récente"), open_tally(path):
        pass


def test_missing_register_reads_as_empty_without_creating_it() -> None:
    with open_tally(tally_path(), create=False) as tally:
        assert tally.counts() == (0, 0)
    assert not tally_path().exists()
