"""`cafedemarches demarches` : lister, voir, vérifier et créer les fiches de démarches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from cafedemarches.cli import context
from cafedemarches.cli.context import console, settings
from cafedemarches.cli.french import FrenchCommand, FrenchGroup
from cafedemarches.cli.montants import print_proposals
from cafedemarches.cli.nouvelle import create_checklist
from cafedemarches.cli.verifier import run_verification
from cafedemarches.cli.voir import show_checklist
from cafedemarches.content.index import unknown_procedure
from cafedemarches.content.loader import load_checked_content
from cafedemarches.errors import UserError

app = typer.Typer(
    cls=FrenchGroup,
    help="Les fiches de démarches : lister, voir, vérifier, en créer une nouvelle.",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON (pour les scripts).")]


def _content_and_config() -> Any:
    """The usable content: a file in error is left out, named on stderr, and the rest listed
    (`demarches verifier` says what is wrong with it)."""

    paths, config = settings()
    return load_checked_content(
        config.dossiers_contenu, strict=False, cache=paths.cache_dir
    ), config


@app.command("liste", cls=FrenchCommand)
def liste(as_json: JsonOption = False) -> None:
    """Les démarches disponibles, avec leur date de vérification."""

    content, config = _content_and_config()
    stale = {c.id for c in content.stale(context.today(), config.peremption_mois)}
    expired = {c.id for c in content.with_expired_amounts(context.today())}
    items = sorted(content.checklists.values(), key=lambda c: c.titre)
    if as_json:
        import json

        typer.echo(
            json.dumps(
                [
                    {
                        "id": c.id,
                        "titre": c.titre,
                        "organisme": c.organisme,
                        "theme": c.theme,
                        "verifie_le": c.verifie_le.isoformat(),
                        "a_reverifier": c.id in stale,
                        "montant_perime": c.id in expired,
                    }
                    for c in items
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(items)} démarches (contenu {content.version})", title_justify="left")
    for column in ("id", "Démarche", "Organisme", "Vérifiée le"):
        table.add_column(column)
    for c in items:
        checked = c.verifie_le.strftime("%d/%m/%Y") + (" ⚠ à revérifier" if c.id in stale else "")
        if c.id in expired:
            checked += " ⚠ montant périmé"
        table.add_row(*(Text(v) for v in (c.id, c.titre, c.organisme, checked)))
    console().print(table)


@app.command("voir", cls=FrenchCommand)
def voir(
    demarche: Annotated[str, typer.Argument(help="L'identifiant de la démarche (voir « liste »).")],
    as_json: JsonOption = False,
) -> None:
    """Une fiche lisible : questions, étapes et documents, avec leurs conditions."""
    content, _ = _content_and_config()
    checklist = content.checklists.get(demarche)
    if checklist is None:
        raise unknown_procedure(demarche, content.checklists)
    if as_json:
        import json

        typer.echo(
            json.dumps(
                checklist.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2
            )
        )
        return

    show_checklist(checklist, content)


@app.command("verifier", cls=FrenchCommand)
def verifier(
    chemins: Annotated[
        list[Path] | None,
        typer.Argument(help="Fichiers ou dossiers à vérifier (par défaut : tout le contenu)."),
    ] = None,
) -> None:
    """Vérifier les fiches, courriers et catalogue, et faire tourner leurs exemples."""

    run_verification(chemins or [])


@app.command("montants", cls=FrenchCommand)
def montants(
    date: Annotated[
        str | None,
        typer.Option("--date", help="La date des montants, AAAA-MM-JJ (par défaut : aujourd'hui)."),
    ] = None,
) -> None:
    """Les montants des fiches d'après OpenFisca-France, avec leur décret, à recopier."""
    day = context.today()
    if date is not None:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError as exc:
            raise UserError(f"--date : « {date} » n'est pas une date AAAA-MM-JJ.") from exc
    print_proposals(day)


@app.command("nouvelle", cls=FrenchCommand)
def nouvelle(
    demarche: Annotated[
        str, typer.Argument(help="L'identifiant de la nouvelle fiche, ex. bourse-college.")
    ],
    dossier: Annotated[
        Path | None,
        typer.Option(
            "--dossier", help="Où créer la fiche (par défaut : votre dossier de contenu local)."
        ),
    ] = None,
    remplacer: Annotated[
        bool,
        typer.Option(
            "--remplacer",
            help="Remplacer une fiche qui existe déjà (celle du kit) : elle est copiée dans "
            "votre dossier pour que vous la modifiiez.",
        ),
    ] = False,
) -> None:
    """Créer une fiche valide à compléter, dans votre dossier de contenu local."""

    create_checklist(demarche, dossier, replace=remplacer)
