"""The set-based import: the order of lines in a file never changes what is stored."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from cafedemarches.errors import ProblemsError
from cafedemarches.tally.csvio import import_files, write_csv
from cafedemarches.tally.model import FIELDS
from cafedemarches.tally.store import open_tally

from .helpers import entry, tally_path


def _write(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows, out)
    return path


def _export() -> list[tuple[str, ...]]:
    with open_tally(tally_path()) as tally:
        return list(tally.rows())


def _sessions(count: int) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for i in range(count):
        rows.extend(entry(f"2026-11-{i % 28 + 1:02d}", lieu=f"Site {i % 3}").rows())
    return rows


def test_lines_of_a_session_far_apart_make_one_session(tmp_path: Path) -> None:
    rows = _sessions(20)
    shuffled = rows[:]
    random.Random(4).shuffle(shuffled)
    with open_tally(tally_path()) as tally:
        report = import_files(tally, [_write(tmp_path / "melange.csv", shuffled)])
        assert tally.counts() == (20, 40)
        assert tally.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (report.lines_read, report.new_sessions, report.new_lines) == (40, 20, 40)
    assert _export() == sorted(rows, key=lambda r: (r[1], r[0], r[3]))


def test_same_sessions_in_two_files_of_one_import_count_once(tmp_path: Path) -> None:
    rows = _sessions(5)
    a = _write(tmp_path / "a.csv", rows)
    b = _write(tmp_path / "b.csv", rows[::-1])
    with open_tally(tally_path()) as tally:
        report = import_files(tally, [a, b])
        assert tally.counts() == (5, 10)
    assert (report.lines_read, report.new_sessions, report.new_lines) == (20, 5, 10)


def test_file_partly_known_adds_only_the_new_sessions_to_the_right_lines(tmp_path: Path) -> None:
    known, new = _sessions(6), _sessions(4)
    with open_tally(tally_path()) as tally:
        tally.record(entry("2026-10-01"))
        import_files(tally, [_write(tmp_path / "a.csv", known)])
        mixed = [r for pair in zip(known, new, strict=False) for r in pair] + known[len(new) :]
        report = import_files(tally, [_write(tmp_path / "b.csv", mixed)])
        assert tally.counts() == (11, 22)
    assert (report.new_sessions, report.new_lines) == (4, 8)
    exported = {tuple(r) for r in _export()}
    assert {*known, *new} <= exported


def test_new_procedure_for_a_known_session_is_refused_and_names_the_line(tmp_path: Path) -> None:
    """A session in the register never changes (SPEC: a session is immutable)."""
    session = entry(lieu="Marché")
    first, second = session.rows()
    with open_tally(tally_path()) as tally:
        import_files(tally, [_write(tmp_path / "a.csv", [first])])
        with pytest.raises(ProblemsError) as refused:
            import_files(tally, [_write(tmp_path / "b.csv", [first, second])])
        assert tally.counts() == (1, 1)
    (problem,) = refused.value.problems
    assert problem.line == 3 and problem.path == tmp_path / "b.csv"
    assert f"la séance {session.id} est déjà dans le registre, sans la démarche" in problem.message


def test_a_session_met_twice_in_one_import_is_filed_whole(tmp_path: Path) -> None:
    """Lines of a new session may be apart in the files: they are one session, new here."""
    session = entry(lieu="Marché")
    first, second = session.rows()
    other = entry(lieu="Marché").rows()
    with open_tally(tally_path()) as tally:
        report = import_files(tally, [_write(tmp_path / "a.csv", [first, *other, second])])
        assert tally.counts() == (2, 4)
    assert (report.new_sessions, report.new_lines) == (2, 4)


def test_import_after_annuler_numbers_sessions_after_the_last_one(tmp_path: Path) -> None:
    rows = _sessions(3)
    with open_tally(tally_path()) as tally:
        kept, removed = entry("2026-11-01"), entry("2026-11-02")
        tally.record(kept)
        tally.record(removed)
        assert tally.remove(removed.id)
        import_files(tally, [_write(tmp_path / "a.csv", rows)])
        assert tally.counts() == (4, 8)
        assert tally.last_local() == kept
        assert tally.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = tally.conn.execute(
            "SELECT count(*) FROM demarche_traitee WHERE seance NOT IN (SELECT n FROM seance)"
        ).fetchone()[0]
        assert orphans == 0


@pytest.mark.parametrize("column", ["jour", "statut"])
def test_session_differing_further_down_the_file_is_refused(tmp_path: Path, column: str) -> None:
    rows = [list(r) for r in _sessions(3)]
    changed = rows[0][:]
    changed[FIELDS.index(column)] = "2026-11-30" if column == "jour" else "retraite"
    rows.append(changed)
    path = tmp_path / "loin.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    with open_tally(tally_path()) as tally:
        with pytest.raises(ProblemsError) as caught:
            import_files(tally, [path])
        assert tally.counts() == (0, 0)
    assert any(p.line == 8 and "autre contenu" in p.message for p in caught.value.problems)


def test_procedure_differing_further_down_the_file_is_refused(tmp_path: Path) -> None:
    rows = [list(r) for r in _sessions(3)]
    changed = rows[0][:]
    changed[FIELDS.index("issue")] = "abandon"
    rows.append(changed)
    path = tmp_path / "loin.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    with open_tally(tally_path()) as tally:
        with pytest.raises(ProblemsError) as caught:
            import_files(tally, [path])
        assert tally.counts() == (0, 0)
    assert any(p.line == 8 and "autre issue" in p.message for p in caught.value.problems)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    writer.writerows(rows)
    return out.getvalue()
