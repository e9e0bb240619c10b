"""`cafedemarches registre` : le registre anonyme des séances."""

from __future__ import annotations

import typer

app = typer.Typer(help="Le registre anonyme : ajouter, annuler, exporter, importer.")
