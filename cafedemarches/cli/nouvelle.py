"""`demarches nouvelle`: a new checklist that already passes `demarches verifier`."""

from __future__ import annotations

import re
from pathlib import Path
from textwrap import wrap

import typer

from cafedemarches.cli.context import settings
from cafedemarches.cli.run import current
from cafedemarches.content.bundle import Content
from cafedemarches.content.index import content_folders, files_of_kind
from cafedemarches.content.loader import load_content
from cafedemarches.errors import UserError, os_reason
from cafedemarches.files import write_text
from cafedemarches.settings import save_config

TEMPLATE = """\
# Nouvelle fiche « {id} », créée le {today:%d/%m/%Y}.
# Remplacez chaque texte par le vôtre, puis vérifiez : cafedemarches demarches verifier {path}
# Le guide des clés est dans le README (« Écrire une fiche »).
id: {id}
titre: {title}
resume: En une phrase, ce que la démarche apporte à la personne.
organisme: Caisse d'allocations familiales (CAF)
theme: social_sante
canal: En ligne sur le site de l'organisme, ou sur papier à l'accueil.
service_en_ligne: https://www.service-public.fr/
sources:
  - https://www.service-public.fr/
verifie_le: {today:%Y-%m-%d}

questions:
  # Une question propre à cette démarche : un id qui commence par « {prefix}_ ».
  - id: {prefix}_deja_demande
    texte: La personne a-t-elle déjà fait cette demande ?
    type: oui_non
    aide: Une aide courte pour le bénévole, lue seulement s'il la demande.
{shared}
etapes:
  - id: faire-demande
    texte: Faites la demande en ligne ou sur papier.
    si: not {prefix}_deja_demande
    delai: dès que possible
  - id: suivre-demande
    texte: Suivez votre demande dans votre espace en ligne.

documents:
  - id: piece_identite
  - id: rib
    si: not {prefix}_deja_demande
  - id: bail
    si: "logement == 'locataire' and not {prefix}_deja_demande"

lettres: []

exemples:
  - nom: Première demande, locataire
    reponses: {{{prefix}_deja_demande: false, logement: locataire}}
    documents: [piece_identite, rib, bail]
    etapes: [faire-demande, suivre-demande]
  - nom: Première demande, hébergée
    reponses: {{{prefix}_deja_demande: false, logement: heberge}}
    documents: [piece_identite, rib]
  - nom: Demande déjà faite
    reponses: {{{prefix}_deja_demande: true, logement: locataire}}
    documents: [piece_identite]
    etapes: [suivre-demande]
"""

# The shared question the new checklist reuses, copied from the content by its id (these
# choices only when no content defines it).
REUSED = "logement"
PLACES = {
    "locataire": "Locataire",
    "proprietaire": "Propriétaire",
    "heberge": "Hébergée chez quelqu'un",
    "sans_domicile": "Sans domicile stable",
}


def shared_questions_text(content: Content) -> str:
    """The `logement` question exactly as the content defines it (a shared question must be the
    same everywhere), with comments that say so and name the other shared questions."""
    import yaml

    questions = list(content.reperage.questions) if content.reperage else []
    questions += [q for c in content.checklists.values() for q in c.questions]
    by_id = {q.id: q for q in reversed(questions)}  # the first definition wins
    found = by_id.get(REUSED)
    reused = (
        found.model_dump(mode="json", exclude_defaults=True)
        if found is not None
        else {"id": REUSED, "texte": "Où vit la personne ?", "type": "choix", "choix": PLACES}
    )
    item = yaml.safe_dump(
        [reused], allow_unicode=True, sort_keys=False, width=88, default_flow_style=False
    )
    others = [q.id for q in (content.reperage.questions if content.reperage else [])]
    names = wrap(", ".join(i for i in others if i != REUSED), 84)
    lines = [
        "  # Une question partagée : « logement », reprise telle quelle (même id, même texte,",
        "  # mêmes choix) du repérage et des autres fiches. La séance ne la pose qu'une fois et",
        "  # sa réponse sert à toutes les démarches : ne la modifiez pas, et ne recréez pas",
        "  # « Où vit la personne ? » sous un autre id. Les autres questions partagées, à",
        "  # reprendre de même (« cafedemarches demarches voir » montre leur texte) :",
        *(f"  #   {line}" for line in names),
        *("  " + line for line in item.splitlines()),
    ]
    return "\n".join(lines) + "\n"


def create_checklist(item_id: str, folder: Path | None, *, replace: bool = False) -> None:
    """A new checklist in the coordinator's folder; an existing one (shipped or local) is
    replaced only with `replace`, and then copied as the starting point."""

    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", item_id):
        raise UserError(
            f"« {item_id} » n'est pas un identifiant valable.",
            "Écrivez-le en minuscules, sans accents ni espaces, avec des tirets : bourse-college.",
        )
    paths, config = settings()
    if folder is None:
        folder = (
            config.dossiers_contenu[0] if config.dossiers_contenu else paths.data_dir / "contenu"
        )
    target = folder / "checklists" / f"{item_id}.yaml"
    if target.exists():
        raise UserError(
            f"{target} existe déjà.", "Choisissez un autre identifiant ou modifiez ce fichier."
        )
    existing = files_of_kind(content_folders(config.dossiers_contenu), "checklist").get(item_id)
    if existing is not None and not replace:
        raise UserError(
            f"La démarche « {item_id} » existe déjà ({existing}) : une nouvelle fiche du même "
            "nom la remplacerait.",
            f"Pour la modifier, relancez avec --remplacer : elle sera copiée dans {folder} ; "
            "sinon, choisissez un autre identifiant.",
        )
    if existing is not None:
        text = _read(existing)
    else:
        prefix = item_id.replace("-", "_")
        text = TEMPLATE.format(
            id=item_id,
            title=item_id.replace("-", " ").capitalize(),
            today=current().today(),
            prefix=prefix,
            path=target,
            shared=shared_questions_text(
                load_content(
                    content_folders(config.dossiers_contenu), deep=False, cache=paths.cache_dir
                )
            ),
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Impossible de créer {target.parent} ({os_reason(exc)}).") from exc
    write_text(target, text, existing="replace" if replace else "refuse")
    resolved = folder.resolve()
    if resolved not in [p.resolve() for p in config.dossiers_contenu]:
        config.dossiers_contenu = (*config.dossiers_contenu, resolved)
        save_config(paths, config)
        typer.echo(f"Le dossier {resolved} est ajouté à vos dossiers de contenu.")
    if existing is not None:
        typer.echo(f"Fiche copiée depuis {existing} : {target} (elle remplace l'autre).")
        typer.echo(f"Modifiez-la, puis vérifiez-la : cafedemarches demarches verifier {target}")
        return
    typer.echo(f"Fiche créée : {target}")
    typer.echo(f"Complétez-la, puis vérifiez-la : cafedemarches demarches verifier {target}")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Impossible de lire {path} pour la copier.") from exc
