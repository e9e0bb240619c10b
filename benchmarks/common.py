"""Helpers shared by the benchmarks: time whole processes, side by side, in one run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The reference the start-up figures are measured against: a bare two-command Typer app.
BARE_TYPER_APP = """
import typer

app = typer.Typer()


@app.command()
def un(nom: str = "a") -> None:
    print(nom)


@app.command()
def deux(nombre: int = 1) -> None:
    print(nombre)


app()
"""

# The reference for PDF figures: import WeasyPrint and render the very same HTML and stylesheet,
# with the same fonts and PDF variant, and nothing else.
WEASYPRINT_BASELINE = """
import sys
import weasyprint
from weasyprint.text.fonts import FontConfiguration
html = open(sys.argv[1], encoding="utf-8").read()
fonts = FontConfiguration()
css = weasyprint.CSS(string=open(sys.argv[2], encoding="utf-8").read(), font_config=fonts)
weasyprint.HTML(string=html, base_url=sys.argv[3]).write_pdf(
    sys.argv[4], stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1"
)
"""


def script(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


BIN = Path(sys.executable).parent


@dataclass
class Ratio:
    """One line of `make bench`: our time against a baseline measured in the same run."""

    label: str
    ours: float
    baseline: float
    limit: float
    unit: str = "ms"  # seconds shown as ms; anything else is shown as measured

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline

    def line(self) -> str:
        # « TROP LENT » for a time; a share or a memory above its limit is « AU-DESSUS ».
        verdict = (
            "ok" if self.ratio <= self.limit else "TROP LENT" if self.unit == "ms" else "AU-DESSUS"
        )
        scale = 1000 if self.unit == "ms" else 1
        limit = (
            f"(limite {self.limit}×) {verdict}" if self.limit != float("inf") else "(sans limite)"
        )
        return (
            f"{self.label:<62} {self.ours * scale:8.0f} {self.unit} / "
            f"{self.baseline * scale:8.0f} {self.unit}"
            f" = {self.ratio:5.2f}× {limit}"
        )


def time_command(
    args: list[str], *, repeat: int = 5, env: dict[str, str] | None = None, cwd: Path | None = None
) -> float:
    """Median wall time of a whole process, after one warm-up run."""
    full_env = {**os.environ, **(env or {})}
    samples = []
    for i in range(repeat + 1):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=full_env, cwd=cwd)
        if i:
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def cafedemarches(*args: str) -> list[str]:
    return [str(BIN / "cafedemarches"), *args]


def time_interleaved(
    commands: list[list[str]], *, repeat: int = 7, env: dict[str, str] | None = None
) -> list[float]:
    """Median wall time of each whole process, the commands run in turn after one warm-up
    round: on a shared machine a burst of load slows every side alike, not only one."""
    full_env = {**os.environ, **(env or {})}
    samples: list[list[float]] = [[] for _ in commands]
    for round_ in range(repeat + 1):
        for i, args in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True, env=full_env)
            if round_:
                samples[i].append(time.perf_counter() - start)
    return [statistics.median(s) for s in samples]
