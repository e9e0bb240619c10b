"""The environment of a real-terminal session: its own home, the test content, a fake printer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contenu"


@pytest.fixture
def terminal_env(tmp_path: Path, kit_home: Path) -> dict[str, str]:
    (kit_home / "config.yaml").write_text(
        f"lieu: Marché du mardi\ndossiers_contenu: ['{FIXTURES}']\n", encoding="utf-8"
    )
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    printed = tmp_path / "imprime.pdf"
    lp = fake_bin / "lp"
    lp.write_text(f'#!/bin/sh\ncp "$1" "{printed}"\n', encoding="utf-8")
    lp.chmod(0o755)
    return {
        **os.environ,
        "CAFEDEMARCHES_HOME": str(kit_home),
        "PATH": f"{fake_bin}:{os.environ['PATH']}",
        "TERM": "xterm",
        # pexpect does not answer prompt_toolkit's cursor-position requests: without this, each
        # question waits about a second for an answer that never comes.
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "COLUMNS": "100",
        "LINES": "40",
    }
