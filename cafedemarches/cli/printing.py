"""Open or print a PDF with the system's own commands, and let the volunteer finish with it
before a private folder is erased."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from cafedemarches.session.prompter import Prompter


def printer() -> str | None:
    return shutil.which("lp") or shutil.which("lpr")


def viewer() -> str | None:
    return shutil.which("xdg-open") or shutil.which("open")


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

    command = printer()
    if command is None:
        return False, (
            "aucune commande d'impression (lp ou lpr) : imprimez depuis le visionneur PDF, "
            "ou installez CUPS (sudo apt-get install cups-client)"
        )
    name = Path(command).name
    chosen = os.environ.get("PRINTER") or os.environ.get("LPDEST")
    if chosen:
        return True, f"{name}, vers l'imprimante « {chosen} » (variable PRINTER ou LPDEST)"
    lpstat = shutil.which("lpstat")
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
    command = viewer()
    if command is None:
        return False, "aucune commande pour ouvrir un PDF (xdg-open ou open)"
    if sys.platform == "darwin":
        return True, "Aperçu (commande open)"
    xdg_mime = shutil.which("xdg-mime")
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
    command = printer()
    if command is None:
        typer.echo(
            f"Pas d'imprimante configurée sur cet ordinateur : ouvrez {path} pour l'imprimer."
        )
        return False
    if run(command, path):
        typer.echo(f"{path.name} envoyé à l'imprimante.")
        return True
    return False


def until_done(prompter: Prompter, paths: Sequence[Path]) -> None:
    """Offer to open or print each file until the volunteer says they are done with them."""
    names = ", ".join(p.name for p in paths)
    while True:
        choices: list[tuple[str, str]] = []
        if viewer():
            choices += [(f"ouvrir:{i}", f"Ouvrir {p.name} à l'écran") for i, p in enumerate(paths)]
        if printer():
            choices += [(f"imprimer:{i}", f"Imprimer {p.name}") for i, p in enumerate(paths)]
        choices.append(("fin", f"J'ai fini : effacer {names} de l'ordinateur"))
        choice = prompter.select(
            "Les documents vont être effacés. Avant cela :", choices, default="fin"
        )
        if choice == "fin":
            return
        action, index = choice.split(":")
        path = paths[int(index)]
        if action == "ouvrir":
            run(viewer() or "xdg-open", path)
        else:
            print_file(path)
