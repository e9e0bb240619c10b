from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cafedemarches.tally.model import FIELDS
from cafedemarches.tally.store import open_tally

from .helpers import entry, set_site, tally_path


@pytest.fixture(autouse=True)
def site() -> None:
    set_site()


def test_ajouter_without_terminal_records_left_out_fields_as_not_given(cli) -> None:
    result = cli("registre", "ajouter", "--demarche", "rsa:faite", "--duree", "45")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(cli("registre", "exporter").stdout)))
    assert len(rows) == 1
    row = rows[0]
    assert (row["demarche"], row["theme"], row["issue"]) == ("rsa", "social_sante", "faite")
    assert row["duree"] == "30_60" and row["lieu"] == "Café du Coin"
    assert row["statut"] == row["tranche_age"] == row["autonomie"] == "non_communique"
    assert row["orientation"] == "aucune"


def test_ajouter_in_terminal_asks_for_what_options_leave_out(cli, scripted, kit_run) -> None:
    kit_run.stdin_isatty = True
    prompter = scripted(
        [
            "issue:rsa",  # one screen shows the whole line; change what needs changing
            "faite",
            "champ:premiere_visite",
            "oui",
            "champ:tranche_age",
            "18_24",
            "champ:orientation",
            "caf",
            "\0enregistrer",
        ]
    )
    result = cli("registre", "ajouter", "--demarche", "rsa", "--duree", "15_30")
    assert result.exit_code == 0, result.stderr
    assert prompter.answers == []
    with open_tally(tally_path()) as tally:
        last = tally.last_local()
    assert last is not None
    assert (last.premiere_visite, last.tranche_age, last.orientation) == ("oui", "18_24", "caf")


def test_ajouter_without_site_says_how_to_set_it(cli) -> None:
    set_site("")
    result = cli("registre", "ajouter", "--demarche", "rsa:faite")
    assert result.exit_code == 1
    assert "cafedemarches config --lieu" in result.stderr


def test_ajouter_unknown_procedure_is_refused(cli) -> None:
    result = cli("registre", "ajouter", "--demarche", "inconnue:faite")
    assert result.exit_code == 1 and "inconnue" in result.stderr
    assert not tally_path().exists() or cli("registre", "exporter").stdout.count("\n") == 1


def test_ajouter_wrong_closed_value_is_a_usage_error(cli) -> None:
    assert cli("registre", "ajouter", "--demarche", "rsa:faite", "--age", "33").exit_code == 2


def test_annuler_on_empty_register_says_so(cli) -> None:
    result = cli("registre", "annuler", "--oui")
    assert result.exit_code == 1
    assert "aucune séance à annuler" in result.stderr


def test_annuler_removes_only_the_last_local_session_after_confirmation(
    cli, scripted, kit_run
) -> None:
    with open_tally(tally_path()) as tally:
        tally.record(entry("2026-11-20"))
        tally.record(entry("2026-11-25"))
    kit_run.stdin_isatty = True
    scripted([True])
    result = cli("registre", "annuler")
    assert result.exit_code == 0, result.stderr
    assert "25/11/2026" in result.stdout
    assert "Demander le RSA" in result.stdout  # the procedure by its title, not its id
    remaining = cli("registre", "exporter").stdout
    assert "2026-11-20" in remaining and "2026-11-25" not in remaining


def test_annuler_refused_confirmation_keeps_everything(cli, scripted, kit_run) -> None:
    with open_tally(tally_path()) as tally:
        tally.record(entry())
    kit_run.stdin_isatty = True
    scripted([False])
    assert cli("registre", "annuler").exit_code == 0
    with open_tally(tally_path()) as tally:
        assert tally.counts() == (1, 2)


def test_annuler_does_not_remove_imported_sessions(cli, tmp_path: Path) -> None:
    with open_tally(tally_path()) as tally:
        tally.record(entry("2026-11-20"))
    exported = tmp_path / "autre.csv"
    other = entry("2026-11-21", lieu="Marché")
    exported.write_text(_csv(other.rows()), encoding="utf-8")
    assert cli("registre", "importer", str(exported)).exit_code == 0
    assert cli("registre", "annuler", "--oui").exit_code == 0
    remaining = cli("registre", "exporter").stdout
    assert "Marché" in remaining and "2026-11-20" not in remaining


def test_exporter_writes_exact_header_and_filters_month(cli, tmp_path: Path) -> None:
    with open_tally(tally_path()) as tally:
        tally.record(entry("2026-10-31"))
        tally.record(entry("2026-11-01"))
    target = tmp_path / "nov.csv"
    assert cli("registre", "exporter", "--mois", "2026-11", "--sortie", str(target)).exit_code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(FIELDS)
    assert len(lines) == 3 and all("2026-11-01" in line for line in lines[1:])


def test_importing_same_file_twice_changes_nothing(cli, tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text(_csv(entry(lieu="Marché").rows()), encoding="utf-8")
    first = cli("registre", "importer", str(source))
    second = cli("registre", "importer", str(source))
    assert first.exit_code == second.exit_code == 0
    assert "1 séance ajoutée" in first.stdout
    assert "0 séance ajoutée" in second.stdout
    assert "Marché" in cli("registre", "exporter").stdout


def _csv(rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    "command",
    [
        ("registre", "ajouter", "--demarche", "prime-activit:faite"),
        ("demarches", "voir", "prime-activit"),
        ("accueil", "--demarche", "prime-activit", "--sans-registre"),
    ],
    ids=["registre", "demarches", "accueil"],
)
def test_an_unknown_procedure_is_told_the_same_way_everywhere(cli, command) -> None:
    assert cli("config", "--lieu", "Café du Marché").exit_code == 0
    result = cli(*command)
    assert result.exit_code == 1
    assert "Erreur : Démarche inconnue : « prime-activit »." in result.stderr
    assert "Vouliez-vous dire « prime-activite » ?" in result.stderr
