from __future__ import annotations

from pathlib import Path

import pytest

from cafedemarches.content.index import shipped_folders
from cafedemarches.content.loader import Content, load_content

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contenu"


@pytest.fixture(scope="session")
def content() -> Content:
    loaded = load_content([*shipped_folders(), FIXTURES])
    return loaded


@pytest.fixture
def with_fixture_content(kit_home: Path) -> Path:
    """Configure the kit to use the test checklists on top of the shipped content."""
    (kit_home / "config.yaml").write_text(
        f"lieu: Café d'essai\ndossiers_contenu: ['{FIXTURES}']\n", encoding="utf-8"
    )
    return FIXTURES
