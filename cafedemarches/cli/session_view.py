"""What the volunteer sees on screen during a guided session (rich, content printed as text)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from cafedemarches.content.models import Letter
    from cafedemarches.session.engine import Outcome, Suggestion


def _text(text: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(text, style=style)


def show_answers(console: Console, summary: list[tuple[str, str]]) -> None:
    from rich.table import Table

    table = Table(title="Les réponses", title_justify="left", show_header=False, box=None)
    table.add_column(style="dim")
    table.add_column(style="bold")
    for question, answer in summary:
        table.add_row(_text(question), _text(answer))
    console.print(table)


def show_suggestions(
    console: Console, suggestions: list[Suggestion], titles: dict[str, str]
) -> None:
    console.print(_text("\nÀ regarder avec la personne :", "bold"))
    for suggestion in suggestions:
        console.print(_text(f"  → {titles[suggestion.procedure]}", "bold cyan"))
        console.print(_text(f"    {suggestion.reason}", "dim"))


def show_outcome(console: Console, outcome: Outcome, letters: dict[str, Letter]) -> None:
    from rich.rule import Rule

    for result in outcome.procedures:
        console.print(Rule(_text(result.checklist.titre, "bold")))
        console.print(_text(f"Comment : {result.checklist.canal}", "dim"))
        for step in result.steps:
            console.print(_text(f"  ☐ {step.texte}"))
            if step.delai:
                console.print(_text(f"      quand : {step.delai}", "yellow"))
    console.print(Rule(_text("Papiers à rassembler", "bold")))
    if not outcome.documents:
        console.print(_text("  Aucun papier à rassembler."))
    several = len(outcome.procedures) > 1
    for need in outcome.documents:
        line = f"  ☐ {need.document.nom}"
        if several:
            line += " — pour : " + ", ".join(need.procedures)
        console.print(_text(line))
        for note in need.notes:
            console.print(_text(f"      {note}", "dim"))
        console.print(_text(f"      où : {need.document.ou_le_trouver}", "dim"))
    if outcome.letters:
        console.print(Rule(_text("Courriers proposés", "bold")))
        for letter_id in outcome.letters:
            letter = letters.get(letter_id)
            console.print(_text(f"  ✉ {letter.titre if letter else letter_id}"))
