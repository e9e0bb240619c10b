"""The anonymous tally line on one screen, for the guided session and `registre ajouter`:
every field shown with its value (a default, or what the answers say), saved as it is or
changed field by field; the procedures done at the table ticked in one checkbox."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches.cli.interrupt import TALLY_SAVED, deferred, note_saved
from cafedemarches.cli.prompts import TALLY_QUESTIONS
from cafedemarches.tally.entry import build_entry, record
from cafedemarches.tally.model import CHOICES, FIELD_LABELS, label
from cafedemarches.tally.pending import set_aside_message

if TYPE_CHECKING:
    from rich.console import Console

    from cafedemarches.session.prompter import Prompter
    from cafedemarches.tally.model import SessionEntry

SAVE = "\0enregistrer"
SKIP = "\0rien"
DONE = "\0faites"


@dataclass
class Procedure:
    id: str
    theme: str
    title: str


@dataclass
class Line:
    """What the screen edits: an issue per procedure and the session fields."""

    lieu: str | None
    procedures: Sequence[Procedure]
    issues: dict[str, str]
    fields: dict[str, str]
    derived: Mapping[str, str] = field(default_factory=dict)  # read from the answers
    editable: Sequence[str] = ()  # the session fields the volunteer may change


def edit_line(
    prompter: Prompter,
    screen: Console,
    line: Line,
    minutes: Callable[[], float | None] = lambda: None,
) -> SessionEntry | None:
    """Show the line, let the volunteer change any field; the entry to record, or None when
    the volunteer chose to record nothing."""
    from rich.table import Table
    from rich.text import Text

    while True:
        entry = build_entry(
            line.lieu,
            [(p.id, p.theme, line.issues[p.id]) for p in line.procedures],
            line.fields,
            minutes=minutes(),
        )
        # Its own line, not the table's title: a title would wrap at the table's narrow width.
        screen.print(Text("Registre anonyme : aucun nom, aucune réponse aux questions", "bold"))
        table = Table(show_header=False)
        table.add_row(Text("Jour, lieu"), Text(f"{entry.jour:%d/%m/%Y}, {entry.lieu}"))
        if "duree" not in line.editable:
            table.add_row(Text("Durée (mesurée)"), Text(label("duree", entry.duree)))
        screen.print(table)
        choices = [(SAVE, "Enregistrer cette ligne")]
        if len(line.procedures) > 1:
            choices.append((DONE, "Cocher les démarches faites pendant le rendez-vous"))
        choices += [
            (f"issue:{p.id}", f"{p.title} → {label('issue', line.issues[p.id])}")
            for p in line.procedures
        ]
        choices += [
            (
                f"champ:{n}",
                f"{FIELD_LABELS[n].capitalize()} → {label(n, getattr(entry, n))}"
                + (" (d'après les réponses)" if line.derived.get(n) == line.fields[n] else ""),
            )
            for n in line.editable
        ]
        choices.append((SKIP, "Ne rien enregistrer"))
        picked = prompter.select("Enregistrer, ou changer une case ?", choices, default=SAVE)
        if picked == SAVE:
            return entry
        if picked == SKIP:
            return None
        if picked == DONE:
            ticked = prompter.checkbox(
                "Quelles démarches ont été faites pendant le rendez-vous ?",
                [(p.id, p.title) for p in line.procedures],
                checked=[p.id for p in line.procedures if line.issues[p.id] == "faite"],
            )
            for p in line.procedures:
                if p.id in ticked:
                    line.issues[p.id] = "faite"
                elif line.issues[p.id] == "faite":
                    line.issues[p.id] = "a_terminer"
        elif picked.startswith("issue:"):
            procedure = next(p for p in line.procedures if f"issue:{p.id}" == picked)
            line.issues[procedure.id] = prompter.select(
                f"Où en est « {procedure.title} » ?",
                list(CHOICES["issue"].items()),
                default=line.issues[procedure.id],
            )
        else:
            name = picked.removeprefix("champ:")
            line.fields[name] = prompter.select(
                TALLY_QUESTIONS[name], list(CHOICES[name].items()), default=line.fields[name]
            )


def save_line(tally_file: Path, entry: SessionEntry) -> str:
    """`record_line`, said in French."""
    return record_line(tally_file, entry)[0]


def record_line(tally_file: Path, entry: SessionEntry) -> tuple[str, bool]:
    """Record the line (an interruption cannot cut it in half) and say, in French, where it
    went: the register, or the pending folder when the register could not take it; and
    whether the register needs a repair (damaged, from a newer version…)."""

    with deferred():
        recorded = record(tally_file, entry)
        note_saved(TALLY_SAVED)
    said = []
    if recorded.filed:
        s = "s" if recorded.filed > 1 else ""
        said.append(f"{recorded.filed} séance{s} en attente ajoutée{s} au registre.")
    if recorded.set_aside:
        said.append(set_aside_message(recorded.set_aside))
    if recorded.kept is not None:
        said.append(
            f"{recorded.reason} La séance n'est pas perdue : elle est gardée dans "
            f"{recorded.kept} et sera ajoutée au registre à la prochaine séance notée."
            + (f" {recorded.repair}" if recorded.repair else "")
        )
    else:
        said.append("Séance notée au registre anonyme.")
    return "\n".join(said), recorded.kept is not None and recorded.repair is not None
