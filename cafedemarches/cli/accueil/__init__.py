"""`cafedemarches accueil` : la séance guidée à la table du Café démarches."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cafedemarches.cli.accueil.opening import run_guided
from cafedemarches.cli.accueil.options import Options
from cafedemarches.cli.output import output_file, output_folder


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
            "(en anglais, ar arabe, uk ukrainien, fa persan).",
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
    remplacer: Annotated[
        bool,
        typer.Option(
            "--remplacer", help="Remplacer les fichiers de même nom (sinon : vos-demarches-2.pdf…)."
        ),
    ] = False,
) -> None:
    """La séance guidée : choisir les démarches, répondre, imprimer la liste, noter la séance."""

    # Where files will go, checked before any question is asked or any work done; the folder
    # itself is made with the first file (a replay refused for a missing site leaves nothing).
    if sortie is not None:
        sortie = output_folder(sortie, create=False)
    elif reponses is not None:
        output_folder(Path.cwd())  # a replay writes its sheet here
    if enregistrer_reponses is not None:
        enregistrer_reponses = output_file(
            enregistrer_reponses, "reponses.yaml", "--enregistrer-reponses", replace=remplacer
        )
    options = Options(
        procedures=list(demarche or []),
        output=sortie,
        record=not sans_registre,
        large=gros_caracteres,
        print_sheet=imprimer,
        save_answers=enregistrer_reponses,
        language=langue,
        replace=remplacer,
    )
    if reponses is not None:
        from cafedemarches.cli.accueil.replay import run_replay  # pydantic: only for a replay

        run_replay(reponses, options)
    else:
        run_guided(options)
