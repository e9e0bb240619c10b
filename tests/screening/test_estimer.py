"""`cafedemarches estimer`: offline estimates from OpenFisca-France, checked against hand
computations from the official barèmes, with their date and caveat."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from cafedemarches.cli import context
from cafedemarches.estimate import model, net_to_gross
from cafedemarches.estimate.estimator import estimate, housing_zone, round_10
from cafedemarches.estimate.net_to_gross import PensionThresholds
from cafedemarches.estimate.situation import Household

NOV = dt.date(2026, 11, 1)
MF_RSA = 651.69  # décret 2026-220, since 1 April 2026
MF_PA = 638.28  # décret 2026-222
ASPA_ALONE = 12523.14 / 12  # circulaire Cnav 2025-29


@pytest.fixture(scope="module")
def hand_cases():
    """One simulation for every hand-checked household."""
    households = [
        Household(age=40),  # alone, no income, hosted for free
        Household(age=70, pension=700.0),  # retired, small pension, hosted
        Household(age=40, earned=500.0),  # works a little, hosted
        Household(age=24, child_ages=(2,), housing="locataire", rent=480, earned=650),
    ]
    return model.compute(households, NOV, ["rsa", "ppa", "aspa", "aide_logement", "asf"])


def test_rsa_alone_without_income_is_the_forfait_minus_the_forfait_logement(hand_cases) -> None:
    # Forfait logement for one person hosted for free: 12 % of the forfait (CASF R262-9).
    assert hand_cases[0]["rsa"] == pytest.approx(MF_RSA * (1 - 0.12), abs=0.01)  # 573,49 €


def test_aspa_completes_a_small_pension_read_gross(hand_cases) -> None:
    # A pension of 700 € net is below the CSG exemption (RFR 7 560 €): gross = net, and the
    # ASPA is the maximum minus the pension (343,60 €), not the full 1 043,60 € of the net-only
    # mistake.
    assert hand_cases[1]["aspa"] == pytest.approx(ASPA_ALONE - 700, abs=0.01)


def test_prime_activite_at_a_known_wage(hand_cases) -> None:
    # Below the forfait, resources count as the forfait: PA = 59,85 % of the earnings (CSS
    # D843-3 since April 2025), no bonus under 59 × the SMIC hourly wage; RSA = forfait −
    # forfait logement − earnings.
    assert hand_cases[2]["ppa"] == pytest.approx(0.5985 * 500, abs=0.01)
    assert hand_cases[2]["rsa"] == pytest.approx(MF_RSA * 0.88 - 500, abs=0.01)
    assert MF_PA < MF_RSA


def test_the_issue_s_persona(hand_cases) -> None:
    persona = hand_cases[3]
    assert persona["ppa"] == pytest.approx(389.02, abs=0.01)
    assert persona["aide_logement"] == pytest.approx(431, abs=1)
    assert persona["asf"] == pytest.approx(0.422 * 478.16, abs=0.01)


def test_salary_net_to_gross_and_taxable() -> None:
    income = net_to_gross.salary(791.60)
    assert income.gross == pytest.approx(1000.0, abs=0.05)  # 20,84 % of employee levies
    assert income.taxable == pytest.approx(791.60 + 28.49, abs=0.05)  # + CSG 2,4 % + CRDS


def test_pension_bands_follow_the_rfr_thresholds() -> None:
    thresholds = PensionThresholds((13000.0, 17000.0, 26000.0), (3400.0, 4500.0, 5000.0))
    assert net_to_gross.pension_band(700, 1, thresholds) == 0
    assert net_to_gross.pension_band(1300, 1, thresholds) == 1  # RFR 14 040
    assert net_to_gross.pension_band(1300, 2, thresholds) == 0  # a couple: two more halves
    assert net_to_gross.pension_band(3000, 1, thresholds) == 3
    reduced = net_to_gross.pension(1300, 1)
    assert reduced.gross == pytest.approx(1300 / (1 - 0.038 - 0.005), abs=0.01)
    assert net_to_gross.pension(700, 0).gross == 700


def test_rounding_to_10_and_the_zone_of_a_postal_code() -> None:
    assert round_10(389.02) == 390 and round_10(431) == 430 and round_10(3) == 10
    assert housing_zone("75011") == (1, False) and housing_zone("38000") == (2, False)
    assert housing_zone("05000") == (3, True)


PERSONA = {
    "age": 24,
    "en_couple": False,
    "enfants_a_charge": 1,
    "enfants_moins_3": 1,
    "enfant_6_18": False,
    "enceinte": False,
    "logement": "locataire",
    "loyer": 480,
    "code_postal": "38000",
    "revenus_activite": 650,
    "autres_revenus": 0,
    "pension_alimentaire": 0,
    "nationalite": "francaise",
    "handicap": False,
}


def write(tmp_path: Path, answers: dict) -> Path:
    path = tmp_path / "reponses.yaml"
    path.write_text(yaml.safe_dump({"reponses": answers}, allow_unicode=True), "utf-8")
    return path


@pytest.fixture
def november(monkeypatch):
    monkeypatch.setattr(context, "today", lambda: dt.date(2026, 11, 20))


def test_estimer_json_contract(cli, tmp_path, november) -> None:
    result = cli("estimer", "--reponses", str(write(tmp_path, PERSONA)), "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["bareme"] == "2026-04-01" and doc["mois"] == "2026-11"
    assert doc["moteur"].startswith("OpenFisca-France 176.")
    found = {e["demarche"]: e for e in doc["estimations"]}
    assert found["prime-activite"]["montant"] == 390
    assert found["aide-logement"]["montant"] == 430
    assert found["asf"]["montant"] == 200
    for entry in doc["estimations"]:
        assert entry["regle"] and "la caisse décide" in entry["sous_reserve"]
        assert entry["montant"] is None or entry["montant"] % 10 == 0
    assert doc["questions_sans_reponse"] == []


def test_near_a_threshold_it_says_maybe_never_no(tmp_path, november) -> None:
    # The persona's RSA is 0 (under the payment floor) but not with 10 % less income.
    result = estimate(PERSONA, dt.date(2026, 11, 20))
    rsa = next(e for e in result.estimates if e.benefit.procedure == "rsa")
    assert rsa.amount is None and rsa.maybe


def test_estimer_text_has_the_month_the_bareme_and_the_caveat(cli, tmp_path, november) -> None:
    result = cli("estimer", "--reponses", str(write(tmp_path, PERSONA)))
    said = " ".join(result.stdout.split())
    assert result.exit_code == 0
    assert "Estimations pour novembre 2026 (barème du 01/04/2026" in said
    assert "environ 390 € par mois" in said
    assert "la caisse décide" in said and "peut-être, à vérifier" in said


def test_a_stale_bareme_gives_no_figure_and_says_to_update(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(context, "today", lambda: dt.date(2027, 5, 2))
    result = cli("estimer", "--reponses", str(write(tmp_path, PERSONA)))
    said = " ".join(result.stdout.split())
    assert "€" not in said and "Mettez le kit à jour" in said
    assert result.exit_code == 1


def test_missing_inputs_are_named(cli, tmp_path, november) -> None:
    partial = {k: v for k, v in PERSONA.items() if k not in ("loyer", "code_postal")}
    result = cli("estimer", "--reponses", str(write(tmp_path, partial)), "--json")
    doc = json.loads(result.stdout)
    assert [q["id"] for q in doc["questions_sans_reponse"]] == ["loyer", "code_postal"]
    assert doc["estimations"] == [] and result.exit_code == 1


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"revenus_activite": -5}, "revenus_activite", "au moins 0"),
        ({"code_postal": 3800}, "code_postal", "5 chiffres"),
        ({"loyer": "cher"}, "loyer", "nombre entier"),
        ({"salaire": 900}, "salaire", "question inconnue"),
    ],
)
def test_bad_input_names_the_field(cli, tmp_path, change, field, words) -> None:
    result = cli("estimer", "--reponses", str(write(tmp_path, {**PERSONA, **change})))
    assert result.exit_code == 1
    assert f"« {field} »" in result.stderr and words in result.stderr
    assert "Traceback" not in result.stderr


def test_without_openfisca_the_kit_says_why(cli, tmp_path, november, monkeypatch) -> None:
    def unavailable():
        raise model.ModelUnavailable("OpenFisca-France n'est pas installé")

    monkeypatch.setattr(model, "load", unavailable)
    result = cli("estimer", "--reponses", str(write(tmp_path, PERSONA)))
    assert result.exit_code == 1
    assert "Pas d'estimation : OpenFisca-France n'est pas installé" in result.stderr


def test_a_household_the_model_cannot_compute_is_one_sentence(
    cli, tmp_path, november, monkeypatch
) -> None:
    def refuses(*args, **kwargs):
        raise ValueError("bad period")

    monkeypatch.setattr(model, "compute", refuses)
    result = cli("estimer", "--reponses", str(write(tmp_path, PERSONA)))
    assert result.exit_code == 1
    assert "OpenFisca-France n'a pas pu calculer ce foyer (ValueError)" in result.stderr
    assert "Traceback" not in result.stderr
