"""The session engine, driven by a scripted prompter: shared questions, conditions, review."""

from __future__ import annotations

from cafedemarches.content.loader import Content
from cafedemarches.session.engine import Plan, check_answers, outcome
from cafedemarches.session.interview import CONTINUE, change_answer, interview
from cafedemarches.session.prompter import ScriptedPrompter


def plan(content: Content, *ids: str) -> Plan:
    return Plan(tuple(content.checklists[i] for i in ids))


def test_a_question_shared_by_two_procedures_is_asked_once(content: Content) -> None:
    prompter = ScriptedPrompter([40, "locataire", 2])
    answers = interview(prompter, plan(content, "essai-logement", "essai-famille").questions, {})
    assert answers == {"e_age": 40, "e_logement": "locataire", "e_enfants": 2}
    assert sum("Où vit la personne" in q for q in prompter.asked) == 1


def test_a_conditional_question_is_asked_only_when_its_condition_holds(content: Content) -> None:
    young = ScriptedPrompter([20, "heberge", True])
    assert interview(young, plan(content, "essai-logement").questions, {})["e_etudiant"] is True
    older = ScriptedPrompter([45, "heberge"])
    assert "e_etudiant" not in interview(older, plan(content, "essai-logement").questions, {})
    assert older.answers == []


def test_progress_is_shown_in_each_question(content: Content) -> None:
    prompter = ScriptedPrompter([45, "heberge"])
    interview(prompter, plan(content, "essai-logement").questions, {})
    assert prompter.asked[0].startswith("(1/")
    assert prompter.asked[1].startswith("(2/")


def test_nothing_changed_keeps_every_answer(content: Content) -> None:
    p = plan(content, "essai-logement")
    answers = {"e_age": 20, "e_logement": "heberge", "e_etudiant": True}
    prompter = ScriptedPrompter([CONTINUE])
    assert change_answer(prompter, p.questions, dict(answers)) == answers


def test_review_change_drops_questions_that_no_longer_apply(content: Content) -> None:
    p = plan(content, "essai-logement")
    answers = {"e_age": 20, "e_logement": "heberge", "e_etudiant": True}
    prompter = ScriptedPrompter(["e_age", 50])
    reviewed = change_answer(prompter, p.questions, answers)
    assert reviewed == {"e_age": 50, "e_logement": "heberge"}
    documents = {n.document.id for n in outcome(p, content.catalogue, reviewed).documents}
    assert "certificat_scolarite" not in documents


def test_review_change_asks_questions_that_now_apply(content: Content) -> None:
    p = plan(content, "essai-logement")
    prompter = ScriptedPrompter(["e_age", 19, False])
    reviewed = change_answer(prompter, p.questions, {"e_age": 50, "e_logement": "locataire"})
    assert reviewed == {"e_age": 19, "e_logement": "locataire", "e_etudiant": False}
    assert any("Est-elle étudiante" in q for q in prompter.asked)


def test_documents_are_merged_with_the_procedures_that_need_them(content: Content) -> None:
    p = plan(content, "essai-logement", "essai-famille")
    result = outcome(p, content.catalogue, {"e_age": 40, "e_logement": "locataire", "e_enfants": 1})
    by_id = {need.document.id: need for need in result.documents}
    assert list(by_id) == ["piece_identite", "rib", "bail", "livret_famille"]
    assert by_id["rib"].procedures == [
        content.checklists["essai-logement"].titre,
        content.checklists["essai-famille"].titre,
    ]
    assert result.letters == ("attestation-hebergement",)


def test_steps_follow_the_answers(content: Content) -> None:
    p = plan(content, "essai-logement")
    result = outcome(p, content.catalogue, {"e_age": 40, "e_logement": "sans_domicile"})
    steps = [s.id for s in result.procedures[0].steps]
    assert steps == ["compte", "domiciliation"]


def test_answer_problems_are_all_listed_at_once(content: Content) -> None:
    questions = plan(content, "essai-logement").questions
    problems = dict(
        check_answers(questions, {"e_age": "vingt", "inconnue": 1, "e_logement": "chateau"})
    )
    assert set(problems) == {"e_age", "inconnue", "e_logement"}
    missing = dict(check_answers(questions, {"e_age": 20}))
    assert "e_logement" in missing and "e_etudiant" in missing
