"""What the tally can read from the answers already given, so that it never asks again.

The tally's age bracket and situation come from the shared questions `age`, `etudiant`,
`travaille`, `en_couple` and `retraite_percue` when the session asked them; anything they do
not say stays « non communiqué ».
"""

from __future__ import annotations

from collections.abc import Mapping

from cafedemarches.content.models import Answer

AGE_BRACKETS = ((18, "moins_18"), (25, "18_24"), (40, "25_39"), (60, "40_59"), (70, "60_69"))


def age_bracket(age: int) -> str:
    for upper, bracket in AGE_BRACKETS:
        if age < upper:
            return bracket
    return "70_plus"


def derived_tally_fields(answers: Mapping[str, Answer]) -> dict[str, str]:
    """The tally fields (`tranche_age`, `statut`) the answers settle, and only those."""
    fields: dict[str, str] = {}
    age = answers.get("age")
    if isinstance(age, int) and not isinstance(age, bool):
        fields["tranche_age"] = age_bracket(age)
    works = answers.get("travaille")  # « the person or their partner works »
    if answers.get("etudiant") is True:
        fields["statut"] = "scolarise_etudiant"
    elif answers.get("retraite_percue") is True and works is not True:
        fields["statut"] = "retraite"
    elif works is True and answers.get("en_couple") is False:
        fields["statut"] = "en_emploi"
    elif works is False and answers.get("etudiant") is False:
        fields["statut"] = "sans_emploi"
    return fields
