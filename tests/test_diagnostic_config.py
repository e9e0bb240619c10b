"""`diagnostic` and `config`: what a volunteer checks before a session."""

from __future__ import annotations

import json
from pathlib import Path

from cafedemarches.settings import Paths


def fake_commands(folder: Path, scripts: dict[str, str]) -> str:
    """A PATH holding only these shell scripts (name -> what they print)."""
    folder.mkdir()
    for name, output in scripts.items():
        script = folder / name
        script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{output}'\n", encoding="utf-8")
        script.chmod(0o755)
    return str(folder)


def test_diagnostic_reports_every_check(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PRINTER", raising=False)
    monkeypatch.delenv("LPDEST", raising=False)
    monkeypatch.setenv(
        "PATH",
        fake_commands(
            tmp_path / "bin",
            {
                "lp": "",
                "lpstat": "system default destination: Bureau",
                "xdg-open": "",
                "xdg-mime": "org.gnome.Evince.desktop",
            },
        ),
    )
    result = cli("diagnostic")
    assert result.exit_code == 0, result.stdout + result.stderr
    for label in ("Moteur PDF", "Polices", "Données", "Contenu", "Imprimante", "Visionneur PDF"):
        assert f"✓ {label}" in result.stdout
    assert "« Bureau »" in result.stdout and "org.gnome.Evince ouvre les PDF" in result.stdout
    assert "Tout est prêt" in result.stdout


def test_diagnostic_warns_without_printer_destination_or_viewer(
    cli, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("PRINTER", raising=False)
    monkeypatch.delenv("LPDEST", raising=False)
    monkeypatch.setenv(
        "PATH",
        fake_commands(tmp_path / "bin", {"lpr": "", "lpstat": "no system default destination"}),
    )
    result = cli("diagnostic")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "! Imprimante : lpr présent mais aucune imprimante par défaut" in result.stdout
    assert "! Visionneur PDF" in result.stdout
    assert "Tout est prêt" not in result.stdout and "remarques" in result.stdout


def test_diagnostic_fails_on_a_data_folder_that_cannot_be_written(
    cli, kit_home: Path, kit_run, monkeypatch
) -> None:
    blocked = kit_home / "fichier"
    blocked.write_text("pas un dossier", encoding="utf-8")
    monkeypatch.setenv("CAFEDEMARCHES_HOME", str(blocked))  # the cache folder follows it
    kit_run.kit_paths = Paths(config_dir=blocked, data_dir=blocked)
    result = cli("diagnostic")
    assert result.exit_code == 1
    assert "✗ Données" in result.stdout
    assert "Traceback" not in result.stderr


def test_config_sets_and_shows_the_site_in_json(cli) -> None:
    assert cli("config", "--lieu", "Café du Port", "--association", "Entraide 38").exit_code == 0
    shown = json.loads(cli("config", "--json").stdout)
    assert shown["lieu"] == "Café du Port" and shown["association"] == "Entraide 38"


def test_config_refuses_an_unknown_key_in_the_file(cli, kit_home: Path) -> None:
    (kit_home / "config.yaml").write_text("lieux: Café\n", encoding="utf-8")
    result = cli("config")
    assert result.exit_code == 1
    assert "clé inconnue « lieux »" in result.stderr


def test_new_checklist_scaffold_passes_the_verifier(cli, kit_home: Path) -> None:
    result = cli("demarches", "nouvelle", "bourse-college")
    assert result.exit_code == 0, result.stderr
    created = kit_home / "contenu" / "checklists" / "bourse-college.yaml"
    assert created.exists()
    check = cli("demarches", "verifier", str(created))
    assert check.exit_code == 0, check.stderr
    assert "0 erreur, 0 avertissement" in check.stdout
    assert "bourse-college" in cli("demarches", "liste", "--json").stdout


def test_voir_json_has_the_yaml_keys(cli) -> None:
    shown = json.loads(cli("demarches", "voir", "rsa", "--json").stdout)
    assert {"id", "titre", "questions", "etapes", "documents", "sources", "verifie_le"} <= set(
        shown
    )


def test_unknown_procedure_suggests_the_close_one(cli) -> None:
    result = cli("demarches", "voir", "rssa")
    assert result.exit_code == 1
    assert "Vouliez-vous dire « rsa » ?" in result.stderr
