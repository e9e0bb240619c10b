"""« Et maintenant ? » → « Estimer les montants »: only the missing figures are asked, the
estimates are shown with their date and caveat, and printed on the sheet only if chosen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from cafedemarches.cli.accueil import interactive as guided
from cafedemarches.cli.accueil.warm import _AfterFirstAnswer
from cafedemarches.session.prompter import ScriptedPrompter

RSA_ANSWERS = [30, False, 0, False, False, False, "francaise", "locataire"]


@pytest.fixture
def november(kit_run):
    kit_run.clock = lambda: dt.datetime(2026, 11, 20, 12)  # the run's clock


def sheet_text(folder: Path) -> str:
    pdf = next(folder.glob("*.pdf"))
    return " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def test_estimating_asks_only_the_missing_figures_and_prints_on_request(
    cli, scripted, kit_home: Path, tmp_path: Path, november
) -> None:
    (kit_home / "config.yaml").write_text("lieu: Café d'essai\n", encoding="utf-8")
    prompter = scripted(
        [
            *RSA_ANSWERS,
            guided.ESTIMATE,
            480,  # loyer
            0,  # revenus_activite
            0,  # autres_revenus
            False,  # handicap
            "38000",  # code postal
            True,  # on the sheet
            guided.SHEET,
        ]
    )
    result = cli("accueil", "--demarche", "rsa", "--sans-registre", "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert prompter.answers == []
    asked = " ".join(prompter.asked)
    assert asked.count("Quel âge") == 1  # one question once
    said = " ".join(result.stdout.split())
    assert "Estimations pour novembre 2026 (barème du 01/04/2026" in said
    assert "RSA : environ 570 € par mois" in said and "la caisse décide" in said
    text = sheet_text(tmp_path)
    assert "Montants estimés" in text and "environ 570 € par mois" in text
    assert "la caisse décide" in text


def test_the_sheet_has_no_estimate_unless_chosen(
    cli, scripted, kit_home: Path, tmp_path: Path, november
) -> None:
    (kit_home / "config.yaml").write_text("lieu: Café d'essai\n", encoding="utf-8")
    scripted([*RSA_ANSWERS, guided.ESTIMATE, 480, 0, 0, False, "38000", False, guided.SHEET])
    result = cli("accueil", "--demarche", "rsa", "--sans-registre", "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "Montants estimés" not in sheet_text(tmp_path)


def test_the_default_path_asks_nothing_more(cli, scripted, kit_home: Path, tmp_path) -> None:
    (kit_home / "config.yaml").write_text("lieu: Café d'essai\n", encoding="utf-8")
    prompter = scripted([*RSA_ANSWERS, guided.SHEET])
    assert (
        cli("accueil", "--demarche", "rsa", "--sans-registre", "--sortie", str(tmp_path)).exit_code
        == 0
    )
    assert not any("loyer" in m or "gagne" in m for m in prompter.asked)


def test_the_model_starts_loading_after_the_first_answer_only() -> None:
    started: list[int] = []
    inner = ScriptedPrompter([True, False])
    prompter = _AfterFirstAnswer(inner, lambda: started.append(len(inner.asked)))
    prompter.confirm("Première ?")
    assert started == [1]  # after the first question was asked and answered
    prompter.confirm("Deuxième ?")
    assert started == [1]  # once
