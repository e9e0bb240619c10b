"""The France Travail, impôts and Assurance maladie procedures: valid, reached from the repérage."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from cafedemarches.content.index import shipped_folders
from cafedemarches.content.loader import Content, load_content
from cafedemarches.content.models import Answer
from cafedemarches.session.engine import Plan, check_answers, outcome, suggestions

PROCEDURES = (
    "france-travail-inscription",
    "france-travail-actualisation",
    "impots-premiere-declaration",
    "impots-espace-particulier",
    "assurance-maladie-puma",
    "ame",
    "medecin-traitant",
)

# A person at the table: every repérage question this path asks, and nothing else.
BASE: dict[str, Answer] = {
    "age": 34,
    "logement": "heberge",
    "en_couple": False,
    "enfants_a_charge": 0,
    "enceinte": False,
    "travaille": False,
    "ressources_faibles": False,
    "nationalite": "francaise",
    "aides_caf": "aucune",
    "handicap": False,
}

NEEDS = {
    "emploi": {"france-travail-inscription", "france-travail-actualisation"},
    "impots": {"impots-premiere-declaration", "impots-espace-particulier"},
    "sante": {"assurance-maladie-puma", "medecin-traitant"},
}
# The answers of a person from outside the EU without any residence permit.
WITHOUT_PERMIT: dict[str, Answer] = {
    "nationalite": "autre",
    "protection_internationale": False,
    "titre_sejour": "aucun",
}


@pytest.fixture(scope="module")
def shipped() -> Content:
    return load_content(shipped_folders())


def test_each_procedure_loads_and_its_examples_pass_without_any_remark(shipped: Content) -> None:
    mine = {f"{name}.yaml" for name in PROCEDURES}
    remarks = [p for p in shipped.problems if p.path is not None and p.path.name in mine]
    assert remarks == []
    for name in PROCEDURES:
        assert len(shipped.checklists[name].exemples) >= 3, name


@pytest.mark.parametrize("need", sorted(NEEDS))
def test_the_reperage_points_to_the_procedures_of_each_need(shipped: Content, need: str) -> None:
    assert shipped.reperage is not None
    answers = {**BASE, "autre_besoin": need}
    assert check_answers(shipped.reperage.questions, answers) == []
    suggested = {s.procedure for s in suggestions(shipped.reperage, answers)}
    assert NEEDS[need] <= suggested
    others = set(PROCEDURES) - NEEDS[need]
    assert not others & suggested


def test_nothing_of_these_is_suggested_when_nothing_else_is_needed(shipped: Content) -> None:
    assert shipped.reperage is not None
    suggested = {
        s.procedure for s in suggestions(shipped.reperage, {**BASE, "autre_besoin": "rien"})
    }
    assert not set(PROCEDURES) & suggested


def test_every_procedure_is_reached_by_some_need() -> None:
    assert set().union(*NEEDS.values()) | {"ame"} == set(PROCEDURES)


@pytest.mark.parametrize("need", ["rien", "sante", "sejour"])
def test_the_ame_is_offered_only_without_a_permit_and_then_instead_of_health_insurance(
    shipped: Content, need: str
) -> None:
    assert shipped.reperage is not None
    french = {s.procedure for s in suggestions(shipped.reperage, {**BASE, "autre_besoin": need})}
    without = {**BASE, **WITHOUT_PERMIT, "autre_besoin": need}
    assert check_answers(shipped.reperage.questions, without) == []
    suggested = {s.procedure for s in suggestions(shipped.reperage, without)}
    assert "ame" not in french
    assert "ame" in suggested
    assert not {"assurance-maladie-puma", "titre-sejour-renouvellement", "rsa"} & suggested


def _steps(content: Content, ids: tuple[str, ...], answers: Mapping[str, Answer]) -> set[str]:
    plan = Plan(tuple(content.checklists[i] for i in ids))
    assert check_answers(plan.questions, answers) == []
    result = outcome(plan, content.catalogue, answers)
    return {step.id or step.texte for proc in result.procedures for step in proc.steps}


def test_health_procedures_share_their_questions_so_a_session_asks_them_once(
    shipped: Content,
) -> None:
    puma = {q.id for q in shipped.checklists["assurance-maladie-puma"].questions}
    doctor = {q.id for q in shipped.checklists["medecin-traitant"].questions}
    assert {"immatriculee", "carte_vitale_recue", "medecin_traitant_declare"} <= puma & doctor
    declaration = {q.id for q in shipped.checklists["impots-premiere-declaration"].questions}
    account = {q.id for q in shipped.checklists["impots-espace-particulier"].questions}
    assert "numero_fiscal" in declaration & account


def test_a_first_ame_claim_is_filed_in_person_and_a_renewal_is_not(shipped: Content) -> None:
    base: dict[str, Answer] = {
        "en_france_3_mois": True,
        "logement": "heberge",
        "en_couple": False,
        "enfants_a_charge": 0,
    }
    first = _steps(shipped, ("ame",), {**base, "premiere_demande_ame": True})
    renewal = _steps(shipped, ("ame",), {**base, "premiere_demande_ame": False})
    assert "depot_en_personne" in first and "renouvellement" not in first
    assert "renouvellement" in renewal and "depot_en_personne" not in renewal


def test_a_person_on_rsa_is_not_told_to_register_again_at_france_travail(
    shipped: Content,
) -> None:
    answers: dict[str, Answer] = {
        "aides_caf": "rsa",  # merged with the repérage question (was beneficie_rsa)
        "fin_contrat": False,
        "nationalite": "francaise",
    }
    steps = _steps(shipped, ("france-travail-inscription",), answers)
    assert "rsa_automatique" in steps
    assert "inscription" not in steps
