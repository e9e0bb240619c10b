"""Issue 12, « Why » bullets that are about files and commands (the disclosure ones are in
test_disclosure.py): formulas in spreadsheets, Excel's CSV, a damaged register, the site
option, the PDF's escaping, closed pipes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cafedemarches.tally.model import FIELDS
from cafedemarches.tally.store import open_tally

from .helpers import entry, set_site, tally_path


@pytest.fixture(autouse=True)
def site() -> None:
    set_site()


def _record(count: int, day: str = "2026-11-10", lieu: str = "Café du Coin") -> None:
    with open_tally(tally_path()) as tally:
        for _ in range(count):
            tally.record(entry(day, lieu=lieu))


def _store_raw_site(lieu: str) -> None:
    """A site written by an older version, before the rule on formulas."""
    _record(1)
    with open_tally(tally_path()) as tally:
        tally.conn.execute("UPDATE seance SET lieu = ?", (lieu,))


@pytest.mark.parametrize("lieu", ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1)"])
def test_exported_site_that_looks_like_a_formula_is_neutralised(cli, lieu: str) -> None:
    _store_raw_site(lieu)
    out = cli("registre", "exporter").stdout
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["lieu"] == "'" + lieu
    data = cli("bilan", "--mois", "2026-11", "--format", "csv").stdout
    for cell in (c for r in csv.reader(io.StringIO(data)) for c in r):
        assert not cell or cell[0] not in "=+@" or cell.lstrip("+").isdigit(), cell


def test_import_refuses_a_site_written_like_a_formula(cli, tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    with open_tally(tmp_path / "other.sqlite3") as other:
        other.record(entry())
        rows = [list(r) for r in other.rows()]
    rows[0][2] = "=1+1"
    with source.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        writer.writerows(rows)
    result = cli("registre", "importer", str(source))
    assert result.exit_code == 1
    assert "formule" in result.stderr and "rien n'a été importé" in result.stderr


def test_excel_option_writes_bom_and_semicolons(cli, tmp_path: Path) -> None:
    _record(6)
    target = tmp_path / "export.csv"
    assert cli("registre", "exporter", "--excel", "--sortie", str(target)).exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == ";".join(FIELDS)
    assert "Café du Coin" in raw.decode("utf-8-sig")
    # and the import reads it back
    fresh = tmp_path / "home2"
    os.environ["CAFEDEMARCHES_HOME"] = str(fresh)
    set_site()
    result = cli("registre", "importer", str(target))
    assert result.exit_code == 0, result.stderr
    bilan = tmp_path / "bilan.csv"
    assert (
        cli(
            "bilan", "--mois", "2026-11", "--format", "csv", "--excel", "--sortie", str(bilan)
        ).exit_code
        == 0
    )
    assert bilan.read_bytes().startswith(b"\xef\xbb\xbf") and ";" in bilan.read_text("utf-8-sig")


def test_bilan_csv_is_the_tables_as_printed(cli) -> None:
    _record(6)
    rows = list(
        csv.reader(io.StringIO(cli("bilan", "--mois", "2026-11", "--format", "csv").stdout))
    )
    start = rows.index(["Démarches par thème"])
    assert rows[start + 1] == ["Thème", "Démarches"]
    assert ["Total", "12"] in rows[start:]
    assert len(rows) < 120  # one row per table row, not one per figure


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page + 100, min(len(data), 3 * page)):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))


def test_damaged_register_is_refused_by_writers_and_reported_by_diagnostic(cli) -> None:
    _record(60)
    path = tally_path()
    _damage(path)
    before = path.read_bytes()
    result = cli("registre", "ajouter", "--demarche", "rsa:faite")
    assert result.exit_code == 1
    assert "est illisible : le fichier est abîmé" in result.stderr
    assert "registre exporter" in result.stderr  # the way out
    assert "n'est pas perdue" in result.stderr  # the line waits in the pending folder
    assert path.read_bytes() == before
    report = cli("diagnostic")
    assert "✗ Registre" in report.stdout and "Tout est prêt" not in report.stdout


def test_lieu_matches_without_case_or_accents_and_lists_known_sites(cli) -> None:
    _record(2, lieu="Marché Saint-Bruno")
    _record(1)
    data = json.loads(
        cli("bilan", "--mois", "2026-11", "--lieu", "marche saint-bruno", "--format", "json").stdout
    )
    assert data["lieu"] == "Marché Saint-Bruno" and data["seances"] == 2
    result = cli("bilan", "--mois", "2026-11", "--lieu", "Ailleurs")
    assert result.exit_code == 1
    assert "« Café du Coin »" in result.stderr and "« Marché Saint-Bruno »" in result.stderr


def test_pdf_escapes_site_names_once(cli) -> None:
    from cafedemarches.render.bilan import html
    from cafedemarches.tally.report import build_report
    from cafedemarches.tally.summary import Period, figures

    _record(6, lieu="L'Escale & Co")
    with open_tally(tally_path()) as tally:
        counted = figures(tally.conn, Period.month("2026-11"))
    page = html(
        build_report(counted, published=False, threshold=5), kit_version="x", content_version="y"
    )
    assert (
        "&#39;" not in page.replace("&#39;Escale &amp; Co", "") or "L&#39;Escale &amp; Co" in page
    )
    assert "&amp;amp;" not in page and "&amp;#39;" not in page


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    env = {**os.environ, "CAFEDEMARCHES_HOME": str(tmp_path)}
    (tmp_path / "config.yaml").write_text("lieu: Café du Coin\n", encoding="utf-8")
    import uuid

    from cafedemarches.tally.csvio import import_files

    source = tmp_path / "many.csv"
    with source.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        for _ in range(5000):
            shared = ["aucune", "autonome", "15_30", "oui", "25_39", "en_emploi"]
            row = [str(uuid.uuid4()), "2026-11-02", "Café du Coin", "rsa", "social_sante"]
            writer.writerow([*row, "faite", *shared])
    with open_tally(tmp_path / "registre.sqlite3") as tally:
        import_files(tally, [source])
    done = subprocess.run(
        f"{sys.executable} -m cafedemarches registre exporter | head -1",
        shell=True,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.startswith("id,jour,lieu")
    assert "Traceback" not in done.stderr and done.stderr == ""


def test_import_tells_its_progress_and_leaves_no_staging_file(tmp_path: Path) -> None:
    from cafedemarches.tally.csvio import import_files, write_csv

    source = tmp_path / "a.csv"
    with open_tally(tmp_path / "first.sqlite3") as first:
        for _ in range(5):
            first.record(entry())
        with source.open("w", encoding="utf-8", newline="") as out:
            write_csv(first.rows(), out)
    seen: list[int] = []
    home = tmp_path / "second"
    home.mkdir()
    with open_tally(home / "registre.sqlite3") as second:
        report = import_files(second, [source], seen.append)
    assert report.new_lines == 10
    assert seen and seen[-1] == source.stat().st_size
    assert [p.name for p in home.iterdir()] == ["registre.sqlite3"]


def test_session_meeting_a_busy_register_is_kept_then_filed(cli, monkeypatch) -> None:
    import sqlite3

    from cafedemarches.tally import store
    from cafedemarches.tally.pending import waiting_files

    _record(1)
    monkeypatch.setattr(store, "BUSY_TIMEOUT", 0.2)
    other = sqlite3.connect(tally_path(), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # an import filing its lines
    try:
        result = cli("registre", "ajouter", "--demarche", "rsa:faite")
        assert result.exit_code == 0, result.stderr
        assert "occupé" in result.stdout and "prochaine séance notée" in result.stdout
        (pending,) = waiting_files(tally_path())
    finally:
        other.execute("ROLLBACK")
        other.close()
    with open_tally(tally_path()) as tally:
        assert tally.counts() == (2, 3)
    assert not pending.exists()
