"""One discovery: a letter in a coordinator's folder is seen by every command alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cafedemarches.content.index import (
    content_folders,
    discover,
    file_kind,
    files_of_kind,
    shipped_folders,
)

LETTER = Path(__file__).parents[1] / "letters" / "fixtures" / "letters" / "essai-lettre.yaml"
CHECKLIST = (
    Path(__file__).parents[1] / "fixtures" / "contenu" / "checklists" / "essai-logement.yaml"
)


@pytest.fixture
def local_folder(kit_home: Path, tmp_path: Path) -> Path:
    """A coordinator's folder from config, with a letter two levels down: region/letters/."""
    folder = tmp_path / "fiches-isere"
    letters = folder / "region" / "letters"
    letters.mkdir(parents=True)
    text = LETTER.read_text(encoding="utf-8").replace("id: essai-lettre", "id: lettre-region")
    (letters / "lettre-region.yaml").write_text(text, encoding="utf-8")
    (kit_home / "config.yaml").write_text(f"dossiers_contenu: ['{folder}']\n", encoding="utf-8")
    return folder


def test_letter_in_a_nested_letters_folder_is_seen_by_lettres_liste(cli, local_folder) -> None:
    result = cli("lettres", "liste", "--json")
    assert result.exit_code == 0, result.stderr
    assert "lettre-region" in {item["id"] for item in json.loads(result.stdout)}


def test_letter_in_a_nested_letters_folder_is_seen_by_lettres_voir(cli, local_folder) -> None:
    result = cli("lettres", "voir", "lettre-region", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "lettre-region"


def test_letter_in_a_nested_letters_folder_is_seen_by_the_verifier(cli, local_folder) -> None:
    shipped = len(files_of_kind(shipped_folders(), "letter"))
    result = cli("demarches", "verifier")
    assert result.exit_code == 0, result.stderr
    assert f"{shipped + 1} courriers" in result.stdout  # the shipped ones and this one


def test_letter_in_a_nested_letters_folder_is_seen_by_the_session(local_folder) -> None:
    from cafedemarches.cli.context import settings
    from cafedemarches.content.loader import load_checked_content

    content = load_checked_content(settings()[1].dossiers_contenu, strict=False)
    assert "lettre-region" in content.letters


def test_a_letter_is_known_by_its_folder_or_its_corps_key(tmp_path: Path) -> None:
    assert file_kind(tmp_path / "courriers" / "x.yaml") == "letter"
    assert file_kind(tmp_path / "x.yaml", "id: x\ncorps: |\n  Bonjour\n") == "letter"
    assert file_kind(tmp_path / "x.yaml", "id: x\ntexte: le corps: rien\n") == "checklist"
    assert file_kind(tmp_path / "letters" / "_documents.yaml") == "catalogue"
    assert file_kind(tmp_path / "_reperage.yaml") == "reperage"


def test_a_file_reached_twice_is_found_once(tmp_path: Path) -> None:
    (tmp_path / "checklists").mkdir()
    path = tmp_path / "checklists" / "essai-logement.yaml"
    path.write_text(CHECKLIST.read_text(encoding="utf-8"), encoding="utf-8")
    found = discover([tmp_path, path, tmp_path / "checklists"])
    assert [f.path for f in found] == [path]


def test_later_folders_override_earlier_ones_by_id(tmp_path: Path) -> None:
    (tmp_path / "letters").mkdir()
    mine = tmp_path / "letters" / "recours-amiable.yaml"
    mine.write_text("corps: x\n", encoding="utf-8")
    assert files_of_kind(content_folders([tmp_path]), "letter")["recours-amiable"] == mine


def test_no_other_module_walks_content_folders() -> None:
    """One walk: only content/index.py lists YAML files in folders."""
    package = Path(__file__).parents[2] / "cafedemarches"
    walkers = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if any(
            marker in path.read_text(encoding="utf-8")
            for marker in ("rglob(", 'glob("*.y', "glob('*.y", "os.walk(")
        )
    )
    # Translations too are found by this walk (issue #20: a coordinator's `traductions/`).
    assert walkers == ["content/index.py"]
