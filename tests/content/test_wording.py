"""The verifier on wording: conditional texts, one question under two ids, gendered forms,
and letters offered under a condition."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contenu"
GOOD = (FIXTURES / "checklists" / "essai-logement.yaml").read_text(encoding="utf-8")


def checklist(tmp_path: Path, name: str, old: str, new: str) -> Path:
    assert old in GOOD, old
    text = GOOD.replace(old, new, 1).replace("id: essai-logement", f"id: {name}", 1)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_same_question_under_two_ids_is_flagged(cli, tmp_path: Path) -> None:
    checklist(tmp_path, "essai-a", "id: e_age", "id: e_age")
    # the same wording under another id (its other uses are errors of their own here)
    checklist(tmp_path, "essai-b", "id: e_age", "id: b_age")
    result = cli("demarches", "verifier", str(tmp_path))
    assert "« b_age » pose la même chose que « e_age »" in result.stderr
    assert "essai-b.yaml" in result.stderr


def test_a_gendered_wording_is_flagged(cli, tmp_path: Path) -> None:
    checklist(tmp_path, "essai-a", "Est-elle étudiante ?", "L'étudiant a-t-il une bourse ?")
    result = cli("demarches", "verifier", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "L'étudiant a-t-il une bourse ?" in result.stderr and "masculin" in result.stderr


def test_a_conditional_wording_must_name_a_known_question(cli, tmp_path: Path) -> None:
    variant = (
        "Est-elle étudiante ?\n    texte_si:\n      - si: pas_une_question == false\n"
        "        texte: Étudiante ?"
    )
    path = checklist(tmp_path, "essai-a", "Est-elle étudiante ?", variant)
    result = cli("demarches", "verifier", str(tmp_path))
    assert result.exit_code == 1
    assert "pas_une_question" in result.stderr and f"{path}:" in result.stderr


def test_a_conditional_wording_may_follow_the_reperage(cli, tmp_path: Path) -> None:
    variant = (
        "Est-elle étudiante ?\n    texte_si:\n      - si: en_couple == false\n"
        "        texte: Est-elle étudiante, seule ?"
    )
    checklist(tmp_path, "essai-a", "Est-elle étudiante ?", variant)
    result = cli("demarches", "verifier", str(tmp_path))
    assert result.exit_code == 0, result.stderr


def test_a_letter_condition_is_checked_like_a_step_condition(cli, tmp_path: Path) -> None:
    text = (
        GOOD.split("\nlettres:")[0] + "\nlettres:\n  - {id: attestation-hebergement, si: pas_vu}\n"
    )
    (tmp_path / "essai-a.yaml").write_text(
        text.replace("id: essai-logement", "id: essai-a", 1), encoding="utf-8"
    )
    result = cli("demarches", "verifier", str(tmp_path))
    assert result.exit_code == 1
    assert "pas_vu" in result.stderr


def test_a_reperage_question_must_match_the_procedures_that_share_its_id(
    cli, tmp_path: Path
) -> None:
    from cafedemarches.content.index import shipped_folders

    reperage = (shipped_folders()[0] / "_reperage.yaml").read_text(encoding="utf-8")
    old = "    texte: La personne vit-elle en couple ?\n"
    assert old in reperage
    (tmp_path / "_reperage.yaml").write_text(
        reperage.replace(old, "    texte: Vit-elle en couple ?\n"), encoding="utf-8"
    )
    result = cli("demarches", "verifier", str(tmp_path))
    assert result.exit_code == 1
    assert "« en_couple » est définie autrement" in result.stderr


def test_the_reperage_may_ask_a_shared_question_under_a_condition_of_its_own(cli) -> None:
    from cafedemarches.content.index import shipped_folders
    from cafedemarches.content.loader import load_content
    from cafedemarches.session.engine import Plan

    content = load_content(shipped_folders())
    assert content.reperage is not None
    screening = next(q for q in content.reperage.questions if q.id == "chomage_fini")
    procedure = next(q for q in content.checklists["ass"].questions if q.id == "chomage_fini")
    # the same question; only the repérage's condition (when it is worth asking there) differs
    assert screening.si is not None and procedure.si is None
    assert screening.model_copy(update={"si": None}) == procedure
    assert cli("demarches", "verifier").exit_code == 0
    # answered at the repérage, the ASS does not ask it again; otherwise it asks it first
    plan = Plan((content.checklists["ass"],))
    assert plan.next_question({}).id == "chomage_fini"  # type: ignore[union-attr]
    assert plan.next_question({"chomage_fini": True}).id == "annees_travail_10_ans"  # type: ignore[union-attr]


def test_two_procedures_must_share_a_question_under_the_same_condition(cli, tmp_path: Path) -> None:
    from cafedemarches.content.index import shipped_folders

    shipped = shipped_folders()[0]
    text = (shipped / "prime-activite.yaml").read_text(encoding="utf-8")
    old = "    si: \"nationalite == 'autre'\"\n"
    assert old in text
    # the same meaning, written otherwise: still two conditions for one question
    (tmp_path / "prime-activite.yaml").write_text(
        text.replace(old, "    si: \"(nationalite == 'autre')\"\n", 1), encoding="utf-8"
    )
    (tmp_path / "rsa.yaml").write_text(
        (shipped / "rsa.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = cli("demarches", "verifier", str(tmp_path))
    assert result.exit_code == 1
    assert "« protection_internationale » est définie autrement" in result.stderr
    assert "différence : si" in result.stderr
