"""Checks across files: references between checklists, catalogue and letters, shared questions."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator

from cafedemarches.content.boundaries import boundary_warnings
from cafedemarches.content.bundle import Content
from cafedemarches.content.checks import check_checklist, check_reperage
from cafedemarches.content.index import is_shipped
from cafedemarches.content.letters import placeholder_problems
from cafedemarches.content.models import Checklist, Question
from cafedemarches.content.readability import readability_warnings
from cafedemarches.content.wording import wording_problems
from cafedemarches.content.yamlfile import YamlDocument
from cafedemarches.errors import Problem


def check_all(content: Content, *, deep: bool = True) -> list[Problem]:
    """References and conditions always (a session needs them); with `deep`, what
    `demarches verifier` adds: reachability, examples, letter templates, readability, and the
    checklists whose file has an error elsewhere (so that one run reports every mistake)."""
    problems: list[Problem] = []
    for checklist, doc in _checklists(content, drafts=deep):
        problems.extend(check_checklist(checklist, doc, deep=deep))
        problems.extend(_references(content, checklist, doc))
    problems.extend(_shared_questions(content))
    reperage_doc = content.source_of("reperage", "")
    if content.reperage is not None and reperage_doc is not None:
        procedures = sorted({*content.checklists, *content.drafts})
        problems.extend(check_reperage(content.reperage, reperage_doc, procedures, deep=deep))
    if not deep:
        return problems
    problems.extend(_never_suggested(content))
    problems.extend(_boundaries(content))

    problems.extend(wording_problems(content))
    for letter in content.letters.values():
        letter_doc = content.source_of("letter", letter.id)
        assert letter_doc is not None
        problems.extend(placeholder_problems(letter, letter_doc))
    for key, doc in content.files.items():
        if key.startswith("catalogue:"):
            problems.extend(_duplicate_documents(doc))
        jargon = [] if key.startswith("jargon:") else content.jargon
        problems.extend(readability_warnings(doc, jargon, letter=key.startswith("letter:")))
    return problems


def _boundaries(content: Content) -> list[Problem]:
    """Numeric conditions without an example on their boundary, checklist by checklist and in
    the repérage (warnings)."""
    problems: list[Problem] = []
    for checklist, doc in _checklists(content, drafts=False):
        conditions: list[tuple[str, tuple[object, ...]]] = []
        for i, question in enumerate(checklist.questions):
            if question.si:
                conditions.append((question.si, ("questions", i, "si")))
            for j, variant in enumerate(question.texte_si):
                conditions.append((variant.si, ("questions", i, "texte_si", j, "si")))
        for i, step in enumerate(checklist.etapes):
            if step.si:
                conditions.append((step.si, ("etapes", i, "si")))
        for i, document in enumerate(checklist.documents):
            if document.si:
                conditions.append((document.si, ("documents", i, "si")))
        for i, ref in enumerate(checklist.letter_refs):
            if ref.si:
                conditions.append((ref.si, ("lettres", i, "si")))
        numeric = {q.id for q in checklist.questions if q.type == "nombre"}
        examples = [e.reponses for e in checklist.exemples]
        problems.extend(boundary_warnings(doc, conditions, examples, numeric))
    reperage_doc = content.source_of("reperage", "")
    if content.reperage is not None and reperage_doc is not None:
        reperage = content.reperage
        conditions = [
            (q.si, ("questions", i, "si")) for i, q in enumerate(reperage.questions) if q.si
        ]
        conditions += [(s.si, ("suggestions", i, "si")) for i, s in enumerate(reperage.suggestions)]
        numeric = {q.id for q in reperage.questions if q.type == "nombre"}
        examples = [e.reponses for e in reperage.exemples]
        problems.extend(boundary_warnings(reperage_doc, conditions, examples, numeric))
    return problems


def _checklists(content: Content, *, drafts: bool) -> Iterator[tuple[Checklist, YamlDocument]]:
    for checklist in content.checklists.values():
        doc = content.source_of("checklist", checklist.id)
        assert doc is not None
        yield checklist, doc
    if drafts:
        yield from content.drafts.values()


def _references(content: Content, checklist: Checklist, doc: YamlDocument) -> list[Problem]:
    problems = []
    for i, ref in enumerate(checklist.documents):
        if content.catalogue and ref.id not in content.catalogue:
            problems.append(
                doc.problem(
                    f"le document « {ref.id} » n'est pas dans le catalogue _documents.yaml : "
                    + _did_you_mean(ref.id, content.catalogue)
                    + "ajoutez-le au catalogue ou corrigez l'id",
                    ("documents", i, "id"),
                )
            )
    for i, letter_ref in enumerate(checklist.letter_refs):
        letter_id = letter_ref.id
        if letter_id not in content.letters:
            problems.append(
                doc.problem(
                    f"le courrier « {letter_id} » n'existe pas : "
                    + _did_you_mean(letter_id, content.letters)
                    + (
                        f"courriers possibles : {', '.join(sorted(content.letters))}"
                        if content.letters
                        else "ajoutez-le dans un dossier letters/"
                    ),
                    ("lettres", i),
                )
            )
    return problems


def _did_you_mean(wrong: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(wrong, list(known), n=1, cutoff=0.6)
    return f"vouliez-vous dire « {close[0]} » ? Sinon, " if close else ""


def _never_suggested(content: Content) -> list[Problem]:
    """A warning on each checklist the repérage never suggests, where someone can act on it:
    a coordinator's own repérage, or the kit's repérage for the kit's checklists. (A new local
    checklist is not expected in the kit's repérage: no warning about a file one cannot edit.)"""
    reperage = content.source_of("reperage", "")
    if content.reperage is None or reperage is None:
        return []
    suggested = {s.demarche for s in content.reperage.suggestions}
    shipped_reperage = is_shipped(reperage.path)
    problems = []
    for checklist, doc in _checklists(content, drafts=False):
        if checklist.id in suggested or (shipped_reperage and not is_shipped(doc.path)):
            continue
        problem = doc.problem(
            f"le repérage (« Je ne sais pas encore », {reperage.path}) ne propose jamais "
            f"« {checklist.id} » : on la trouve seulement dans la liste des démarches ; pour "
            "qu'il la propose, ajoutez-y une suggestion (demarche, si, raison)",
            ("id",),
        )
        problems.append(problem._replace(warning=True))
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
        warnings.append(problem._replace(warning=True))
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
            warnings.append(problem._replace(warning=True))
    return warnings


def _shared_questions(content: Content) -> list[Problem]:
    """A question id means one question everywhere: in every checklist and in the repérage,
    whose answers are carried into the procedures. The first checklist that asks it holds the
    reference; each other definition that differs (the repérage's last) is an error where it
    stands.

    The repérage's own `si:` may differ: the repérage is asked first, on its own, and its `si:`
    only says when it is worth asking there; a procedure that shares the question skips it when
    the repérage has answered it, and asks it under its own condition otherwise. Between
    checklists the condition must match, since a session asks a shared question once, at its
    first place, under the first checklist's condition."""
    sources: list[tuple[str, str, tuple[Question, ...]]] = [
        ("checklist", c.id, tuple(c.questions)) for c in content.checklists.values()
    ]
    if content.reperage is not None:
        sources.append(("reperage", "", tuple(content.reperage.questions)))
    first: dict[str, tuple[str, Question]] = {}
    problems = []
    for kind, source_id, questions in sources:
        for index, question in enumerate(questions):
            if question.id not in first:
                first[question.id] = (source_id, question)
                continue
            where, reference = first[question.id]
            doc = content.source_of(kind, source_id)
            ignored = {"si"} if kind == "reperage" else set()
            differing = [
                k
                for k in type(question).model_fields
                if k not in ignored and getattr(question, k) != getattr(reference, k)
            ]
            if not differing or doc is None:
                continue
            problems.append(
                doc.problem(
                    f"la question « {question.id} » est définie autrement dans « {where} » "
                    f"(différence : {', '.join(differing)}) : une même question doit être "
                    "identique partout (la réponse sert à toutes les démarches), ou porter un "
                    "autre id",
                    ("questions", index),
                )
            )
    return problems


def _duplicate_documents(doc: YamlDocument) -> list[Problem]:
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
