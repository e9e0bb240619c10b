"""`cafedemarches bilan` : le bilan mensuel ou annuel du registre."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from cafedemarches.tally.report import Report
    from cafedemarches.tally.summary import Period

FORMATS = ("texte", "csv", "json", "pdf")


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
) -> None:
    """Le bilan du registre pour un mois ou une année."""
    import datetime as dt

    from cafedemarches.settings import Paths, load_config
    from cafedemarches.tally.report import build_report
    from cafedemarches.tally.store import open_tally
    from cafedemarches.tally.summary import Period, figures, find_site

    if format not in FORMATS:
        raise typer.BadParameter(
            f"« {format} » n'est pas parmi : {', '.join(FORMATS)}", param_hint="--format"
        )
    if mois is not None and annee is not None:
        raise typer.BadParameter("choisissez --mois ou --annee, pas les deux", param_hint="--annee")
    period = _period(annee, mois) or Period.containing(dt.date.today())
    if sortie is not None:  # checked before any work; a folder gets the default name inside
        from cafedemarches.cli.output import output_file

        extension = {"texte": "txt"}.get(format, format)
        sortie = output_file(sortie, f"bilan-{period.code}.{extension}")
    paths = Paths.from_environment()
    config = load_config(paths)
    from cafedemarches.tally.themes import titles

    statuses = layout = None
    names = titles(paths)
    with open_tally(paths.tally_file, create=False) as tally:
        if lieu is not None:
            lieu = find_site(tally.conn, lieu)
        counted = figures(tally.conn, period, lieu)
        if publier:
            from rich.console import Console

            from cafedemarches.tally import linked

            threshold = config.seuil_publication
            # Deciding what to hide takes a few seconds the first time (the year's reports,
            # a site's checked against all sites'): say so meanwhile.
            with Console(stderr=True).status("Choix des nombres à masquer…"):
                layout = linked.layouts(tally.conn, period.start.year, lieu, threshold, names)
                statuses = linked.statuses(
                    tally.conn, period, lieu, threshold, cache=paths.cache_dir
                )
    report = build_report(
        counted,
        published=publier,
        threshold=config.seuil_publication,
        association=config.association,
        names=names,
        statuses=statuses,
        layout=layout,
    )
    if format == "pdf":
        _pdf(report, sortie or Path(f"bilan-{period.code}.pdf"))
    elif format == "texte" and sortie is None:
        from rich.console import Console

        from cafedemarches.render.bilan import print_text

        print_text(report, Console(highlight=False))
    else:
        _text_file(report, format, sortie, excel=excel)


def _period(annee: str | None, mois: str | None) -> Period | None:
    """The period written with --annee or --mois; a malformed one is wrong usage (exit 2)."""
    from cafedemarches.errors import UserError
    from cafedemarches.tally.summary import Period, PeriodOutOfRange

    try:
        if annee is not None:
            return Period.year(annee)
        return Period.month(mois) if mois is not None else None
    except PeriodOutOfRange:
        raise  # well written, but outside the register's years: a user error (exit 1)
    except UserError as exc:
        option = "--annee" if annee is not None else "--mois"
        raise typer.BadParameter(exc.message.rstrip("."), param_hint=option) from exc


def _text_file(report: Report, format: str, sortie: Path | None, *, excel: bool) -> None:
    import io
    import json

    from cafedemarches.render import bilan as render

    out = io.StringIO()
    if format == "json":
        json.dump(render.as_json(report), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif format == "csv":
        render.write_csv(report, out, excel=excel)
    else:
        from rich.console import Console

        render.print_text(report, Console(file=out, highlight=False, width=100))
    encoding = "utf-8-sig" if excel and format == "csv" else "utf-8"
    if sortie is None:
        from cafedemarches.cli.pipes import write_stdout

        write_stdout(out.getvalue(), bom=encoding == "utf-8-sig")
        return
    _write(sortie, out.getvalue(), encoding)


def _write(target: Path, text: str, encoding: str = "utf-8") -> None:
    from cafedemarches.errors import UserError, os_reason

    try:
        target.write_text(text, encoding=encoding)
    except OSError as exc:
        raise UserError(f"Impossible d'écrire {target} ({os_reason(exc)}).") from exc
    sys.stderr.write(f"Bilan écrit dans {target}.\n")


def _pdf(report: Report, target: Path) -> None:
    from cafedemarches import __version__
    from cafedemarches.render.bilan import write_pdf
    from cafedemarches.tally.themes import content_version

    write_pdf(report, target, kit_version=__version__, content_version=content_version())
    sys.stderr.write(f"Bilan écrit dans {target}.\n")
