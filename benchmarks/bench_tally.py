"""Registre et bilan : import d'un million de lignes, bilan d'un mois, une séance notée.

Every figure is a whole process, ours against a plain baseline measured in the same run:
- `registre importer` of a 1,000,000-line CSV against a plain sqlite3 script inserting the same
  rows with executemany in one transaction into a table keyed like the register, one line per
  procedure of a session (`PRIMARY KEY (id, demarche)`, a random UUID first), and no checks;
- `bilan --mois` on that register against a plain sqlite3 script running the very same
  aggregate queries (`cafedemarches.tally.summary.statements`), and the peak memory of `bilan`
  on that register against a register ten times smaller;
- `registre ajouter` against a bare two-command Typer app's `--help`.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.common import BIN, ROOT, Ratio, python, time_command

LINES = int(os.environ.get("BENCH_TALLY_LINES", "1000000"))
# The 10-million-line figures take well over five minutes here: only with BENCH_TALLY_10M=1.
HUGE = 10 * LINES if os.environ.get("BENCH_TALLY_10M") == "1" else 0
MONTH = "2026-06"

BASELINE_IMPORT = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[2])
conn.execute("CREATE TABLE registre (id, jour, lieu, demarche, theme, issue, orientation, "
             "autonomie, duree, premiere_visite, tranche_age, statut, "
             "PRIMARY KEY (id, demarche))")
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = csv.reader(f)
    next(rows)
    with conn:
        conn.executemany("INSERT INTO registre VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
conn.close()
"""

BASELINE_QUERIES = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
for sql, params in json.loads(sys.argv[2]):
    conn.execute(sql, params).fetchall()
"""

BARE_TYPER = """
import typer
app = typer.Typer()
@app.command()
def un() -> None:
    "Un."
@app.command()
def deux() -> None:
    "Deux."
app()
"""

PROCEDURES = [
    ("rsa", "social_sante"),
    ("prime-activite", "social_sante"),
    ("aide-logement", "logement"),
    ("aah", "social_sante"),
    ("complementaire-sante-solidaire", "social_sante"),
    ("asf", "famille_scolarite"),
    ("ars", "famille_scolarite"),
    ("contester-decision", "justice"),
    ("cheque-energie", "logement"),
    ("domiciliation", "papiers_citoyennete"),
    ("compte-caf", "autre"),
]


def generate(path: Path, lines: int, seed: int = 1, days: int = 365) -> None:
    """A network's year (or `days`): sessions of 1 to 3 procedures over 40 sites, in date order."""
    from cafedemarches.tally.model import CHOICES, FIELDS, SESSION_FIELDS

    rng = random.Random(seed)
    choices = {k: list(v) for k, v in CHOICES.items()}
    sites = [f"Café {i}" for i in range(40)]
    start = dt.date(2025, 12, 1)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        while written < lines:
            session = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            day = (start + dt.timedelta(days=written * days // lines)).isoformat()
            shared = [rng.choice(choices[k]) for k in SESSION_FIELDS]
            site = rng.choice(sites)
            count = min(rng.choice((1, 1, 1, 2, 2, 3)), lines - written)
            for name, theme in rng.sample(PROCEDURES, count):
                writer.writerow(
                    [session, day, site, name, theme, rng.choice(choices["issue"]), *shared]
                )
                written += 1


def _program(*args: str) -> list[str]:
    script = BIN / "cafedemarches"
    if script.exists():
        return [str(script), *args]
    return python("-m", "cafedemarches", *args)


def _once(args: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def _peak_kib(args: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of one process (KiB), measured by a small wrapper process."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        python("-c", probe, *args),
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    return float(done.stdout.strip())


def run() -> list[Ratio]:
    import json

    from cafedemarches.tally.summary import Period, statements

    ratios: list[Ratio] = []
    env_path = {"PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        big, small = base / "registre.csv", base / "petit.csv"
        generate(big, LINES)
        generate(small, LINES // 10, seed=2)
        home, small_home = base / "home", base / "petit"
        importer = _program("registre", "importer", str(big))
        ours = statistics.median(
            _once(importer, {**env_path, "CAFEDEMARCHES_HOME": str(base / f"h{i}")})
            for i in range(2)
        )
        _once(importer, {**env_path, "CAFEDEMARCHES_HOME": str(home)})
        _once(
            _program("registre", "importer", str(small)),
            {**env_path, "CAFEDEMARCHES_HOME": str(small_home)},
        )
        plain = statistics.median(
            _once(python("-c", BASELINE_IMPORT, str(big), str(base / f"plain{i}.db")))
            for i in range(2)
        )
        ratios.append(Ratio(f"registre importer ({LINES:,} lignes)", ours, plain, 1.5))

        env = {**env_path, "CAFEDEMARCHES_HOME": str(home)}
        queries = [(sql, params) for _, sql, params in statements(Period.month(MONTH), None)]
        ours = time_command(_program("bilan", "--mois", MONTH), env=env)
        month_on_big = ours
        plain = time_command(
            python("-c", BASELINE_QUERIES, str(home / "registre.sqlite3"), json.dumps(queries))
        )
        ratios.append(Ratio(f"bilan --mois {MONTH} (processus entier)", ours, plain, 2.0))

        # --publier for one site: decided once (linear programs, against all sites' report),
        # then read back from the cache while the year's sessions do not change.
        publish = _program("bilan", "--mois", MONTH, "--lieu", "Café 3", "--publier")
        first = _once(publish, env)
        ratios.append(
            Ratio("bilan --publier --lieu, 1re fois / bilan --mois", first, ours, float("inf"))
        )
        again = time_command(publish, env=env)
        ratios.append(
            Ratio("bilan --publier --lieu, relu du cache / bilan --mois", again, ours, 1.5)
        )

        big_peak = _peak_kib(_program("bilan", "--mois", MONTH), env)
        small_peak = _peak_kib(
            _program("bilan", "--mois", MONTH),
            {**env_path, "CAFEDEMARCHES_HOME": str(small_home)},
        )
        ratios.append(
            Ratio(
                "bilan : mémoire max, registre ×10 / registre ×1",
                big_peak,
                small_peak,
                1.2,
                unit="Kio",
            )
        )

        if HUGE:
            ratios.extend(_huge(base, env_path, month_on_big))

        add_home = base / "ajout"
        add_home.mkdir()
        (add_home / "config.yaml").write_text("lieu: Café du Coin\n", encoding="utf-8")
        bare = base / "bare.py"
        bare.write_text(BARE_TYPER, encoding="utf-8")
        ours = time_command(
            _program("registre", "ajouter", "--demarche", "rsa:faite"),
            env={**env_path, "CAFEDEMARCHES_HOME": str(add_home)},
        )
        plain = time_command(python(str(bare), "--help"))
        ratios.append(Ratio("registre ajouter (une séance, processus entier)", ours, plain, 1.3))
    return ratios


def _huge(base: Path, env_path: dict[str, str], month_on_big: float) -> list[Ratio]:
    """`registre importer` of 10 × LINES lines against the plain script on the same file, its
    peak memory against 250 MB, and `bilan --mois` on that register against the LINES one."""
    huge = base / "enorme.csv"
    # Ten times the lines over ten times the days, from the same first day: the month
    # asked holds as many lines as in the smaller register, only the register is larger.
    generate(huge, HUGE, seed=3, days=365 * HUGE // LINES)
    home = base / "enorme"
    env = {**env_path, "CAFEDEMARCHES_HOME": str(home)}
    importer = _program("registre", "importer", str(huge))
    start = time.perf_counter()
    peak = _peak_kib(importer, env)
    ours = time.perf_counter() - start
    plain = _once(python("-c", BASELINE_IMPORT, str(huge), str(base / "enorme-plain.db")))
    month = time_command(_program("bilan", "--mois", MONTH), env=env)
    huge.unlink()
    return [
        Ratio(f"registre importer ({HUGE:,} lignes)", ours, plain, 1.5),
        Ratio(
            f"registre importer ({HUGE:,} lignes) : mémoire max / 250 Mo",
            peak,
            256000,
            1.0,
            unit="Kio",
        ),
        Ratio(
            f"bilan --mois {MONTH} : registre de {HUGE:,} / {LINES:,} lignes",
            month,
            month_on_big,
            1.5,
        ),
    ]
