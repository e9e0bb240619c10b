"""Lettres : remplir une lettre depuis un fichier de valeurs, contre WeasyPrint seul."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from benchmarks.common import (
    ROOT,
    WEASYPRINT_BASELINE,
    Ratio,
    cafedemarches,
    python,
    script,
    time_interleaved,
)

LETTER = "recours-amiable"


def _values(folder: Path) -> Path:
    import yaml

    from cafedemarches.letters.source import read_letter

    letter = read_letter(ROOT / "letters" / f"{LETTER}.yaml")
    values = {f.id: f.exemple for f in letter.champs if f.exemple}
    path = folder / "valeurs.yaml"
    path.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    return path


def _same_html(folder: Path, values_file: Path) -> tuple[Path, Path]:
    """The exact HTML and stylesheet our command renders, for the baseline script."""
    from cafedemarches.letters.source import read_letter
    from cafedemarches.letters.template import fill_letter
    from cafedemarches.letters.values import read_values_file
    from cafedemarches.render.letter import letter_html
    from cafedemarches.render.pdf import base_css

    letter = read_letter(ROOT / "letters" / f"{LETTER}.yaml")
    values = read_values_file(values_file, letter)
    html = folder / "lettre.html"
    html.write_text(letter_html(fill_letter(letter, values, today=dt.date.today())), "utf-8")
    css = folder / "base.css"
    css.write_text(base_css(), encoding="utf-8")
    return html, css


def run() -> list[Ratio]:
    from cafedemarches.render.pdf import assets_url

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        values = _values(folder)
        html, css = _same_html(folder, values)
        baseline_script = script(folder, "baseline.py", WEASYPRINT_BASELINE)
        env = {"CAFEDEMARCHES_HOME": str(folder / "home")}
        baseline, ours = time_interleaved(
            [
                python(
                    str(baseline_script), str(html), str(css), assets_url(), str(folder / "b.pdf")
                ),
                cafedemarches(
                    "lettres",
                    "remplir",
                    LETTER,
                    "--valeurs",
                    str(values),
                    "--sortie",
                    str(folder / "o.pdf"),
                    "--remplacer",  # the same file each time: a file is replaced only when asked
                ),
            ],
            env=env,
        )
    return [
        Ratio("lettres remplir --valeurs --sortie (processus entier)", ours, baseline, limit=1.15)
    ]
