"""Issue #9 « Bad input »: each case ends in exit 1 (2 for usage) and French sentences naming the
file and line or the option; never « Erreur inattendue », never a traceback; nothing is lost."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

ONE_ANSWER_SET = "demarches: [essai-logement]\nreponses: {e_age: 40, e_logement: locataire}\n"


def assert_clean_failure(result, *expected: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Erreur inattendue" not in result.stderr
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("lieu", "expected"),
    [
        ("x" * 150, "au plus 80"),
        ("Café\tdu port", "tabulation"),
        ("=HYPERLINK(1)", "formule"),
        ("+33 Marché", "formule"),
        ("@Café", "formule"),
        ("-Café", "formule"),
    ],
)
def test_config_refuses_a_site_the_tally_cannot_hold(
    cli, kit_home: Path, lieu: str, expected: str
) -> None:
    assert cli("config", "--lieu", "Café du Port").exit_code == 0
    result = cli("config", "--lieu", lieu)
    assert_clean_failure(result, "--lieu", expected)
    assert "Café du Port" in (kit_home / "config.yaml").read_text(encoding="utf-8")


def test_a_site_of_80_characters_is_accepted(cli) -> None:
    assert cli("config", "--lieu", "x" * 80).exit_code == 0


@pytest.mark.parametrize("option", ["--peremption-mois", "--seuil-publication"])
@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-3"])
def test_config_refuses_numbers_out_of_range(cli, option: str, value: str) -> None:
    assert_clean_failure(cli("config", option, value), option)


@pytest.mark.parametrize(
    "command", [("demarches", "liste"), ("demarches", "verifier"), ("diagnostic",), ("config",)]
)
def test_a_broken_config_file_is_named_with_its_lines(
    cli, kit_home: Path, command: tuple[str, ...]
) -> None:
    config = kit_home / "config.yaml"
    config.write_text(
        "lieu: '=Café'\nperemption_mois: 99999999999999999999\nlieux: x\n", encoding="utf-8"
    )
    result = cli(*command)
    assert result.exit_code == 1
    assert "Erreur inattendue" not in result.stderr + result.stdout
    out = result.stderr + result.stdout
    for where in (f"{config}:1:", f"{config}:2:", f"{config}:3:"):
        assert where in out, out


@pytest.mark.parametrize(
    ("text", "where", "expected"),
    [
        ("demarches: [[essai-logement]]\nreponses: {}\n", ":1:", "doit être un texte"),
        (
            ONE_ANSWER_SET + "registre: {issues: {essai-logement: [faite]}}\n",
            ":3:",
            "essai-logement",
        ),
        ("demarches: [essai-logement, essai-logement]\n", ":1:", "en double"),
        ("demarches: essai-logement\n", ":1:", "doit être une liste"),
        (ONE_ANSWER_SET + "registre: {duree: 15_30}\n", ":3:", "il manque la clé « issues »"),
        (ONE_ANSWER_SET + "registre: {issues: {}, statut: ministre}\n", ":3:", "ministre"),
        (ONE_ANSWER_SET + "registre: [faite]\n", ":3:", "registre"),
        ("- une liste\n", ":1:", "le fichier doit être"),
    ],
)
def test_answers_file_shapes_are_french_problems(
    cli, with_fixture_content, tmp_path: Path, text: str, where: str, expected: str
) -> None:
    path = tmp_path / "reponses.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path))
    assert_clean_failure(result, f"{path}{where}", expected)
    assert not (tmp_path / "vos-demarches.pdf").exists()


def test_a_single_problem_is_printed(cli, with_fixture_content, tmp_path: Path) -> None:
    path = tmp_path / "reponses.yaml"
    path.write_text("demarches: [essai-logement]\nreponses: {e_age: 40}\n", encoding="utf-8")
    result = cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path))
    assert_clean_failure(result, "1 problème :", f"{path}:2:", "e_logement")


def test_a_single_problem_error_is_listed_by_the_boundary(capsys) -> None:
    from cafedemarches.cli.app import report_user_error
    from cafedemarches.errors import Problem, ProblemsError

    report_user_error(ProblemsError([Problem("le détail", Path("f.yaml"), 3)], "1 problème :"))
    err = capsys.readouterr().err
    assert "f.yaml:3 : le détail" in err


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/dev/full", "n'est pas un dossier"),
        ("/proc/x", "impossible de créer un fichier"),
        ("{tmp}/absent/dossier", "n'existe pas"),
        ("{tmp}/fichier.txt", "n'est pas un dossier"),
    ],
)
def test_sortie_is_checked_before_any_work(
    cli, with_fixture_content, tmp_path: Path, target: str, expected: str
) -> None:
    (tmp_path / "fichier.txt").write_text("x", encoding="utf-8")
    path = tmp_path / "reponses.yaml"
    path.write_text(ONE_ANSWER_SET, encoding="utf-8")
    result = cli("accueil", "--reponses", str(path), "--sortie", target.format(tmp=tmp_path))
    assert_clean_failure(result, "--sortie", expected)
    assert "No such" not in result.stderr and "Permission" not in result.stderr


def test_sortie_a_new_folder_whose_parent_exists_is_created(
    cli, with_fixture_content, tmp_path: Path
) -> None:
    path = tmp_path / "reponses.yaml"
    path.write_text(ONE_ANSWER_SET, encoding="utf-8")
    result = cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path / "neuf"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "neuf" / "vos-demarches.pdf").is_file()


def test_a_site_set_by_hand_in_the_file_stops_before_any_work(
    cli, with_fixture_content, kit_home: Path, tmp_path: Path
) -> None:
    config = kit_home / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("lieu: Café d'essai", "lieu: '=1+1'"),
        encoding="utf-8",
    )
    path = tmp_path / "reponses.yaml"
    path.write_text(ONE_ANSWER_SET + "registre: {issues: {essai-logement: faite}}\n", "utf-8")
    result = cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path))
    assert_clean_failure(result, f"{config}:1:", "formule")
    assert not (tmp_path / "vos-demarches.pdf").exists()


def test_bilan_refuses_year_zero(cli) -> None:
    result = cli("bilan", "--mois", "0000-01")
    assert result.exit_code == 1  # well written, outside the register's years (issue #19)
    assert "0000-01" in result.stderr and "Erreur inattendue" not in result.stderr


def test_the_guided_question_for_the_site_uses_the_same_rule(cli, scripted, kit_home: Path) -> None:
    from cafedemarches.cli.accueil.opening import _site_problem

    assert _site_problem("=SOMME(A1)") is not None
    assert _site_problem("x" * 81) is not None
    assert _site_problem("Café du Port") is None


def test_replay_tally_line_is_recorded_once_valid(
    cli, with_fixture_content, tmp_path: Path
) -> None:
    path = tmp_path / "reponses.yaml"
    path.write_text(ONE_ANSWER_SET + "registre: {issues: {essai-logement: orientee}}\n", "utf-8")
    assert cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(cli("registre", "exporter").stdout)))
    assert [(r["issue"], r["orientation"], r["duree"]) for r in rows] == [
        ("orientee", "aucune", "non_communique")
    ]


def test_enregistrer_reponses_is_checked_before_any_question(
    cli, with_fixture_content, tmp_path: Path
) -> None:
    result = cli(
        "accueil",
        "--demarche",
        "essai-logement",
        "--enregistrer-reponses",
        str(tmp_path / "absent" / "r.yaml"),
    )
    assert_clean_failure(result, "--enregistrer-reponses : le dossier", "n'existe pas")


def test_a_config_file_changed_after_being_read_is_checked_again(cli, kit_home: Path) -> None:
    """The validated values are cached; a changed file is validated again."""
    config = kit_home / "config.yaml"
    config.write_text("lieu: Café\n", encoding="utf-8")
    assert cli("config").exit_code == 0
    assert list((kit_home / "cache").glob("config.json"))
    config.write_text("lieu: '=Caf'\n", encoding="utf-8")  # same size, other content
    assert_clean_failure(cli("config"), f"{config}:1:", "formule")
