"""Whole guided sessions played through a scripted prompter, for a few personas.

The prompter answers each question from the persona's situation (found by the question's
text, whatever its place or its counter), keeps every other default (review, letters, tally,
the end of the session), and counts the prompts and the questions asked more than once.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Questions that mean the same thing under two ids (before they were merged), and the tally's
# own questions that repeat one already asked: both count as « asked twice ».
SAME_MEANING = {
    "beneficie_rsa": "aides_caf",
    "deja_allocataire": "aides_caf",
    "Tranche d'âge": "age",
    "Sa tranche d'âge ?": "age",
}
COUNTER = re.compile(r"^\(\d+/\d+\)\s*")


@dataclass
class Persona:
    name: str
    procedures: Sequence[str]  # ids to pick, or ["reperage"] for « Je ne sais pas encore »
    answers: dict[str, Any]
    goal: int
    # What the volunteer picks in the session's menus, in order: (the menu's question, the
    # start of the choice's label), e.g. ("Et maintenant", "Feuille aussi en arabe").
    picks: Sequence[tuple[str, str]] = ()
    # A letter's fields, by the start of their label; any other field keeps its default.
    letter: dict[str, str] = field(default_factory=dict)


# Issue #22: a single mother of 24, a child of 2, working part-time, renting, no file at the
# family allowance fund, who reads Arabic better than French.
HER_ANSWERS: dict[str, Any] = {
    "age": 24,
    "logement": "locataire",
    "en_couple": False,
    "enfants_a_charge": 1,
    "enfant_moins_3": True,
    "enfant_6_18": False,
    "enfant_handicap": False,
    "enceinte": False,
    "travaille": True,
    "ressources_faibles": True,
    "aides_caf": "aucune",
    "pension_recue": False,
    "handicap": False,
    "sans_mutuelle": True,
    "factures_energie": False,
    "autre_besoin": "rien",
    "deja_allocataire": False,
    "jeune_actif": False,
    "etudiant": False,
    "independant": False,
    "nationalite": "francaise",
    "bail": "signe",
    "situation_asf": "pas_de_pension",
    "beneficie_rsa": False,
    "secu_et_email": True,
    "enfant_16_18": False,
    "compte_bancaire": True,
    "declaration_impots": True,
}
IN_ARABIC = ("Et maintenant", "Feuille aussi en arabe")

PERSONAS = [
    Persona(
        "mère seule, 24 ans, locataire (« Je ne sais pas encore »)", ["reperage"], HER_ANSWERS, 25
    ),
    Persona(
        "la même, feuille aussi en arabe (issue #22)", ["reperage"], HER_ANSWERS, 25, [IN_ARABIC]
    ),
    Persona(
        "la même, en arabe, un courrier rempli (issue #22)",
        ["reperage"],
        HER_ANSWERS,
        38,
        [
            IN_ARABIC,
            ("Et maintenant", "Préparer un courrier"),
            ("Quel courrier", "Remplir maintenant : Attestation sur l'honneur de séparation"),
        ],
        {
            "Organisme qui demande": "Caf de l'Isère",
            "Nom et prénom de la personne": "Amina Benali",
            "Date de naissance": "12/03/2002",
            "Lieu de naissance": "Grenoble",
            "Adresse de la personne": "8 rue des Alpes, 38000 Grenoble",
            "Depuis quelle date": "01/09/2024",
            "Ville où": "Grenoble",
        },
    ),
    Persona(
        "mère seule, 24 ans, algérienne, titre d'un an (« Je ne sais pas encore »)",
        ["reperage"],
        {
            "age": 24,
            "logement": "locataire",
            "en_couple": False,
            "enfants_a_charge": 1,
            "enfant_moins_3": True,
            "enfant_6_18": False,
            "enfant_handicap": False,
            "enceinte": False,
            "travaille": True,
            "ressources_faibles": True,
            "nationalite": "autre",
            "protection_internationale": False,
            "titre_sejour": "valide",
            "aides_caf": "aucune",
            "handicap": False,
            "sans_mutuelle": True,
            "factures_energie": False,
            "autre_besoin": "rien",
            "etudiant": False,
            "independant": False,
            "bail": "signe",
            "secu_et_email": True,
            "situation_asf": "pas_de_pension",
        },
        goal=30,
    ),
    Persona(
        "seulement le RSA",
        ["rsa"],
        {
            "age": 35,
            "en_couple": False,
            "enfants_a_charge": 0,
            "enceinte": False,
            "etudiant": False,
            "travaille": False,
            "nationalite": "francaise",
            "logement": "locataire",
        },
        goal=12,
    ),
    Persona(
        "67 ans, vit seule (« Je ne sais pas encore »)",
        ["reperage"],
        {
            "age": 67,
            "logement": "locataire",
            "en_couple": False,
            "enfants_a_charge": 0,
            "enceinte": False,
            "travaille": False,
            "ressources_faibles": True,
            "aides_caf": "aucune",
            "handicap": False,
            "perte_autonomie": False,
            "sans_mutuelle": True,
            "factures_energie": True,
            "autre_besoin": "rien",
            "retraite_percue": True,
            "regime_agricole": False,
            "toutes_retraites_demandees": True,
            "etudiant": False,
            "nationalite": "francaise",
            "cheque_recu": False,
            "declaration_impots": True,
            "contrat_electricite": True,
            "secu_et_email": True,
            "beneficie_rsa": False,
            "deja_allocataire": False,
        },
        goal=30,
    ),
]


@dataclass
class PersonaPrompter:
    """Answers like a volunteer who keeps every default, with the persona's situation."""

    persona: Persona
    texts: dict[str, str]  # question text (every wording) -> question id
    asked: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    picked: list[str] = field(default_factory=list)
    picked_menus: list[str] = field(default_factory=list)

    def _question(self, message: str) -> str | None:
        self.asked.append(message)
        text = COUNTER.sub("", message).strip()
        qid = self.texts.get(text)
        if qid is None and text in SAME_MEANING:
            qid = text
        if qid is not None:
            self.questions.append(SAME_MEANING.get(qid, qid))
        return qid

    def _procedure(self, choices: Sequence[tuple[str, str]]) -> str | None:
        values = [v for v, _ in choices]
        for wanted in self.persona.procedures:
            if wanted in values and wanted not in self.picked:
                self.picked.append(wanted)
                return wanted
        for value, label in choices:
            if self.persona.procedures == ["reperage"] and label.startswith("Je ne sais pas"):
                self.picked.append("reperage")
                return value
            if label.startswith("C'est tout"):
                return value
        return None

    def _pick(self, message: str, choices: Sequence[tuple[str, str]]) -> str | None:
        if len(self.picked_menus) == len(self.persona.picks):
            return None
        menu, label = self.persona.picks[len(self.picked_menus)]
        if not message.startswith(menu):
            return None
        value = next((v for v, text in choices if text.startswith(label)), None)
        if value is None:
            raise AssertionError(f"no choice « {label}… » in: {message} {choices}")
        self.picked_menus.append(label)
        return value

    def select(self, message: str, choices: Sequence[tuple[str, str]], **kw: Any) -> str:
        qid = self._question(message)
        if qid in self.persona.answers:
            return str(self.persona.answers[qid])
        picked_menu = self._pick(message, choices)
        if picked_menu is not None:
            return picked_menu
        if message.startswith(("Quelle démarche", "Une autre démarche")):
            picked = self._procedure(choices)
            if picked is not None:
                return picked
        default = kw.get("default")
        return str(default) if default is not None else choices[0][0]

    def checkbox(self, message: str, choices: Sequence[tuple[str, str]], **kw: Any) -> list[str]:
        self._question(message)
        return list(kw.get("checked", ()))

    def confirm(self, message: str, **kw: Any) -> bool:
        qid = self._question(message)
        if qid in self.persona.answers:
            return bool(self.persona.answers[qid])
        return bool(kw.get("default", True))

    def text(self, message: str, **kw: Any) -> str:
        self._question(message)
        for start, value in self.persona.letter.items():
            if message.startswith(start):
                return value
        return str(kw.get("default", ""))

    def number(self, message: str, **kw: Any) -> int:
        qid = self._question(message)
        if qid in self.persona.answers:
            return int(self.persona.answers[qid])
        default = kw.get("default")
        if default is None:
            raise AssertionError(f"no answer for the number question: {message}")
        return int(default)

    def twice(self) -> int:
        return sum(n - 1 for n in Counter(self.questions).values() if n > 1)


def question_texts() -> dict[str, str]:
    """Every wording of every shipped question, to find which question a prompt asks."""
    from cafedemarches.content.index import shipped_folders
    from cafedemarches.content.loader import load_content

    content = load_content(shipped_folders(), deep=False)
    questions = [q for c in content.checklists.values() for q in c.questions]
    if content.reperage is not None:
        questions += content.reperage.questions
    texts: dict[str, str] = {}
    for question in questions:
        texts[question.texte] = question.id
        for variant in getattr(question, "texte_si", None) or ():
            texts[variant.texte] = question.id
    return texts


def play(persona: Persona, texts: dict[str, str]) -> PersonaPrompter:
    """One whole session from `cafedemarches` to its end, tally included."""
    import shutil

    from cafedemarches.cli.app import main
    from cafedemarches.cli.run import Run
    from cafedemarches.settings import Paths

    prompter = PersonaPrompter(persona, texts)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        (home / "config.yaml").write_text("lieu: Banc d'essai\n", encoding="utf-8")
        # A laptop with a PDF viewer (stood in by `true`) and no printer: « C'est bon » makes
        # the sheet and opens it. (With neither, one more prompt offers to copy it.)
        stand_in = shutil.which("true")
        run = Run(
            kit_paths=Paths(config_dir=home, data_dir=home),
            which=lambda name: stand_in if name == "xdg-open" else None,
            prompter_factory=lambda: prompter,  # type: ignore[arg-type,return-value]
        )
        saved_home = os.environ.get("CAFEDEMARCHES_HOME")
        os.environ["CAFEDEMARCHES_HOME"] = str(home)  # the cache folder follows it
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                try:
                    main(["accueil"], run)
                except SystemExit as exc:
                    if exc.code:
                        raise AssertionError(
                            f"{persona.name}: {exc.code}\n{out.getvalue()}"
                        ) from None
        finally:
            if saved_home is None:
                os.environ.pop("CAFEDEMARCHES_HOME", None)
            else:
                os.environ["CAFEDEMARCHES_HOME"] = saved_home
    return prompter
