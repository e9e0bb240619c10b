"""Bilan publié : part des cases publiées, et temps du premier bilan publié d'un lieu.

- « part des cases publiées »: on a generated year like an association's (about 30 sessions a
  month over three sites, a few procedures frequent and many rare), the share of the cells of
  the published June bilan that carry a number, for all sites (goal ≥ 80 %) and for the
  largest site (goal ≥ 60 %); the headline figures must be numbers. Shown as the share of
  hidden cells against the share allowed (20 %, 40 %).
- the first `bilan --publier --lieu` (nothing in the cache) against `bilan --lieu` (exact,
  same month), on that register and on 200,000 lines over 40 sites: at most 8 times.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import subprocess
import tempfile
import uuid
from pathlib import Path

from benchmarks.bench_tally import _program, generate
from benchmarks.common import ROOT, Ratio, time_command, time_interleaved

MONTH = "2026-06"
SITES = [("Café du Coin", 0.5), ("Marché de l'Estacade", 0.3), ("Centre social Verdi", 0.2)]
# (procedure, theme, weight): a few frequent, many rare, as in a real register.
PROCEDURES = [
    ("rsa", "social_sante", 14),
    ("prime-activite", "social_sante", 12),
    ("aide-logement", "logement", 11),
    ("complementaire-sante-solidaire", "social_sante", 7),
    ("compte-caf", "autre", 6),
    ("aah", "social_sante", 4),
    ("cheque-energie", "logement", 3),
    ("asf", "famille_scolarite", 3),
    ("ars", "famille_scolarite", 2),
    ("domiciliation", "papiers_citoyennete", 2),
    ("contester-decision", "justice", 1),
    ("carte-mobilite-inclusion", "social_sante", 1),
]
ISSUES = {
    "faite": 40,
    "a_terminer": 20,
    "rendez_vous": 12,
    "orientee": 10,
    "information": 12,
    "non_eligible": 4,
    "abandon": 2,
}
FIELDS = {
    "orientation": {
        "aucune": 60,
        "caf": 15,
        "ccas": 8,
        "france_services": 7,
        "cpam": 5,
        "autre": 5,
    },
    "autonomie": {
        "accompagnee": 45,
        "partiellement_autonome": 30,
        "autonome": 15,
        "non_communique": 10,
    },
    "duree": {"moins_15": 10, "15_30": 35, "30_60": 40, "plus_60": 10, "non_communique": 5},
    "premiere_visite": {"oui": 45, "non": 50, "non_communique": 5},
    "tranche_age": {
        "moins_18": 1,
        "18_24": 12,
        "25_39": 30,
        "40_59": 32,
        "60_69": 13,
        "70_plus": 8,
        "non_communique": 4,
    },
    "statut": {
        "scolarise_etudiant": 6,
        "sans_emploi": 45,
        "en_emploi": 25,
        "retraite": 16,
        "non_communique": 8,
    },
}


def association_year(path: Path, seed: int = 7, per_month: int = 30) -> None:
    """The year up to June 2026 of an association's register: about `per_month` sessions a
    month over three sites, one to three procedures a session."""
    from cafedemarches.tally.model import FIELDS as COLUMNS
    from cafedemarches.tally.model import SESSION_FIELDS

    rng = random.Random(seed)

    def pick(weights: dict[str, int]) -> str:
        return rng.choices(list(weights), list(weights.values()))[0]

    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for index in range(2025 * 12 + 6, 2026 * 12 + 6):  # July 2025 to June 2026
            year, month = divmod(index, 12)
            for _ in range(max(0, round(rng.gauss(per_month, 4)))):
                day = dt.date(year, month + 1, rng.randint(1, 28)).isoformat()
                site = rng.choices([s for s, _ in SITES], [w for _, w in SITES])[0]
                session = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                shared = [pick(FIELDS[name]) for name in SESSION_FIELDS]
                count = rng.choice((1, 1, 1, 2, 2, 3))
                chosen: list[tuple[str, str]] = []
                while len(chosen) < count:
                    name, theme, _ = rng.choices(PROCEDURES, [w for *_, w in PROCEDURES])[0]
                    if (name, theme) not in chosen:
                        chosen.append((name, theme))
                for name, theme in chosen:
                    writer.writerow([session, day, site, name, theme, pick(ISSUES), *shared])


def _run(args: list[str], env: dict[str, str]) -> str:
    import os

    done = subprocess.run(
        args, check=True, capture_output=True, text=True, env={**os.environ, **env}
    )
    return done.stdout


def published_share(data: dict[str, object]) -> tuple[float, bool]:
    """The share of the cells of a published JSON bilan that carry a number, and whether its
    headline figures are numbers."""
    cells: list[object] = [data["seances"], data["demarches"], data["premieres_visites"]]
    for table in data["tableaux"]:  # type: ignore[attr-defined]
        for row in table["lignes"]:
            cells.extend(row["valeurs"])
        cells.extend(table["total"] or [])
    numbers = sum(isinstance(c, int) for c in cells)
    headline = all(isinstance(data[k], int) for k in ("seances", "demarches", "premieres_visites"))
    return numbers / len(cells), headline


def _home(base: Path, name: str, csv_path: Path) -> dict[str, str]:
    env = {"PYTHONPATH": str(ROOT), "CAFEDEMARCHES_HOME": str(base / name)}
    _run(_program("registre", "importer", str(csv_path)), env)
    return env


def _first_publish(env: dict[str, str], lieu: str, rounds: int = 3) -> float:
    """The median time of a first `bilan --publier --lieu` (its kept decisions removed)."""
    import statistics
    import time

    times = []
    for _ in range(rounds):
        for kept in Path(env["CAFEDEMARCHES_HOME"]).rglob("masquage-*"):
            kept.unlink()
        start = time.perf_counter()
        _run(_program("bilan", "--mois", MONTH, "--lieu", lieu, "--publier"), env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> list[Ratio]:
    ratios: list[Ratio] = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        small = base / "association.csv"
        association_year(small)
        env = _home(base, "association", small)
        for lieu, allowed in ((None, 20.0), (SITES[0][0], 40.0)):
            where = ["--lieu", lieu] if lieu else []
            data = json.loads(
                _run(
                    _program("bilan", "--mois", MONTH, "--publier", "--format", "json", *where),
                    env,
                )
            )
            share, headline = published_share(data)
            label = f"cases masquées, juin, {lieu or 'tous lieux'}"
            if not headline:
                label += " (CHIFFRES CLÉS MASQUÉS)"
            ratios.append(Ratio(label, 100 * (1 - share), allowed, 1.0 if headline else 0.0, "%"))
        big = base / "reseau.csv"
        generate(big, 200_000, seed=5, days=365)
        big_env = _home(base, "reseau", big)
        for name, home, lieu in (
            ("association, 3 lieux", env, SITES[0][0]),
            ("200 000 lignes, 40 lieux", big_env, "Café 3"),
        ):
            exact = time_command(_program("bilan", "--mois", MONTH, "--lieu", lieu), env=home)
            first = _first_publish(home, lieu)
            ratios.append(
                Ratio(f"1er bilan --publier --lieu / bilan --lieu ({name})", first, exact, 8.0)
            )
            again = time_interleaved(
                [
                    _program("bilan", "--mois", MONTH, "--lieu", lieu, "--publier"),
                    _program("bilan", "--mois", MONTH, "--lieu", lieu),
                ],
                repeat=3,
                env=home,
            )
            ratios.append(
                Ratio(f"bilan --publier --lieu relu / bilan --lieu ({name})", *again, 2.0)
            )
    return ratios
