"""The answers an estimate reads: ids, wording and checks (a contract, listed in the README).

Most are the repérage's own questions (`age`, `en_couple`, `enfants_a_charge`, `enfant_6_18`,
`enceinte`, `logement`, `handicap`); the others are the few figures an estimate needs and the
guided session asks only when the volunteer chooses to estimate. Their meaning never changes:
an answers file written today is read the same way by a later kit.
"""

from __future__ import annotations

import re
from functools import cache

from cafedemarches.content.models import Answer, Question

_RAW: tuple[dict[str, object], ...] = (
    {"id": "age", "texte": "Quel âge a la personne ?", "type": "nombre", "min": 15, "max": 120},
    {"id": "en_couple", "texte": "La personne vit-elle en couple ?", "type": "oui_non"},
    {
        "id": "enfants_a_charge",
        "texte": "Combien d'enfants vivent avec la personne et sont à sa charge ?",
        "type": "nombre",
        "min": 0,
        "max": 20,
    },
    {
        "id": "enfants_moins_3",
        "texte": "Combien de ces enfants ont moins de 3 ans ?",
        "type": "nombre",
        "min": 0,
        "max": 20,
        "si": "enfants_a_charge > 0",
    },
    {
        "id": "enfant_6_18",
        "texte": "Un des enfants a-t-il entre 6 et 18 ans ?",
        "type": "oui_non",
        "si": "enfants_a_charge > 0",
    },
    {
        "id": "enceinte",
        "texte": "La personne, ou la personne avec qui elle vit, attend-elle un enfant ?",
        "type": "oui_non",
    },
    {
        "id": "logement",
        "texte": "Où vit la personne ?",
        "type": "choix",
        "choix": {
            "locataire": "Locataire (logement, foyer ou résidence étudiante)",
            "proprietaire": "Propriétaire",
            "heberge": "Hébergée chez quelqu'un",
            "sans_domicile": "Sans domicile stable",
        },
    },
    {
        "id": "loyer",
        "texte": "Quel est le loyer, en euros par mois, sans les charges ?",
        "type": "nombre",
        "min": 0,
        "max": 10000,
        "si": "logement == 'locataire'",
        "aide": "Le loyer seul, sans les charges ni l'aide au logement déjà reçue.",
    },
    {
        "id": "code_postal",
        "texte": "Quel est le code postal du logement ?",
        "type": "nombre",
        "si": "logement == 'locataire'",
        "aide": "Les aides au logement dépendent de la zone (5 chiffres, par exemple 38000).",
    },
    {
        "id": "revenus_activite",
        "texte": "Combien le foyer gagne-t-il en travaillant, en euros nets par mois ?",
        "type": "nombre",
        "min": 0,
        "max": 100000,
        "aide": "Salaires nets de la personne et de son conjoint, moyenne des 3 derniers mois.",
    },
    {
        "id": "autres_revenus",
        "texte": "Combien le foyer reçoit-il d'autres revenus, en euros nets par mois ?",
        "type": "nombre",
        "min": 0,
        "max": 100000,
        "aide": "Allocation chômage, indemnités journalières (arrêt maladie)… sans les aides de la caisse.",
    },
    {
        "id": "pension_retraite",
        "texte": "Combien le foyer reçoit-il de retraite, en euros nets par mois ?",
        "type": "nombre",
        "min": 0,
        "max": 100000,
        "si": "age >= 55 or en_couple",
    },
    {
        "id": "pension_alimentaire",
        "texte": "Combien de pension alimentaire la personne reçoit-elle, en euros par mois ?",
        "type": "nombre",
        "min": 0,
        "max": 100000,
        "si": "enfants_a_charge > 0 and not en_couple",
    },
    {
        "id": "nationalite",
        "texte": "Quelle est la nationalité de la personne ?",
        "type": "choix",
        "choix": {
            "francaise": "Française",
            "europeenne": "Union européenne, Espace économique européen ou Suisse",
            "autre": "Autre nationalité",
        },
    },
    {
        "id": "protection_internationale",
        "texte": "La personne est-elle réfugiée, apatride, ou a-t-elle la protection subsidiaire ?",
        "type": "oui_non",
        "si": "nationalite == 'autre'",
    },
    {
        "id": "titre_sejour_annees",
        "texte": "Depuis combien d'années la personne a-t-elle un titre de séjour qui permet de travailler ?",
        "type": "nombre",
        "min": 0,
        "max": 100,
        "si": "nationalite == 'autre' and not protection_internationale",
    },
    {
        "id": "handicap",
        "texte": "La personne a-t-elle un handicap ou une maladie qui gêne beaucoup sa vie ou son travail ?",
        "type": "oui_non",
    },
)

ESTIMATE_IDS: tuple[str, ...] = tuple(str(item["id"]) for item in _RAW)
_POSTCODE = re.compile(r"^\d{5}$")


@cache
def estimate_questions() -> tuple[Question, ...]:
    return tuple(Question.model_validate(item) for item in _RAW)


def postcode_error(value: object) -> str | None:
    """Why a value is not a French postal code (5 digits), or None."""
    text = f"{value}" if isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(text, str) and _POSTCODE.match(text.strip()):
        return None
    return (
        f"« {value} » n'est pas un code postal : il faut 5 chiffres (par exemple 38000 ; "
        "entre guillemets s'il commence par 0 : '01000')"
    )


def normal_answer(qid: str, value: Answer) -> Answer:
    """The value as the kit keeps it (a postal code as its 5 digits)."""
    if qid == "code_postal":
        return str(value).strip()
    return value
