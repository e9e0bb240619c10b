"""The procedures added for residence permits, identity papers, housing, debts and legal aid:
each is reached from the repérage by a concrete set of answers, and its examples hold when
run through the session engine."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from cafedemarches.content.index import shipped_folders
from cafedemarches.content.loader import Content, load_content
from cafedemarches.content.models import Answer
from cafedemarches.session import engine

NEW_PROCEDURES = (
    "titre-sejour-renouvellement",
    "carte-identite-passeport",
    "logement-social",
    "fsl-isere",
    "surendettement",
    "aide-juridictionnelle",
)
NEW_LETTERS = ("recours-mdph", "recours-amiable-cpam")

# A person who has a home, a job and no CAF file: nothing else in the repérage points to
# housing, debts or papers, so each suggestion below comes from the answer that is changed.
BASE_ANSWERS: dict[str, Answer] = {
    "age": 38,
    "logement": "locataire",
    "en_couple": False,
    "enfants_a_charge": 0,
    "enceinte": False,
    "travaille": True,
    "ressources_faibles": False,
    "nationalite": "autre",
    "protection_internationale": False,
    "titre_sejour": "valide",
    "titre_sejour_annees": 6,
    "aides_caf": "aucune",
    "handicap": False,
    "autre_besoin": "rien",
}

REACHED_BY: dict[str, Mapping[str, Answer]] = {
    "titre-sejour-renouvellement": {"autre_besoin": "sejour"},
    "carte-identite-passeport": {"autre_besoin": "identite"},
    "logement-social": {"autre_besoin": "logement_social"},
    "fsl-isere": {"autre_besoin": "impayes"},
    "surendettement": {"autre_besoin": "dettes"},
    "aide-juridictionnelle": {"autre_besoin": "justice"},
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(shipped_folders())


def _suggested(content: Content, answers: Mapping[str, Answer]) -> list[str]:
    assert content.reperage is not None
    problems = engine.check_answers(content.reperage.questions, answers)
    assert problems == [], problems  # a complete, valid set of answers, as a volunteer gives it
    return [s.procedure for s in engine.suggestions(content.reperage, answers)]


def test_the_base_answers_suggest_none_of_the_new_procedures(content: Content) -> None:
    assert set(_suggested(content, BASE_ANSWERS)).isdisjoint(NEW_PROCEDURES)


@pytest.mark.parametrize("procedure", NEW_PROCEDURES)
def test_each_new_procedure_is_reached_from_the_reperage(content: Content, procedure: str) -> None:
    answers = {**BASE_ANSWERS, **REACHED_BY[procedure]}
    assert procedure in _suggested(content, answers)


def test_unpaid_bills_of_a_homeowner_do_not_point_to_the_housing_fund(content: Content) -> None:
    owner = {**BASE_ANSWERS, **REACHED_BY["fsl-isere"], "logement": "proprietaire"}
    assert "fsl-isere" not in _suggested(content, owner)


def test_energy_bills_hard_to_pay_point_to_the_energy_cheque_not_the_fund(content: Content) -> None:
    bills = {"ressources_faibles": True, "sans_mutuelle": False, "factures_energie": True}
    suggested = _suggested(content, {**BASE_ANSWERS, **bills})
    assert "cheque-energie" in suggested and "fsl-isere" not in suggested


def test_a_social_housing_seeker_is_not_sent_to_the_housing_fund(content: Content) -> None:
    answers = {**BASE_ANSWERS, "autre_besoin": "logement_social"}
    assert "fsl-isere" not in _suggested(content, answers)


@pytest.mark.parametrize("item_id", [*NEW_PROCEDURES, *NEW_LETTERS])
def test_new_files_pass_the_verifier_without_warning(content: Content, item_id: str) -> None:
    kind = "letter" if item_id in NEW_LETTERS else "checklist"
    doc = content.source_of(kind, item_id)
    assert doc is not None, f"{item_id} is not shipped"
    mine = [p.message for p in content.problems if p.path == doc.path]
    assert mine == []


@pytest.mark.parametrize("procedure", NEW_PROCEDURES)
def test_examples_give_their_documents_and_steps_through_the_engine(
    content: Content, procedure: str
) -> None:
    checklist = content.checklists[procedure]
    assert len(checklist.exemples) >= 3
    plan = engine.Plan((checklist,))
    for example in checklist.exemples:
        assert engine.check_answers(plan.questions, example.reponses) == [], example.nom
        outcome = engine.outcome(plan, content.catalogue, example.reponses)
        assert [need.document.id for need in outcome.documents] == example.documents, example.nom
        if example.etapes is not None:
            steps = [step.id for step in outcome.procedures[0].steps]
            assert steps == example.etapes, example.nom


def test_examples_cover_every_step_and_document(content: Content) -> None:
    for procedure in NEW_PROCEDURES:
        checklist = content.checklists[procedure]
        plan = engine.Plan((checklist,))
        steps: set[str] = set()
        documents: set[str] = set()
        for example in checklist.exemples:
            outcome = engine.outcome(plan, content.catalogue, example.reponses)
            steps |= {s.id or s.texte for s in outcome.procedures[0].steps}
            documents |= {need.document.id for need in outcome.documents}
        assert steps == {s.id or s.texte for s in checklist.etapes}, procedure
        assert documents == {d.id for d in checklist.documents}, procedure


def test_a_shared_question_is_asked_once_across_new_procedures(content: Content) -> None:
    plan = engine.Plan(
        (
            content.checklists["titre-sejour-renouvellement"],
            content.checklists["logement-social"],
            content.checklists["surendettement"],
        )
    )
    ids = [q.id for q in plan.questions]
    assert len(ids) == len(set(ids))
    assert {"acces_internet", "logement", "nationalite"} <= set(ids)
    answers: dict[str, Answer] = {
        "fin_titre_sejour": "entre_4_et_2_mois",
        "type_titre_sejour": "temporaire",
        "compte_anef": True,
        "acces_internet": False,
        "logement": "heberge",
        "demande_hlm_en_cours": False,
        "nationalite": "autre",
        "en_couple": False,
        "saisie_ou_expulsion": False,
        "protection_juridique": False,
    }
    assert engine.check_answers(plan.questions, answers) == []
    outcome = engine.outcome(plan, content.catalogue, answers)
    by_id = {need.document.id: need for need in outcome.documents}
    assert len(by_id["piece_identite"].procedures) == 3
    assert "titre_sejour" in by_id and "attestation_hebergement" in by_id
