"""What most commands need, cheap to import: the folders and configuration, the day, a console.
(The checked content is `content.loader.load_checked_content`.)"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cafedemarches.cli.run import current
from cafedemarches.settings import Config, Paths, load_config

if TYPE_CHECKING:
    from rich.console import Console


def settings() -> tuple[Paths, Config]:
    """The current run's folders and the configuration read from them."""
    paths = current().paths
    return paths, load_config(paths)


def today() -> dt.date:
    """The current run's day."""
    return current().today()


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
