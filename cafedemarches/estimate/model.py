"""OpenFisca-France, loaded once and asked for many households in one simulation.

The only module that imports OpenFisca. Building the tax-benefit system costs about 4 s of CPU
(it reads some 4 000 parameter files): `load` does it once per process, behind a lock, so the
guided session can start it in the background and the estimate wait for it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

from cafedemarches.estimate.net_to_gross import PensionThresholds
from cafedemarches.estimate.situation import Household, situation

_LOCK = threading.Lock()
_SYSTEM: list[Any] = []

# Benefits computed, by OpenFisca variable: its entity is a family unless listed here.
PERSON_VARIABLES = frozenset({"aah", "ass", "apa_domicile"})
YEARLY_VARIABLES = frozenset({"ars"})


class ModelUnavailable(Exception):
    """OpenFisca-France is not installed or could not be loaded (the reason in French)."""


def load() -> Any:
    """The tax-benefit system, built on first call (thread-safe)."""
    with _LOCK:
        if not _SYSTEM:
            try:
                from openfisca_france import FranceTaxBenefitSystem
            except ImportError as exc:
                raise ModelUnavailable(
                    "OpenFisca-France n'est pas installé (relancez « make install » ou "
                    "« pip install . » dans le dossier du kit)"
                ) from exc
            try:
                _SYSTEM.append(FranceTaxBenefitSystem())
            except Exception as exc:  # a broken install: say so, never a traceback
                raise ModelUnavailable(
                    f"OpenFisca-France n'a pas pu se charger ({type(exc).__name__})"
                ) from exc
        return _SYSTEM[0]


@cache
def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return f"OpenFisca-France {package_version('openfisca-france')}"
    except PackageNotFoundError:
        return "OpenFisca-France (version inconnue)"


def parameters(system: Any, day: dt.date) -> Any:
    return system.parameters(day.isoformat())


def pension_thresholds(system: Any, month: dt.date) -> PensionThresholds:
    seuils = parameters(system, month).prelevements_sociaux.contributions_sociales.csg
    seuils = seuils.remplacement.seuils
    return PensionThresholds(
        first=(
            float(seuils.seuil_rfr1.seuil_rfr1),
            float(seuils.seuil_rfr2.seuil_rfr2),
            float(seuils.seuil_rfr3.seuil_rfr3),
        ),
        half_share=(
            float(seuils.seuil_rfr1.demi_part_suppl_rfr1),
            float(seuils.seuil_rfr2.demi_part_suppl_rfr2),
            float(seuils.seuil_rfr3.demi_part_suppl_rfr3),
        ),
    )


def compute(
    households: Sequence[Household], month: dt.date, variables: Sequence[str]
) -> list[dict[str, float]]:
    """Each variable for each household, in euros a month (`ars`: a year), in one simulation."""
    from openfisca_core.simulation_builder import SimulationBuilder

    system = load()
    data = situation(households, month, pension_thresholds(system, month))
    simulation = SimulationBuilder().build_from_entities(system, data)
    period = f"{month.year:04d}-{month.month:02d}"
    results: list[dict[str, float]] = [{} for _ in households]
    for name in variables:
        when = str(month.year) if name in YEARLY_VARIABLES else period
        values = simulation.calculate(name, when)
        if name in PERSON_VARIABLES:  # the first adult of each household
            persons = list(data["individus"])
            values = [float(values[persons.index(f"h{i}_a1")]) for i in range(len(households))]
        for result, value in zip(results, values, strict=True):
            result[name] = float(value)
    return results


_WARMING: list[threading.Thread] = []


def start_loading(month: dt.date, variables: Sequence[str]) -> None:
    """Build the tax-benefit system and run a first simulation in a background thread (the
    first one costs several seconds more than the next): a guided session starts it after its
    first answer, and an estimate asked at the end finds the model warm. Errors are kept for
    `wait_until_loaded`, which the estimate calls."""
    if _WARMING:  # started once per process (the system may be built already: still warm)
        return
    thread = threading.Thread(
        target=_warm_quietly, args=(month, tuple(variables)), name="openfisca", daemon=True
    )
    _WARMING.append(thread)
    thread.start()


def _warm_quietly(month: dt.date, variables: tuple[str, ...]) -> None:
    import contextlib

    with contextlib.suppress(Exception):  # told by `load` when the estimate is asked
        compute([Household(age=40)], month, variables)


def wait_until_loaded() -> None:
    """Wait for the background warm-up, if any (simulations do not run side by side)."""
    for thread in _WARMING:
        thread.join()


def loading() -> bool:
    return any(thread.is_alive() for thread in _WARMING)
