"""`--sortie` checked before any work: where a file or a folder will be written, or one French
sentence saying why it cannot be."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from cafedemarches.errors import UserError, os_reason
from cafedemarches.files import check_target


def _hint(option: str) -> str:
    return f"Choisissez un autre emplacement avec {option}."


def output_file(
    chosen: Path, default_name: str, option: str = "--sortie", *, replace: bool = False
) -> Path:
    """The file to write for `--sortie chosen`: inside it, named `default_name`, when it is a
    folder. Its folder must exist and take a new file; an existing target is refused unless
    `replace` (`--remplacer`), and a link always (the write itself checks again)."""
    target = chosen / default_name if chosen.is_dir() else chosen
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"{option} : le dossier {folder} n'existe pas.", _hint(option))
    try:
        check_target(target, "replace" if replace else "refuse")
    except UserError as exc:
        raise UserError(f"{option} : {exc.message}", exc.hint or _hint(option)) from exc
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
