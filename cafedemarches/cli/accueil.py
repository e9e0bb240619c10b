"""`cafedemarches accueil` : la séance guidée à la table du Café démarches."""

from __future__ import annotations


def accueil() -> None:
    """La séance guidée : choisir les démarches, répondre, imprimer la liste, noter la séance."""
    from cafedemarches.errors import UserError

    raise UserError("La séance guidée arrive dans la prochaine version de ce dépôt.")
