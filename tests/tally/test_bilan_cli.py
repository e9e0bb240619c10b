from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from cafedemarches.tally.store import open_tally

from .helpers import entry, set_site, tally_path


def _record(count: int, day: str = "2026-11-10", lieu: str = "Café du Coin", **f: str) -> None:
    with open_tally(tally_path()) as tally:
        for _ in range(count):
            tally.record(entry(day, lieu=lieu, **f))


def test_month_without_data_says_aucune_seance(cli) -> None:
    result = cli("bilan", "--mois", "2026-03")
    assert result.exit_code == 0, result.stderr
    assert "Aucune séance enregistrée pour mars 2026" in result.stdout


def test_internal_summary_is_exact_and_says_internal_use(cli) -> None:
    _record(3, orientation="caf")
    data = json.loads(cli("bilan", "--mois", "2026-11", "--format", "json").stdout)
    assert data["seances"] == 3 and data["demarches"] == 6
    assert "Usage interne" in data["avertissement"]
    orientation = next(t for t in data["tableaux"] if t["cle"] == "orientation")
    assert {"libelle": "CAF", "valeurs": [3]} in orientation["lignes"]


def test_published_summary_hides_small_counts_in_every_format(cli, tmp_path: Path) -> None:
    _record(7, orientation="aucune")
    _record(2, lieu="Marché", orientation="caf")
    text = cli("bilan", "--mois", "2026-11", "--publier").stdout
    assert "< 5" in text and "masqués" in text
    data = json.loads(cli("bilan", "--mois", "2026-11", "--format", "json", "--publier").stdout)
    sites = next(t for t in data["tableaux"] if t["cle"] == "lieu")
    assert {"libelle": "Marché", "valeurs": ["< 5"]} in sites["lignes"]
    # The other site is hidden too (otherwise 9 - 7 would give the Marché's 2 back), with the
    # mark that says why: its 7 is not a small count, « < 5 » would be false.
    assert {"libelle": "Café du Coin", "valeurs": ["s"]} in sites["lignes"]
    assert any("« s » : masqué pour protéger une autre case" in n for n in data["legende"])
    rows = list(
        csv.reader(
            io.StringIO(cli("bilan", "--format", "csv", "--publier", "--mois", "2026-11").stdout)
        )
    )
    # The tables as printed: a title row, the header, the rows, the total.
    start = rows.index(["Séances par lieu"])
    assert rows[start + 1] == ["Lieu", "Séances"]
    assert ["Café du Coin", "s"] in rows[start:] and ["Marché", "< 5"] in rows[start:]


def test_threshold_comes_from_config(cli) -> None:
    set_site(seuil_publication=2)
    _record(3)
    data = json.loads(cli("bilan", "--mois", "2026-11", "--format", "json", "--publier").stdout)
    assert data["seances"] == 3 and data["seuil"] == 2


def test_year_summary_counts_every_month_and_compares_with_previous_year(cli) -> None:
    _record(2, "2026-01-05")
    _record(1, "2026-12-31")
    _record(1, "2025-06-01")
    data = json.loads(cli("bilan", "--annee", "2026", "--format", "json").stdout)
    assert data["seances"] == 3
    comparison = data["tableaux"][0]
    assert comparison["lignes"][0]["valeurs"] == [3, 1, 2]


def test_lieu_option_keeps_one_site(cli) -> None:
    _record(2)
    _record(1, lieu="Marché")
    data = json.loads(
        cli("bilan", "--mois", "2026-11", "--lieu", "Marché", "--format", "json").stdout
    )
    assert data["seances"] == 1


def test_month_and_year_together_is_a_usage_error(cli) -> None:
    assert cli("bilan", "--mois", "2026-11", "--annee", "2026").exit_code == 2


def test_badly_written_month_is_explained(cli) -> None:
    result = cli("bilan", "--mois", "11/2026")
    assert result.exit_code == 2 and "AAAA-MM" in result.stderr  # wrong usage, per SPEC


def test_pdf_shows_association_period_and_versions(cli, tmp_path: Path) -> None:
    from pypdf import PdfReader

    set_site(association="Les Amis du Café")
    _record(6)
    target = tmp_path / "bilan.pdf"
    result = cli(
        "bilan", "--mois", "2026-11", "--format", "pdf", "--sortie", str(target), "--publier"
    )
    assert result.exit_code == 0, result.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Les Amis du Café" in text and "novembre 2026" in text
    assert "cafedemarches 0.1.0" in text and "< 5" in text


def test_month_outside_the_registers_years_is_one_french_sentence(cli) -> None:
    for month in ("0001-01", "9999-12"):
        result = cli("bilan", "--mois", month)
        assert result.exit_code == 1, result.stderr
        assert f"--mois {month}" in result.stderr and "2000 à 2099" in result.stderr
        assert "inattendue" not in result.stderr
    assert cli("bilan", "--annee", "1999").exit_code == 1


def test_csv_differences_use_the_ascii_minus_a_spreadsheet_reads(cli) -> None:
    _record(3, day="2026-10-10")
    _record(1)
    rows = list(
        csv.reader(io.StringIO(cli("bilan", "--mois", "2026-11", "--format", "csv").stdout))
    )
    sessions = next(r for r in rows if r and r[0] == "Séances" and len(r) == 4)
    assert sessions[3] == "-2"
    assert "\u2212" not in cli("bilan", "--mois", "2026-11", "--format", "csv").stdout


def test_pdf_header_prints_a_site_name_as_written(cli, tmp_path: Path) -> None:
    from pypdf import PdfReader

    _record(6, lieu="Marché de l'Estacade")
    target = tmp_path / "bilan.pdf"
    result = cli(
        "bilan",
        "--mois",
        "2026-11",
        "--lieu",
        "Marché de l'Estacade",
        "--format",
        "pdf",
        "--sortie",
        str(target),
    )
    assert result.exit_code == 0, result.stderr
    header = PdfReader(target).pages[0].extract_text()
    assert header.count("Marché de l'Estacade") >= 2  # the page header and the title
    assert "&#39;" not in header


def test_text_bilan_file_fits_80_columns_without_trailing_spaces(cli, tmp_path: Path) -> None:
    _record(3, lieu="Maison des associations du quartier Mistral-Eaux-Claires")
    _record(2, day="2026-11-12")
    out = tmp_path / "bilan.txt"
    result = cli("bilan", "--mois", "2026-11", "--sortie", str(out))
    assert result.exit_code == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "Maison des associations du quartier Mistral-Eaux-Claires" in "\n".join(lines)
    assert max(len(line) for line in lines) <= 80
    assert all(line == line.rstrip() for line in lines)
