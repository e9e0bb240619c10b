"""Séance guidée : jusqu'à la première question, et rejeu d'une séance de trois démarches."""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import (
    BARE_TYPER_APP,
    BIN,
    ROOT,
    WEASYPRINT_BASELINE,
    Ratio,
    cafedemarches,
    python,
    script,
    time_interleaved,
)
from cafedemarches.text import count

# The same answers file as the tests (tests/fixtures): one session of three procedures.
ANSWERS = (ROOT / "tests" / "fixtures" / "reponses-trois-demarches.yaml").read_text("utf-8")


def time_to_first_question(env: dict[str, str], bare: list[str], repeat: int = 7) -> list[float]:
    """From launch until the first question (which procedure?) is on the screen of a real
    pseudo-terminal, and `bare` (the baseline) run in turn with it: a burst of load on a
    shared machine slows both sides alike."""
    import os
    import subprocess

    import pexpect

    full_env = {**os.environ, **env}
    ours, baseline = [], []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        child = pexpect.spawn(
            str(BIN / "cafedemarches"),
            [],  # `cafedemarches` alone, as a volunteer starts it
            env=full_env,
            encoding="utf-8",
            dimensions=(40, 100),
        )
        child.expect_exact("Quelle démarche", timeout=30)
        ours.append(time.perf_counter() - start)
        child.terminate(force=True)
        start = time.perf_counter()
        subprocess.run(bare, check=True, capture_output=True, env=full_env)
        baseline.append(time.perf_counter() - start)
    return [statistics.median(ours[1:]), statistics.median(baseline[1:])]


def same_html(folder: Path, answers: Path) -> Path:
    """The HTML our replay renders, for the baseline that only runs WeasyPrint."""
    from cafedemarches.content.index import shipped_folders
    from cafedemarches.content.loader import load_content
    from cafedemarches.render.sheet import sheet_html
    from cafedemarches.session.answers import read_answers_file
    from cafedemarches.session.engine import outcome

    content = load_content(shipped_folders(), deep=False)
    replay = read_answers_file(answers, content.checklists)
    html = sheet_html(
        outcome(replay.plan, content.catalogue, replay.answers),
        letters=content.letters,
        day=dt.date.today(),
        content_version=content.version,
    )
    path = folder / "feuille.html"
    path.write_text(html, encoding="utf-8")
    return path


@dataclass
class Prompts:
    """One line of `make bench` for a persona: prompts from start to end, against a goal."""

    label: str
    prompts: int
    twice: int
    limit: int

    @property
    def ratio(self) -> float:
        # Above its limit when over the goal, or when any question is asked twice.
        return self.prompts if not self.twice else self.limit + self.twice

    def line(self) -> str:
        verdict = "ok" if self.ratio <= self.limit else "TROP LONG"
        return (
            f"{self.label:<62} {self.prompts:3d} invites, {count(self.twice, 'question', 'questions')} en double"
            f" (objectif ≤ {self.limit}, aucune en double) {verdict}"
        )


def personas() -> list[Prompts]:
    from benchmarks.personas import PERSONAS, play, question_texts

    texts = question_texts()
    lines = []
    for persona in PERSONAS:
        played = play(persona, texts)
        lines.append(
            Prompts(f"séance : {persona.name}", len(played.asked), played.twice(), persona.goal)
        )
    return lines


def run() -> list[Ratio | Prompts]:
    from cafedemarches.render.pdf import assets_url, base_css

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        home = folder / "home"
        home.mkdir()
        (home / "config.yaml").write_text("lieu: Banc d'essai\n", encoding="utf-8")
        env = {"CAFEDEMARCHES_HOME": str(home)}
        bare = script(folder, "bare.py", BARE_TYPER_APP)
        first_question, bare_help = time_to_first_question(env, python(str(bare), "--help"))
        answers = script(folder, "reponses.yaml", ANSWERS)
        html = same_html(folder, answers)
        css = script(folder, "base.css", base_css())
        baseline = script(folder, "baseline.py", WEASYPRINT_BASELINE)
        replay, render_only = time_interleaved(
            [
                cafedemarches(
                    "accueil", "--reponses", str(answers), "--sortie", str(folder / "out")
                ),
                python(str(baseline), str(html), str(css), assets_url(), str(folder / "b.pdf")),
            ],
            env=env,
        )
    return [
        *personas(),
        Ratio(
            "lancement → première question à l'écran / Typer nu --help",
            first_question,
            bare_help,
            limit=2.0,
        ),
        Ratio(
            "rejeu de 3 démarches → feuille PDF / WeasyPrint seul", replay, render_only, limit=1.3
        ),
    ]
