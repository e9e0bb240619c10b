"""`cafedemarches traductions` : les traductions de la feuille, pour les outils des traducteurs
(fichiers PO de gettext : Poedit, Weblate…)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from cafedemarches.cli.context import settings, today
from cafedemarches.cli.french import FrenchCommand, FrenchGroup
from cafedemarches.cli.output import output_file
from cafedemarches.content.index import content_folders
from cafedemarches.content.loader import load_content
from cafedemarches.content.po import export_po, import_po
from cafedemarches.content.translations import (
    FOLDER_NAME,
    language_or_fail,
    load_translations,
    shipped_translations_folder,
    translation_folders,
)
from cafedemarches.errors import ExitStatus, UserError
from cafedemarches.files import write_text
from cafedemarches.text import count

app = typer.Typer(
    cls=FrenchGroup,
    help="Les traductions de la feuille : les exporter pour un traducteur (fichier PO, à "
    "ouvrir dans Poedit ou Weblate), puis les importer, vérifiées.",
    no_args_is_help=True,
)


@app.command("exporter", cls=FrenchCommand)
def exporter(
    langue: Annotated[str, typer.Option("--langue", help="La langue : en, ar, uk ou fa.")],
    sortie: Annotated[
        Path | None,
        typer.Option("--sortie", help="Le fichier PO à écrire (sinon : traductions-LANGUE.po)."),
    ] = None,
    remplacer: Annotated[
        bool,
        typer.Option("--remplacer", help="Remplacer le fichier s'il existe déjà (jamais un lien)."),
    ] = False,
) -> None:
    """Écrire tous les textes de la feuille et leur traduction dans un fichier PO."""
    language = language_or_fail(langue)
    # Checked before any work; a folder gets the default name inside.
    target = output_file(sortie or Path(), f"traductions-{language.code}.po", replace=remplacer)
    folders = content_folders(settings()[1].dossiers_contenu)
    content = load_content(folders, deep=False)
    translations = load_translations(translation_folders(folders), [language.code])
    po = export_po(language.code, content, translations)
    write_text(target, str(po), encoding=po.encoding, existing="replace" if remplacer else "refuse")
    done = sum(1 for e in po if e.msgstr and "fuzzy" not in e.flags)
    fuzzy = sum(1 for e in po if "fuzzy" in e.flags)
    typer.echo(
        f"{len(po)} textes écrits dans {target} ({language.french_name} : {done} traduits, "
        f"{fuzzy} à revoir, {len(po) - done - fuzzy} à traduire). Ouvrez-le dans Poedit, puis : "
        f"cafedemarches traductions importer {target}"
    )


@app.command("importer", cls=FrenchCommand)
def importer(
    fichier: Annotated[Path, typer.Argument(help="Le fichier PO rendu par le traducteur.")],
    langue: Annotated[
        str | None,
        typer.Option("--langue", help="La langue attendue (sinon : celle que dit le fichier)."),
    ] = None,
    dossier: Annotated[
        Path | None,
        typer.Option(
            "--dossier",
            help="Le dossier de contenu où ranger les traductions (sous traductions/) ; sinon "
            "le premier dossier de contenu de la configuration.",
        ),
    ] = None,
) -> None:
    """Lire un fichier PO traduit ; chaque texte vérifié (mots protégés, nombres…) est rangé."""
    if not fichier.is_file():
        raise UserError(f"{fichier} n'existe pas.", "Donnez le chemin d'un fichier .po.")
    config = settings()[1]
    folders = content_folders(config.dossiers_contenu)
    target = _target(dossier, config.dossiers_contenu)
    content = load_content(folders, deep=False)
    translations = load_translations(translation_folders(folders))
    day: dt.date = today()
    report = import_po(fichier, content, translations, target, expected=langue, today=day)
    for refusal in report.refused:
        typer.echo(refusal.line(), err=True)
    summary = (
        f"{report.language.french_name} : "
        f"{count(report.imported, 'texte importé', 'textes importés')} dans {target}, "
        f"{count(report.unchanged, 'inchangé', 'inchangés')}, "
        f"{count(report.fuzzy, 'à revoir laissé de côté', 'à revoir laissés de côté')}, "
        f"{count(len(report.refused), 'refusé', 'refusés')}."
    )
    if report.refused:
        typer.echo(summary, err=True)
        raise typer.Exit(ExitStatus.ERROR)
    typer.echo(summary)


def _target(dossier: Path | None, configured: tuple[Path, ...]) -> Path:
    """The `traductions` folder the import writes into."""
    if dossier is not None:
        return dossier / FOLDER_NAME
    if configured:
        return configured[0] / FOLDER_NAME
    shipped = shipped_translations_folder()
    if "_content" in shipped.parts:  # installed: the kit's own files are not to be changed
        raise UserError(
            "Aucun dossier où ranger ces traductions.",
            "Donnez-en un avec --dossier, ou ajoutez un dossier de contenu à la configuration "
            "(cafedemarches config).",
        )
    return shipped
