"""A household as OpenFisca-France reads it: persons, family, tax household, dwelling.

Pure Python (no OpenFisca import): `Household` is what the kit knows of a person's situation,
`situation` turns several households into one OpenFisca situation, so that one vectorised
simulation computes them all. Incomes go through `net_to_gross`. Two pitfalls are handled here:

- the model reads incomes over past periods (the last 3 months for the RSA and the prime
  d'activité, a rolling year for the aide au logement, the year N-2 for the ARS): the monthly
  figures are copied back over every month since 1 January of N-2, as aides-jeunes does;
- the model fills in the past: benefits of past months would be computed, not read, which is
  wrong for a person who never claimed (the point of non-recours). They are set to 0 for the 12
  months before the estimated month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cafedemarches.estimate import net_to_gross
from cafedemarches.estimate.net_to_gross import PensionThresholds

HOUSING = {
    "locataire": "locataire_vide",
    "proprietaire": "proprietaire",
    "heberge": "loge_gratuitement",
    "sans_domicile": "sans_domicile",
}
# Any country of each group: the model reads the group (France, EEA, elsewhere), not the country.
NATIONALITY = {"francaise": "FR", "europeenne": "DE", "autre": "MA"}

# Benefits the model computes from its own rules, set to 0 over past months (never claimed).
PAST_BENEFITS_FAMILY = (
    "rsa",
    "ppa",
    "aide_logement",
    "asf",
    "paje_base",
    "af",
    "cf",
    "aspa",
    "aeeh",
)
PAST_BENEFITS_PERSON = ("aah", "ass")
# A plan d'aide of the Department for the APA (euros a month), for a person with a GIR of 1 to 4.
APA_PLAN = 600.0


@dataclass(frozen=True)
class Household:
    """What the kit knows of a household, in the kit's own terms (monthly euros, net)."""

    age: int
    couple: bool = False
    child_ages: tuple[int, ...] = ()
    pregnant: bool = False
    housing: str = "heberge"  # locataire, proprietaire, heberge, sans_domicile
    rent: float = 0.0
    zone: int = 2  # zone of the aide au logement: 1, 2 or 3
    earned: float = 0.0  # net earnings of the household
    other: float = 0.0  # unemployment benefit, daily allowances
    pension: float = 0.0  # net pension of the household
    alimony: float = 0.0  # alimony received
    nationality: str = "francaise"
    permit_years: int = 0
    refugee: bool = False
    disabled: bool = False
    child_disability: float = 0.0  # the first child's rate of incapacity (0: none)
    # Unemployment benefit ended, with 5 years of work in the 10 before the last contract.
    unemployment_ended: bool = False
    gir: int = 0  # the Department's assessment of a loss of autonomy, 1 to 6 (0: none)
    extra: dict[str, Any] = field(default_factory=dict)


def birth_date(age: int, month: dt.date) -> str:
    """A birth date that makes the person `age` on the first day of `month` (a birthday a
    month earlier), so that boundary ages (24/25, 64/65, a child of 2/3) are exact."""
    year, mon = (
        (month.year - age, month.month - 1) if month.month > 1 else (month.year - age - 1, 12)
    )
    return dt.date(year, mon, 1).isoformat()


def _months_back(month: dt.date, count: int) -> list[str]:
    found = []
    year, mon = month.year, month.month
    for _ in range(count):
        mon -= 1
        if mon == 0:
            year, mon = year - 1, 12
        found.append(f"{year:04d}-{mon:02d}")
    return found


def _income_periods(month: dt.date, monthly: float) -> dict[str, float]:
    """The same monthly figure over every month from 1 January of N-2 to `month`."""
    periods: dict[str, float] = {
        str(month.year - 2): monthly * 12,
        str(month.year - 1): monthly * 12,
    }
    for mon in range(1, month.month + 1):
        periods[f"{month.year:04d}-{mon:02d}"] = monthly
    return periods


def _always(month: dt.date, value: Any) -> dict[str, Any]:
    """A fact that holds over every period the model may read (N-2 to the month)."""
    periods: dict[str, Any] = dict.fromkeys((str(month.year - 2), str(month.year - 1)), value)
    for mon in range(1, month.month + 1):
        periods[f"{month.year:04d}-{mon:02d}"] = value
    return periods


def _jobseeker(household: Household, month: dt.date, first: bool) -> dict[str, Any]:
    """A jobseeker whose unemployment benefit has ended (`chomage_net` 0 over the months the
    ASS reads), with the 5 years of work in 10 that the model takes as one fact."""
    if not (household.unemployment_ended and first):
        return {}
    return {
        "activite": _always(month, "chomeur"),
        "ass_precondition_remplie": _always(month, True),
    }


def _autonomy(household: Household, period: str, first: bool) -> dict[str, Any]:
    if not (household.gir and first):
        return {}
    return {
        "gir": {period: f"gir_{household.gir}"},
        "dependance_plan_aide_domicile_accepte": {period: APA_PLAN},
    }


def situation(
    households: Sequence[Household], month: dt.date, thresholds: PensionThresholds
) -> dict[str, Any]:
    """One OpenFisca situation holding every household, named h0, h1… in order."""
    period = f"{month.year:04d}-{month.month:02d}"
    past = _months_back(month, 12)
    individus: dict[str, Any] = {}
    familles: dict[str, Any] = {}
    foyers: dict[str, Any] = {}
    menages: dict[str, Any] = {}
    for index, household in enumerate(households):
        key = f"h{index}"
        adults = [f"{key}_a1"] + ([f"{key}_a2"] if household.couple else [])
        children = [f"{key}_e{n}" for n in range(1, len(household.child_ages) + 1)]
        shares = net_to_gross.tax_shares(household.couple, len(children))
        salary = net_to_gross.salary(household.earned)
        band = net_to_gross.pension_band(household.pension, shares, thresholds)
        pension = net_to_gross.pension(household.pension, band)
        other = net_to_gross.other_income(household.other)
        # A jobseeker in a couple is the first adult; the earnings go to the other one.
        earner = len(adults) - 1 if household.unemployment_ended else 0
        for n, person in enumerate(adults):
            first = n == 0
            earns = n == earner
            individus[person] = {
                "date_naissance": {"ETERNITY": birth_date(household.age, month)},
                "nationalite": _always(month, NATIONALITY[household.nationality]),
                # Refugees, stateless people and subsidiary protection need no years of
                # permit (CASF art. L262-4, CSS art. L816-1): the model has no such status.
                "duree_possession_titre_sejour": _always(
                    month, 99 if household.refugee else household.permit_years
                ),
                "handicap": _always(month, household.disabled and first),
                "taux_incapacite": _always(month, 0.8 if household.disabled and first else 0.0),
                "enceinte": {period: household.pregnant and first},
                "salaire_de_base": _income_periods(month, salary.gross if earns else 0.0),
                "salaire_net": _income_periods(month, salary.net if earns else 0.0),
                "salaire_imposable": _income_periods(month, salary.taxable if earns else 0.0),
                "retraite_brute": _income_periods(month, pension.gross if first else 0.0),
                "retraite_nette": _income_periods(month, pension.net if first else 0.0),
                "retraite_imposable": _income_periods(month, pension.taxable if first else 0.0),
                "chomage_brut": _income_periods(month, other.gross if first else 0.0),
                "chomage_net": _income_periods(month, other.net if first else 0.0),
                "chomage_imposable": _income_periods(month, other.taxable if first else 0.0),
                "pensions_alimentaires_percues": _income_periods(
                    month, household.alimony if first else 0.0
                ),
                **{name: dict.fromkeys(past, 0.0) for name in PAST_BENEFITS_PERSON},
                **_jobseeker(household, month, first),
                **_autonomy(household, period, first),
            }
        for n, (person, child_age) in enumerate(zip(children, household.child_ages, strict=True)):
            disabled_child = n == 0 and household.child_disability > 0
            individus[person] = {
                "date_naissance": {"ETERNITY": birth_date(child_age, month)},
                # The parents' nationality: the model reads the prime d'activité's
                # nationality condition on every member of the family, children included.
                "nationalite": _always(month, NATIONALITY[household.nationality]),
                "handicap": _always(month, disabled_child),
                "taux_incapacite": _always(
                    month, household.child_disability if disabled_child else 0.0
                ),
                **{name: dict.fromkeys(past, 0.0) for name in PAST_BENEFITS_PERSON},
            }
        familles[key] = {
            "parents": adults,
            "enfants": children,
            **{name: dict.fromkeys(past, 0.0) for name in PAST_BENEFITS_FAMILY},
        }
        foyers[key] = {
            "declarants": adults,
            "personnes_a_charge": children,
        }
        housing = HOUSING[household.housing]
        menages[key] = {
            "personne_de_reference": adults[:1],
            "conjoint": adults[1:],
            "enfants": children,
            "statut_occupation_logement": {period: housing},
            "loyer": _income_periods(month, household.rent if housing == "locataire_vide" else 0.0),
            "zone_apl": {period: f"zone_{household.zone}"},
        }
    return {
        "individus": individus,
        "familles": familles,
        "foyers_fiscaux": foyers,
        "menages": menages,
    }
