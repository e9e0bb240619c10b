"""Letter tests use the shipped letters and a fixture letter from a coordinator's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"

VALUES = {
    "nom": "Marie Dupont",
    "adresse": "12 rue des Lilas, 38000 Grenoble",
    "service": "Caf de l'Isère",
    "numero_allocataire": "1234567",
    "date_decision": "02/11/2026",
    "montant": "450",
    "motifs": "J'ai déclaré mon emploi le 3 mars 2026.",
    "ville": "Grenoble",
}


@pytest.fixture(autouse=True)
def fixture_letters(kit_home: Path) -> Path:
    (kit_home / "config.yaml").write_text(f"dossiers_contenu:\n  - {FIXTURES}\n", encoding="utf-8")
    return FIXTURES


@pytest.fixture
def letter():  # type: ignore[no-untyped-def]
    from cafedemarches.content.index import content_folders
    from cafedemarches.letters.source import load_letter

    return load_letter("essai-lettre", content_folders([FIXTURES]))


def write_values(path: Path, values: dict[str, object]) -> Path:
    import yaml

    path.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    return path
