"""`cafedemarches lettres` : les modèles de courriers."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cafedemarches.cli.context import settings
from cafedemarches.cli.french import FrenchCommand, FrenchGroup
from cafedemarches.cli.output import output_file
from cafedemarches.cli.pager import french_pager
from cafedemarches.cli.printing import until_done
from cafedemarches.cli.run import current
from cafedemarches.content.index import content_folders
from cafedemarches.files import Existing
from cafedemarches.letters.fill import FILL_RULES, ask_letter, write_letter
from cafedemarches.letters.source import all_letters, load_letter
from cafedemarches.letters.values import read_values_file
from cafedemarches.render import private

app = typer.Typer(
    cls=FrenchGroup,
    help="Les modèles de courriers : lister, voir, remplir ou imprimer vierges.",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Afficher un document JSON.")]


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _folders() -> list[Path]:
    """Where letters are found: the shipped ones, then the coordinator's folders (config)."""

    return content_folders(settings()[1].dossiers_contenu)


def _letter(letter_id: str) -> Any:
    paths, config = settings()
    return load_letter(letter_id, content_folders(config.dossiers_contenu), paths.cache_dir)


@app.command("liste", cls=FrenchCommand)
def liste(as_json: JsonOption = False) -> None:
    """Les modèles de lettres disponibles."""

    letters, broken = all_letters(_folders())
    if as_json:
        _print_json(
            [
                {
                    "id": letter.id,
                    "titre": letter.titre,
                    "resume": letter.resume,
                    "verifie_le": letter.verifie_le.isoformat(),
                }
                for letter in letters
            ]
        )
    else:
        from rich.table import Table
        from rich.text import Text

        table = Table("Identifiant", "Lettre", "Vérifiée le", box=None)
        for letter in letters:
            table.add_row(
                Text(letter.id), Text(letter.titre), Text(f"{letter.verifie_le:%d/%m/%Y}")
            )
        console = _console()
        if letters:
            console.print(table, markup=False)
            console.print(
                "Remplir une lettre : cafedemarches lettres remplir IDENTIFIANT", markup=False
            )
        else:
            console.print("Aucun modèle de lettre trouvé.", markup=False)
    if broken:
        typer.echo(
            (
                "1 fichier de lettre contient des erreurs et n'est pas listé : "
                if len(broken) == 1
                else f"{len(broken)} fichiers de lettre contiennent des erreurs et ne sont pas "
                "listés : "
            )
            + "lancez « cafedemarches demarches verifier ».",
            err=True,
        )


@app.command("voir", cls=FrenchCommand)
def voir(
    identifiant: Annotated[str, typer.Argument(help="L'identifiant de la lettre.")],
    as_json: JsonOption = False,
) -> None:
    """Un modèle de lettre : à qui, comment l'envoyer, les champs à remplir, le texte."""
    letter = _letter(identifiant)
    if as_json:
        _print_json(letter.model_dump(mode="json"))
        return
    from rich.panel import Panel

    console = _console()
    console.print(letter.titre, style="bold", markup=False)
    if letter.resume:
        console.print(letter.resume, markup=False)
    rows = [
        ("Destinataire", letter.destinataire),
        ("Envoi", letter.envoi),
        ("Délai", letter.delai),
        ("Base légale", letter.base_legale),
    ]
    for label, value in rows:
        if value:
            console.print(f"\n{label} :", style="bold", markup=False)
            console.print(value.strip(), markup=False)
    console.print("\nChamps à remplir :", style="bold", markup=False)
    for field in letter.champs:
        kind = {"date": " (date)", "nombre": " (nombre)", "paragraphe": " (paragraphe)"}.get(
            field.type, ""
        )
        optional = " — facultatif" if field.facultatif else ""
        console.print(f"  • {field.id} : {field.libelle}{kind}{optional}", markup=False)
        if field.aide:
            console.print(f"      {field.aide}", markup=False)
    text = f"Objet : {letter.objet}\n\n{letter.corps.strip()}"
    console.print(Panel(text, title="Texte du modèle", expand=False), markup=False)
    console.print(
        f"Remplir : cafedemarches lettres remplir {letter.id}  "
        f"(vierge : --vierge ; depuis un fichier : --valeurs F.yaml)",
        markup=False,
    )


def _target(sortie: Path, letter_id: str, blank: bool, replace: bool) -> Path:
    return output_file(sortie, f"{letter_id}{'-vierge' if blank else ''}.pdf", replace=replace)


def _preview(text: str) -> None:
    """The filled letter in a frame; in the pager (French prompts) when it is taller than the
    screen, so that its start does not scroll away before it is read."""
    from rich.panel import Panel

    console = _console()
    panel = Panel(text, title="Aperçu de la lettre", expand=False)
    if console.is_terminal and len(text.splitlines()) + 2 > console.height - 4:
        with console.pager(french_pager(), styles=True):
            console.print(panel, markup=False)
    else:
        console.print(panel, markup=False)


def _say(text: str) -> None:
    """The rules of the fields as they are; the letter's preview in a frame."""
    if text == FILL_RULES:
        _console().print(text, markup=False)
    else:
        _preview(text)


def _until_done(path: Path) -> None:
    """Let the volunteer open or print the letter; the folder is removed when they are done."""

    until_done(current().prompter(), [path])


@app.command("remplir", cls=FrenchCommand)
def remplir(
    identifiant: Annotated[str, typer.Argument(help="L'identifiant de la lettre.")],
    vierge: Annotated[
        bool,
        typer.Option(
            "--vierge", help="Imprimer la lettre vierge, avec des pointillés à remplir à la main."
        ),
    ] = False,
    valeurs: Annotated[
        Path | None,
        typer.Option(
            "--valeurs",
            metavar="FICHIER",
            help="Prendre les valeurs dans un fichier YAML « champ: valeur » au lieu de les "
            "demander.",
        ),
    ] = None,
    sortie: Annotated[
        Path | None,
        typer.Option(
            "--sortie",
            metavar="F.pdf",
            help="Où écrire le PDF. Sans cette option, une lettre remplie va dans un dossier "
            "privé temporaire, supprimé à la fin.",
        ),
    ] = None,
    gros_caracteres: Annotated[
        bool,
        typer.Option("--gros-caracteres", help="Lettre imprimée en gros caractères."),
    ] = False,
    remplacer: Annotated[
        bool,
        typer.Option("--remplacer", help="Remplacer le fichier s'il existe déjà (jamais un lien)."),
    ] = False,
) -> None:
    """Remplir une lettre (questions, ou --valeurs), ou l'imprimer vierge (--vierge)."""

    if vierge and valeurs is not None:
        raise typer.BadParameter("--vierge et --valeurs ne vont pas ensemble.")
    existing: Existing = "replace" if remplacer else "refuse"
    if vierge:
        letter = _letter(identifiant)
        target = _target(sortie or Path.cwd(), letter.id, blank=True, replace=remplacer)
        write_letter(letter, None, target, large_print=gros_caracteres, existing=existing)
        typer.echo(f"Lettre vierge enregistrée : {target}")
        return
    letter = _letter(identifiant)
    if sortie is not None:  # checked before any question
        _target(sortie, letter.id, blank=False, replace=remplacer)
    if valeurs is not None:
        values = read_values_file(valeurs, letter)
    else:
        _console().print(letter.titre, style="bold", markup=False)
        asked = ask_letter(letter, current().prompter(), _say)
        if asked is None:
            typer.echo("Courrier abandonné : rien n'a été écrit.")
            return
        values = asked
    if sortie is not None:
        target = _target(sortie, letter.id, blank=False, replace=remplacer)
        write_letter(letter, values, target, large_print=gros_caracteres, existing=existing)
        typer.echo(f"Lettre enregistrée : {target}")
        return

    with private.private_output_dir() as folder:
        target = write_letter(
            letter,
            values,
            folder / f"{letter.id}.pdf",
            large_print=gros_caracteres,
            existing="replace",  # the private folder is the kit's own
        )
        typer.echo(f"Lettre prête : {target}")
        typer.echo(
            "Elle est dans un dossier privé, temporaire : il sera supprimé dès que vous aurez "
            "fini (ouvrez-la ou imprimez-la d'abord)."
        )
        _until_done(target)
    typer.echo("La lettre a été supprimée de l'ordinateur.")
