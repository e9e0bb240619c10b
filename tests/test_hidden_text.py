"""Issue 23, point 4: no text on screen or in a PDF reads differently from what was typed or
written. Bidi controls and NUL are refused in the site's and association's names, in an
imported register, and nowhere in the shipped content (translations included)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cafedemarches.tally.model import FIELDS

REPO = Path(__file__).resolve().parent.parent
RTL_OVERRIDE = "Café \u202eehcram ud\u202c"  # reads « Café du marché » on screen


@pytest.mark.parametrize("value", [RTL_OVERRIDE, "Café \u2067du marché\u2069", "Café\0 du port"])
def test_site_and_association_names_refuse_hidden_characters(cli, value: str) -> None:
    for option in ("--lieu", "--association"):
        result = cli("config", option, value)
        assert result.exit_code != 0
        assert "U+" in result.stderr and "autrement qu'il est écrit" in result.stderr
        assert "Traceback" not in result.stderr
    assert cli("config", "--json").stdout.count("\u202e") == 0


def test_config_file_with_a_hidden_character_names_its_line(cli, kit_home: Path) -> None:
    (kit_home / "config.yaml").write_text(f"association: Amis\nlieu: {RTL_OVERRIDE}\n")
    result = cli("config")
    assert result.exit_code == 1
    assert f"{kit_home / 'config.yaml'}:2:" in result.stderr and "U+202E" in result.stderr


def _csv(tmp_path: Path, **changes: str) -> Path:
    row = dict.fromkeys(FIELDS, "non_communique")
    row |= {
        "id": "0b0c5c43-4b9e-4a47-9f5e-3a8a4fcae001",
        "jour": "2026-11-05",
        "lieu": "Café du Port",
        "demarche": "rsa",
        "theme": "social_sante",
        "issue": "faite",
        "orientation": "aucune",
    }
    row |= changes
    path = tmp_path / "autre.csv"
    path.write_text(",".join(FIELDS) + "\n" + ",".join(row[f] for f in FIELDS) + "\n")
    return path


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"lieu": "Café\0 du Port"}, "caractère nul"),
        ({"lieu": RTL_OVERRIDE}, "U+202E"),
        ({"jour": "0000-11-05"}, "n'est pas une date"),
        ({"demarche": "rsa\0x"}, "<U+0000>"),  # quoted visibly, never printed raw
    ],
)
def test_import_refuses_hidden_characters_and_the_year_0000(
    cli, tmp_path: Path, changes: dict[str, str], said: str
) -> None:
    source = _csv(tmp_path, **changes)
    result = cli("registre", "importer", str(source))
    assert result.exit_code == 1
    assert said in result.stderr and f"{source}:2" in result.stderr
    assert "\0" not in result.stderr and "\u202e" not in result.stderr
    assert cli("registre", "importer", str(_csv(tmp_path))).exit_code == 0  # the same, clean


def test_shipped_content_and_translations_hold_no_direction_control() -> None:
    """Right-to-left translations get their direction from the markup (`dir="rtl"`)."""
    from cafedemarches.text import HIDDEN

    found = [
        f"{path.relative_to(REPO)}:{n}"
        for folder in ("traductions", "checklists", "letters")
        for path in sorted((REPO / folder).rglob("*.yaml"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if not HIDDEN.isdisjoint(line)
    ]
    assert found == []
    template = (REPO / "cafedemarches" / "render" / "templates" / "sheet.html").read_text()
    assert '[dir="rtl"] { direction: rtl; unicode-bidi: isolate;' in template
