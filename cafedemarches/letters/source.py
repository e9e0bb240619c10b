"""Where letter templates are found, and reading one (checked, with line-accurate errors).

`lettres remplir` reads only the one file it needs: loading all content would cost time
on a command that must stay as fast as the PDF engine allows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches.errors import ProblemsError, UserError

if TYPE_CHECKING:
    from cafedemarches.content.models import Letter

LETTER_FOLDER_NAMES = ("letters", "lettres", "courriers")


def letter_folders() -> list[Path]:
    """Shipped letters first, then the coordinator's folders from `config` (later wins)."""
    from cafedemarches.content.index import shipped_folders
    from cafedemarches.settings import Paths, load_config

    folders = [folder for folder in shipped_folders() if folder.name == "letters"]
    for extra in load_config(Paths.from_environment()).dossiers_contenu:
        folders.append(extra)
        folders.extend(extra / name for name in LETTER_FOLDER_NAMES)
    return [f for f in folders if f.is_dir()]


def _is_letter_file(path: Path) -> bool:
    if path.suffix not in (".yaml", ".yml") or path.stem.startswith("_"):
        return False
    if path.parent.name in LETTER_FOLDER_NAMES:
        return True
    try:
        head = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith("corps:") for line in head.splitlines())


def letter_files() -> dict[str, Path]:
    """Letter id -> the file that defines it (a coordinator's file overrides a shipped one)."""
    found: dict[str, Path] = {}
    for folder in letter_folders():
        for path in sorted(folder.glob("*.y*ml")):
            if _is_letter_file(path):
                found[path.stem] = path
    return found


def read_letter(path: Path) -> Letter:
    """One letter file, validated; a ProblemsError names the file and the line."""
    from cafedemarches.content.models import Letter
    from cafedemarches.content.validation import validate_model
    from cafedemarches.content.yamlfile import read_yaml

    doc = read_yaml(path)
    letter, problems = validate_model(doc, Letter)
    if letter is None:
        raise ProblemsError(
            problems,
            f"Le modèle de lettre {path} n'est pas valide :"
            if len(problems) > 1
            else str(problems[0]),
            "Lancez « cafedemarches demarches verifier » pour le détail.",
        )
    return letter


def load_letter(letter_id: str) -> Letter:
    """The letter `letter_id`, or a UserError listing the ones that exist."""
    files = letter_files()
    path = files.get(letter_id)
    if path is None:
        import difflib

        close = difflib.get_close_matches(letter_id, list(files), n=1)
        hint = f"Vouliez-vous dire « {close[0]} » ? " if close else ""
        raise UserError(
            f"Aucune lettre « {letter_id} ».",
            hint + "Voir la liste : cafedemarches lettres liste",
        )
    return read_letter(path)


def all_letters() -> tuple[list[Letter], list[ProblemsError]]:
    """Every letter that reads correctly, and the problems of the others."""
    letters: list[Letter] = []
    errors: list[ProblemsError] = []
    for path in letter_files().values():
        try:
            letters.append(read_letter(path))
        except ProblemsError as exc:
            errors.append(exc)
    return sorted(letters, key=lambda letter: letter.id), errors
