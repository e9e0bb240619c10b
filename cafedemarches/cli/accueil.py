"""`cafedemarches accueil` : la séance guidée à la table du Café démarches."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def accueil(
    demarche: Annotated[
        list[str] | None,
        typer.Option(
            "--demarche", "-d", help="Commencer directement par cette démarche (répétable)."
        ),
    ] = None,
    reponses: Annotated[
        Path | None,
        typer.Option(
            "--reponses", help="Rejouer une séance depuis un fichier de réponses, sans questions."
        ),
    ] = None,
    sortie: Annotated[
        Path | None,
        typer.Option(
            "--sortie", help="Dossier où garder les PDF (sinon : dossier privé effacé à la fin)."
        ),
    ] = None,
    sans_registre: Annotated[
        bool, typer.Option("--sans-registre", help="Séance d'essai : rien n'est noté au registre.")
    ] = False,
    gros_caracteres: Annotated[
        bool, typer.Option("--gros-caracteres", help="Feuille imprimée en gros caractères.")
    ] = False,
    imprimer: Annotated[
        bool, typer.Option("--imprimer", help="Envoyer la feuille à l'imprimante (lp/lpr).")
    ] = False,
    langue: Annotated[
        str | None,
        typer.Option(
            "--langue",
            help="Imprimer aussi la feuille dans cette langue, à côté du français "
            "(en anglais, ar arabe, uk ukrainien, fa dari/persan).",
        ),
    ] = None,
    enregistrer_reponses: Annotated[
        Path | None,
        typer.Option(
            "--enregistrer-reponses",
            help="À la fin, écrire les réponses (sans prénom ni courrier) dans ce fichier, "
            "pour rejouer la séance avec --reponses.",
        ),
    ] = None,
) -> None:
    """La séance guidée : choisir les démarches, répondre, imprimer la liste, noter la séance."""
    from cafedemarches.cli.guided import Options, run_guided, run_replay

    options = Options(
        procedures=list(demarche or []),
        output=sortie,
        record=not sans_registre,
        large=gros_caracteres,
        print_sheet=imprimer,
        save_answers=enregistrer_reponses,
        language=langue,
    )
    if reponses is not None:
        run_replay(reponses, options)
    else:
        run_guided(options)
