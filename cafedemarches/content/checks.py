"""Checks of one checklist or repérage beyond its shape: conditions, reachability, examples."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from cafedemarches.content.conditions import ConditionError, compile_condition
from cafedemarches.content.models import (
    Answer,
    Checklist,
    Question,
    Reperage,
)
from cafedemarches.content.resolve import (
    answer_error,
    applicable,
    asked_questions,
    effective_answers,
    holds,
)
from cafedemarches.content.yamlfile import Key, YamlDocument
from cafedemarches.errors import Problem

MAX_COMBINATIONS = 20_000


@dataclass
class Checker:
    doc: YamlDocument
    problems: list[Problem]

    def error(self, message: str, loc: Key) -> None:
        self.problems.append(self.doc.problem(message, loc))

    def warn(self, message: str, loc: Key) -> None:
        problem = self.doc.problem(message, loc)
        self.problems.append(
            Problem(problem.message, problem.path, problem.line, problem.column, warning=True)
        )

    # -- questions and conditions --------------------------------------------------------------

    def check_questions(self, questions: Sequence[Question]) -> bool:
        """Question definitions and their conditions; False when conditions can't be used."""
        seen: dict[str, int] = {}
        usable = True
        for i, question in enumerate(questions):
            loc: Key = ("questions", i)
            if question.id in seen:
                self.error(
                    f"la question « {question.id} » est définie deux fois "
                    f"(déjà en n° {seen[question.id] + 1}) : gardez-en une seule",
                    (*loc, "id"),
                )
            if question.type == "choix" and not question.choix:
                self.error(
                    f"la question « {question.id} » est de type choix mais n'a pas de « choix »",
                    loc,
                )
            if question.type != "choix" and question.choix:
                self.error(
                    f"« choix » ne sert qu'aux questions de type choix (ici : {question.type})",
                    (*loc, "choix"),
                )
            if question.type != "nombre" and (question.min is not None or question.max is not None):
                self.error("« min » et « max » ne servent qu'aux questions de type nombre", loc)
            if question.si is not None:
                usable &= self.check_condition(question.si, questions[:i], (*loc, "si"))
            for j, variant in enumerate(question.texte_si):
                # The names are checked against every question of the content (crosscheck):
                # a wording may follow an answer given in another procedure or the repérage.
                try:
                    compile_condition(variant.si)
                except ConditionError as exc:
                    self.error(f"condition « {variant.si} » : {exc}", (*loc, "texte_si", j, "si"))
                    usable = False
            seen.setdefault(question.id, i)
        return usable

    def check_condition(self, source: str, earlier: Sequence[Question], loc: Key) -> bool:
        try:
            condition = compile_condition(source)
        except ConditionError as exc:
            self.error(f"condition « {source} » : {exc}", loc)
            return False
        known = {q.id: q for q in earlier}
        ok = True
        for name in sorted(condition.names):
            if name in {"true", "false", "none"}:
                continue
            if name not in known:
                self.error(_unknown_name(name, source, [q.id for q in earlier]), loc)
                ok = False
        for name, literal in condition.comparisons:
            question = known.get(name)
            if question is not None:
                problem = _literal_problem(question, literal)
                if problem:
                    self.error(f"condition « {source} » : {problem}", loc)
                    ok = False
        return ok

    def check_reachable(
        self, questions: Sequence[Question], items: Sequence[tuple[str, str | None, Key]]
    ) -> None:
        """Every question, and each of `items` (label, condition, where), applies somewhere."""
        asked = [
            (f"la question « {q.id} »", q.si, ("questions", i, "si"))
            for i, q in enumerate(questions)
        ]
        for label, condition, loc in [*asked, *items]:
            if condition is not None and not _reachable(questions, condition):
                self.error(
                    f"{label} ne s'applique dans aucun cas : sa condition « {condition} » "
                    "ne peut jamais être vraie",
                    loc,
                )

    # -- examples --------------------------------------------------------------------------

    def check_example_answers(
        self, questions: Sequence[Question], answers: Mapping[str, Answer], loc: Key, name: str
    ) -> bool:
        by_id = {q.id: q for q in questions}
        ok = True
        for qid, value in answers.items():
            question = by_id.get(qid)
            if question is None:
                self.error(
                    f"exemple « {name} » : la question « {qid} » n'existe pas",
                    (*loc, "reponses", qid),
                )
                ok = False
                continue
            problem = answer_error(question, value)
            if problem:
                self.error(
                    f"exemple « {name} », question « {qid} » : {problem}", (*loc, "reponses", qid)
                )
                ok = False
        if not ok:
            return False
        asked = asked_questions(questions, answers)
        missing = [q.id for q in asked if q.id not in answers]
        extra = sorted(set(answers) - {q.id for q in asked})
        if missing:
            self.error(
                f"exemple « {name} » : il manque la réponse à « {', '.join(missing)} », "
                "posée dans ce cas",
                (*loc, "reponses"),
            )
        if extra:
            self.error(
                f"exemple « {name} » : « {', '.join(extra)} » n'est pas posée dans ce cas ; "
                "retirez-la de l'exemple ou vérifiez les conditions",
                (*loc, "reponses"),
            )
        return not missing and not extra


def check_checklist(checklist: Checklist, doc: YamlDocument, *, deep: bool = True) -> list[Problem]:
    """Questions and conditions always; with `deep`, also reachability and the examples."""
    checker = Checker(doc, [])
    usable = checker.check_questions(checklist.questions)
    questions = checklist.questions
    for i, step in enumerate(checklist.etapes):
        if step.si is not None:
            usable &= checker.check_condition(step.si, questions, ("etapes", i, "si"))
    for i, ref in enumerate(checklist.documents):
        if ref.si is not None:
            usable &= checker.check_condition(ref.si, questions, ("documents", i, "si"))
    for i, letter in enumerate(checklist.letter_refs):
        if letter.si is not None:
            usable &= checker.check_condition(letter.si, questions, ("lettres", i, "si"))
    if not usable or not deep:
        return checker.problems
    checker.check_reachable(
        questions,
        [
            *(
                (f"l'étape « {s.texte[:40]} »", s.si, ("etapes", i, "si"))
                for i, s in enumerate(checklist.etapes)
            ),
            *(
                (f"le document « {d.id} »", d.si, ("documents", i, "si"))
                for i, d in enumerate(checklist.documents)
            ),
            *(
                (f"le courrier « {r.id} »", r.si, ("lettres", i, "si"))
                for i, r in enumerate(checklist.letter_refs)
            ),
        ],
    )
    for i, example in enumerate(checklist.exemples):
        loc: Key = ("exemples", i)
        if not checker.check_example_answers(questions, example.reponses, loc, example.nom):
            continue
        answers = effective_answers(questions, example.reponses)
        documents = {ref.id for ref in applicable(checklist.documents, answers)}
        _compare(
            checker,
            example.nom,
            "documents",
            set(example.documents),
            documents,
            (*loc, "documents"),
        )
        if example.etapes is not None:
            steps = applicable(checklist.etapes, answers)
            expected = set(example.etapes)
            actual = {s.id if s.id is not None and s.id in expected else s.texte for s in steps}
            _compare(checker, example.nom, "étapes", expected, actual, (*loc, "etapes"))
    # Counted as written in the file: a checklist with an error elsewhere may have its
    # examples set aside (they compare against a list in error), not missing.
    written = doc.data.get("exemples", []) if isinstance(doc.data, dict) else []
    count = len(written) if isinstance(written, list) else 3
    if count < 3 and "exemples" not in doc.unreadable:
        checker.warn(
            f"seulement {count} exemple{'s' if count > 1 else ''} : prévoyez-en au moins "
            "trois, un par cas principal",
            ("exemples",) if written else (),
        )
    return checker.problems


def check_reperage(
    reperage: Reperage, doc: YamlDocument, procedures: Sequence[str], *, deep: bool = True
) -> list[Problem]:
    checker = Checker(doc, [])
    usable = checker.check_questions(reperage.questions)
    for i, suggestion in enumerate(reperage.suggestions):
        usable &= checker.check_condition(
            suggestion.si, reperage.questions, ("suggestions", i, "si")
        )
        if suggestion.demarche not in procedures:
            checker.error(
                f"la démarche « {suggestion.demarche} » n'existe pas",
                ("suggestions", i, "demarche"),
            )
    if not usable or not deep:
        return checker.problems
    checker.check_reachable(
        reperage.questions,
        [
            (f"la suggestion « {s.demarche} »", s.si, ("suggestions", i, "si"))
            for i, s in enumerate(reperage.suggestions)
        ],
    )
    for i, example in enumerate(reperage.exemples):
        loc: Key = ("exemples", i)
        if not checker.check_example_answers(
            reperage.questions, example.reponses, loc, example.nom
        ):
            continue
        answers = effective_answers(reperage.questions, example.reponses)
        suggested = {s.demarche for s in reperage.suggestions if holds(s.si, answers)}
        _compare(
            checker,
            example.nom,
            "démarches",
            set(example.demarches),
            suggested,
            (*loc, "demarches"),
        )
    return checker.problems


def _compare(
    checker: Checker, name: str, what: str, expected: set[str], actual: set[str], loc: Key
) -> None:
    if expected == actual:
        return
    parts = []
    if actual - expected:
        parts.append("en plus : " + ", ".join(sorted(actual - expected)))
    if expected - actual:
        parts.append("en moins : " + ", ".join(sorted(expected - actual)))
    checker.error(
        f"exemple « {name} », {what} : le résultat diffère de l'attendu ({' ; '.join(parts)})",
        loc,
    )


def _unknown_name(name: str, source: str, earlier: list[str]) -> str:
    return (
        f"condition « {source} » : « {name} » n'est pas une question posée avant ; "
        + (
            f"questions possibles : {', '.join(earlier)}"
            if earlier
            else "aucune question n'est posée avant"
        )
        + " (un texte s'écrit entre guillemets simples 'ainsi')"
    )


def _literal_problem(question: Question, literal: object) -> str | None:
    if question.type == "choix":
        choices = question.choix or {}
        if literal not in choices:
            return f"« {literal} » n'est pas un choix de la question « {question.id} » ({', '.join(choices)})"
    elif question.type == "oui_non":
        if not isinstance(literal, bool):
            return f"« {question.id} » se répond par oui ou non : comparez-la à true ou false"
    elif not isinstance(literal, int) or isinstance(literal, bool):
        return f"« {question.id} » est un nombre : comparez-la à un nombre sans guillemets"
    return None


# `_reachable` results, by the questions' part that decides them and the condition: the search
# is the verifier's longest step, and a file checked again (the next `verifier`, a property
# test's next example) asks mostly the same questions.
_REACHABLE: dict[tuple[object, ...], bool] = {}


def _reachable(questions: Sequence[Question], condition: str) -> bool:
    """Is there an answer path on which `condition` holds? Bounded search over finite domains;
    kept by what decides it (each question's id, type, choices, bounds and condition)."""
    key = (
        condition,
        *((q.id, q.type, q.si, tuple(q.choix or ()), q.min, q.max) for q in questions),
    )
    found = _REACHABLE.get(key)
    if found is None:
        if len(_REACHABLE) > 20_000:
            _REACHABLE.clear()
        found = _REACHABLE[key] = _search(questions, condition)
    return found


def _search(questions: Sequence[Question], condition: str) -> bool:
    by_id = {q.id: q for q in questions}
    relevant: set[str] = set()
    pending = list(compile_condition(condition).names)
    while pending:
        name = pending.pop()
        if name in relevant or name not in by_id:
            continue
        relevant.add(name)
        if by_id[name].si:
            pending.extend(compile_condition(by_id[name].si or "").names)
    ordered = [q for q in questions if q.id in relevant]
    domains = [list(_domain(q, questions, condition)) for q in ordered]
    total = 1
    for domain in domains:
        total *= len(domain)
    if total > MAX_COMBINATIONS:
        return True
    for combination in itertools.product(*domains):
        answers = dict(zip((q.id for q in ordered), combination, strict=True))
        if holds(condition, effective_answers(ordered, answers)):
            return True
    return False


def _domain(question: Question, questions: Sequence[Question], target: str) -> Iterator[Answer]:
    if question.type == "oui_non":
        yield from (True, False)
    elif question.type == "choix":
        yield from (question.choix or {})
    else:
        values = {0} if question.min is None else {question.min}
        for source in [target, *(q.si for q in questions if q.si)]:
            if source:
                for name, literal in compile_condition(source).comparisons:
                    if name == question.id and isinstance(literal, int):
                        values |= {literal - 1, literal, literal + 1}
        yield from sorted(values)
