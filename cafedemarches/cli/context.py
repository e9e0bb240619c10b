"""What most commands need: the folders, the configuration, the checked content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches.errors import ProblemsError
from cafedemarches.settings import Config, Paths, load_config

if TYPE_CHECKING:
    from rich.console import Console

    from cafedemarches.content.loader import Content


def settings() -> tuple[Paths, Config]:
    paths = Paths.from_environment()
    return paths, load_config(paths)


def content_folders(config: Config) -> list[Path]:
    from cafedemarches.content import index

    return index.content_folders(config.dossiers_contenu)


def load_checked_content(config: Config, *, strict: bool = True) -> Content:
    """All content, refusing to go on if any file has an error (warnings are fine).

    Not strict (the guided session): a checklist or letter in error is left out with a warning
    so that one coordinator's mistake does not stop the café table; the catalogue must be valid.
    """
    from cafedemarches.content.loader import load_content

    content = load_content(content_folders(config), deep=strict)
    if content.errors and not strict and content.catalogue:
        left_out = content.without_broken_files()
        if not any(key.startswith("catalogue:") for key in left_out):
            import sys

            sys.stderr.write(
                "Attention : fiche(s) laissée(s) de côté car en erreur : "
                + ", ".join(sorted(k.split(":", 1)[1] for k in left_out))
                + " (voir « cafedemarches demarches verifier »).\n"
            )
            return content
    if content.errors:
        count = len(content.errors)
        raise ProblemsError(
            content.errors,
            f"Le contenu a {count} erreur{'s' if count > 1 else ''} : "
            "les fiches ne peuvent pas être utilisées telles quelles.",
            "Corrigez les fichiers indiqués, puis vérifiez avec « cafedemarches demarches verifier ».",
        )
    return content


def today() -> dt.date:
    return dt.date.today()


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


class LazyConsole:
    """A rich Console made on first use: the first question shows before rich is loaded."""

    def __init__(self) -> None:
        self._console: Console | None = None

    def __getattr__(self, name: str) -> object:
        if self._console is None:
            self._console = console()
        return getattr(self._console, name)
