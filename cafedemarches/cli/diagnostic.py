"""`cafedemarches diagnostic` : vérifier l'installation avant une permanence."""

from __future__ import annotations

import os
import sys

import typer

from cafedemarches.cli import context
from cafedemarches.cli.context import settings
from cafedemarches.cli.printing import printer_status, viewer_status
from cafedemarches.cli.run import current
from cafedemarches.content.index import content_folders
from cafedemarches.content.loader import load_content
from cafedemarches.errors import ExitStatus, ProblemsError, UserError, os_reason
from cafedemarches.render.fonts import font_status
from cafedemarches.render.pdf import pdf_engine_status
from cafedemarches.tally import pending, staging
from cafedemarches.tally.store import register_status
from cafedemarches.text import count


def _pdf_engine() -> tuple[bool, str]:
    ok, detail = pdf_engine_status()
    return ok, detail if ok else f"{detail} {_pango_hint()}"


def _pango_hint() -> str:
    if sys.platform == "darwin":
        return "installez Pango avec « brew install pango »."
    if sys.platform.startswith("win"):
        return "installez GTK3, qui contient Pango (voir le README, « Installer sur un ordinateur portable »)."
    return "installez Pango : sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def _fonts() -> tuple[bool, str]:
    return font_status()


def _data_folder() -> tuple[bool, str]:
    import tempfile

    folder = current().paths.data_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".essai-"):
            pass
    except OSError as exc:
        return (
            False,
            f"le dossier de données {folder} n'est pas accessible en écriture ({os_reason(exc)}).",
        )
    return True, f"dossier de données {folder} (accessible en écriture)"


def _content() -> tuple[bool, str]:
    try:
        _, config = settings()
    except ProblemsError as exc:
        return False, "configuration illisible : " + " ; ".join(str(p) for p in exc.problems)
    except UserError as exc:
        return False, f"configuration illisible : {exc.message}"
    content = load_content(content_folders(config.dossiers_contenu))
    if content.errors:
        return False, (
            f"{count(len(content.errors), 'erreur', 'erreurs')} dans le contenu : lancez "
            "« cafedemarches demarches verifier » pour les voir."
        )
    stale = content.stale(context.today(), config.peremption_mois)
    detail = (
        f"{len(content.checklists)} démarches et {len(content.letters)} courriers valides "
        f"(contenu {content.version})"
    )
    if stale:
        detail += f" ; à revérifier : {', '.join(sorted(c.id for c in stale))}"
    expired = content.with_expired_amounts(context.today())
    if expired:
        detail += f" ; montant périmé : {', '.join(sorted(c.id for c in expired))}"
    return True, detail


def _register() -> tuple[bool, str]:
    return register_status(current().paths.tally_file)


def _waiting() -> tuple[bool, str]:
    """Sessions waiting for the register, lines set aside, staging files of killed imports."""
    register = current().paths.tally_file
    said: list[str] = []
    try:
        state = pending.status(register)
        left = staging.stale(register.parent)
    except OSError as exc:
        return False, f"dossier {register.parent} illisible ({os_reason(exc)})"
    if state.waiting:
        said.append(
            f"{count(state.waiting, 'fichier', 'fichiers')} de séances en attente dans "
            f"{pending.pending_folder(register)} (ajoutés à la prochaine séance notée)"
        )
    if state.set_aside:
        said.append(pending.set_aside_message(state.set_aside))
    for path, size in left:
        said.append(
            f"fichier d'un import interrompu : {path} ({staging.size_text(size)}), effacé au "
            "prochain import ou à la prochaine séance notée"
        )
    if not said:
        return True, "aucune séance en attente, aucun fichier laissé par un import"
    return False, " ; ".join(said)


def diagnostic() -> None:
    """Vérifier l'installation : PDF, polices, données, contenu, imprimante, visionneur."""

    checks = [
        ("Moteur PDF", _pdf_engine),
        ("Polices", _fonts),
        ("Données", _data_folder),
        ("Contenu", _content),
        ("Registre", _register),  # figures (issue 12): SQLite's integrity check
    ]
    failed = 0
    for label, check in checks:
        ok, detail = check()
        failed += not ok
        typer.echo(f"{'✓' if ok else '✗'} {label} : {detail}")
    # Without a printer or a viewer the session still works (the PDF path is given): a warning.
    warned = 0
    for label, optional in (
        ("En attente", _waiting),
        ("Imprimante", printer_status),
        ("Visionneur PDF", viewer_status),
    ):
        ok, detail = optional()
        warned += not ok
        typer.echo(f"{'✓' if ok else '!'} {label} : {detail}")
    typer.echo(f"Python {sys.version.split()[0]} — {os.name}")
    if failed:
        typer.echo(f"{count(failed, 'point', 'points')} à corriger avant la permanence.", err=True)
        raise typer.Exit(ExitStatus.ERROR)
    if warned:
        typer.echo("Prêt pour la permanence ; les remarques « ! » ci-dessus disent ce qui manque.")
    else:
        typer.echo("Tout est prêt pour la permanence.")
