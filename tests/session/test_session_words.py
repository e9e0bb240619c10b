"""The words of the guided session (issue #22): plurals that follow the counts, languages named
in full, never a code or « (s) »."""

from __future__ import annotations

import io

from rich.console import Console

from cafedemarches.cli.accueil import interactive as guided
from cafedemarches.cli.session_view import show_summary
from cafedemarches.content.index import shipped_folders
from cafedemarches.content.loader import load_content
from cafedemarches.session.engine import Plan, outcome


def test_each_language_is_named_in_full_and_french_only_comes_back_once_one_is_chosen() -> None:
    none = dict(guided._language_choices(None))
    assert none[f"{guided.LANGUAGE}:ar"] == "Feuille aussi en arabe (العربية)"
    assert f"{guided.LANGUAGE}:fr" not in none
    chosen = dict(guided._language_choices("ar"))
    assert chosen[f"{guided.LANGUAGE}:fr"] == "Feuille en français seulement"
    assert f"{guided.LANGUAGE}:ar" not in chosen
    assert not any("(ar)" in label for label in {**none, **chosen}.values())


def test_the_letters_offered_follow_their_count() -> None:
    assert guided._letters_label(1) == "Préparer un courrier (1 proposé)"
    assert guided._letters_label(3) == "Préparer un courrier (3 proposés)"


def test_no_paper_is_said_in_words_not_as_zero_papers() -> None:
    content = load_content(shipped_folders(), deep=False)
    plan = Plan((content.checklists["aide-logement"],))
    answers = {"logement": "locataire", "bail": "famille", "etudiant": False}
    answers["nationalite"] = "francaise"
    result = outcome(plan, content.catalogue, plan.effective(answers))
    assert not result.documents  # the landlord is her mother: no claim, no paper
    out = io.StringIO()
    show_summary(Console(file=out, width=80), result, content.letters)
    assert "aucun papier à rassembler" in out.getvalue()
    assert "0 papiers" not in out.getvalue()
