"""The checklists' `montants:` from OpenFisca-France's dated parameters, with their decree.

`demarches montants` proposes them (value, `du`, `au`, the decree or circular as `source`, the
model's version); `demarches verifier` warns where a checklist's amount differs from the model's
for the same date. Only the parameter files are read (OpenFisca-Core's own loader), never the
whole tax-benefit system: a few milliseconds after the import of `openfisca_core`.

Not proposed: the CSS income ceilings, still those of 1 April 2024 in OpenFisca-France 176.1.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cafedemarches.content.bundle import Content
from cafedemarches.errors import Problem

_FAMILY = "prestations_sociales/prestations_familiales"
_MINIMA = "prestations_sociales/solidarite_insertion/minima_sociaux"
_ASPA = "prestations_sociales/solidarite_insertion/minimum_vieillesse/aspa/montant_maximum_annuel"
_ASS = "chomage/allocations_assurance_chomage/ass"


@dataclass(frozen=True)
class AmountSpec:
    checklist: str
    id: str
    label: str
    parameters: tuple[str, ...]  # parameter files, relative to openfisca_france/parameters
    compute: Callable[[list[float]], float]
    revalued: tuple[int, int]  # (month, day) of the yearly revaluation
    unit: str = "par mois"


def _monthly_of_yearly(values: list[float]) -> float:
    """A yearly amount as the monthly amount the caisses print: cut to the cent."""
    return math.floor(values[0] / 12 * 100 + 1e-6) / 100


def _product(values: list[float]) -> float:
    return round(values[0] * values[1], 2)


def _value(values: list[float]) -> float:
    return values[0]


def _thirty_days(values: list[float]) -> float:
    """A daily amount over a month of 30 days, as France Travail and service-public.fr count."""
    return round(values[0] * 30, 2)


SPECS: tuple[AmountSpec, ...] = (
    AmountSpec(
        "rsa",
        "rsa_personne_seule",
        "Montant pour une personne seule sans enfant ni ressources, un peu moins si elle est logée gratuitement ou reçoit l'aide au logement",
        (f"{_MINIMA}/rsa/rsa_m/montant_de_base_du_rsa",),
        _value,
        (4, 1),
    ),
    AmountSpec(
        "prime-activite",
        "prime_activite_forfait",
        "Montant forfaitaire pour une personne seule, d'où la prime part",
        (f"{_MINIMA}/ppa/pa_m/montant_de_base",),
        _value,
        (4, 1),
    ),
    AmountSpec(
        "aah",
        "aah_maximum",
        "Montant maximal, pour une personne sans autres ressources",
        ("prestations_sociales/prestations_etat_de_sante/invalidite/aah/montant",),
        _value,
        (4, 1),
    ),
    AmountSpec(
        "asf",
        "asf_par_enfant",
        "Montant par enfant privé de l'aide d'un parent",
        (
            f"{_FAMILY}/education_presence_parentale/asf/montant_asf/orphelin_assimile_seul_parent",
            f"{_FAMILY}/bmaf/bmaf",
        ),
        _product,
        (4, 1),
    ),
    AmountSpec(
        "aspa",
        "aspa_personne_seule",
        "Montant maximal pour une personne seule",
        (f"{_ASPA}/personnes_seules",),
        _monthly_of_yearly,
        (1, 1),
    ),
    AmountSpec(
        "aspa",
        "aspa_couple",
        "Montant maximal pour un couple",
        (f"{_ASPA}/couples",),
        _monthly_of_yearly,
        (1, 1),
    ),
    AmountSpec(
        "ass",
        "ass_par_jour",
        "Montant à taux plein, par jour, pour une personne sans autres ressources",
        (f"{_ASS}/montant_plein",),
        _value,
        (4, 1),
        "par jour",
    ),
    AmountSpec(
        "ass",
        "ass_mois_30_jours",
        "Montant à taux plein pour un mois de 30 jours",
        (f"{_ASS}/montant_plein",),
        _thirty_days,
        (4, 1),
    ),
    # The income ceilings: 70 and 110 times the daily amount (code du travail, R5423-1). The
    # model's own `plafond_ressources_mensuel` stops in 2020: the multiples are read instead.
    AmountSpec(
        "ass",
        "ass_plafond_personne_seule",
        "Plafond pour une personne seule : ses ressources du mois plus l'ASS ne dépassent pas ce montant",
        (f"{_ASS}/montant_plein", f"{_ASS}/plaf_seul"),
        _product,
        (4, 1),
    ),
    AmountSpec(
        "ass",
        "ass_plafond_couple",
        "Plafond pour un couple : les ressources du couple plus l'ASS ne dépassent pas ce montant",
        (f"{_ASS}/montant_plein", f"{_ASS}/plaf_coup"),
        _product,
        (4, 1),
    ),
)


@dataclass(frozen=True)
class ModelAmount:
    spec: AmountSpec
    value: float
    start: dt.date  # since when the value is in force
    end: dt.date  # the day before the next revaluation
    reference: str  # the decree or circular
    source: str  # its address
    version: str


class ParametersUnavailable(Exception):
    """OpenFisca-France's parameters cannot be read (the reason in French)."""


@cache
def _parameters_folder() -> Path:
    spec = importlib.util.find_spec("openfisca_france")  # found, not imported
    if spec is None or spec.origin is None:
        raise ParametersUnavailable("OpenFisca-France n'est pas installé")
    return Path(spec.origin).parent / "parameters"


@cache
def model_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"OpenFisca-France {version('openfisca-france')}"
    except PackageNotFoundError:
        return "OpenFisca-France (version inconnue)"


@cache
def _parameter(path: str) -> Any:
    """One parameter, from its own file or from the index of its folder."""
    from openfisca_core.parameters import load_parameter_file

    folder = _parameters_folder()
    file = folder / f"{path}.yaml"
    if file.is_file():
        return load_parameter_file(str(file), path.rsplit("/", 1)[-1])
    parent, name = path.rsplit("/", 1)
    node = load_parameter_file(str(folder / parent / "index.yaml"), parent.rsplit("/", 1)[-1])
    return getattr(node, name)


def _start(parameter: Any, day: dt.date) -> dt.date:
    """The first day of the value in force on `day`."""
    starts = [dt.date.fromisoformat(v.instant_str) for v in parameter.values_list]
    return max(s for s in starts if s <= day)


def _reference(parameter: Any, start: dt.date) -> tuple[str, str]:
    references = parameter.metadata.get("reference", {}) or {}
    found = references.get(start.isoformat())
    if isinstance(found, list):
        found = found[0] if found else None
    if not isinstance(found, dict):
        return "", ""
    return str(found.get("title", "")), str(found.get("href", ""))


def _next_revaluation(start: dt.date, revalued: tuple[int, int]) -> dt.date:
    month, day = revalued
    candidate = dt.date(start.year, month, day)
    if candidate <= start:
        candidate = dt.date(start.year + 1, month, day)
    return candidate - dt.timedelta(days=1)


def model_amount(spec: AmountSpec, day: dt.date) -> ModelAmount:
    """The amount in force on `day`, from the installed parameters."""
    try:
        parameters = [_parameter(path) for path in spec.parameters]
    except (ImportError, OSError, AttributeError) as exc:
        raise ParametersUnavailable(
            f"paramètre introuvable dans {model_version()} ({spec.parameters[0]})"
        ) from exc
    values = [float(p(day.isoformat())) for p in parameters]
    starts = [_start(p, day) for p in parameters]
    start = max(starts)
    newest = parameters[starts.index(start)]
    reference, source = _reference(newest, start)
    return ModelAmount(
        spec,
        spec.compute(values),
        start,
        _next_revaluation(start, spec.revalued),
        reference,
        source,
        model_version(),
    )


def euros(value: float) -> str:
    """651.69 → « 651,69 € » ; 1043.59 → « 1 043,59 € »."""
    whole, cents = f"{value:.2f}".split(".")
    groups = re.sub(r"(?<=\d)(?=(\d{3})+$)", " ", whole)
    return f"{groups},{cents} €"


def parse_euros(text: str) -> float | None:
    """The first amount in a text (« 1 043,59 € par mois » → 1043.59), or None."""
    found = re.search(r"(\d[\d  ]*(?:,\d+)?)\s*€", text)
    if found is None:
        return None
    digits = re.sub(r"[  ]", "", found.group(1)).replace(",", ".")
    return float(digits)


def proposal(spec: AmountSpec, day: dt.date) -> dict[str, Any]:
    """The `montants:` entry for a checklist, as its YAML reads."""
    amount = model_amount(spec, day)
    return {
        "id": spec.id,
        "libelle": spec.label,
        "valeur": f"{euros(amount.value)} {spec.unit}",
        "du": amount.start,
        "au": amount.end,
        "source": amount.source,
        "reference": f"{amount.reference} ; {amount.version}",
    }


def amount_warnings(content: Content) -> list[Problem]:
    """A warning for each checklist amount that differs from the model's for the same date
    (its `du`); nothing when OpenFisca-France is not installed."""
    specs = {(s.checklist, s.id): s for s in SPECS}
    problems: list[Problem] = []
    for checklist in content.checklists.values():
        doc = content.source_of("checklist", checklist.id)
        for index, amount in enumerate(checklist.montants):
            spec = specs.get((checklist.id, amount.id))
            written = parse_euros(amount.valeur)
            if spec is None or written is None or doc is None:
                continue
            try:
                model = model_amount(spec, amount.du)
            except ParametersUnavailable:
                return []
            if abs(model.value - written) > 0.005:
                problem = doc.problem(
                    f"montant « {amount.id} » : {euros(written)} ici, {euros(model.value)} "
                    f"d'après {model.version} au {amount.du:%d/%m/%Y} ({model.reference}) ; "
                    "« cafedemarches demarches montants » propose la bonne valeur",
                    ("montants", index, "valeur"),
                )
                problems.append(problem._replace(warning=True))
    return problems
