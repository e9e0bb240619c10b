"""`demarches montants` : les montants des fiches d'après les paramètres datés d'OpenFisca-France,
à recopier dans leur bloc `montants:` (pour les coordinateurs)."""

from __future__ import annotations

import datetime as dt

import typer

from cafedemarches.errors import UserError
from cafedemarches.estimate.amounts import (
    SPECS,
    ParametersUnavailable,
    model_amount,
    model_version,
    proposal,
)


def print_proposals(day: dt.date) -> None:
    import yaml

    by_checklist: dict[str, list[dict[str, object]]] = {}
    stale: list[str] = []
    for spec in SPECS:
        try:
            amount = model_amount(spec, day)
        except ParametersUnavailable as exc:
            raise UserError(f"Pas de montants : {exc}.") from exc
        if amount.end < day:
            stale.append(
                f"{spec.checklist} / {spec.id} : la valeur de {model_version()} date du "
                f"{amount.start:%d/%m/%Y} ; la revalorisation du "
                f"{amount.end + dt.timedelta(days=1):%d/%m/%Y} n'y est pas encore"
            )
            continue
        by_checklist.setdefault(spec.checklist, []).append(proposal(spec, day))
    typer.echo(f"# Montants en vigueur le {day:%d/%m/%Y}, d'après {model_version()}.")
    typer.echo("# À recopier dans le bloc « montants: » de chaque fiche.")
    for checklist, amounts in by_checklist.items():
        typer.echo(f"\n# {checklist}.yaml")
        typer.echo(
            yaml.safe_dump(
                {"montants": amounts}, allow_unicode=True, sort_keys=False, width=1000
            ).rstrip()
        )
    for line in stale:
        typer.echo(f"Attention : {line} : mettez à jour le kit (make install).", err=True)
