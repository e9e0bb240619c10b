"""Open or print a PDF with the system's own commands, and let the volunteer finish with it
before a private folder is erased."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cafedemarches.cli.output import output_folder
from cafedemarches.cli.run import current
from cafedemarches.errors import UserError, os_reason
from cafedemarches.files import write_file

if TYPE_CHECKING:
    from cafedemarches.session.prompter import Prompter


def _ask_system(*command: str) -> str | None:
    """The output of a quick query command in the C locale (so it can be read), or None."""
    import os

    try:
        result = subprocess.run(
            list(command),
            check=False,
            capture_output=True,
            text=True,
            timeout=5,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def printer_status() -> tuple[bool, str]:
    """Whether sheets can go straight to a printer: lp or lpr, and a default destination."""
    import os

    command = current().printer()
    if command is None:
        return False, (
            "aucune commande d'impression (lp ou lpr) : imprimez depuis le visionneur PDF, "
            "ou installez CUPS (sudo apt-get install cups-client)"
        )
    name = Path(command).name
    chosen = os.environ.get("PRINTER") or os.environ.get("LPDEST")
    if chosen:
        return True, f"{name}, vers l'imprimante « {chosen} » (variable PRINTER ou LPDEST)"
    lpstat = current().which("lpstat")
    if lpstat is None:
        return True, f"{name} présent (imprimante par défaut non vérifiée : lpstat absent)"
    answer = _ask_system(lpstat, "-d") or ""
    marker = "system default destination:"
    if marker in answer:
        default = answer.split(marker, 1)[1].strip().splitlines()[0]
        return True, f"{name}, vers l'imprimante par défaut « {default} »"
    return False, (
        f"{name} présent mais aucune imprimante par défaut : choisissez-en une "
        "(lpoptions -d NOM, ou dans les réglages d'impression)"
    )


def viewer_status() -> tuple[bool, str]:
    """Whether a PDF can be shown on screen."""
    import sys

    if sys.platform.startswith("win"):
        return True, "visionneur PDF par défaut de Windows"
    command = current().viewer()
    if command is None:
        return False, "aucune commande pour ouvrir un PDF (xdg-open ou open)"
    if sys.platform == "darwin":
        return True, "Aperçu (commande open)"
    xdg_mime = current().which("xdg-mime")
    app = _ask_system(xdg_mime, "query", "default", "application/pdf") if xdg_mime else None
    if app:
        return True, f"{app.removesuffix('.desktop')} ouvre les PDF"
    return False, (
        "aucun programme n'est réglé pour ouvrir les PDF : installez-en un "
        "(par exemple sudo apt-get install evince)"
    )


def run(program: str, path: Path) -> bool:
    """Run `program path`; on failure say so in French and give the path. True when it worked."""
    try:
        result = subprocess.run(
            [program, str(path)], check=False, capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        result = None
    if result is not None and result.returncode == 0:
        return True
    reason = (result.stderr.strip() if result is not None else "") or "commande sans réponse"
    typer.echo(f"Cela n'a pas marché ({reason}). Le fichier est ici : {path}", err=True)
    return False


def print_file(path: Path) -> bool:
    command = current().printer()
    if command is None:
        typer.echo(
            f"Pas d'imprimante configurée sur cet ordinateur : ouvrez {path} pour l'imprimer."
        )
        return False
    if run(command, path):
        typer.echo(f"{path.name} envoyé à l'imprimante.")
        return True
    return False


COPY = "copier"


def until_done(
    prompter: Prompter,
    paths: Sequence[Path],
    *,
    message: str = "Les documents vont être effacés. Avant cela :",
    done_label: str | None = None,
    copy: bool = True,
    erases: bool = True,
) -> None:
    """Offer to open, print or copy (`copy`: to a folder the volunteer names, a USB key…)
    each file until the volunteer says they are done with them.

    When the end erases them (`erases`), nothing the person came for goes by a default: with
    no way to open or print them, copying is the default, and ending before any copy, print
    or opening asks « effacer sans copier ? » (no, by default)."""
    names = ", ".join(p.name for p in paths)
    done_label = done_label or f"J'ai fini : effacer {names} de l'ordinateur"
    kept = False  # copied, printed or opened: the person has it
    while True:
        choices: list[tuple[str, str]] = []
        if current().viewer():
            choices += [(f"ouvrir:{i}", f"Ouvrir {p.name} à l'écran") for i, p in enumerate(paths)]
        if current().printer():
            choices += [(f"imprimer:{i}", f"Imprimer {p.name}") for i, p in enumerate(paths)]
        if copy:
            what = "le document" if len(paths) == 1 else "les documents"
            choices.append((COPY, f"Copier {what} dans un dossier (clé USB…)"))
        choices.append(("fin", done_label))
        only_copy = copy and len(choices) == 2
        default = COPY if erases and only_copy and not kept else "fin"
        choice = prompter.select(message, choices, default=default)
        if choice == "fin":
            if not erases or kept or not copy or _erase_anyway(prompter, paths):
                return
            continue
        if choice == COPY:
            kept = bool(copy_files(prompter, paths)) or kept
            continue
        action, index = choice.split(":")
        path = paths[int(index)]
        if action == "ouvrir":
            kept = run(current().viewer() or "xdg-open", path) or kept
        else:
            kept = print_file(path) or kept


def _erase_anyway(prompter: Prompter, paths: Sequence[Path]) -> bool:
    what = paths[0].name if len(paths) == 1 else "les documents"
    return prompter.confirm(
        f"Effacer {what} sans copier ni imprimer ?",
        default=False,
        help="Ils ne sont gardés nulle part ailleurs : sans copie, la personne repart sans.",
    )


def _copy_folder_problem(value: str) -> str | None:
    """Why a typed folder cannot take the copies (checked like --sortie), or None."""

    if not value.strip():
        return None  # nothing typed: no copy
    try:
        output_folder(Path(value.strip()).expanduser(), "Copie", create=False)
    except UserError as exc:
        return exc.message
    return None


def copy_files(prompter: Prompter, paths: Sequence[Path]) -> list[Path]:
    """Copy the files to a folder the volunteer names (never over an existing file); say where.
    The volunteer asked for them: that is allowed by the privacy promise."""

    typed = prompter.text(
        "Copier dans quel dossier ? (/media/cle-usb… ; Entrée : annuler)",
        validate=_copy_folder_problem,
    ).strip()
    if not typed:
        return []
    try:
        folder = output_folder(Path(typed).expanduser(), "Copie")
    except UserError as exc:  # the key was removed since the check
        typer.echo(exc.message, err=True)
        return []
    copied: list[Path] = []
    for path in paths:
        # Never over a file or through a link: the next free name (name-2.pdf…) instead.
        try:
            copied.append(write_file(folder / path.name, path.read_bytes(), existing="next"))
        except OSError as exc:
            typer.echo(f"Impossible de lire {path.name} ({os_reason(exc)}).", err=True)
            break
        except UserError as exc:  # a key pulled out, a full key: said, and the session goes on
            typer.echo(f"Impossible de copier {path.name} : {exc.message}", err=True)
            break
    if copied:
        typer.echo(f"Copié dans {folder} : " + ", ".join(p.name for p in copied))
    return copied
