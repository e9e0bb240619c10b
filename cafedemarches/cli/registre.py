"""`cafedemarches registre` : le registre anonyme des séances.

`ajouter` asks, in a terminal, for what its options leave out; elsewhere a left-out field is
recorded as « non communiqué », the orientation as « aucune » (the list has no « not given »:
no orientation was noted), and a démarche given without its issue is refused, since an issue
cannot be guessed.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

from cafedemarches.cli.context import LazyConsole
from cafedemarches.cli.french import FrenchCommand, FrenchGroup
from cafedemarches.cli.output import output_file
from cafedemarches.cli.pipes import quiet_when_closed, utf8_stdout
from cafedemarches.cli.run import current
from cafedemarches.cli.tally_line import Line, Procedure, edit_line, record_line
from cafedemarches.content.index import unknown_procedure
from cafedemarches.errors import UserError
from cafedemarches.files import write_file
from cafedemarches.settings import Paths, load_config
from cafedemarches.tally.csvio import import_files, write_csv
from cafedemarches.tally.entry import (
    DEFAULTS,
    build_entry,
    closed_value_error,
    duree_value,
    issue_left_out,
    site,
)
from cafedemarches.tally.model import SESSION_FIELDS, label
from cafedemarches.tally.store import open_tally
from cafedemarches.tally.summary import Period
from cafedemarches.tally.themes import themes, titles
from cafedemarches.text import count as count_words

if TYPE_CHECKING:
    from cafedemarches.settings import Config, Paths
    from cafedemarches.tally.model import SessionEntry

app = typer.Typer(
    cls=FrenchGroup,
    help="Le registre anonyme : ajouter, annuler, exporter, importer.",
    no_args_is_help=True,
)


def _closed_value(name: str, option: str, value: str | None) -> str | None:
    error = None if value is None else closed_value_error(name, value)
    if error:
        raise typer.BadParameter(error, param_hint=option)
    return value


def _duree(value: str | None) -> str | None:
    return _closed_value("duree", "--duree", None if value is None else duree_value(value))


@app.command("ajouter", cls=FrenchCommand)
def ajouter(
    demarche: Annotated[
        list[str] | None,
        typer.Option(
            "--demarche",
            help="Démarche traitée, avec son issue : ID:ISSUE (par exemple rsa:faite). Répétable.",
        ),
    ] = None,
    duree: Annotated[
        str | None,
        typer.Option("--duree", help="Durée : moins_15, 15_30, 30_60, plus_60, ou en minutes."),
    ] = None,
    premiere_visite: Annotated[
        str | None, typer.Option("--premiere-visite", help="Première visite : oui ou non.")
    ] = None,
    age: Annotated[
        str | None,
        typer.Option(
            "--age", help="Tranche d'âge : moins_18, 18_24, 25_39, 40_59, 60_69, 70_plus."
        ),
    ] = None,
    statut: Annotated[
        str | None,
        typer.Option(
            "--statut", help="Situation : scolarise_etudiant, sans_emploi, en_emploi, retraite."
        ),
    ] = None,
    autonomie: Annotated[
        str | None,
        typer.Option("--autonomie", help="accompagnee, partiellement_autonome ou autonome."),
    ] = None,
    orientation: Annotated[
        str | None,
        typer.Option("--orientation", help="aucune, caf, departement, ccas, france_services…"),
    ] = None,
) -> None:
    """Noter au registre une séance faite sans la séance guidée."""

    given: dict[str, str | None] = {
        "duree": _duree(duree),
        "premiere_visite": _closed_value("premiere_visite", "--premiere-visite", premiere_visite),
        "tranche_age": _closed_value("tranche_age", "--age", age),
        "statut": _closed_value("statut", "--statut", statut),
        "autonomie": _closed_value("autonomie", "--autonomie", autonomie),
        "orientation": _closed_value("orientation", "--orientation", orientation),
    }
    pairs = [_split_demarche(d) for d in demarche or []]
    paths, config = _settings()
    lieu = site(config.lieu)
    interactive = current().interactive
    prompter = _prompter() if interactive and (not pairs or None in given.values()) else None
    themes = _themes()
    if not pairs:
        if prompter is None:
            raise typer.BadParameter("au moins une démarche", param_hint="--demarche")
        names = _titles()
        choices = sorted(((d, names.get(d, d)) for d in themes), key=lambda c: c[1])
        picked = prompter.checkbox("Quelles démarches ont été traitées ?", choices)
        pairs = [(d, None) for d in picked]
    lines = []
    for demarche_id, issue in pairs:
        if demarche_id not in themes:
            raise unknown_procedure(demarche_id, themes)
        issue = _closed_value("issue", "--demarche", issue) or issue_left_out(
            demarche_id, asked_later=prompter is not None
        )
        lines.append((demarche_id, themes[demarche_id], issue))
    if prompter is not None:
        entry = _edit_in_terminal(prompter, lieu, lines, given)
        if entry is None:
            typer.echo("Rien n'a été noté au registre.")
            return
    else:
        entry = build_entry(lieu, lines, given)

    said, repair = record_line(paths.tally_file, entry)
    typer.echo(said, err=repair)
    if repair:  # the line is safe, but the register needs a person
        raise typer.Exit(1)


def _split_demarche(text: str) -> tuple[str, str | None]:
    demarche, _, issue = text.partition(":")
    return demarche.strip(), (issue.strip() or None)


def _edit_in_terminal(
    prompter: Any, lieu: str, lines: list[tuple[str, str, str]], given: dict[str, str | None]
) -> Any:
    """The same one-screen line as the guided session: what the options left out shows its
    default (« non communiqué ») and can be changed field by field."""

    names = _titles()  # the preview names each procedure by its title, not its id
    line = Line(
        lieu=lieu,
        procedures=[Procedure(d, theme, names.get(d, d)) for d, theme, _ in lines],
        issues={d: issue for d, _, issue in lines},
        fields={name: value or DEFAULTS[name] for name, value in given.items()},
        editable=[name for name, value in given.items() if value is None],
    )
    return edit_line(prompter, LazyConsole(), line)  # type: ignore[arg-type]


def _prompter() -> Any:
    return current().prompter()


def _settings() -> tuple[Paths, Config]:
    paths = current().paths
    return paths, load_config(paths)


def _titles() -> dict[str, str]:
    return titles(current().paths)


def _themes() -> dict[str, str]:
    return themes(current().paths)


def describe(entry: SessionEntry) -> str:
    """A session in French, for the volunteer to recognise it."""

    names = _titles()  # a procedure by its title (its id when no checklist has it any more)
    lines = [f"Séance du {entry.jour:%d/%m/%Y} à {entry.lieu} :"]
    for demarche, _theme, issue in entry.demarches:
        lines.append(f"  - {names.get(demarche, demarche)} : {label('issue', issue)}")
    details = [label(name, getattr(entry, name)) for name in SESSION_FIELDS]
    lines.append("  " + " ; ".join(details))
    return "\n".join(lines)


@app.command("annuler", cls=FrenchCommand)
def annuler(
    oui: Annotated[
        bool, typer.Option("--oui", help="Ne pas demander de confirmation (hors terminal).")
    ] = False,
) -> None:
    """Retirer la dernière séance notée sur ce portable (une erreur à la table)."""

    path = current().paths.tally_file
    with open_tally(path, create=False) as tally:
        entry = tally.last_local()
        if entry is None:
            raise UserError(
                "Le registre de ce portable est vide : il n'y a aucune séance à annuler."
            )
        _print(describe(entry))
        if not oui:
            if not current().interactive:
                raise UserError(
                    "Pas de terminal pour confirmer : rien n'a été retiré.",
                    "Ajoutez --oui pour retirer cette séance sans confirmation.",
                )
            if not _prompter().confirm("Retirer cette séance du registre ?", default=False):
                typer.echo("Rien n'a été retiré.")
                return
        tally.remove(entry.id)
    typer.echo("Séance retirée du registre.")


def _print(text: str) -> None:
    from rich.console import Console

    Console(highlight=False).print(text, markup=False)


@app.command("exporter", cls=FrenchCommand)
def exporter(
    mois: Annotated[str | None, typer.Option("--mois", help="Seulement ce mois (AAAA-MM).")] = None,
    sortie: Annotated[
        Path | None,
        typer.Option("--sortie", help="Fichier CSV à écrire (par défaut : la sortie standard)."),
    ] = None,
    excel: Annotated[
        bool,
        typer.Option("--excel", help="CSV pour Excel : séparateur « ; » et marque UTF-8 (BOM)."),
    ] = False,
    remplacer: Annotated[
        bool,
        typer.Option("--remplacer", help="Remplacer le fichier s'il existe déjà (jamais un lien)."),
    ] = False,
) -> None:
    """Écrire le registre (ou un mois) en CSV, pour un autre portable ou un tableur."""

    if mois is not None:
        Period.month(mois)
    if sortie is not None:  # checked before any work; a folder gets the default name inside
        sortie = output_file(sortie, f"registre-{mois or 'complet'}.csv", replace=remplacer)
    path = current().paths.tally_file
    with open_tally(path, create=False) as tally:
        if sortie is None:
            utf8_stdout()
            rows = tally.rows(mois)
            try:
                with quiet_when_closed():
                    if excel:
                        sys.stdout.write("\ufeff")
                    write_csv(rows, sys.stdout, excel=excel)
            finally:
                rows.close()
            return
        rows = tally.rows(mois)
        try:
            count = _write_file(
                sortie,
                lambda out: write_csv(rows, out, excel=excel),
                excel=excel,
                replace=remplacer,
            )
        finally:
            rows.close()  # closed while the register is open, even when the disk is full
    sys.stderr.write(f"{count_words(count, 'ligne écrite', 'lignes écrites')} dans {sortie}.\n")


def _write_file(target: Path, write: Any, *, excel: bool = False, replace: bool = False) -> int:
    """Write the CSV the one safe way (`files.write_file`): never half a file, never through
    a link, never over a file without --remplacer."""
    count = 0

    def text(out: BinaryIO) -> None:
        nonlocal count
        stream = io.TextIOWrapper(out, encoding="utf-8-sig" if excel else "utf-8", newline="")
        count = int(write(stream) or 0)
        stream.flush()
        stream.detach()  # the file is closed by write_file, once synced

    write_file(target, text, existing="replace" if replace else "refuse")
    return count


# From this size on, `importer` shows how far it has read (a few seconds of work and more).
PROGRESS_FROM_BYTES = 20 * 1024 * 1024


@contextlib.contextmanager
def _progress(files: list[Path]) -> Iterator[Any]:
    """A progress bar on the error output for large files, or None."""
    sizes = {f: f.stat().st_size for f in files if f.is_file()}
    total = sum(sizes.values())
    if total < PROGRESS_FROM_BYTES:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("Lecture des fichiers"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f} %"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("lecture", total=total)
        done_before = 0
        last = 0

        def advance(position: int) -> None:
            nonlocal done_before, last
            if position < last:  # a new file started
                done_before += last
            last = position
            bar.update(task, completed=min(total, done_before + position))

        yield advance


@app.command("importer", cls=FrenchCommand)
def importer(
    fichiers: Annotated[
        list[Path], typer.Argument(help="Fichiers CSV écrits par « registre exporter ».")
    ],
) -> None:
    """Ajouter au registre les séances d'autres portables (tout ou rien)."""

    path = current().paths.tally_file
    with open_tally(path) as tally, _progress(fichiers) as progress:
        report = import_files(tally, fichiers, progress)
    already = report.lines_read - report.new_lines
    typer.echo(
        f"{count_words(report.lines_read, 'ligne lue', 'lignes lues')} : "
        f"{count_words(report.new_sessions, 'séance ajoutée', 'séances ajoutées')} "
        f"({count_words(report.new_lines, 'ligne', 'lignes')}), "
        f"{count_words(already, 'ligne déjà présente', 'lignes déjà présentes')}."
    )
