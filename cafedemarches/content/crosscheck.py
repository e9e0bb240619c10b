"""Checks across files: references between checklists, catalogue and letters, shared questions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cafedemarches.content.checks import check_checklist, check_reperage
from cafedemarches.content.letters import placeholder_problems
from cafedemarches.content.readability import jargon_warnings, readability_warnings
from cafedemarches.errors import Problem

if TYPE_CHECKING:
    from cafedemarches.content.loader import Content


def check_all(content: Content, *, deep: bool = True) -> list[Problem]:
    """References and conditions always (a session needs them); with `deep`, what
    `demarches verifier` adds: reachability, examples, letter templates, readability."""
    problems: list[Problem] = []
    for checklist in content.checklists.values():
        doc = content.source_of("checklist", checklist.id)
        assert doc is not None
        problems.extend(check_checklist(checklist, doc, deep=deep))
        for i, ref in enumerate(checklist.documents):
            if content.catalogue and ref.id not in content.catalogue:
                problems.append(
                    doc.problem(
                        f"le document « {ref.id} » n'est pas dans le catalogue _documents.yaml : "
                        "ajoutez-le au catalogue ou corrigez l'id",
                        ("documents", i, "id"),
                    )
                )
        for i, letter_id in enumerate(checklist.lettres):
            if letter_id not in content.letters:
                problems.append(
                    doc.problem(
                        f"le courrier « {letter_id} » n'existe pas"
                        + (
                            f" ; courriers possibles : {', '.join(sorted(content.letters))}"
                            if content.letters
                            else ""
                        ),
                        ("lettres", i),
                    )
                )
    problems.extend(_shared_questions(content))
    if content.reperage is not None:
        doc = content.source_of("reperage", "")
        assert doc is not None
        problems.extend(
            check_reperage(content.reperage, doc, sorted(content.checklists), deep=deep)
        )
    if not deep:
        return problems
    for letter in content.letters.values():
        doc = content.source_of("letter", letter.id)
        assert doc is not None
        problems.extend(placeholder_problems(letter, doc))
    for key, doc in content.files.items():
        if key.startswith("catalogue:"):
            problems.extend(_duplicate_documents(doc))
        problems.extend(
            doc.readability if doc.readability is not None else readability_warnings(doc)
        )
        if not key.startswith("jargon:"):
            problems.extend(jargon_warnings(doc, content.jargon, letter=key.startswith("letter:")))
    return problems


def stale_warnings(content: Content, today: dt.date, months: int) -> list[Problem]:
    warnings = []
    for checklist in content.stale(today, months):
        doc = content.source_of("checklist", checklist.id)
        assert doc is not None
        problem = doc.problem(
            f"fiche vérifiée le {checklist.verifie_le:%d/%m/%Y}, il y a plus de {months} mois : "
            "relisez-la avec ses sources puis mettez à jour « verifie_le »",
            ("verifie_le",),
        )
        warnings.append(Problem(problem.message, problem.path, problem.line, problem.column, True))
    return warnings + expired_amount_warnings(content, today)


def expired_amount_warnings(content: Content, today: dt.date) -> list[Problem]:
    """One warning per amount whose period has ended, at its `au` line."""
    warnings = []
    for checklist in content.with_expired_amounts(today):
        doc = content.source_of("checklist", checklist.id)
        assert doc is not None
        for i, amount in enumerate(checklist.montants):
            if not amount.expired(today):
                continue
            assert amount.au is not None
            problem = doc.problem(
                f"le montant « {amount.id} » ({amount.valeur}) valait du {amount.du:%d/%m/%Y} "
                f"au {amount.au:%d/%m/%Y} : cette période est finie. Cherchez le montant actuel "
                "sur sa source, puis mettez à jour « valeur », « du », « au » et « source »",
                ("montants", i, "au"),
            )
            warnings.append(
                Problem(problem.message, problem.path, problem.line, problem.column, True)
            )
    return warnings


def _shared_questions(content: Content) -> list[Problem]:
    from cafedemarches.content.loader import shared_question_definitions

    problems = []
    for qid, uses in shared_question_definitions(content.checklists.values()).items():
        first_checklist, first = uses[0]
        for checklist_id, question in uses[1:]:
            if question != first:
                doc = content.source_of("checklist", checklist_id)
                assert doc is not None
                index = next(
                    i
                    for i, q in enumerate(content.checklists[checklist_id].questions)
                    if q.id == qid
                )
                differing = [
                    k for k in type(first).model_fields if getattr(first, k) != getattr(question, k)
                ]
                problems.append(
                    doc.problem(
                        f"la question « {qid} » est définie autrement dans « {first_checklist} » "
                        f"(différence : {', '.join(differing)}) : une même question doit être "
                        "identique partout, ou porter un autre id",
                        ("questions", index),
                    )
                )
    return problems


def _duplicate_documents(doc: object) -> list[Problem]:
    from cafedemarches.content.yamlfile import YamlDocument

    assert isinstance(doc, YamlDocument)
    seen: set[str] = set()
    problems = []
    for i, item in enumerate(doc.data.get("documents", []) if isinstance(doc.data, dict) else []):
        item_id = item.get("id") if isinstance(item, dict) else None
        if item_id in seen:
            problems.append(
                doc.problem(
                    f"le document « {item_id} » est défini deux fois", ("documents", i, "id")
                )
            )
        seen.add(str(item_id))
    return problems
