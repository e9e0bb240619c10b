"""Finding a letter template (through the one content discovery, `content.index.discover`),
and reading one: validated, its templates checked by the sandbox that fills them.

`lettres remplir` reads only the one file it needs: loading all content would cost time on a
command that must stay as fast as the PDF engine allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches.content.cache import fingerprint, read_cached_objects, write_cached_objects
from cafedemarches.content.index import files_of_kind
from cafedemarches.content.letters import placeholder_problems
from cafedemarches.content.models import Letter
from cafedemarches.content.validation import validate_model
from cafedemarches.content.yamlfile import read_yaml
from cafedemarches.errors import ProblemsError, UserError

if TYPE_CHECKING:
    from cafedemarches.content.models import Letter


def letter_files(folders: Sequence[Path]) -> dict[str, Path]:
    """Letter id -> the file that defines it (a coordinator's file overrides a shipped one)."""

    return files_of_kind(folders, "letter")


def read_letter(path: Path, cache: Path | None = None) -> Letter:
    """One letter file, validated, its templates read; a ProblemsError names file and line.

    With a `cache` folder, a valid letter is kept there under the digest of its file (and the
    kit's version and content code): `lettres remplir` then builds no validation schema."""
    key = fingerprint([path], "lettre") if cache is not None else ""
    if cache is not None:
        kept = read_cached_objects(cache, f"lettre-{path.stem}", key)
        if isinstance(kept, Letter):
            return kept
    letter = _checked_letter(path)
    if cache is not None:
        write_cached_objects(cache, f"lettre-{path.stem}", key, letter)
    return letter


def _checked_letter(path: Path) -> Letter:
    doc = read_yaml(path)
    letter, problems = validate_model(doc, Letter)
    if letter is not None:
        problems = [p for p in placeholder_problems(letter, doc) if not p.warning]
    if letter is None or problems:
        raise ProblemsError(
            problems,
            f"Le modèle de lettre {path} n'est pas valide :"
            if len(problems) > 1
            else str(problems[0]),
            "Lancez « cafedemarches demarches verifier » pour le détail.",
        )
    return letter


def load_letter(letter_id: str, folders: Sequence[Path], cache: Path | None = None) -> Letter:
    """The letter `letter_id`, or a UserError listing the ones that exist."""
    files = letter_files(folders)
    path = files.get(letter_id)
    if path is None:
        import difflib

        close = difflib.get_close_matches(letter_id, list(files), n=1)
        hint = f"Vouliez-vous dire « {close[0]} » ? " if close else ""
        raise UserError(
            f"Aucune lettre « {letter_id} ».",
            hint + "Voir la liste : cafedemarches lettres liste",
        )
    return read_letter(path, cache)


def all_letters(folders: Sequence[Path]) -> tuple[list[Letter], list[ProblemsError]]:
    """Every letter that reads correctly, and the problems of the others."""
    letters: list[Letter] = []
    errors: list[ProblemsError] = []
    for path in letter_files(folders).values():
        try:
            letters.append(read_letter(path))
        except ProblemsError as exc:
            errors.append(exc)
    return sorted(letters, key=lambda letter: letter.id), errors
