"""`--sortie` of every command that writes a file, checked before any work: a folder gets the
default file name inside; a missing folder, a target that is not a regular file (a device, a
pipe) or a folder that takes no file is one French sentence, and nothing is written."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

COMMANDS = {
    "registre exporter": (("registre", "exporter"), "registre-complet.csv"),
    "bilan csv": (("bilan", "--format", "csv", "--mois", "2026-11"), "bilan-2026-11.csv"),
    "bilan pdf": (("bilan", "--format", "pdf", "--mois", "2026-11"), "bilan-2026-11.pdf"),
    "lettres remplir --vierge": (
        ("lettres", "remplir", "attestation-hebergement", "--vierge"),
        "attestation-hebergement-vierge.pdf",
    ),
}


@pytest.fixture
def with_a_session(cli) -> None:
    assert cli("config", "--lieu", "Café du Port").exit_code == 0
    assert cli("registre", "ajouter", "--demarche", "rsa:faite").exit_code == 0


@pytest.mark.parametrize("name", COMMANDS)
def test_a_folder_gets_the_default_name_inside(cli, with_a_session, tmp_path: Path, name) -> None:
    args, default = COMMANDS[name]
    result = cli(*args, "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / default).stat().st_size > 0


@pytest.mark.parametrize("name", COMMANDS)
def test_a_missing_folder_is_one_sentence(cli, with_a_session, tmp_path: Path, name) -> None:
    args, _ = COMMANDS[name]
    result = cli(*args, "--sortie", str(tmp_path / "absent" / "f.out"))
    assert result.exit_code == 1
    assert f"--sortie : le dossier {tmp_path / 'absent'} n'existe pas." in result.stderr
    assert not (tmp_path / "absent").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("name", COMMANDS)
def test_a_target_that_is_not_a_file_is_refused(cli, with_a_session, tmp_path: Path, name) -> None:
    """A named pipe stands for /dev/full: the same refusal, without touching the system
    (a rename onto /dev/full, as root, would replace the device)."""
    args, _ = COMMANDS[name]
    pipe = tmp_path / "tuyau"
    os.mkfifo(pipe)
    result = cli(*args, "--sortie", str(pipe))
    assert result.exit_code == 1
    assert "n'est pas un fichier ordinaire" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tuyau"]


@pytest.mark.skipif(sys.platform != "linux", reason="/proc")
@pytest.mark.parametrize("name", COMMANDS)
def test_a_folder_that_takes_no_file_is_refused(cli, with_a_session, name) -> None:
    args, _ = COMMANDS[name]
    result = cli(*args, "--sortie", "/proc/x")
    assert result.exit_code == 1
    assert "impossible de créer un fichier dans /proc" in result.stderr
    assert "No such" not in result.stderr
