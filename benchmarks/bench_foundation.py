"""Fondation : démarrage (--help) et vérification du contenu, contre leurs références."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from benchmarks.common import (
    BARE_TYPER_APP,
    ROOT,
    Ratio,
    cafedemarches,
    python,
    script,
    time_interleaved,
)

GENERATED = 100
FIXTURE = ROOT / "tests" / "fixtures" / "contenu" / "checklists" / "essai-logement.yaml"

LOAD_WITH_C_LOADER = """
import sys
from pathlib import Path
import yaml
for folder in sys.argv[1:]:
    for path in sorted(Path(folder).rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


def generate_checklists(folder: Path, count: int = GENERATED) -> Path:
    """`count` valid checklists, each with its own id and question ids."""
    target = folder / "generated" / "checklists"
    target.mkdir(parents=True)
    text = FIXTURE.read_text(encoding="utf-8")
    for i in range(count):
        copy = text.replace("id: essai-logement", f"id: genere-{i}")
        copy = re.sub(r"\be_(age|logement|etudiant)\b", rf"g{i}_\1", copy)
        (target / f"genere-{i}.yaml").write_text(copy, encoding="utf-8")
    return target.parent


def _first_run(command: list[str], home: Path) -> float:
    """Wall time of one run with an empty cache (a new kit folder)."""
    import os
    import subprocess
    import time

    start = time.perf_counter()
    subprocess.run(
        command,
        check=True,
        capture_output=True,
        env={**os.environ, "CAFEDEMARCHES_HOME": str(home)},
    )
    return time.perf_counter() - start


def run() -> list[Ratio]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {"CAFEDEMARCHES_HOME": str(folder / "home")}
        bare = script(folder, "bare.py", BARE_TYPER_APP)
        bare_help, our_help = time_interleaved(
            [python(str(bare), "--help"), cafedemarches("--help")], env=env, repeat=10
        )
        generated = generate_checklists(folder)
        loader = script(folder, "load.py", LOAD_WITH_C_LOADER)
        content = [str(ROOT / "checklists"), str(ROOT / "letters"), str(generated)]
        verify_command = cafedemarches("demarches", "verifier", str(generated))
        # A first verification fills the cache (content.cache); the next ones read it back.
        cold = sorted(_first_run(verify_command, folder / f"h{i}") for i in range(3))
        load_only, verify = time_interleaved(
            [python(str(loader), *content), verify_command], env=env
        )
    return [
        Ratio("cafedemarches --help / Typer nu --help", our_help, bare_help, limit=1.2),
        Ratio(
            f"demarches verifier (contenu + {GENERATED} fiches) / chargement YAML C",
            verify,
            load_only,
            limit=3.0,
        ),
        Ratio(
            "demarches verifier, cache vide (pour information) / YAML C",
            cold[1],
            load_only,
            limit=float("inf"),
        ),
    ]
