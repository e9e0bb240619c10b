"""Estimates of the monthly amounts for one person's answers, offline, from OpenFisca-France.

Each estimate is rounded to 10 €, dated (the month, the barème), given with the one rule that
decides it and its caveat; a benefit the model gives nothing for, but would with 10 % less
income, is « peut-être, à vérifier » rather than no (both computed in the same simulation).
When the barème is older than the last 1 April, no figure is given: the kit must be updated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from cafedemarches.content.conditions import compile_condition
from cafedemarches.content.estimate_inputs import estimate_questions
from cafedemarches.content.models import Answer, Question
from cafedemarches.estimate import model
from cafedemarches.estimate.amounts import SPECS, model_amount
from cafedemarches.estimate.benefits import BENEFITS, Benefit
from cafedemarches.estimate.situation import Household

CAVEAT = (
    "Estimation indicative : la caisse décide, sur les papiers. "
    "À vérifier avec le simulateur officiel (caf.fr, mesdroitssociaux.gouv.fr)."
)
NEAR = 0.10  # within 10 % of a threshold: « peut-être, à vérifier »

# Postal codes of the aide au logement's zone 1 and 2 (CCH art. R822-2 zoning) the kit knows:
# Paris and its inner ring (zone 1), the rest of Île-de-France and the heart of the Grenoble
# area, where the kit is used (zone 2). Elsewhere zone 3 is assumed, and said.
_ZONE_1_DEPARTMENTS = ("75", "92", "93", "94")
_ZONE_2_DEPARTMENTS = ("77", "78", "91", "95")
_ZONE_2_CODES = frozenset({"38000", "38100", "38130", "38400", "38600"})


def housing_zone(postcode: str) -> tuple[int, bool]:
    """The zone of the aide au logement for a postal code, and whether it is only assumed."""
    if postcode[:2] in _ZONE_1_DEPARTMENTS:
        return 1, False
    if postcode[:2] in _ZONE_2_DEPARTMENTS or postcode in _ZONE_2_CODES:
        return 2, False
    return 3, True


@dataclass(frozen=True)
class Estimate:
    benefit: Benefit
    amount: int | None  # rounded to 10 €; None when « peut-être, à vérifier »
    caveats: tuple[str, ...]

    @property
    def maybe(self) -> bool:
        return self.amount is None


@dataclass(frozen=True)
class Estimates:
    month: dt.date
    bareme: dt.date  # the last revaluation the model knows
    engine: str
    estimates: tuple[Estimate, ...] = ()
    missing: tuple[Question, ...] = ()
    stale: bool = False  # the barème is older than the last 1 April
    notes: tuple[str, ...] = field(default_factory=tuple)


def missing_inputs(answers: Mapping[str, Answer]) -> list[Question]:
    """The estimate's questions still to answer on this path (conditions evaluated on the
    answers given)."""
    missing = []
    for question in estimate_questions():
        if question.id in answers:
            continue
        if question.si is None or compile_condition(question.si).holds(answers):
            missing.append(question)
    return missing


def last_april_first(day: dt.date) -> dt.date:
    this_year = dt.date(day.year, 4, 1)
    return this_year if day >= this_year else dt.date(day.year - 1, 4, 1)


def bareme_date(day: dt.date) -> dt.date:
    """The date of the model's last revaluation in force on `day` (RSA, prime d'activité,
    family benefits are revalued on 1 April)."""
    spec = next(s for s in SPECS if s.id == "rsa_personne_seule")
    return model_amount(spec, day).start


def child_ages(answers: Mapping[str, Answer]) -> tuple[int, ...]:
    """Ages standing for the children: those under 3 are 1, one child of 6-18 is 10 when
    there is one, the others 4 (the answers say no more)."""
    count = int(answers.get("enfants_a_charge", 0) or 0)
    under_3 = min(int(answers.get("enfants_moins_3", 0) or 0), count)
    ages = [1] * under_3
    if answers.get("enfant_6_18") and len(ages) < count:
        ages.append(10)
    ages += [4] * (count - len(ages))
    return tuple(ages)


def household(answers: Mapping[str, Answer]) -> tuple[Household, list[str]]:
    """The household the answers describe, and the caveats its assumptions call for."""
    caveats: list[str] = []
    zone, assumed = housing_zone(str(answers.get("code_postal", "38000")))
    if assumed:
        caveats.append(
            "Zone 3 supposée pour ce code postal : dans une grande agglomération, l'aide au "
            "logement peut être un peu plus haute."
        )
    housing = str(answers.get("logement", "heberge"))
    return (
        Household(
            age=int(answers["age"]),
            couple=bool(answers.get("en_couple")),
            child_ages=child_ages(answers),
            pregnant=bool(answers.get("enceinte")),
            housing=housing,
            rent=float(answers.get("loyer", 0) or 0) if housing == "locataire" else 0.0,
            zone=zone,
            earned=float(answers.get("revenus_activite", 0) or 0),
            other=float(answers.get("autres_revenus", 0) or 0),
            pension=float(answers.get("pension_retraite", 0) or 0),
            alimony=float(answers.get("pension_alimentaire", 0) or 0),
            nationality=str(answers.get("nationalite", "francaise")),
            permit_years=int(answers.get("titre_sejour_annees", 0) or 0),
            refugee=bool(answers.get("protection_internationale")),
            disabled=bool(answers.get("handicap")),
        ),
        caveats,
    )


def lower_income(household: Household) -> Household:
    """The same household with 10 % less income: a benefit it would get is near its threshold."""
    factor = 1 - NEAR
    return replace(
        household,
        earned=household.earned * factor,
        other=household.other * factor,
        pension=household.pension * factor,
        alimony=household.alimony * factor,
    )


def round_10(value: float) -> int:
    """To the nearest 10 €, and never 0 for a benefit that is paid."""
    return max(10, int(value / 10 + 0.5) * 10)


def _caveats(benefit: Benefit, household: Household, general: list[str]) -> tuple[str, ...]:
    found = [CAVEAT]
    if benefit.procedure == "aah":
        found.append("Si la MDPH reconnaît un taux d'incapacité d'au moins 80 %.")
    if benefit.procedure == "ars":
        found.append(
            "Par an, versée en août, pour un enfant de 6 à 18 ans (plus s'il y en a plusieurs)."
        )
    if benefit.procedure == "aide-logement":
        found += general
    if benefit.procedure == "rsa" and household.housing in ("heberge", "proprietaire"):
        found.append("Logée gratuitement ou propriétaire : le RSA compte un forfait logement.")
    return tuple(found)


def estimate(
    answers: Mapping[str, Answer], day: dt.date, procedures: Iterable[str] | None = None
) -> Estimates:
    """The estimates for `answers` in the month of `day`, for the benefits whose procedure is
    in `procedures` (all when None)."""
    month = dt.date(day.year, day.month, 1)
    bareme = bareme_date(day)
    engine = model.version()
    if bareme < last_april_first(day):
        return Estimates(month, bareme, engine, stale=True)
    missing = missing_inputs(answers)
    if missing:
        return Estimates(month, bareme, engine, missing=tuple(missing))
    wanted = set(procedures) if procedures is not None else None
    benefits = [b for b in BENEFITS if wanted is None or b.procedure in wanted]
    person, general = household(answers)
    if not benefits:
        return Estimates(month, bareme, engine)
    model.wait_until_loaded()
    try:
        actual, lowered = model.compute(
            [person, lower_income(person)], month, [b.variable for b in benefits]
        )
    except model.ModelUnavailable:
        raise
    except Exception as exc:  # the model refused this household: say so, never a traceback
        raise model.ModelUnavailable(
            f"OpenFisca-France n'a pas pu calculer ce foyer ({type(exc).__name__})"
        ) from exc
    found: list[Estimate] = []
    for benefit in benefits:
        value = actual[benefit.variable]
        caveats = _caveats(benefit, person, general)
        if value > 0:
            found.append(Estimate(benefit, round_10(value), caveats))
        elif lowered[benefit.variable] > 0:
            found.append(
                Estimate(
                    benefit,
                    None,
                    (
                        "Près du plafond : peut-être, à vérifier avec le simulateur officiel.",
                        *caveats,
                    ),
                )
            )
    return Estimates(month, bareme, engine, tuple(found))
