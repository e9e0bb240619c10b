"""A quick index of the procedures (id -> theme), for commands that need no more than that.

`registre ajouter` records a theme per procedure; loading and validating every checklist
through pydantic would cost more than the rest of the command. The files are read with the
C loader only; `demarches verifier` is where their content is checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CATALOGUE_NAME = "_documents"
REPERAGE_NAME = "_reperage"
JARGON_NAME = "_jargon"


def shipped_folders() -> list[Path]:
    """The kit's own checklists and letters: inside the installed package, or the repository."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_content"
    base = installed if installed.is_dir() else package.parent
    return [base / "checklists", base / "letters"]


def yaml_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files in these folders (and these files), missing ones included."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"}))
        else:
            found.append(path)  # a missing file is reported when it is read
    return found


def procedure_headers(folders: Sequence[Path]) -> dict[str, dict[str, str]]:
    """Procedure id -> its `theme` and `titre`; later folders override earlier ones."""
    found: dict[str, dict[str, str]] = {}
    for path in yaml_files(folders):
        if path.stem in (CATALOGUE_NAME, REPERAGE_NAME, JARGON_NAME) or path.parent.name in {
            "letters",
            "lettres",
        }:
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # an unreadable file: `demarches verifier` says why
        if isinstance(data, dict) and "corps" not in data and isinstance(data.get("theme"), str):
            found[path.stem] = {
                "theme": data["theme"],
                "titre": str(data.get("titre") or path.stem),
            }
    return found


def procedure_themes(folders: Sequence[Path]) -> dict[str, str]:
    """Procedure id -> theme."""
    return {key: header["theme"] for key, header in procedure_headers(folders).items()}
