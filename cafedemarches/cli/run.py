"""One run of the program and everything it reads from the world around it, in the manner of
httpie's `Environment`: the standard streams and whether a person types on the input, the
terminal's width, the kit's folders, the clock, the system's commands (printer, PDF viewer),
the way questions are asked, and the interruption state.

The entry point (`cli.app.main`) makes one `Run` (or takes the one a test built) and makes it
the current one for the whole run; commands and their helpers read the world through
`current()`, never through `sys.stdin.isatty()`, `date.today()`, `shutil.which` or the
environment directly. A test builds its own `Run` (a day, a terminal or not, no printer, a
scripted prompter) instead of monkeypatching modules.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from cafedemarches.cli import interrupt
from cafedemarches.cli.prompts import interactive_prompter
from cafedemarches.settings import Paths

if TYPE_CHECKING:
    from cafedemarches.session.prompter import Prompter


@dataclass
class Run:
    """What one run of the program may read from the world. Every field has the real world as
    its default; a test gives only what it changes."""

    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    # Whether a person types on the standard input; None: ask the input itself.
    stdin_isatty: bool | None = None
    # The kit's folders; None: from CAFEDEMARCHES_HOME or the user's folders, when first asked.
    kit_paths: Paths | None = None
    clock: Callable[[], dt.datetime] = dt.datetime.now
    # Where a system command is (lp, lpr, xdg-open…), or None when it is not installed.
    which: Callable[[str], str | None] = shutil.which
    # How questions are asked; None: the real prompter, on questionary, in a terminal.
    prompter_factory: Callable[[], Prompter] | None = None
    signals: interrupt.SignalState = field(default_factory=interrupt.SignalState)
    # --debug: an unexpected error shows its traceback.
    debug: bool = False

    @property
    def interactive(self) -> bool:
        """Whether a person types on the standard input (questions can be asked)."""
        if self.stdin_isatty is not None:
            return self.stdin_isatty
        try:
            return self.stdin.isatty()
        except (AttributeError, ValueError):  # no input at all, or a closed one
            return False

    @property
    def paths(self) -> Paths:
        if self.kit_paths is None:
            self.kit_paths = Paths.from_environment()
        return self.kit_paths

    def today(self) -> dt.date:
        return self.clock().date()

    def columns(self) -> int:
        """The terminal's width (80 when the output is not a terminal)."""
        return shutil.get_terminal_size((80, 24)).columns

    def printer(self) -> str | None:
        """The command that sends a PDF to the printer (lp or lpr), or None."""
        return self.which("lp") or self.which("lpr")

    def viewer(self) -> str | None:
        """The command that opens a PDF on screen (xdg-open or open), or None."""
        return self.which("xdg-open") or self.which("open")

    def prompter(self) -> Prompter:
        """The way questions are asked in this run (refused clearly without a terminal)."""
        if self.prompter_factory is not None:
            return self.prompter_factory()
        return interactive_prompter(self.interactive)


_current: ContextVar[Run | None] = ContextVar("cafedemarches_run", default=None)


def current() -> Run:
    """The run in progress; outside the program (a function called by a test or a script),
    one for the real world."""
    run = _current.get()
    if run is None:
        run = Run()
        _current.set(run)
    return run


@contextmanager
def running(run: Run) -> Iterator[Run]:
    """Make `run` the current one while the program runs."""
    token = _current.set(run)
    try:
        yield run
    finally:
        _current.reset(token)
