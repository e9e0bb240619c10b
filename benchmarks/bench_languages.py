"""Feuille bilingue : rejeu de trois démarches avec --langue ar, contre le même rejeu en français."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.bench_session import ANSWERS
from benchmarks.common import Ratio, cafedemarches, script


def interleaved(commands: list[list[str]], env: dict[str, str], repeat: int = 7) -> list[float]:
    """Median wall time of each command, run in turn (one warm-up round): on a shared machine,
    a burst of load slows both sides alike instead of only one."""
    full_env = {**os.environ, **env}
    samples: list[list[float]] = [[] for _ in commands]
    for round_ in range(repeat + 1):
        for i, args in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True, env=full_env)
            if round_:
                samples[i].append(time.perf_counter() - start)
    return [statistics.median(s) for s in samples]


def run() -> list[Ratio]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        home = folder / "home"
        home.mkdir()
        (home / "config.yaml").write_text("lieu: Banc d'essai\n", encoding="utf-8")
        answers = script(folder, "reponses.yaml", ANSWERS)
        replay = cafedemarches("accueil", "--reponses", str(answers), "--sortie", str(folder))
        french, arabic = interleaved(
            [replay, [*replay, "--langue", "ar"]], env={"CAFEDEMARCHES_HOME": str(home)}
        )
    return [
        Ratio(
            "rejeu de 3 démarches, feuille français + arabe / français seul",
            arabic,
            french,
            limit=1.5,
        )
    ]
