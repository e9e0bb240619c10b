"""The command registry: each command's name, module and one-line help, known without importing
the command.

This is Click's « lazily loading subcommands » group. `cafedemarches --help` lists the commands
from this table alone; a command's module is imported only when the command runs (or its own
help is shown). Command modules can then import the kit's modules at their top: the cost is paid
by the command that needs them, never by `--help`.

To add a command: write its module in `cli/` (a Typer app for a group of commands, or a function
for a single command) and add one line to `COMMANDS`; `tests/test_docs.py` checks that the line's
help is the command's own first line of help.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import typer

from cafedemarches.cli.french import FrenchCommand, FrenchGroup


@dataclass(frozen=True)
class CommandEntry:
    """Where a command lives: `attribute` of `module` is a Typer app (a group of commands) or
    the function of a single command; `help` is the one line shown by `cafedemarches --help`."""

    name: str
    module: str
    attribute: str
    help: str

    def load(self, markup_mode: Any) -> Any:
        """The command itself (a Click command), its module imported now."""
        found = getattr(importlib.import_module(self.module), self.attribute)
        if isinstance(found, typer.Typer):
            group = typer.main.get_group(found)
            group.name = self.name
            return group
        info = typer.models.CommandInfo(name=self.name, callback=found, cls=FrenchCommand)
        return typer.main.get_command_from_info(
            info, pretty_exceptions_short=True, rich_markup_mode=markup_mode
        )


COMMANDS: tuple[CommandEntry, ...] = (
    CommandEntry(
        "accueil",
        "cafedemarches.cli.accueil",
        "accueil",
        "La séance guidée : choisir les démarches, répondre, imprimer la liste, noter la séance.",
    ),
    CommandEntry(
        "demarches",
        "cafedemarches.cli.demarches",
        "app",
        "Les fiches de démarches : lister, voir, vérifier, en créer une nouvelle.",
    ),
    CommandEntry(
        "lettres",
        "cafedemarches.cli.lettres",
        "app",
        "Les modèles de courriers : lister, voir, remplir ou imprimer vierges.",
    ),
    CommandEntry(
        "registre",
        "cafedemarches.cli.registre",
        "app",
        "Le registre anonyme : ajouter, annuler, exporter, importer.",
    ),
    CommandEntry(
        "traductions",
        "cafedemarches.cli.traductions",
        "app",
        "Les traductions de la feuille : les exporter pour un traducteur (fichier PO, à "
        "ouvrir dans Poedit ou Weblate), puis les importer, vérifiées.",
    ),
    CommandEntry(
        "bilan",
        "cafedemarches.cli.bilan",
        "bilan",
        "Le bilan du registre pour un mois ou une année.",
    ),
    CommandEntry(
        "reperer",
        "cafedemarches.cli.reperer",
        "reperer",
        "Les démarches que le repérage propose pour un fichier de réponses, avec leurs raisons.",
    ),
    CommandEntry(
        "estimer",
        "cafedemarches.cli.estimer",
        "estimer",
        "Estimer les montants possibles (RSA, prime d'activité, logement…), hors ligne, indicatifs.",
    ),
    CommandEntry(
        "config",
        "cafedemarches.cli.config",
        "config",
        "Voir ou régler la configuration (sans option : l'afficher).",
    ),
    CommandEntry(
        "diagnostic",
        "cafedemarches.cli.diagnostic",
        "diagnostic",
        "Vérifier l'installation : PDF, polices, données, contenu, imprimante, visionneur.",
    ),
)


class LazyCommands(Mapping[str, Any]):
    """The root's commands by name: a command's module is imported on first access."""

    def __init__(self, entries: tuple[CommandEntry, ...], markup_mode: Any) -> None:
        self._entries = {entry.name: entry for entry in entries}
        self._loaded: dict[str, Any] = {}
        self._markup_mode = markup_mode

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            self._loaded[name] = self._entries[name].load(self._markup_mode)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def summary(self, name: str) -> FrenchCommand | None:
        """A stand-in that carries only the name and the one-line help, for the help screen."""
        entry = self._entries.get(name)
        if entry is None:
            return None
        return FrenchCommand(name=name, help=entry.help, short_help=entry.help)


class LazyGroup(FrenchGroup):
    """The root group: the commands of `COMMANDS`, each loaded when it is used."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(COMMANDS, self.rich_markup_mode)  # type: ignore[assignment]
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names alone: nothing imported

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        commands: LazyCommands = self.commands  # type: ignore[assignment]
        if self._listing:
            return commands.summary(cmd_name)
        return commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The root's help lists the commands from the table, importing none of them."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False
