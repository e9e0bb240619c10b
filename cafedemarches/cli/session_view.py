"""What the volunteer sees on screen during a guided session (rich, content printed as text)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from cafedemarches.content.models import Letter
    from cafedemarches.session.engine import Outcome, Suggestion


def _text(text: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(text, style=style)


def show_suggestions(console: Console, suggestions: list[Suggestion]) -> None:
    """One line above the list to tick: each reason shows under the list, for the procedure
    the cursor is on, so that the whole screen fits 80×24 even with many suggestions."""
    n = len(suggestions)
    console.print(
        _text(
            f"\nÀ regarder avec la personne : {_count(n, 'démarche', 'démarches')}"
            " (sous la liste, la raison de celle où est le curseur).",
            "bold",
        )
    )


def _bullets(rows: list[tuple[str, str]]) -> Table:
    """Lines with a mark and a text that wraps under itself (never cut at the edge)."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for mark, text in rows:
        grid.add_row(_text(mark), _text(text))
    return grid


# From this many procedures, the results list them in one paragraph rather than one a line.
COMPACT_FROM = 5


def _count(n: int, one: str, many: str, none: str | None = None) -> str:
    """« 1 étape », « 3 étapes », and `none` (« aucun papier ») rather than « 0 papiers »."""
    if n == 0 and none is not None:
        return none
    return f"{n} {one if n == 1 else many}"


def show_summary(
    console: Console, outcome: Outcome, letters: dict[str, Letter], made: Collection[str] = ()
) -> None:
    """The results in a few lines that fit a 80×24 screen: the procedures and their number of
    steps, how many papers, the letters; the detail (steps, papers) is one key away."""
    from rich.rule import Rule

    steps = sum(len(r.steps) for r in outcome.procedures)
    console.print(Rule(_text("Résultat", "bold")))
    console.print(
        _text(
            f"{_count(len(outcome.procedures), 'démarche', 'démarches')}, "
            f"{_count(steps, 'étape', 'étapes', 'aucune étape')}, "
            f"{_count(len(outcome.documents), 'papier', 'papiers', 'aucun papier')} à rassembler, "
            f"{_count(len(outcome.letters), 'courrier proposé', 'courriers proposés', 'aucun courrier proposé')}",
            "bold",
        )
    )
    if len(outcome.procedures) <= COMPACT_FROM - 1:
        rows = [
            ("•", f"{r.checklist.titre} ({_count(len(r.steps), 'étape', 'étapes')})")
            for r in outcome.procedures
        ]
    else:  # one paragraph: the menu below must stay on the same 80×24 screen
        rows = [("•", " • ".join(r.checklist.titre for r in outcome.procedures))]
    console.print(_bullets(rows))
    if outcome.letters:
        console.print(
            _bullets(
                [
                    (
                        "Courriers :",
                        ", ".join(
                            (letters[i].titre if i in letters else i)
                            + (" (prêt)" if i in made else "")
                            for i in outcome.letters
                        ),
                    )
                ]
            )
        )


def show_outcome(console: Console, outcome: Outcome, letters: dict[str, Letter]) -> None:
    """Everything: the steps under their procedure (its title once), the papers with where
    to find them, the letters. Long lines wrap."""
    from rich.rule import Rule

    for result in outcome.procedures:
        console.print(Rule(_text(result.checklist.titre, "bold")))
        console.print(_text(f"Comment : {result.checklist.canal}", "dim"))
        rows: list[tuple[str, str]] = []
        for number, step in enumerate(result.steps, 1):
            rows.append((f"{number}.", step.texte))
            if step.delai:
                rows.append(("", f"quand : {step.delai}"))
        console.print(_bullets(rows))
    console.print(Rule(_text("Papiers à rassembler", "bold")))
    if not outcome.documents:
        console.print(_text("  Aucun papier à rassembler."))
    several = len(outcome.procedures) > 1
    rows = []
    for need in outcome.documents:
        line = need.document.nom
        if several:
            line += " — pour : " + ", ".join(need.procedures)
        rows.append(("☐", line))
        rows.extend(("", note) for note in need.notes)
        rows.append(("", f"où : {need.document.ou_le_trouver}"))
    console.print(_bullets(rows))
    if outcome.letters:
        console.print(Rule(_text("Courriers proposés", "bold")))
        console.print(
            _bullets([("✉", letters[i].titre if i in letters else i) for i in outcome.letters])
        )
