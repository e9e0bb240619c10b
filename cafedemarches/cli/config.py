"""`cafedemarches config` : voir ou régler le lieu, l'association, les dossiers de contenu."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cafedemarches.cli.context import settings
from cafedemarches.errors import UserError
from cafedemarches.settings import CONFIG_KEYS, number_error, save_config, site_error, text_error


def config(
    lieu: Annotated[
        str | None, typer.Option("--lieu", help="Nom du lieu de la permanence.")
    ] = None,
    association: Annotated[
        str | None, typer.Option("--association", help="Nom de l'association.")
    ] = None,
    ajouter_dossier: Annotated[
        Path | None, typer.Option("--ajouter-dossier", help="Ajouter un dossier de fiches locales.")
    ] = None,
    retirer_dossier: Annotated[
        Path | None, typer.Option("--retirer-dossier", help="Retirer un dossier de fiches locales.")
    ] = None,
    peremption_mois: Annotated[
        int | None,
        typer.Option(
            "--peremption-mois", help="Signaler les fiches vérifiées il y a plus de N mois."
        ),
    ] = None,
    seuil_publication: Annotated[
        int | None,
        typer.Option("--seuil-publication", help="Masquer les chiffres publiés sous ce seuil."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Sortie JSON (pour les scripts).")
    ] = False,
) -> None:
    """Voir ou régler la configuration (sans option : l'afficher)."""

    _check_options(lieu, association, peremption_mois, seuil_publication)
    paths, current = settings()
    changed = False
    if lieu is not None:
        current.lieu, changed = lieu.strip() or None, True
    if association is not None:
        current.association, changed = association.strip() or None, True
    if ajouter_dossier is not None:
        folder = ajouter_dossier.expanduser().resolve()
        if not folder.is_dir():
            raise UserError(
                f"Le dossier {folder} n'existe pas.", "Créez-le d'abord, ou vérifiez le chemin."
            )
        if folder not in current.dossiers_contenu:
            current.dossiers_contenu, changed = (*current.dossiers_contenu, folder), True
    if retirer_dossier is not None:
        folder = retirer_dossier.expanduser().resolve()
        kept = tuple(p for p in current.dossiers_contenu if p.resolve() != folder)
        if kept == current.dossiers_contenu:
            raise UserError(f"{folder} n'est pas dans vos dossiers de contenu.")
        current.dossiers_contenu, changed = kept, True
    if peremption_mois is not None:
        current.peremption_mois, changed = peremption_mois, True
    if seuil_publication is not None:
        current.seuil_publication, changed = seuil_publication, True
    if changed:
        save_config(paths, current)
    values = current.as_dict()
    if as_json:
        import json

        typer.echo(
            json.dumps(
                {**values, "fichier": str(paths.config_file), "donnees": str(paths.data_dir)},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if changed:
        typer.echo("Configuration enregistrée.")
    typer.echo(f"Fichier : {paths.config_file}")
    typer.echo(f"Données (registre) : {paths.data_dir}")
    for key, description in CONFIG_KEYS.items():
        value = values[key]
        shown = ", ".join(value) if isinstance(value, list) else value
        typer.echo(
            f"  {key} : {shown if shown not in (None, '') else '(non réglé)'}  — {description}"
        )


def _check_options(
    lieu: str | None,
    association: str | None,
    peremption_mois: int | None,
    seuil_publication: int | None,
) -> None:
    """Each value checked by the configuration's own rules, before anything is written."""

    problems: list[str] = []
    if lieu is not None and lieu.strip():
        error = site_error(lieu)
        if error:
            problems.append(f"--lieu : {error}")
    if association is not None:
        error = text_error(association, "le nom de l'association")
        if error:
            problems.append(f"--association : {error}")
    for value, key in (
        (peremption_mois, "peremption_mois"),
        (seuil_publication, "seuil_publication"),
    ):
        if value is not None:
            error = number_error(key, value)
            if error:
                problems.append(f"--{key.replace('_', '-')} {error}")
    if problems:
        raise UserError(" ; ".join(problems) + ".", "Rien n'a été changé.")
