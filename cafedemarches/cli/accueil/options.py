"""The options of a session (guided or replayed) and the two markers of the procedure list:
a module of its own, which the session's other modules all import."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DONT_KNOW = "\0reperage"
DONE = "\0fini"


@dataclass
class Options:
    procedures: list[str]
    output: Path | None
    record: bool
    large: bool
    print_sheet: bool
    save_answers: Path | None = None
    language: str | None = None  # the sheet's second language (`--langue`), or None
    replace: bool = False  # `--remplacer`: files of the same name in the chosen folder
