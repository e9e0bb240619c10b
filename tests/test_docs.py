"""The README and the guides (docs/) tell the truth: every command has French help and is
documented in them, and theYAML examples it shows pass `demarches verifier`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from cafedemarches.cli.app import app
from cafedemarches.cli.registry import COMMANDS, CommandEntry

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The guides per reader, which the README links to: checked like it.
GUIDES = ("benevole", "coordinateur", "association", "developpeur")
DOCS = README + "".join(
    (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8") for name in GUIDES
)


def commands() -> list[tuple[str, object]]:
    root = typer.main.get_command(app)
    found = []
    for name in root.list_commands(typer.Context(root)):  # type: ignore[attr-defined]
        command = root.get_command(typer.Context(root), name)  # type: ignore[attr-defined]
        found.append((name, command))
        for sub_name, sub in getattr(command, "commands", {}).items():
            found.append((f"{name} {sub_name}", sub))
    return found


@pytest.mark.parametrize(
    ("name", "command"), commands(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_command_has_french_help_and_is_in_the_readme(name: str, command: object) -> None:
    help_text = getattr(command, "help", None) or getattr(command, "short_help", None)
    assert help_text, f"{name} has no help"
    assert re.search(r"[éèàêç]|\b(le|la|les|un|une|des|du)\b", help_text, re.I), help_text
    assert f"`{name}" in DOCS or f"`cafedemarches {name}" in DOCS or f" {name}" in DOCS, name


@pytest.mark.parametrize("entry", COMMANDS, ids=lambda e: e.name)
def test_the_registry_line_is_the_command_s_own_help(entry: CommandEntry) -> None:
    """`cafedemarches --help` shows the registry's line without loading the command: it must
    say what the command's own help says."""
    root = typer.main.get_command(app)
    command = root.get_command(typer.Context(root), entry.name)  # type: ignore[attr-defined]
    assert command.name == entry.name
    assert (command.help or "").strip().splitlines()[0] == entry.help


def yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOCS, flags=re.S)


def test_the_readme_checklist_and_letter_examples_pass_the_verifier(cli, tmp_path: Path) -> None:
    named = [(re.search(r"^id: (\S+)", b, re.M), b) for b in yaml_blocks()]
    blocks = {found.group(1): b for found, b in named if found}
    assert {"exemple-logement", "exemple-courrier"} <= set(blocks)
    (tmp_path / "letters").mkdir()
    (tmp_path / "checklists").mkdir()
    (tmp_path / "checklists" / "exemple-logement.yaml").write_text(
        blocks["exemple-logement"], "utf-8"
    )
    (tmp_path / "letters" / "exemple-courrier.yaml").write_text(blocks["exemple-courrier"], "utf-8")
    result = cli("demarches", "verifier", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "0 erreur, 0 avertissement" in result.stdout


def test_the_readme_is_short_and_links_every_guide() -> None:
    assert len(README.encode("utf-8")) <= 12 * 1024
    for name in (*GUIDES, "architecture", "sortie", "masquage"):
        assert f"docs/{name}.md" in README, name


@pytest.mark.parametrize("name", [*GUIDES, "architecture", "sortie", "masquage"])
def test_every_relative_link_of_a_guide_leads_somewhere(name: str) -> None:
    text = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
        assert (ROOT / "docs" / target).exists(), (name, target)


def test_the_two_set_up_commands_are_on_the_first_screen() -> None:
    first_screen = "\n".join(README.splitlines()[:20])
    assert "make run" in first_screen and "make test" in first_screen


def test_the_readme_answers_file_replays_and_records_once_the_site_is_set(
    cli, tmp_path: Path
) -> None:
    import csv
    import io

    (example,) = [b for b in yaml_blocks() if b.startswith("demarches:")]
    answers = tmp_path / "reponses.yaml"
    answers.write_text(example, "utf-8")
    replay = ("accueil", "--reponses", str(answers), "--sortie", str(tmp_path / "feuilles"))
    refused = cli(*replay)
    assert refused.exit_code == 1 and "config --lieu" in refused.stderr  # as the README says
    assert cli("config", "--lieu", "Café du Marché").exit_code == 0
    result = cli(*replay)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "feuilles" / "vos-demarches.pdf").is_file()
    rows = list(csv.DictReader(io.StringIO(cli("registre", "exporter").stdout)))
    assert {(r["demarche"], r["issue"]) for r in rows} == {
        ("prime-activite", "faite"),
        ("aide-logement", "a_terminer"),
    }
