"""`cafedemarches lettres` : les modèles de courriers."""

from __future__ import annotations

import typer

app = typer.Typer(help="Les modèles de courriers : lister, voir, remplir ou imprimer vierges.")
