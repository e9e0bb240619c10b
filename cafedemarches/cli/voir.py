"""`demarches voir`: readable views of a checklist in the terminal (content text printed with
markup off)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cafedemarches.content.loader import Content
    from cafedemarches.content.models import Checklist, Question

TYPE_LABELS = {"oui_non": "oui / non", "choix": "choix", "nombre": "nombre"}


def describe_question(question: Question) -> str:
    text = f"{question.texte} ({TYPE_LABELS[question.type]})"
    if question.choix:
        text += " : " + " / ".join(question.choix.values())
    return text


def show_checklist(checklist: Checklist, content: Content) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)

    def line(text: str, style: str = "") -> None:
        console.print(Text(text, style=style))

    line(checklist.titre, "bold")
    line(checklist.resume)
    line(f"Organisme : {checklist.organisme} — vérifiée le {checklist.verifie_le:%d/%m/%Y}", "dim")
    line(f"Comment : {checklist.canal}")
    if checklist.service_en_ligne:
        line(f"En ligne : {checklist.service_en_ligne}")
    if checklist.questions:
        line("\nQuestions", "bold cyan")
        for i, question in enumerate(checklist.questions, 1):
            line(f" {i}. {describe_question(question)}  [{question.id}]")
            for variant in question.texte_si:
                line(f"    ou, si {variant.si} : {variant.texte}", "dim")
            if question.si:
                line(f"    seulement si : {question.si}", "dim")
    line("\nÉtapes", "bold cyan")
    for step in checklist.etapes:
        line(f" ☐ {step.texte}" + (f" ({step.delai})" if step.delai else ""))
        if step.si:
            line(f"    seulement si : {step.si}", "dim")
    if checklist.documents:
        line("\nDocuments", "bold cyan")
        for ref in checklist.documents:
            document = content.catalogue.get(ref.id)
            name = document.nom if document else ref.id
            line(f" ☐ {name}" + (f" — {ref.note}" if ref.note else ""))
            if ref.si:
                line(f"    seulement si : {ref.si}", "dim")
    if checklist.lettres:
        line("\nCourriers proposés", "bold cyan")
        for letter_ref in checklist.letter_refs:
            letter = content.letters.get(letter_ref.id)
            line(f" ✉ {letter.titre if letter else letter_ref.id} ({letter_ref.id})")
            if letter_ref.si:
                line(f"    seulement si : {letter_ref.si}", "dim")
    if checklist.montants:  # content-fix (issue #11): amounts with their period
        line("\nMontants", "bold cyan")
        for amount in checklist.montants:
            until = f" au {amount.au:%d/%m/%Y}" if amount.au else ""
            line(f" {amount.libelle} : {amount.valeur} (du {amount.du:%d/%m/%Y}{until})")
            line(f"    source : {amount.source}", "dim")
            if amount.reference:
                line(f"    texte : {amount.reference}", "dim")
    line("\nSources", "bold cyan")
    for source in checklist.sources:
        line(f" {source}")
