"""`--sortie` checked before any work: where a file or a folder will be written, or one French
sentence saying why it cannot be."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from cafedemarches.errors import UserError, os_reason


def _hint(option: str) -> str:
    return f"Choisissez un autre emplacement avec {option}."


def output_file(chosen: Path, default_name: str, option: str = "--sortie") -> Path:
    """The file to write for `--sortie chosen`: inside it, named `default_name`, when it is a
    folder. Its folder must exist and take a new file; an existing target must be a file."""
    target = chosen / default_name if chosen.is_dir() else chosen
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"{option} : le dossier {folder} n'existe pas.", _hint(option))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UserError(
            f"{option} : {target} est inaccessible ({os_reason(exc)}).", _hint(option)
        ) from exc
    if mode is not None and not stat.S_ISREG(mode):
        raise UserError(f"{option} : {target} n'est pas un fichier ordinaire.", _hint(option))
    _check_writable(folder, option)
    return target


def output_folder(chosen: Path, option: str = "--sortie", *, create: bool = True) -> Path:
    """The folder to write PDFs into for `--sortie chosen` (created when its parent exists).
    With `create=False` a missing folder is only checked (its parent takes a new folder):
    whoever writes the first file creates it, so a session that stops early leaves nothing."""
    if chosen.exists() and not chosen.is_dir():
        raise UserError(f"{option} : {chosen} n'est pas un dossier.", _hint(option))
    if not chosen.exists():
        if not chosen.parent.is_dir():
            raise UserError(f"{option} : le dossier {chosen.parent} n'existe pas.", _hint(option))
        _check_writable(chosen.parent, option)
        if not create:
            return chosen
        try:
            chosen.mkdir()
        except OSError as exc:
            raise UserError(
                f"{option} : impossible de créer le dossier {chosen} ({os_reason(exc)}).",
                _hint(option),
            ) from exc
    _check_writable(chosen, option)
    return chosen


def _check_writable(folder: Path, option: str) -> None:
    """Create and remove a probe file: the only test that holds everywhere (read-only mounts,
    /proc, network folders, Windows ACLs)."""
    probe = folder / f".cafedemarches-essai-{os.getpid()}"
    try:
        with probe.open("xb") as handle:
            handle.write(b"\0")
    except OSError as exc:
        raise UserError(
            f"{option} : impossible de créer un fichier dans {folder} ({os_reason(exc)}).",
            _hint(option),
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
