"""`cafedemarches bilan` : le bilan mensuel ou annuel du registre."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cafedemarches import __version__
from cafedemarches.cli.output import output_file
from cafedemarches.cli.pipes import write_stdout
from cafedemarches.cli.run import current
from cafedemarches.errors import UserError
from cafedemarches.files import Existing, write_text
from cafedemarches.render import bilan as render
from cafedemarches.render.bilan import print_text, write_pdf
from cafedemarches.settings import load_config
from cafedemarches.tally.linked import published_report
from cafedemarches.tally.report import build_report
from cafedemarches.tally.store import open_tally
from cafedemarches.tally.summary import Period, PeriodOutOfRange, figures, find_site
from cafedemarches.tally.themes import content_version, titles

if TYPE_CHECKING:
    from cafedemarches.tally.report import Report
    from cafedemarches.tally.summary import Period

FORMATS = ("texte", "csv", "json", "pdf")
# A text bilan written to a file is read in a terminal, an editor or a mail: 80 columns.
TEXT_WIDTH = 80


def bilan(
    mois: Annotated[
        str | None, typer.Option("--mois", help="Le mois AAAA-MM (par défaut : le mois en cours).")
    ] = None,
    annee: Annotated[str | None, typer.Option("--annee", help="Toute une année (AAAA).")] = None,
    lieu: Annotated[str | None, typer.Option("--lieu", help="Seulement ce lieu.")] = None,
    format: Annotated[str, typer.Option("--format", help="texte, csv, json ou pdf.")] = "texte",
    sortie: Annotated[
        Path | None,
        typer.Option("--sortie", help="Fichier à écrire (pour pdf : bilan-PERIODE.pdf)."),
    ] = None,
    publier: Annotated[
        bool,
        typer.Option("--publier", help="Version à diffuser : les petits nombres sont masqués."),
    ] = False,
    excel: Annotated[
        bool,
        typer.Option("--excel", help="CSV pour Excel : séparateur « ; » et marque UTF-8 (BOM)."),
    ] = False,
    remplacer: Annotated[
        bool,
        typer.Option("--remplacer", help="Remplacer le fichier s'il existe déjà (jamais un lien)."),
    ] = False,
) -> None:
    """Le bilan du registre pour un mois ou une année."""

    if format not in FORMATS:
        raise typer.BadParameter(
            f"« {format} » n'est pas parmi : {', '.join(FORMATS)}", param_hint="--format"
        )
    if mois is not None and annee is not None:
        raise typer.BadParameter("choisissez --mois ou --annee, pas les deux", param_hint="--annee")
    period = _period(annee, mois) or Period.containing(current().today())
    if sortie is not None or format == "pdf":  # checked before any work
        # A folder gets the default name inside; a PDF without --sortie goes here.
        extension = {"texte": "txt"}.get(format, format)
        sortie = output_file(
            sortie or Path(), f"bilan-{period.code}.{extension}", replace=remplacer
        )
    existing: Existing = "replace" if remplacer else "refuse"
    paths = current().paths
    config = load_config(paths)
    names = titles(paths)
    with open_tally(paths.tally_file, create=False) as tally:
        if lieu is not None:
            lieu = find_site(tally.conn, lieu)
        counted = figures(tally.conn, period, lieu)
        if publier:
            from rich.console import Console

            # Deciding what to hide takes from a second to a minute the first time (a site's
            # small counts, checked against all sites' over two years): say so meanwhile.
            with Console(stderr=True).status("Choix des nombres à masquer…"):
                report = published_report(
                    tally.conn,
                    counted,
                    config.seuil_publication,
                    paths.cache_dir,
                    association=config.association,
                    names=names,
                )
        else:
            report = build_report(
                counted,
                published=False,
                threshold=config.seuil_publication,
                association=config.association,
                names=names,
            )
    if format == "pdf":
        _pdf(report, sortie or Path(f"bilan-{period.code}.pdf"), existing)
    elif format == "texte" and sortie is None:
        from rich.console import Console

        print_text(report, Console(highlight=False))
    else:
        _text_file(report, format, sortie, excel=excel, existing=existing)


def _period(annee: str | None, mois: str | None) -> Period | None:
    """The period written with --annee or --mois; a malformed one is wrong usage (exit 2)."""

    try:
        if annee is not None:
            return Period.year(annee)
        return Period.month(mois) if mois is not None else None
    except PeriodOutOfRange:
        raise  # well written, but outside the register's years: a user error (exit 1)
    except UserError as exc:
        option = "--annee" if annee is not None else "--mois"
        raise typer.BadParameter(exc.message.rstrip("."), param_hint=option) from exc


def _text_file(
    report: Report, format: str, sortie: Path | None, *, excel: bool, existing: Existing
) -> None:
    import io
    import json

    out = io.StringIO()
    if format == "json":
        json.dump(render.as_json(report), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif format == "csv":
        render.write_csv(report, out, excel=excel)
    else:
        from rich.console import Console

        text = io.StringIO()
        render.print_text(report, Console(file=text, highlight=False, width=TEXT_WIDTH))
        out.write("".join(line.rstrip() + "\n" for line in text.getvalue().splitlines()))
    encoding = "utf-8-sig" if excel and format == "csv" else "utf-8"
    if sortie is None:
        write_stdout(out.getvalue(), bom=encoding == "utf-8-sig")
        return
    write_text(sortie, out.getvalue(), encoding=encoding, existing=existing)
    sys.stderr.write(f"Bilan écrit dans {sortie}.\n")


def _pdf(report: Report, target: Path, existing: Existing) -> None:
    write_pdf(
        report,
        target,
        kit_version=__version__,
        content_version=content_version(current().paths),
        existing=existing,
    )
    sys.stderr.write(f"Bilan écrit dans {target}.\n")
