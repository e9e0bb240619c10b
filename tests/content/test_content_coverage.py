"""Every shipped procedure is reached from the repérage by one of its replayed examples, every
example of every procedure and of the repérage gives through the session engine what it says,
and the examples of the repérage and of the procedures added for issue #18 sit on both sides
of every numeric limit their conditions draw."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence

import pytest
import yaml

from benchmarks.personas import PERSONAS
from cafedemarches.content.index import shipped_folders
from cafedemarches.content.loader import Content, load_content
from cafedemarches.content.models import Answer, Question
from cafedemarches.session import engine

NEW_PROCEDURES = (
    "allocations-familiales",
    "paje",
    "aeeh",
    "mdph-droits",
    "apa",
    "hebergement-urgence",
    "prevention-expulsion",
    "dalo",
    "retraite-premiere-demande",
    "pension-reversion",
    "ass",
    "cej",
    "demande-asile",
    "bourses-college-lycee",
    "tarif-solidaire-transports",
)
NEW_LETTERS = (
    "recours-france-travail",
    "plan-apurement-loyer",
    "dalo-recours-amiable",
    "remise-dette-cpam-france-travail",
)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(shipped_folders())


def _suggested(content: Content, answers: Mapping[str, Answer]) -> set[str]:
    assert content.reperage is not None
    return {s.procedure for s in engine.suggestions(content.reperage, answers)}


def test_the_shipped_content_has_44_procedures_16_letters_and_no_remark(content: Content) -> None:
    assert len(content.checklists) >= 44 and len(content.letters) >= 16
    assert set(NEW_PROCEDURES) <= set(content.checklists)
    assert set(NEW_LETTERS) <= set(content.letters)
    assert content.problems == []


def test_every_procedure_is_suggested_by_a_replayed_example_of_the_reperage(
    content: Content,
) -> None:
    assert content.reperage is not None
    reached: set[str] = set()
    for example in content.reperage.exemples:
        assert engine.check_answers(content.reperage.questions, example.reponses) == [], example.nom
        suggested = _suggested(content, example.reponses)
        assert suggested == set(example.demarches), example.nom
        reached |= suggested
    assert set(content.checklists) - reached == set()


@pytest.mark.parametrize("procedure", sorted(load_content(shipped_folders()).checklists))
def test_every_example_gives_its_documents_and_steps_through_the_engine(
    content: Content, procedure: str
) -> None:
    checklist = content.checklists[procedure]
    plan = engine.Plan((checklist,))
    for example in checklist.exemples:
        assert engine.check_answers(plan.questions, example.reponses) == [], example.nom
        result = engine.outcome(plan, content.catalogue, example.reponses)
        assert {n.document.id for n in result.documents} == set(example.documents), example.nom
        if example.etapes is not None:
            steps = {s.id or s.texte for s in result.procedures[0].steps}
            assert steps == set(example.etapes), example.nom


@pytest.mark.parametrize("procedure", NEW_PROCEDURES)
def test_the_examples_of_a_new_procedure_show_every_step_and_document(
    content: Content, procedure: str
) -> None:
    checklist = content.checklists[procedure]
    plan = engine.Plan((checklist,))
    steps: set[str] = set()
    documents: set[str] = set()
    for example in checklist.exemples:
        result = engine.outcome(plan, content.catalogue, example.reponses)
        steps |= {s.id or s.texte for s in result.procedures[0].steps}
        documents |= {n.document.id for n in result.documents}
    assert steps == {s.id or s.texte for s in checklist.etapes}
    assert documents == {d.id for d in checklist.documents}


# -- numeric limits ----------------------------------------------------------------------------

# For « question OP n »: the two answers on either side of the limit, the first one true.
_SIDES = {
    ast.Lt: lambda n: (n - 1, n),
    ast.LtE: lambda n: (n, n + 1),
    ast.Gt: lambda n: (n + 1, n),
    ast.GtE: lambda n: (n, n - 1),
    ast.Eq: lambda n: (n, n + 1),
}


def numeric_limits(condition: str) -> Iterator[tuple[str, int, int]]:
    """Each « question OP number » of a condition, as the question and the two answers that sit
    on either side of its limit."""
    for node in ast.walk(ast.parse(condition, mode="eval")):
        if not isinstance(node, ast.Compare) or len(node.ops) != 1:
            continue
        left, op, right = node.left, node.ops[0], node.comparators[0]
        if (
            isinstance(left, ast.Name)
            and isinstance(right, ast.Constant)
            and isinstance(right.value, int)
            and not isinstance(right.value, bool)
            and type(op) in _SIDES
        ):
            yes, no = _SIDES[type(op)](right.value)
            yield left.id, yes, no


def missing_limits(
    conditions: Sequence[str],
    questions: Sequence[Question],
    answers: Sequence[Mapping[str, Answer]],
) -> list[str]:
    bounds = {q.id: (q.min, q.max) for q in questions}
    missing = []
    for condition in conditions:
        for name, yes, no in numeric_limits(condition):
            low, high = bounds.get(name, (None, None))
            given = {a[name] for a in answers if name in a}
            for side in (yes, no):
                possible = (low is None or side >= low) and (high is None or side <= high)
                if possible and side not in given:
                    missing.append(f"{name} = {side} ({condition})")
    return sorted(set(missing))


def _conditions_of(checklist_items: Sequence[object]) -> list[str]:
    return [c for item in checklist_items if (c := getattr(item, "si", None))]


@pytest.mark.parametrize("procedure", NEW_PROCEDURES)
def test_the_examples_of_a_new_procedure_sit_on_each_side_of_every_numeric_limit(
    content: Content, procedure: str
) -> None:
    checklist = content.checklists[procedure]
    conditions = _conditions_of(
        [*checklist.questions, *checklist.etapes, *checklist.documents, *checklist.letter_refs]
    )
    answers = [example.reponses for example in checklist.exemples]
    assert missing_limits(conditions, checklist.questions, answers) == []


def test_the_examples_of_the_reperage_sit_on_each_side_of_every_numeric_limit(
    content: Content,
) -> None:
    reperage = content.reperage
    assert reperage is not None
    conditions = _conditions_of([*reperage.questions, *reperage.suggestions])
    answers = [example.reponses for example in reperage.exemples]
    assert missing_limits(conditions, reperage.questions, answers) == []


def test_the_limit_finder_sees_each_operator_on_its_own_side() -> None:
    found = sorted(numeric_limits("age < 65 and (n >= 2 or x <= 25) and not y == 0 and z > 3"))
    assert found == [("age", 64, 65), ("n", 2, 1), ("x", 25, 26), ("y", 0, 1), ("z", 4, 3)]
    questions = [Question(id="age", texte="Âge ?", type="nombre", min=15)]
    assert missing_limits(["age < 16"], questions, [{"age": 15}]) == ["age = 16 (age < 16)"]
    assert missing_limits(["age < 16"], questions, [{"age": 15}, {"age": 16}]) == []


# -- the persona of issue #18 ------------------------------------------------------------------

# A single mother of 24, a child of 2, an Algerian one-year permit, part-time work, renting in
# Grenoble, no CAF file: the repérage's answers, then what the procedures she is offered ask.
_REPERAGE_IDS = {
    q["id"]
    for q in yaml.safe_load((shipped_folders()[0] / "_reperage.yaml").read_text("utf-8"))[
        "questions"
    ]
}
# Her answers are the benchmark's (`make bench` counts her prompts): the repérage's, then those
# of the procedures she is offered.
_HER_ANSWERS = next(p for p in PERSONAS if "algérienne" in p.name).answers
PERSONA: dict[str, Answer] = {k: v for k, v in _HER_ANSWERS.items() if k in _REPERAGE_IDS}
PERSONA_PROCEDURES: dict[str, Answer] = {
    k: v for k, v in _HER_ANSWERS.items() if k not in _REPERAGE_IDS
}


def test_the_persona_of_the_issue_is_offered_what_she_can_claim_and_nothing_harmful(
    content: Content,
) -> None:
    assert content.reperage is not None
    assert engine.check_answers(content.reperage.questions, PERSONA) == []
    suggested = _suggested(content, PERSONA)
    assert {"paje", "asf", "prime-activite", "aide-logement", "complementaire-sante-solidaire"} <= (
        suggested
    )
    assert not {"ame", "premieres-demarches", "titre-sejour-renouvellement"} & suggested

    plan = engine.Plan(tuple(content.checklists[p] for p in sorted(suggested)))
    asked = {q.id for q in plan.questions}
    answers = {k: v for k, v in {**PERSONA, **PERSONA_PROCEDURES}.items() if k in asked}
    assert engine.check_answers(plan.questions, answers) == []
    result = engine.outcome(plan, content.catalogue, answers)
    printed = [
        f"{step.texte} {step.delai or ''}"
        for procedure in result.procedures
        for step in procedure.steps
        if step.id == "titre_parent_isole"
    ]
    # the limit of her exemption from the 5 years of permit is printed, not only in the help
    assert printed and all("3 ans du plus jeune enfant" in text for text in printed)
    # a letter that asks for an allocataire number lets her leave it out
    for letter_id in result.letters:
        for letter_field in content.letters[letter_id].champs:
            if letter_field.id == "numero_allocataire":
                assert letter_field.facultatif, letter_id


def test_a_person_without_a_permit_is_offered_the_ame_and_not_the_rsa(content: Content) -> None:
    answers = {
        **PERSONA,
        "travaille": False,
        "titre_sejour": "aucun",
        "enfants_a_charge": 0,
        "autre_besoin": "sante",
    }
    del answers["enfant_moins_3"], answers["enfant_6_18"], answers["enfant_handicap"]
    assert content.reperage is not None
    assert engine.check_answers(content.reperage.questions, answers) == []
    suggested = _suggested(content, answers)
    assert "ame" in suggested
    assert not {"rsa", "complementaire-sante-solidaire", "aide-logement", "prime-activite"} & (
        suggested
    )


@pytest.mark.parametrize(("years", "rsa"), [(4, False), (5, True), (9, True), (10, False)])
def test_from_65_the_rsa_is_offered_only_while_the_minimum_pension_is_out_of_reach(
    content: Content, years: int, rsa: bool
) -> None:
    answers: dict[str, Answer] = {
        "age": 65,
        "logement": "locataire",
        "en_couple": False,
        "enfants_a_charge": 0,
        "travaille": False,
        "ressources_faibles": True,
        "chomage_fini": False,
        "nationalite": "autre",
        "protection_internationale": False,
        "titre_sejour": "valide",
        "titre_sejour_annees": years,
        "aides_caf": "aucune",
        "handicap": False,
        "perte_autonomie": False,
        "retraite_percue": True,
        "veuvage": False,
        "sans_mutuelle": False,
        "factures_energie": False,
        "autre_besoin": "rien",
    }
    assert content.reperage is not None
    assert engine.check_answers(content.reperage.questions, answers) == []
    suggested = _suggested(content, answers)
    assert ("rsa" in suggested) is rsa
    assert ("aspa" in suggested) is (years >= 10)
