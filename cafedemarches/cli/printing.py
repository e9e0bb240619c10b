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


def until_done(
    prompter: Prompter,
    paths: Sequence[Path],
    *,
    message: str = "Les documents vont être effacés. Avant cela :",
    done_label: str | None = None,
) -> None:
    """Offer to open or print each file until the volunteer says they are done with them."""
    names = ", ".join(p.name for p in paths)
    done_label = done_label or f"J'ai fini : effacer {names} de l'ordinateur"
    while True:
        choices: list[tuple[str, str]] = []
        if viewer():
            choices += [(f"ouvrir:{i}", f"Ouvrir {p.name} à l'écran") for i, p in enumerate(paths)]
        if printer():
            choices += [(f"imprimer:{i}", f"Imprimer {p.name}") for i, p in enumerate(paths)]
        choices.append(("fin", done_label))
        choice = prompter.select(message, choices, default="fin")
        if choice == "fin":
            return
        action, index = choice.split(":")
        path = paths[int(index)]
        if action == "ouvrir":
            run(viewer() or "xdg-open", path)
        else:
            print_file(path)
