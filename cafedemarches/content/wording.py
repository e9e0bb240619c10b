"""Checks of how questions are worded, across every file: conditional wordings (`texte_si`)
name known questions, the same question is not asked under two ids, and no wording assumes
the person's gender."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cafedemarches.content.conditions import ConditionError, compile_condition
from cafedemarches.content.models import Question
from cafedemarches.errors import Problem

if TYPE_CHECKING:
    from cafedemarches.content.loader import Content
    from cafedemarches.content.yamlfile import YamlDocument

# Gendered forms a volunteer would read to anyone: a pattern and the neutral way to say it.
_PERSON = r"(?:l'étudiant|l'allocataire|l'intéressé|le demandeur|le bénéficiaire|le salarié|le retraité|le locataire)"
GENDERED = [
    (re.compile(rf"\b{_PERSON}\s+\w+-t-il\b", re.IGNORECASE), "une personne au masculin (« l'étudiant a-t-il ») : dites « la personne … -t-elle »"),
    (re.compile(rf"\b{_PERSON}\s+(?:est|vit|peut|doit)\b", re.IGNORECASE), "une personne au masculin : dites « la personne »"),
    (re.compile(r"\b(?:est|vit)-il\s+(?:seul|étudiant|salarié|inscrit|marié|retraité)\b", re.IGNORECASE), "« est-il seul » : dites « la personne est-elle seule »"),
    (re.compile(r"\bsa conjointe\b", re.IGNORECASE), "« sa conjointe » : dites « la personne avec qui elle vit »"),
]  # fmt: skip

# Words left out when comparing two wordings for the same meaning.
_FILLER = {"la", "le", "les", "de", "du", "des", "un", "une", "elle", "t", "personne", "deja"}


def _plain(text: str) -> str:
    """Lower case, without accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", letters).strip()


def meaning_key(text: str) -> str:
    """The words of a question that carry its meaning, in order, for near-duplicate checks."""
    return " ".join(w for w in _plain(text).split() if w not in _FILLER)


def gendered_forms(text: str) -> list[str]:
    return [advice for pattern, advice in GENDERED if pattern.search(text)]


def _questions(content: Content) -> Iterator[tuple[YamlDocument, int, Question]]:
    for checklist in content.checklists.values():
        doc = content.source_of("checklist", checklist.id)
        if doc is not None:
            for i, question in enumerate(checklist.questions):
                yield doc, i, question
    if content.reperage is not None:
        doc = content.source_of("reperage", "")
        if doc is not None:
            for i, question in enumerate(content.reperage.questions):
                yield doc, i, question


def wording_problems(content: Content) -> list[Problem]:
    """Unknown names in `texte_si` (errors); gendered forms, and one question asked under two
    ids in the same folder (warnings)."""
    problems: list[Problem] = []
    known = {q.id for _doc, _i, q in _questions(content)}
    # meaning, folder -> (id, file name): one folder is one author's set of files (the
    # shipped content, or a coordinator's folder), kept free of duplicates
    first_by_meaning: dict[tuple[str, object], tuple[str, str]] = {}
    warned: set[tuple[str, str]] = set()
    for doc, i, question in _questions(content):
        loc = ("questions", i)
        texts: list[tuple[str, tuple[object, ...]]] = [(question.texte, (*loc, "texte"))]
        for j, variant in enumerate(question.texte_si):
            texts.append((variant.texte, (*loc, "texte_si", j, "texte")))
            try:
                names = compile_condition(variant.si).names
            except ConditionError:
                continue  # already reported with the file's own checks
            for name in sorted(names - known - {"true", "false"}):
                problems.append(
                    doc.problem(
                        f"la formulation « {variant.texte} » dépend de « {name} », qui n'est "
                        "une question d'aucune fiche ni du repérage",
                        (*loc, "texte_si", j, "si"),
                    )
                )
        for text, where in texts:
            for advice in gendered_forms(text):
                problems.append(_warning(doc, f"« {text} » : {advice}", where))
        key = (meaning_key(question.texte), doc.path.parent)
        seen = first_by_meaning.setdefault(key, (question.id, doc.path.name))
        if seen[0] != question.id and (seen[0], question.id) not in warned:
            warned.add((seen[0], question.id))
            problems.append(
                _warning(
                    doc,
                    f"la question « {question.id} » pose la même chose que « {seen[0]} » "
                    f"({seen[1]}) : reprenez la même question (même id, même texte) pour "
                    "qu'elle ne soit posée qu'une fois",
                    (*loc, "id"),
                )
            )
    return problems


def _warning(doc: YamlDocument, message: str, loc: tuple[object, ...]) -> Problem:
    problem = doc.problem(message, loc)  # type: ignore[arg-type]
    return Problem(problem.message, problem.path, problem.line, problem.column, warning=True)
