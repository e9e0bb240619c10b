"""Every bad file: exit 1, the faulty rows named, nothing imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from cafedemarches.tally.model import FIELDS
from cafedemarches.tally.store import open_tally

from .helpers import entry, tally_path

GOOD = entry(lieu="Café du Coin").rows()
HEADER = ",".join(FIELDS)


def _line(row: tuple[str, ...] | list[str]) -> str:
    return ",".join(row)


def _good_lines() -> list[str]:
    return [_line(r) for r in GOOD]


def _assert_refused(cli, path: Path, *fragments: str) -> str:
    result = cli("registre", "importer", str(path))
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    with open_tally(tally_path(), create=False) as tally:
        assert tally.counts() == (0, 0)
    return result.stderr


@pytest.mark.parametrize(
    ("mutate", "fragments"),
    [
        (lambda r: [r[0], "2026-02-30", *r[2:]], [":3 ", "AAAA-MM-JJ"]),
        (lambda r: [*r[:5], "presque", *r[6:]], [":3 ", "issue"]),
        (lambda r: [*r[:3], "Jean Dupont", *r[4:]], [":3 ", "démarche"]),
        (lambda r: r[:-1], [":3 ", "11 colonnes au lieu de 12"]),
        (lambda r: [*r, "en trop"], [":3 ", "13 colonnes"]),
    ],
    ids=["bad-date", "unknown-issue", "free-text", "missing-column", "extra-column"],
)
def test_bad_row_is_named_and_nothing_imported(cli, tmp_path: Path, mutate, fragments) -> None:
    rows = _good_lines()
    rows[1] = _line(mutate(list(GOOD[1])))
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    _assert_refused(cli, path, *fragments)


def test_wrong_header_names_missing_and_extra_columns(cli, tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(HEADER.replace("statut", "situation") + "\n", encoding="utf-8")
    _assert_refused(cli, path, "statut", "situation", "en-tête")


def test_empty_file_is_refused(cli, tmp_path: Path) -> None:
    path = tmp_path / "vide.csv"
    path.write_text("", encoding="utf-8")
    _assert_refused(cli, path, "vide")


def test_windows_1252_file_is_explained_with_fix(cli, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(("\n".join([HEADER, *_good_lines()]) + "\n").encode("cp1252"))
    _assert_refused(cli, path, "UTF-8", "Windows-1252", "CSV UTF-8")


def test_same_id_with_different_content_is_refused(cli, tmp_path: Path) -> None:
    first = list(GOOD[0])
    clash = [*first[:5], "abandon", *first[6:]]
    path = tmp_path / "dup.csv"
    path.write_text("\n".join([HEADER, _line(first), _line(clash)]) + "\n", encoding="utf-8")
    _assert_refused(
        cli, path, ":3 ", f"la démarche {first[3]} de la séance {first[0]}", "une autre issue"
    )


def test_session_fields_differing_between_lines_are_refused(cli, tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[1][1] = "2026-11-24"
    path = tmp_path / "dup.csv"
    path.write_text("\n".join([HEADER, *map(_line, rows)]) + "\n", encoding="utf-8")
    _assert_refused(cli, path, ":3 ", "autre contenu")


def test_huge_field_is_refused_without_traceback(cli, tmp_path: Path) -> None:
    path = tmp_path / "enorme.csv"
    path.write_text(HEADER + "\n" + "x" * 300_000 + "\n", encoding="utf-8")
    _assert_refused(cli, path, ":2")


def test_one_bad_file_among_several_imports_nothing(cli, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("\n".join([HEADER, *_good_lines()]) + "\n", encoding="utf-8")
    bad.write_text(HEADER + "\nn'importe quoi\n", encoding="utf-8")
    result = cli("registre", "importer", str(good), str(bad))
    assert result.exit_code == 1 and "bad.csv:2" in result.stderr
    with open_tally(tally_path(), create=False) as tally:
        assert tally.counts() == (0, 0)


def test_semicolon_file_from_french_spreadsheet_is_accepted(cli, tmp_path: Path) -> None:
    path = tmp_path / "pv.csv"
    lines = [";".join(FIELDS), *(";".join(r) for r in GOOD)]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    assert cli("registre", "importer", str(path)).exit_code == 0
    with open_tally(tally_path()) as tally:
        assert tally.counts() == (1, 2)


@pytest.mark.parametrize("day", ["2026-02-30", "2026-04-31", "2025-02-29"])
def test_a_day_the_month_does_not_have_is_refused_with_its_line(
    cli, tmp_path: Path, day: str
) -> None:
    """Every line of the session on that day (SQLite's own `date()` lets it through)."""
    rows = [_line([r[0], day, *r[2:]]) for r in GOOD]
    path = tmp_path / "dates.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    _assert_refused(cli, path, ":2 ", ":3 ", "AAAA-MM-JJ", day)
