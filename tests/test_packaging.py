"""An installed kit finds its checklists and letters without the repository."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_wheel_ships_the_content_and_the_assets(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    wheel = next(tmp_path.glob("cafedemarches-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in [*ROOT.glob("checklists/*.yaml"), *ROOT.glob("letters/*.yaml")]:
        assert f"cafedemarches/_content/{shipped.parent.name}/{shipped.name}" in names
    assert "cafedemarches/render/assets/base.css" in names
    assert "cafedemarches/render/templates/sheet.html" in names
