"""Issue 23, point 3, for the sheet: a session or a replay writing into a chosen folder never
writes through a link and never over another person's sheet (the next free name instead)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def no_printer(kit_run) -> None:
    kit_run.which = lambda name: None  # no printer, no viewer


def test_replay_into_a_folder_with_a_link_and_another_sheet_overwrites_neither(
    cli, with_fixture_content, tmp_path: Path, no_printer
) -> None:
    answers = tmp_path / "reponses.yaml"
    answers.write_text(
        "demarches: [essai-logement]\n"
        "reponses: {e_age: 22, e_logement: heberge, e_etudiant: true}\n",
        encoding="utf-8",
    )
    out = tmp_path / "sortie"
    out.mkdir()
    victim = tmp_path / "notes.txt"
    victim.write_text("à garder")
    (out / "vos-demarches.pdf").symlink_to(victim)
    (out / "vos-demarches-2.pdf").write_bytes(b"la feuille d'une autre personne")
    result = cli("accueil", "--reponses", str(answers), "--sortie", str(out), "--sans-registre")
    assert result.exit_code == 0, result.stderr
    assert str(out / "vos-demarches-3.pdf") in result.stdout
    assert victim.read_text() == "à garder"
    assert (out / "vos-demarches-2.pdf").read_bytes() == b"la feuille d'une autre personne"
    again = cli(
        "accueil", "--reponses", str(answers), "--sortie", str(out), "--sans-registre"
    ).stdout
    assert "vos-demarches-4.pdf" in again


def test_replay_with_remplacer_replaces_the_sheet_but_never_writes_through_a_link(
    cli, with_fixture_content, tmp_path: Path, no_printer
) -> None:
    answers = tmp_path / "reponses.yaml"
    answers.write_text(
        "demarches: [essai-logement]\nreponses: {e_age: 22, e_logement: heberge, e_etudiant: true}\n",
        encoding="utf-8",
    )
    out = tmp_path / "sortie"
    out.mkdir()
    sheet = out / "vos-demarches.pdf"
    sheet.write_bytes(b"ancienne feuille")
    args = ("accueil", "--reponses", str(answers), "--sortie", str(out), "--sans-registre")
    result = cli(*args, "--remplacer")
    assert result.exit_code == 0, result.stderr
    assert sheet.read_bytes().startswith(b"%PDF") and sorted(p.name for p in out.iterdir()) == [
        "vos-demarches.pdf"
    ]
    sheet.unlink()
    victim = tmp_path / "notes.txt"
    victim.write_text("à garder")
    sheet.symlink_to(victim)
    again = cli(*args, "--remplacer")  # a session never ends on a refusal: the next name
    assert again.exit_code == 0 and str(out / "vos-demarches-2.pdf") in again.stdout
    assert victim.read_text() == "à garder" and sheet.is_symlink()
