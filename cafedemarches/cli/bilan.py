"""`cafedemarches bilan` : le bilan mensuel ou annuel du registre."""

from __future__ import annotations


def bilan() -> None:
    """Le bilan du registre pour un mois ou une année."""
    raise NotImplementedError
