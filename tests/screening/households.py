"""A grid of households, each as the kit's repérage answers and as an OpenFisca situation.

The boundary households come first (ages 24/25, 61/62, 64/65, a child of 2/3 and of 5/6,
17/18, 4/5 and 9/10 years of permit, alimony on both sides of the ASF's « petite pension »,
a parent alone on both sides of the prime d'activité's ceiling);
then a seeded sample of the whole grid, small for `make test`, wide for `make test-long`.

How a household answers the questions that are not facts:
- « faibles ressources » (« dans le doute, répondez oui »): yes when the household's net
  resources per consumption unit (OECD-modified scale: 1, 0,5 per other person of 14 or more,
  0,3 under 14) are below the median standard of living, 2 028 € a month (INSEE, niveau de vie
  médian 2022: 24 330 € a year);
- the other need questions (mutuelle, energy bills, another need): « sans mutuelle » yes,
  energy bills no, no other need; it has no CAF file yet (non-recours);
- a child's handicap: yes when the MDPH would see a rate of incapacity (`child_disability`);
- the end of the unemployment benefit (`chomage_fini`): yes for a jobseeker whose benefit has
  ended (`unemployment_ended`, with the 5 years of work in 10 the model takes as one fact);
- help for everyday gestures (`perte_autonomie`): yes from GIR 1 to 5 (GIR 5 needs help for
  housework and shopping, which the question names), no for GIR 6 or none.
"""

from __future__ import annotations

import random
from typing import Any

from cafedemarches.estimate.situation import Household

MEDIAN_PER_UNIT = 2028.0
ASF_SMALL_PENSION = 210.0  # « moins de 200 € environ » par enfant: answered yes up to this


def consumption_units(household: Household) -> float:
    others = [18] * household.couple + list(household.child_ages)
    return 1 + sum(0.5 if age >= 14 else 0.3 for age in others)


def resources(household: Household) -> float:
    return household.earned + household.other + household.pension + household.alimony


def reperage_answers(household: Household) -> dict[str, Any]:
    """What the person answers to the repérage (only the questions asked on her path)."""
    children = len(household.child_ages)
    low = resources(household) / consumption_units(household) < MEDIAN_PER_UNIT
    answers: dict[str, Any] = {
        "age": household.age,
        "logement": household.housing,
        "en_couple": household.couple,
        "enfants_a_charge": children,
        "travaille": household.earned > 0,
        "ressources_faibles": low,
        "aides_caf": "aucune",
        "handicap": household.disabled,
        "autre_besoin": "rien",
    }
    # The nationality and the permit, for a repérage that asks them (ids shared with the
    # checklists and the estimates).
    answers["nationalite"] = household.nationality
    if household.nationality == "autre":
        answers["protection_internationale"] = household.refugee
        answers["titre_sejour"] = "valide"
        answers["titre_sejour_annees"] = household.permit_years
    if children:
        answers["enfant_moins_3"] = any(age < 3 for age in household.child_ages)
        answers["enfant_handicap"] = household.child_disability > 0
    if household.age >= 60:
        answers["perte_autonomie"] = 1 <= household.gir <= 5
    working = household.earned > 0
    if low and 20 <= household.age <= 65 and (not working or household.couple):
        answers["chomage_fini"] = household.unemployment_ended
    if children:
        answers["enfant_6_18"] = any(6 <= age <= 18 for age in household.child_ages)
    if household.age < 55 or household.couple:
        answers["enceinte"] = household.pregnant
    if not household.couple and children:
        answers["pension_recue"] = household.alimony > 0
        if household.alimony > 0:
            answers["pension_faible"] = household.alimony / children < ASF_SMALL_PENSION
    if household.couple and children:
        answers["enfant_recueilli"] = bool(household.extra.get("recueilli"))
    if low:
        answers["sans_mutuelle"] = True
        answers["factures_energie"] = False
    return answers


def boundary_households() -> list[Household]:
    rent = {"housing": "locataire", "rent": 480.0}
    found: list[Household] = []
    for age in (17, 18, 19, 20, 24, 25, 26, 61, 62, 64, 65, 66):
        found += [
            Household(age=age, **rent),
            Household(age=age, earned=900.0, **rent),
            Household(age=age, disabled=True, **rent),
        ]
    for age in (64, 65, 70):  # outside the EU: 5 to 9 years of permit (RSA, not ASPA)
        for years in (4, 5, 9, 10):
            found.append(Household(age=age, nationality="autre", permit_years=years, **rent))
            found.append(Household(age=age, nationality="autre", permit_years=years, pension=300))
    for child in (0, 2, 3, 5, 6, 17, 18, 19):
        found += [
            Household(age=30, child_ages=(child,), earned=1100.0, **rent),
            Household(age=30, couple=True, child_ages=(child, 9), earned=1800.0, **rent),
        ]
    for per_child in (0.0, 150.0, 199.0, 201.0, 205.0, 250.0):
        found.append(
            Household(age=35, child_ages=(4, 8), alimony=2 * per_child, earned=900, **rent)
        )
    # Prime d'activité of a parent alone who works, whose resources per consumption unit are
    # above the median (« faibles ressources »: no): it is paid up to about 2 946 € of net
    # earnings with one child, 3 423 € with two, 4 059 € with three (forfait + 50 % for the
    # first child, + 30 % then + 40 %; bonification 37,7 % of the base since April 2026), less
    # the child support. Each number of children on both sides of that ceiling, and the two
    # households of the wide sample the kit missed (a child of 7, and of 3, a month past the
    # majoration).
    for children, ceiling in (((7,), 2946.0), ((7, 9), 3423.0), ((7, 9, 11), 4059.0)):
        for earned in (ceiling - 50.0, ceiling + 50.0):
            found.append(Household(age=38, child_ages=children, earned=earned, **rent))
    for child in (7, 3):
        found.append(Household(age=45, child_ages=(child,), earned=2600.0, alimony=100.0, **rent))
    found.append(Household(age=24, child_ages=(2,), earned=650.0, **rent))  # the persona
    found.append(Household(age=67, pension=700.0, **rent))
    found.append(Household(age=30, pregnant=True, **rent))
    found.append(
        Household(age=60, couple=True, child_ages=(9,), pension=0.0, extra={"recueilli": True})
    )
    # AEEH: a child under 20 (19/20), rates of 50 and 80 %, whatever the income.
    for child in (0, 5, 19, 20):
        for rate in (0.5, 0.8):
            found.append(Household(age=40, child_ages=(child,), child_disability=rate, **rent))
            found.append(
                Household(
                    age=40,
                    couple=True,
                    child_ages=(child, 9),
                    child_disability=rate,
                    earned=4000.0,
                    **rent,
                )
            )
    # ASS: 5 years of work are possible from 20 (work from 15, in apprenticeship), up to 65
    # and 9 months (65/66); alone or with a working partner (its ceilings).
    for age in (20, 21, 25, 45, 62, 64, 65, 66):
        found.append(Household(age=age, unemployment_ended=True, **rent))
    for earned in (900.0, 1400.0, 1900.0, 2600.0):
        found.append(Household(age=50, couple=True, unemployment_ended=True, earned=earned))
    found.append(Household(age=50, unemployment_ended=True, alimony=900.0, child_ages=(12,)))
    # APA: from 60 (59/60), GIR 1 to 6, low and high pensions, alone or in a couple.
    for age in (59, 60, 80):
        for gir in (1, 4, 5, 6):
            found.append(Household(age=age, gir=gir, pension=1100.0))
    for pension in (0.0, 700.0, 1600.0, 3500.0):
        found.append(Household(age=75, gir=3, pension=pension, **rent))
        found.append(Household(age=75, couple=True, gir=2, pension=pension))
    return found


GRID: dict[str, tuple[Any, ...]] = {
    "age": (19, 24, 25, 32, 45, 58, 62, 64, 65, 72),
    "couple": (False, True),
    "child_ages": ((), (1,), (2,), (3,), (7,), (1, 4), (8, 12), (2, 6, 15), (17,)),
    "pregnant": (False, True),
    "housing": ("locataire", "locataire", "heberge", "proprietaire", "sans_domicile"),
    "rent": (350.0, 480.0, 700.0),
    "earned": (0.0, 0.0, 400.0, 900.0, 1400.0, 1900.0, 2600.0),
    "other": (0.0, 0.0, 700.0),
    "pension": (0.0, 300.0, 700.0, 1100.0, 1600.0),
    "alimony_per_child": (0.0, 0.0, 100.0, 190.0, 300.0),
    "nationality": ("francaise", "francaise", "europeenne", "autre"),
    "permit_years": (1, 4, 5, 7, 10, 15),
    "refugee": (False, False, False, True),
    "disabled": (False, False, False, True),
}
# Drawn from a second generator, so that adding them leaves the sample of GRID unchanged.
GRID_ADDED: dict[str, tuple[Any, ...]] = {
    "child_disability": (0.0, 0.0, 0.0, 0.0, 0.5, 0.8),
    "unemployment_ended": (False, False, False, True),
    "gir": (0, 0, 0, 0, 1, 3, 4, 5, 6),
}


def sampled_households(count: int, seed: int = 17) -> list[Household]:
    rng, added = random.Random(seed), random.Random(seed + 1)
    found: list[Household] = []
    while len(found) < count:
        pick = {name: rng.choice(values) for name, values in GRID.items()}
        pick |= {name: added.choice(values) for name, values in GRID_ADDED.items()}
        age = pick["age"]
        children = pick["child_ages"] if age < 62 else ()
        foreign = pick["nationality"] == "autre"
        jobseeker = pick["unemployment_ended"] and 20 <= age <= 66
        found.append(
            Household(
                age=age,
                couple=pick["couple"],
                child_ages=children,
                pregnant=pick["pregnant"] and age < 45,
                housing=pick["housing"],
                rent=pick["rent"] if pick["housing"] == "locataire" else 0.0,
                earned=pick["earned"] if age < 67 and (pick["couple"] or not jobseeker) else 0.0,
                other=pick["other"] if age < 62 and not jobseeker else 0.0,
                pension=pick["pension"] if age >= 62 else 0.0,
                alimony=(pick["alimony_per_child"] * len(children)) if not pick["couple"] else 0.0,
                nationality=pick["nationality"],
                permit_years=pick["permit_years"] if foreign else 0,
                refugee=pick["refugee"] and foreign,
                disabled=pick["disabled"],
                child_disability=pick["child_disability"] if children else 0.0,
                unemployment_ended=jobseeker,
                gir=pick["gir"] if age >= 55 else 0,
            )
        )
    return found


def all_households(sample: int) -> list[Household]:
    return boundary_households() + sampled_households(sample)


def unique(households: list[Household]) -> list[Household]:
    seen: set[str] = set()
    kept = []
    for household in households:
        key = repr(household)
        if key not in seen:
            seen.add(key)
            kept.append(household)
    return kept
