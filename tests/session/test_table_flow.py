"""The ten-minute table: one conversation, a short tally, suggestions and letters that follow
the answers, wording that fits the person, and an honest counter (scripted prompters)."""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from cafedemarches.cli.accueil import interactive as guided
from cafedemarches.cli.run import Run
from cafedemarches.content.loader import Content
from cafedemarches.content.models import Question
from cafedemarches.session.derived import derived_tally_fields
from cafedemarches.session.engine import Plan, outcome, suggestions
from cafedemarches.session.interview import interview, wording
from cafedemarches.session.prompter import ScriptedPrompter

COUNTER = re.compile(r"^\((\d+)/(\d+)\) ")


@pytest.fixture(autouse=True)
def no_printer(kit_run: Run) -> None:
    kit_run.which = lambda name: None  # no printer, no viewer


@dataclass
class ByQuestion:
    """Answers each question from a dict by its id (found from its text), whatever the order;
    records the ids asked. Anything else gets its default."""

    questions: dict[str, str]  # every wording -> id
    given: dict[str, Any]
    asked: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def _id(self, message: str) -> str | None:
        self.messages.append(message)
        qid = self.questions.get(COUNTER.sub("", message))
        if qid is not None:
            self.asked.append(qid)
        return qid

    def select(self, message: str, choices: Sequence[tuple[str, str]], **kw: Any) -> str:
        qid = self._id(message)
        if qid in self.given:
            return str(self.given[qid])
        return str(kw.get("default") or choices[0][0])

    def checkbox(self, message: str, choices: Sequence[tuple[str, str]], **kw: Any) -> list[str]:
        self._id(message)
        return list(kw.get("checked", ()))

    def confirm(self, message: str, **kw: Any) -> bool:
        qid = self._id(message)
        return bool(self.given[qid]) if qid in self.given else bool(kw.get("default", True))

    def text(self, message: str, **kw: Any) -> str:
        self._id(message)
        return str(kw.get("default", ""))

    def number(self, message: str, **kw: Any) -> int:
        qid = self._id(message)
        return int(self.given[qid]) if qid in self.given else int(kw.get("minimum") or 0)


def wordings(content: Content) -> dict[str, str]:
    questions: list[Question] = [q for c in content.checklists.values() for q in c.questions]
    assert content.reperage is not None
    questions += content.reperage.questions
    found = {}
    for question in questions:
        found[question.texte] = question.id
        for variant in question.texte_si:
            found[variant.texte] = question.id
    return found


SINGLE_TENANT = {
    "age": 35,
    "logement": "locataire",
    "en_couple": False,
    "enfants_a_charge": 0,
    "enceinte": False,
    "travaille": False,
    "ressources_faibles": True,
    "aides_caf": "aucune",
    "handicap": False,
    "sans_mutuelle": False,
    "factures_energie": False,
    "etudiant": False,
    "nationalite": "francaise",
}


# -- 1. one conversation --------------------------------------------------------------------


def test_the_reperage_answers_are_not_asked_again_by_the_procedures(content: Content) -> None:
    assert content.reperage is not None
    prompter = ByQuestion(wordings(content), SINGLE_TENANT)
    conversation: dict[str, Any] = {}
    interview(prompter, content.reperage.questions, conversation)  # type: ignore[arg-type]
    before = len(prompter.asked)
    rsa = Plan((content.checklists["rsa"],))
    answers = interview(prompter, rsa.questions, conversation)  # type: ignore[arg-type]
    asked_for_rsa = prompter.asked[before:]
    assert {"age", "en_couple", "enfants_a_charge", "travaille", "logement"} <= set(answers)
    assert "nationalite" in answers  # asked once, by the repérage
    assert set(asked_for_rsa) == {"etudiant"}
    assert len(prompter.asked) == len(set(prompter.asked))


def test_no_shipped_question_asks_what_aides_caf_already_says(content: Content) -> None:
    ids = {q.id for c in content.checklists.values() for q in c.questions}
    assert not ids & {"deja_allocataire", "beneficie_rsa"}
    users = [
        c.id for c in content.checklists.values() if "aides_caf" in {q.id for q in c.questions}
    ]
    assert {"compte-caf", "ars", "asf", "prime-naissance"} <= set(users)


def test_the_tally_reads_age_bracket_and_situation_from_the_answers() -> None:
    assert derived_tally_fields({"age": 24, "travaille": False, "etudiant": False}) == {
        "tranche_age": "18_24",
        "statut": "sans_emploi",
    }
    assert derived_tally_fields({"age": 67, "retraite_percue": True}) == {
        "tranche_age": "60_69",
        "statut": "retraite",
    }
    # « works » may be the partner's: a person in a couple is not said to have a job
    assert derived_tally_fields({"travaille": True, "en_couple": True}) == {}
    assert derived_tally_fields({"travaille": True, "en_couple": False}) == {"statut": "en_emploi"}
    assert derived_tally_fields({}) == {}


# -- 2. a tally in two screens at most ------------------------------------------------------


def test_a_single_procedure_is_tallied_on_one_screen_with_derived_values(
    cli, scripted, kit_home: Path, tmp_path: Path
) -> None:
    (kit_home / "config.yaml").write_text("lieu: Café d'essai\n", encoding="utf-8")
    prompter = scripted(
        [
            30,  # age
            False,  # en couple
            0,  # children
            False,  # expecting
            False,  # student
            False,  # works
            "francaise",
            "locataire",
            guided.SHEET,
            "\0enregistrer",  # the whole line, as shown
        ]
    )
    result = cli("accueil", "--demarche", "rsa", "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert prompter.answers == []
    tally_prompts = [m for m in prompter.asked if "registre" in m or "case" in m]
    assert tally_prompts == ["Enregistrer, ou changer une case ?"]
    assert "Sa tranche d'âge" not in " ".join(prompter.asked)
    rows = list(csv.DictReader(io.StringIO(cli("registre", "exporter").stdout)))
    assert [(r["demarche"], r["issue"], r["tranche_age"], r["statut"]) for r in rows] == [
        ("rsa", "a_terminer", "25_39", "sans_emploi")
    ]
    assert rows[0]["autonomie"] == "non_communique" and rows[0]["orientation"] == "aucune"


def test_procedures_done_are_ticked_in_one_checkbox(
    cli, scripted, with_fixture_content, tmp_path: Path
) -> None:
    prompter = scripted(
        [
            "essai-logement",
            "essai-famille",
            guided.DONE,
            40,
            "locataire",
            1,
            guided.SHEET,
            "\0faites",
            ["essai-logement"],
            "\0enregistrer",
        ]
    )
    result = cli("accueil", "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert prompter.answers == []
    rows = list(csv.DictReader(io.StringIO(cli("registre", "exporter").stdout)))
    assert sorted((r["demarche"], r["issue"]) for r in rows) == [
        ("essai-famille", "a_terminer"),
        ("essai-logement", "faite"),
    ]


# -- 4. suggestions and letters that follow the answers --------------------------------------


def test_the_ars_is_suggested_only_for_a_child_of_6_to_18(content: Content) -> None:
    assert content.reperage is not None
    base = {**SINGLE_TENANT, "enfants_a_charge": 1, "enfant_moins_3": False}
    baby = suggestions(content.reperage, {**base, "enfant_6_18": False})
    pupil = suggestions(content.reperage, {**base, "enfant_6_18": True})
    assert "ars" not in {s.procedure for s in baby}
    assert "ars" in {s.procedure for s in pupil}


def test_the_age_of_the_children_is_asked_only_when_there_are_children(content: Content) -> None:
    assert content.reperage is not None
    prompter = ByQuestion(wordings(content), SINGLE_TENANT)
    interview(prompter, content.reperage.questions, {})  # type: ignore[arg-type]
    assert "enfant_6_18" not in prompter.asked
    parent = ByQuestion(wordings(content), {**SINGLE_TENANT, "enfants_a_charge": 2})
    interview(parent, content.reperage.questions, {})  # type: ignore[arg-type]
    assert "enfant_6_18" in parent.asked
    # one child, under 3: that child cannot be 6 to 18, the question is not asked
    baby = ByQuestion(
        wordings(content), {**SINGLE_TENANT, "enfants_a_charge": 1, "enfant_moins_3": True}
    )
    interview(baby, content.reperage.questions, {})  # type: ignore[arg-type]
    assert "enfant_moins_3" in baby.asked and "enfant_6_18" not in baby.asked


def test_letters_follow_the_answers(content: Content) -> None:
    rsa = Plan((content.checklists["rsa"],))
    working_couple = {**SINGLE_TENANT, "en_couple": True, "travaille": True, "independant": False}
    assert outcome(rsa, content.catalogue, working_couple).letters == ("demande-rendez-vous",)
    alone = outcome(rsa, content.catalogue, SINGLE_TENANT).letters
    assert set(alone) == {
        "attestation-absence-ressources",
        "attestation-isolement",
        "demande-rendez-vous",
    }
    hosted = outcome(rsa, content.catalogue, {**SINGLE_TENANT, "logement": "heberge"}).letters
    assert "attestation-hebergement" in hosted


def test_the_sheet_lists_letters_made_apart_from_those_only_suggested(content: Content) -> None:
    import datetime as dt
    from html import escape

    from cafedemarches.render.sheet import sheet_html

    result = outcome(Plan((content.checklists["rsa"],)), content.catalogue, SINGLE_TENANT)
    html = sheet_html(
        result,
        letters=content.letters,
        day=dt.date(2026, 11, 29),
        content_version="x",
        made_letters=["attestation-isolement"],
    )
    made, _, rest = html.partition("Des courriers qui peuvent servir")

    def title(letter_id: str) -> str:
        return escape(content.letters[letter_id].titre).replace("&#x27;", "&#39;")

    assert "<h2>Les courriers" in made
    assert title("attestation-isolement") in made
    assert title("attestation-absence-ressources") in rest
    assert title("attestation-isolement") not in rest


# -- 5. words that fit the person --------------------------------------------------------------


def test_a_single_person_is_not_asked_about_a_partner(content: Content) -> None:
    enceinte = next(q for q in content.checklists["rsa"].questions if q.id == "enceinte")
    assert wording(enceinte, {"en_couple": False}) == "La personne attend-elle un enfant ?"
    assert "avec qui elle vit" in wording(enceinte, {"en_couple": True})
    assert "avec qui elle vit" in wording(enceinte, {})  # not known yet: the neutral form
    prompter = ScriptedPrompter([30, False, 0, False, False, False, "francaise", "locataire"])
    interview(prompter, Plan((content.checklists["rsa"],)).questions, {})
    assert prompter.answers == []
    assert prompter.asked[3].endswith("La personne attend-elle un enfant ?")


# -- 6. an honest counter ----------------------------------------------------------------------


def _random_answer(question: Question, rng: random.Random) -> Any:
    if question.type == "oui_non":
        return rng.random() < 0.5
    if question.type == "choix":
        return rng.choice(list(question.choix or {}))
    return rng.randint(question.min or 0, min(question.max or 90, 90))


@dataclass
class RandomPrompter:
    by_text: dict[str, Question]
    rng: random.Random
    asked: list[str] = field(default_factory=list)

    def _question(self, message: str) -> Question:
        self.asked.append(message)
        return self.by_text[COUNTER.sub("", message)]

    def select(self, message: str, choices: Any, **kw: Any) -> str:
        return str(_random_answer(self._question(message), self.rng))

    def confirm(self, message: str, **kw: Any) -> bool:
        return bool(_random_answer(self._question(message), self.rng))

    def number(self, message: str, **kw: Any) -> int:
        return int(_random_answer(self._question(message), self.rng))


@pytest.mark.parametrize("seed", range(40))
def test_the_counter_never_grows(content: Content, seed: int) -> None:
    assert content.reperage is not None
    rng = random.Random(seed)
    procedures = rng.sample(sorted(content.checklists), 4)
    questions = [
        *content.reperage.questions,
        *Plan(tuple(content.checklists[p] for p in procedures)).questions,
    ]
    by_text = {}
    for question in questions:
        by_text[question.texte] = question
        for variant in question.texte_si:
            by_text[variant.texte] = question
    prompter = RandomPrompter(by_text, rng)
    unique = list({q.id: q for q in questions}.values())
    interview(prompter, unique, {})  # type: ignore[arg-type]
    counters = [tuple(map(int, COUNTER.match(m).groups())) for m in prompter.asked]  # type: ignore[union-attr]
    assert [n for n, _ in counters] == list(range(1, len(counters) + 1))
    totals = [total for _, total in counters]
    assert totals == sorted(totals, reverse=True), totals  # never grows
    assert all(n <= total for n, total in counters)


class DefaultsSeen(ScriptedPrompter):
    """A scripted prompter that also notes the value each select opens on."""

    def __init__(self, answers: list[object]) -> None:
        super().__init__(list(answers))
        self.defaults: dict[str, str | None] = {}

    def select(self, message: str, choices: Any, **kw: Any) -> str:
        self.defaults[message] = kw.get("default")
        return super().select(message, choices, **kw)


def test_registre_ajouter_opens_on_not_given_and_shows_the_line(
    cli, kit_run: Run, kit_home: Path
) -> None:

    (kit_home / "config.yaml").write_text("lieu: Café d'essai\n", encoding="utf-8")
    kit_run.stdin_isatty = True
    prompter = DefaultsSeen(["champ:statut", "en_emploi", "\0enregistrer"])
    kit_run.prompter_factory = lambda: prompter
    result = cli("registre", "ajouter", "--demarche", "rsa:faite")
    assert result.exit_code == 0, result.stderr
    assert "Registre anonyme : aucun nom, aucune réponse" in result.stdout
    assert prompter.defaults["Sa situation ?"] == "non_communique"  # not the first value
    rows = list(csv.DictReader(io.StringIO(cli("registre", "exporter").stdout)))
    assert [(r["issue"], r["statut"], r["tranche_age"], r["duree"]) for r in rows] == [
        ("faite", "en_emploi", "non_communique", "non_communique")
    ]


def test_steps_done_are_ticked_under_their_procedure_and_marked_on_the_sheet(
    cli, scripted, with_fixture_content, content: Content, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    answers = {"e_age": 40, "e_logement": "locataire"}
    plan = Plan((content.checklists["essai-logement"],))
    steps = [s.texte for s in outcome(plan, content.catalogue, answers).procedures[0].steps]
    script = ["essai-logement", guided.DONE, 40, "locataire", guided.STEPS, steps]
    prompter = scripted([*script, guided.SHEET, "\0enregistrer"])
    result = cli("accueil", "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    title = content.checklists["essai-logement"].titre
    assert f"{title} : étapes faites ensemble" in prompter.asked
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "vos-demarches.pdf").pages)
    assert "fait pendant le rendez" in " ".join(text.split())
    rows = list(csv.DictReader(io.StringIO(cli("registre", "exporter").stdout)))
    assert [r["issue"] for r in rows] == ["faite"]  # every step done: proposed as done


def test_the_whole_detail_is_one_choice_away(
    cli, scripted, with_fixture_content, content: Content, tmp_path: Path
) -> None:
    answers = {"e_age": 40, "e_logement": "locataire"}
    plan = Plan((content.checklists["essai-logement"],))
    result = outcome(plan, content.catalogue, answers)
    scripted(["essai-logement", guided.DONE, 40, "locataire", guided.DETAIL, guided.SHEET])
    run = cli("accueil", "--sans-registre", "--sortie", str(tmp_path))
    assert run.exit_code == 0, run.stderr
    # the short results name no step; the detail lists them, then the papers
    short = run.stdout.split("Comment :")[0]  # « Comment » opens the detail
    assert "1 démarche" in short
    assert not any(s.texte in short for s in result.procedures[0].steps)
    steps, _, papers = run.stdout.partition("Papiers à rassembler")
    assert all(s.texte in " ".join(steps.split()) for s in result.procedures[0].steps)
    assert "où :" in papers  # where to find each paper


def test_no_persona_is_asked_a_question_twice() -> None:
    from benchmarks.personas import PERSONAS, play, question_texts

    texts = question_texts()
    for persona in PERSONAS:
        played = play(persona, texts)
        assert played.twice() == 0, (persona.name, played.asked)
        assert any(m.startswith("Enregistrer, ou changer") for m in played.asked)  # tally reached


def test_a_replay_reads_the_age_bracket_from_the_answers(
    cli, kit_home: Path, tmp_path: Path
) -> None:
    (kit_home / "config.yaml").write_text("lieu: Café d'essai\n", encoding="utf-8")
    path = tmp_path / "reponses.yaml"
    path.write_text(
        "demarches: [rsa]\n"
        "reponses: {age: 67, en_couple: false, enfants_a_charge: 0, etudiant: false,\n"
        "  travaille: false, nationalite: francaise, logement: locataire}\n"
        "registre: {issues: {rsa: information}, statut: retraite}\n",
        encoding="utf-8",
    )
    result = cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(cli("registre", "exporter").stdout)))
    # the bracket from the answers; the situation as the block says (it wins over them)
    assert [(r["tranche_age"], r["statut"]) for r in rows] == [("60_69", "retraite")]


def test_a_warning_is_read_not_ticked_and_does_not_hold_back_done(content: Content) -> None:
    from cafedemarches.session.prompter import ScriptedPrompter
    from cafedemarches.tally.entry import default_issue

    aspa = content.checklists["aspa"]
    plan = Plan((aspa,))
    before_65 = next(e for e in aspa.exemples if e.reponses.get("age") == 63)
    result = outcome(plan, content.catalogue, plan.effective(dict(before_65.reponses)))
    steps = result.procedures[0].steps
    warning = next(s.texte for s in steps if s.attention)
    to_do = [s.texte for s in steps if not s.attention]

    def session(answers: list[Any]) -> Any:
        fields = dict.fromkeys(["content", "config", "paths", "screen", "options", "started"])
        return guided.GuidedSession(prompter=ScriptedPrompter(answers), **fields)  # type: ignore[arg-type]

    with pytest.raises(AssertionError, match="is not a choice"):
        session([[warning]]).tick_steps(result)  # the warning is not offered as a box
    ticked = session([to_do])
    ticked.tick_steps(result)
    assert ticked.done == set(to_do)
    assert default_issue(to_do, ticked.done) == "faite"


class LabelsSeen(ScriptedPrompter):
    """Keeps the labels of every choice shown."""

    def __init__(self, answers: list[Any]) -> None:
        super().__init__(list(answers))
        self.labels: list[str] = []

    def select(self, message: str, choices: Any, **kw: Any) -> str:
        self.labels += [label for _, label in choices]
        return super().select(message, choices, **kw)

    def checkbox(self, message: str, choices: Any, **kw: Any) -> list[str]:
        self.labels += [label for _, label in choices]
        return super().checkbox(message, choices, **kw)


def test_registre_ajouter_names_procedures_by_their_title_not_their_id(
    cli, kit_run: Run, kit_home: Path
) -> None:
    from cafedemarches.tally.themes import titles

    (kit_home / "config.yaml").write_text("lieu: Café d'essai\n", encoding="utf-8")
    kit_run.stdin_isatty = True
    prompter = LabelsSeen([["prime-activite"], "\0enregistrer"])
    kit_run.prompter_factory = lambda: prompter
    assert cli("registre", "ajouter").exit_code == 0
    title = titles()["prime-activite"]
    assert title in prompter.labels  # in the list to tick
    assert any(label.startswith(f"{title} →") for label in prompter.labels)  # in the line
    assert not any(label.startswith("prime-activite") for label in prompter.labels)
