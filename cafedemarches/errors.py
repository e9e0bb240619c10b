"""One exception hierarchy. The CLI boundary turns these into French sentences and exit codes."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import NamedTuple


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


class CafeError(Exception):
    """Base of every error the kit raises on purpose."""


class UserError(CafeError):
    """An expected problem, told to the user in one French sentence and an optional hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class StepBack(Exception):
    """Escape on a text asked with `back=True` (`session.prompter.Prompter.text`): the
    volunteer goes back to the question before. Not an error: the asking code catches it."""


class Problem(NamedTuple):
    """One problem found in a content or answers file, with where it is."""

    message: str
    path: Path | None = None
    line: int | None = None
    column: int | None = None
    warning: bool = False

    def where(self) -> str:
        if self.path is None:
            return ""
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        where = self.where()
        return f"{where} : {self.message}" if where else self.message


class ProblemsError(UserError):
    """Several problems at once (a content file, an answers file, a values file, a CSV)."""

    def __init__(self, problems: list[Problem], summary: str, hint: str | None = None) -> None:
        super().__init__(summary, hint)
        self.problems = problems


_OS_REASONS = {
    "ENOENT": "introuvable",
    "EACCES": "accès refusé",
    "EPERM": "opération non permise",
    "ENOSPC": "plus de place sur le disque",
    "EROFS": "support en lecture seule",
    "EISDIR": "c'est un dossier",
    "ENOTDIR": "un élément du chemin n'est pas un dossier",
    "EEXIST": "existe déjà",
    "EBUSY": "occupé par un autre programme",
    "EDQUOT": "quota du disque dépassé",
    "ENAMETOOLONG": "nom trop long",
    "EINVAL": "chemin refusé par le système",
    "EIO": "erreur de lecture ou d'écriture sur le disque",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in French (the system's own text is in English)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name, f"erreur système {name or exc.errno}")
