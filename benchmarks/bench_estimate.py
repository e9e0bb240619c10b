"""Estimations (OpenFisca-France) : première question avec le modèle en arrière-plan, dernière
réponse → estimations, et `estimer` à froid contre un script OpenFisca nu."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import BIN, Ratio, cafedemarches, python, script

PERSONA = """\
reponses:
  age: 24
  en_couple: false
  enfants_a_charge: 1
  enfants_moins_3: 1
  enfant_6_18: false
  enceinte: false
  logement: locataire
  loyer: 480
  code_postal: "38000"
  revenus_activite: 650
  autres_revenus: 0
  pension_alimentaire: 0
  nationalite: francaise
  handicap: false
"""

# The same work without the kit: build the system, one simulation of the same two households
# (the estimate and its « 10 % less income » twin), the same variables.
BARE_OPENFISCA = """\
import json, sys
from openfisca_france import FranceTaxBenefitSystem
from openfisca_core.simulation_builder import SimulationBuilder
system = FranceTaxBenefitSystem()
data = json.load(open(sys.argv[1], encoding="utf-8"))
simulation = SimulationBuilder().build_from_entities(system, data["situation"])
for name in data["variables"]:
    simulation.calculate(name, data["year"] if name == "ars" else data["month"])
"""

PEAK = """\
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def first_question(env: dict[str, str], repeat: int = 5) -> tuple[float, float, float, float]:
    """Launch → first question, and first answer → second question, with the model warming in
    the background and without (CAFEDEMARCHES_MODELE=non), run in turn."""
    import os

    import pexpect

    samples: dict[str, list[float]] = {"on": [], "off": [], "on2": [], "off2": []}
    for round_ in range(repeat + 1):
        for side, extra in (("on", {}), ("off", {"CAFEDEMARCHES_MODELE": "non"})):
            start = time.perf_counter()
            child = pexpect.spawn(
                str(BIN / "cafedemarches"),
                [],
                env={**os.environ, **env, **extra},
                encoding="utf-8",
                dimensions=(40, 100),
            )
            child.expect_exact("Quelle démarche", timeout=60)
            first = time.perf_counter() - start
            child.send("rsa")
            time.sleep(0.3)
            start = time.perf_counter()
            child.send("\r")
            child.expect_exact("Une autre démarche", timeout=60)
            second = time.perf_counter() - start
            child.terminate(force=True)
            if round_:
                samples[side].append(first)
                samples[side + "2"].append(second)
    on, off, on2, off2 = (statistics.median(samples[k]) for k in ("on", "off", "on2", "off2"))
    return on, off, on2, off2


def last_answer_to_estimates() -> tuple[float, float]:
    """In one process, as in a session: the model warmed in the background, then the estimate
    (two households, one simulation) against a bare second simulation of the same household."""
    import yaml
    from openfisca_core.simulation_builder import SimulationBuilder

    from cafedemarches.estimate import model
    from cafedemarches.estimate.benefits import BENEFITS
    from cafedemarches.estimate.estimator import estimate, household, lower_income
    from cafedemarches.estimate.situation import situation

    answers = yaml.safe_load(PERSONA)["reponses"]
    day = dt.date(2026, 11, 20)
    month = dt.date(2026, 11, 1)
    variables = [b.variable for b in BENEFITS]
    model.start_loading(month, variables)
    model.wait_until_loaded()
    start = time.perf_counter()
    estimate(answers, day)
    ours = time.perf_counter() - start
    system = model.load()
    person, _ = household(answers)
    twins = [person, lower_income(person)]  # the same two households as the estimate
    data = situation(twins, month, model.pension_thresholds(system, month))
    start = time.perf_counter()
    simulation = SimulationBuilder().build_from_entities(system, data)
    for name in variables:
        simulation.calculate(name, "2026" if name == "ars" else "2026-11")
    bare = time.perf_counter() - start
    return ours, bare


def run() -> list[Ratio]:
    import os
    import subprocess

    import yaml

    from cafedemarches.estimate import model
    from cafedemarches.estimate.benefits import BENEFITS
    from cafedemarches.estimate.estimator import household, lower_income
    from cafedemarches.estimate.situation import situation

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        home = folder / "home"
        home.mkdir()
        (home / "config.yaml").write_text("lieu: Banc d'essai\n", encoding="utf-8")
        env = {"CAFEDEMARCHES_HOME": str(home)}
        on, off, on2, off2 = first_question(env)
        answers_file = script(folder, "reponses.yaml", PERSONA)
        person, _ = household(yaml.safe_load(PERSONA)["reponses"])
        month = dt.date.today().replace(day=1)
        system_free = situation(
            [person, lower_income(person)], month, model.pension_thresholds(model.load(), month)
        )
        data = script(
            folder,
            "situation.json",
            json.dumps(
                {
                    "situation": system_free,
                    "variables": [b.variable for b in BENEFITS],
                    "month": f"{month:%Y-%m}",
                    "year": f"{month:%Y}",
                }
            ),
        )
        bare = script(folder, "bare.py", BARE_OPENFISCA)
        peak = script(folder, "peak.py", PEAK)
        full_env = {**os.environ, **env}
        ours_s, bare_s, ours_kb, bare_kb = [], [], [], []
        for round_ in range(4):
            for args, times, memory in (
                (cafedemarches("estimer", "--reponses", str(answers_file)), ours_s, ours_kb),
                (python(str(bare), str(data)), bare_s, bare_kb),
            ):
                start = time.perf_counter()
                done = subprocess.run(
                    python(str(peak), *args),
                    check=True,
                    capture_output=True,
                    text=True,
                    env=full_env,
                )
                if round_:
                    times.append(time.perf_counter() - start)
                    memory.append(int(done.stdout.strip()))
    warm, bare_warm = last_answer_to_estimates()
    ours_mb = max(ours_kb) / 1024
    return [
        Ratio("première question, modèle en arrière-plan / sans", on, off, limit=1.1),
        Ratio(
            "1re réponse → 2e question, modèle en arrière-plan / sans",
            on2,
            off2,
            limit=float("inf"),
        ),
        Ratio(
            "dernière réponse → estimations (modèle chaud ; objectif 1 s) / simulation nue",
            warm,
            bare_warm,
            limit=float("inf"),
        ),
        Ratio(
            "estimer --reponses à froid / script OpenFisca nu",
            statistics.median(ours_s),
            statistics.median(bare_s),
            limit=1.2,
        ),
        Ratio(
            "estimer : mémoire maximale / 400 Mo",
            ours_mb,
            400.0,
            limit=1.0,
            unit="Mo",
        ),
        Ratio(
            "script OpenFisca nu : mémoire maximale / 400 Mo",
            max(bare_kb) / 1024,
            400.0,
            limit=1.0,
            unit="Mo",
        ),
    ]
