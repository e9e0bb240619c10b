"""Amounts from OpenFisca-France's dated parameters: `demarches montants` proposes them with
their decree; `demarches verifier` warns where a checklist's amount differs from the model's."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from cafedemarches.content.loader import load_checked_content
from cafedemarches.estimate.amounts import SPECS, euros, model_amount, parse_euros

CHECKLISTS = Path(__file__).parent.parent.parent / "checklists"


@pytest.mark.parametrize(
    ("checklist", "amount_id", "value", "start", "words"),
    [
        # The values of the decrees of 30 March 2026 (+0,8 %, not the 0,9 % of the press).
        ("rsa", "rsa_personne_seule", 651.69, "2026-04-01", "2026-220"),
        ("prime-activite", "prime_activite_forfait", 638.28, "2026-04-01", "2026-222"),
        ("aah", "aah_maximum", 1041.59, "2026-04-01", "2026-229"),
        ("asf", "asf_par_enfant", 201.78, "2026-04-01", "DSS"),  # 0,422 × BMAF 478,16
        ("aspa", "aspa_personne_seule", 1043.59, "2026-01-01", "Cnav 2025-29"),
        # ASS: 19,48 € a day; ceilings 70 and 110 times it (code du travail, R5423-1).
        ("ass", "ass_par_jour", 19.48, "2026-04-01", "2026-219"),
        ("ass", "ass_mois_30_jours", 584.40, "2026-04-01", "2026-219"),
        ("ass", "ass_plafond_personne_seule", 1363.60, "2026-04-01", "2026-219"),
        ("ass", "ass_plafond_couple", 2142.80, "2026-04-01", "2026-219"),
    ],
)
def test_the_model_gives_the_decree_values(checklist, amount_id, value, start, words) -> None:
    spec = next(s for s in SPECS if (s.checklist, s.id) == (checklist, amount_id))
    amount = model_amount(spec, dt.date(2026, 11, 15))
    assert amount.value == pytest.approx(value, abs=0.001)
    assert amount.start == dt.date.fromisoformat(start)
    assert words in amount.reference and amount.source.startswith("https://")
    assert amount.version.startswith("OpenFisca-France 176.")


def test_before_the_revaluation_the_older_value_and_its_decree() -> None:
    spec = next(s for s in SPECS if s.id == "rsa_personne_seule")
    amount = model_amount(spec, dt.date(2026, 3, 31))
    assert amount.value == pytest.approx(646.52)
    assert "2025-293" in amount.reference and amount.end == dt.date(2026, 3, 31)


def test_every_shipped_amount_with_a_model_value_matches_it() -> None:
    content = load_checked_content()
    for spec in SPECS:
        amounts = {a.id: a for a in content.checklists[spec.checklist].montants}
        assert spec.id in amounts, f"{spec.checklist}: {spec.id} manque"
        amount = amounts[spec.id]
        model = model_amount(spec, amount.du)
        assert parse_euros(amount.valeur) == pytest.approx(model.value, abs=0.001)
        assert amount.du == model.start and amount.source == model.source
        assert model.version in (amount.reference or "")


def test_euros_are_written_the_french_way() -> None:
    assert euros(1043.59) == "1 043,59 €" and euros(651.69) == "651,69 €"
    assert parse_euros("1 043,59 € par mois") == pytest.approx(1043.59)
    assert parse_euros("environ 200 €") == 200.0 and parse_euros("gratuit") is None


def test_montants_prints_yaml_to_paste_with_the_decree(cli) -> None:
    result = cli("demarches", "montants", "--date", "2026-11-15")
    assert result.exit_code == 0, result.stderr
    assert "# rsa.yaml" in result.stdout and "valeur: 651,69 € par mois" in result.stdout
    assert "Décret n° 2026-220 du 30 mars 2026" in result.stdout
    assert "OpenFisca-France 176." in result.stdout


def test_montants_never_prints_a_value_older_than_the_revaluation(cli) -> None:
    result = cli("demarches", "montants", "--date", "2027-05-01")
    assert result.exit_code == 0
    assert "651,69" not in result.stdout
    assert "la revalorisation du 01/04/2027 n'y est pas encore" in result.stderr


def test_montants_refuses_a_bad_date(cli) -> None:
    result = cli("demarches", "montants", "--date", "demain")
    assert result.exit_code == 1 and "AAAA-MM-JJ" in result.stderr


def test_verifier_warns_where_an_amount_differs_from_the_model(cli, tmp_path) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    text = (CHECKLISTS / "rsa.yaml").read_text("utf-8").replace("651,69 €", "653,00 €")
    (folder / "rsa.yaml").write_text(text, "utf-8")
    result = cli("demarches", "verifier", str(folder / "rsa.yaml"))
    assert "montant « rsa_personne_seule » : 653,00 € ici, 651,69 € d'après OpenFisca" in (
        result.stderr
    )
    assert "rsa.yaml:" in result.stderr
    shutil.rmtree(folder)
