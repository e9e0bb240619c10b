"""Feuille bilingue : rejeu de trois démarches avec --langue ar, contre le même rejeu en français."""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.bench_session import ANSWERS
from benchmarks.common import Ratio, cafedemarches, script, time_interleaved


def run() -> list[Ratio]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        home = folder / "home"
        home.mkdir()
        (home / "config.yaml").write_text("lieu: Banc d'essai\n", encoding="utf-8")
        answers = script(folder, "reponses.yaml", ANSWERS)
        replay = cafedemarches("accueil", "--reponses", str(answers), "--sortie", str(folder))
        french, arabic = time_interleaved(
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
