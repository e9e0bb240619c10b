"""Every mistake a coordinator can make comes back as one French line naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contenu"
GOOD = (FIXTURES / "checklists" / "essai-logement.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str | bytes, name: str = "essai-logement.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def replace(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


CASES = {
    # case: (file text, words the message must contain, the line it must name)
    "tab indentation": (replace("  - id: e_age", "\t- id: e_age"), "tabulation", "- id: e_age"),
    "unclosed quote": (replace("si: e_age < 30", "si: 'age < 30"), "guillemet", None),
    "bad indentation": (replace("    texte: Quel âge", "   texte: Quel âge"), "retrait", None),
    "duplicate key": (
        replace("organisme: Caf", "organisme: Caf\norganisme: CAF"),
        "deux fois",
        "organisme: CAF",
    ),
    "unknown key with suggestion": (
        replace("resume:", "resumé:"),
        "vouliez-vous dire « resume »",
        "resumé:",
    ),
    "wrong type": (replace("    min: 0", "    min: zéro"), "nombre entier", "min: zéro"),
    "impossible date": (
        replace("verifie_le: 2026-11-01", "verifie_le: 2026-02-30"),
        "n'existe pas",
        "verifie_le",
    ),
    "python tag": (
        replace("titre: Essai", "titre: !!python/object/apply:os.system ['ls']\nx: Essai"),
        "étiquette",
        "!!python",
    ),
    "condition syntax": (replace("si: e_age < 30", "si: e_age <"), "condition", "si: e_age <"),
    "condition naming an unknown question": (
        replace("si: e_age < 30", "si: e_agee < 30"),
        "e_agee",
        "si: e_agee",
    ),
    "condition naming a later question": (
        replace("    type: nombre\n    min: 0", "    type: nombre\n    si: e_etudiant\n    min: 0"),
        "e_etudiant",
        "si: e_etudiant",
    ),
    "condition with a value outside the choices": (
        replace("si: e_logement == 'locataire'", "si: e_logement == 'locatair'"),
        "locatair",
        "si: e_logement == 'locatair'",
    ),
    "unknown document": (replace("  - id: bail", "  - id: bial"), "catalogue", "- id: bial"),
    "unknown letter": (
        replace(
            "documents:\n  - id: piece", "lettres: [lettre-inconnue]\ndocuments:\n  - id: piece"
        ),
        "lettre-inconnue",
        "lettres:",
    ),
    "duplicate question id": (replace("  - id: e_etudiant", "  - id: e_age"), "deux fois", None),
    "choice question without choices": (
        replace(
            "    choix: {locataire: Locataire, heberge: Hébergée chez quelqu'un, sans_domicile: Sans domicile stable}\n",
            "",
        ),
        "choix",
        None,
    ),
    "unreachable question": (
        replace("si: e_age < 30", "si: e_age < 30 and e_age > 40"),
        "aucun cas",
        "si: e_age < 30 and",
    ),
    "failing example": (
        replace("documents: [piece_identite, rib, bail]", "documents: [piece_identite, bail]"),
        "en plus : rib",
        "documents: [piece_identite, bail]",
    ),
    "example missing an answer": (
        replace("reponses: {e_age: 40, e_logement: locataire}", "reponses: {e_age: 40}"),
        "manque la réponse",
        "reponses: {e_age: 40}",
    ),
    "id differs from file name": (
        replace("id: essai-logement", "id: essai-autre"),
        "nom du fichier",
        "id: essai-autre",
    ),
    # Issue 23: text that shows what it says, and fits on the sheet.
    "bidi override in a step": (
        replace("texte: Ouvrez votre espace", "texte: Appelez le \u202e87 65 43\u202c, ouvrez"),
        "sens de l'écriture (U+202E)",
        "Appelez le",
    ),
    "isolate in a title": (
        replace("titre: Essai", "titre: \u2067Essai\u2069"),
        "sens de l'écriture (U+2067)",
        "titre:",
    ),
    "bidi override written as a YAML escape": (
        replace(
            "texte: Ouvrez votre espace Mon Compte sur caf.fr.",
            'texte: "Appelez le \\u202e87 65 43, puis ouvrez votre espace."',
        ),
        "sens de l'écriture (U+202E)",
        "Appelez le",
    ),
    "NUL in a step": (
        replace("texte: Ouvrez votre espace", "texte: Ouvrez\0 votre espace"),
        "caractère nul",
        "texte: Ouvrez",
    ),
    "step too long": (
        replace("texte: Ouvrez votre espace Mon Compte", "texte: " + "Ouvrez l'espace. " * 40),
        "au plus 400",
        "texte: Ouvrez l'espace.",
    ),
    "title too long": (
        replace("titre: Essai", "titre: " + "Essai " * 40 + "\nx_titre: Essai"),
        "au plus 150",
        "titre: Essai Essai",
    ),
    "help text too long": (
        replace(
            "    texte: Quel âge a la personne ?",
            "    texte: Quel âge a la personne ?\n    aide: " + "Demandez-lui. " * 100,
        ),
        "au plus 1200",
        "aide: Demandez",
    ),
    "not a mapping": ("- une\n- liste\n", "liste de clés", None),
    "aliases bomb": ('a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n', "alias", None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_checklist_gives_one_french_line_naming_file_and_line(
    cli, tmp_path: Path, case: str
) -> None:
    text, words, line_needle = CASES[case]
    path = write(tmp_path, text)
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1, result
    assert "Traceback" not in result.stderr
    assert words in result.stderr, result.stderr
    assert f"{path}:" in result.stderr
    if line_needle is not None:
        assert f"{path}:{line_of(text, line_needle)}:" in result.stderr, result.stderr


def test_empty_file_is_reported(cli, tmp_path: Path) -> None:
    path = write(tmp_path, "")
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1
    assert f"{path} : erreur : le fichier est vide" in result.stderr


def test_file_not_in_utf8_says_how_to_fix_it(cli, tmp_path: Path) -> None:
    path = write(
        tmp_path, GOOD.encode("utf-8").replace("Où vit".encode(), "Où vit".encode("cp1252"))
    )
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1
    assert "UTF-8" in result.stderr
    assert f"{path}:{line_of(GOOD, 'Où vit')}" in result.stderr


def test_placeholder_naming_no_field_is_caught(cli, tmp_path: Path) -> None:
    letter = (Path(__file__).parents[2] / "letters" / "attestation-hebergement.yaml").read_text(
        encoding="utf-8"
    )
    path = write(
        tmp_path,
        letter.replace("{{ nom }}", "{{ nom_inconnu }}", 1),
        "attestation-hebergement.yaml",
    )
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1
    assert "nom_inconnu" in result.stderr and "n'est pas un champ" in result.stderr


def test_pattern_that_is_not_a_regular_expression_is_caught(cli, tmp_path: Path) -> None:
    letter = (Path(__file__).parents[2] / "letters" / "recours-amiable.yaml").read_text(
        encoding="utf-8"
    )
    assert "motif:" in letter
    broken = letter.replace("motif: '", "motif: '([", 1)
    path = write(tmp_path, broken, "recours-amiable.yaml")
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1
    assert "expression régulière" in result.stderr
    assert f"{path}:{line_of(broken, 'motif: ')}" in result.stderr


def test_shared_question_defined_differently_is_caught(cli, tmp_path: Path) -> None:
    other = (FIXTURES / "checklists" / "essai-famille.yaml").read_text(encoding="utf-8")
    first = write(tmp_path, GOOD)
    second = write(
        tmp_path,
        other.replace("Où vit la personne ?", "Où habite la personne ?"),
        "essai-famille.yaml",
    )
    result = cli("demarches", "verifier", str(first), str(second))
    assert result.exit_code == 1
    assert "définie autrement" in result.stderr


def test_valid_fixture_passes(cli) -> None:
    result = cli("demarches", "verifier", str(FIXTURES))
    assert result.exit_code == 0, result.stderr
    assert "0 erreur" in result.stdout


def test_stale_checklist_is_a_warning_not_an_error(cli, tmp_path: Path) -> None:
    path = write(tmp_path, replace("verifie_le: 2026-11-01", "verifie_le: 2020-01-01"))
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 0
    assert "attention : fiche vérifiée le 01/01/2020" in result.stderr


def test_installed_verifier_names_the_line_and_exits_1(tmp_path: Path, kit_home: Path) -> None:
    """The installed program, in a fresh process: the line, exit 1, no traceback."""
    import os
    import subprocess
    import sys

    path = write(tmp_path, replace("organisme: Caf", "organisme: Caf\norganisme: CAF"))
    program = Path(sys.executable).parent / "cafedemarches"
    done = subprocess.run(
        [str(program), "demarches", "verifier", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "CAFEDEMARCHES_HOME": str(kit_home)},
        check=False,
    )
    assert done.returncode == 1
    assert f"{path}:{line_of(GOOD, 'organisme:') + 1}:" in done.stderr
    assert "deux fois" in done.stderr and "Traceback" not in done.stderr


def errors_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": erreur :" in line]


def test_misspelt_key_is_one_error_not_also_a_missing_key(cli, tmp_path: Path) -> None:
    path = write(tmp_path, replace("resume:", "resumé:"))
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1
    assert "vouliez-vous dire « resume »" in result.stderr
    assert "il manque la clé « resume »" not in result.stderr
    assert len(errors_of(result.stderr)) == 1, result.stderr


def test_bad_date_and_independent_bad_type_are_both_reported(cli, tmp_path: Path) -> None:
    text = replace("verifie_le: 2026-11-01", "verifie_le: 2026-13-45").replace(
        "    type: nombre", "    type: nombr", 1
    )
    path = write(tmp_path, text)
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1
    assert f"{path}:{line_of(text, 'verifie_le')}:" in result.stderr
    assert "la date « 2026-13-45 » n'existe pas" in result.stderr
    assert "la question n° 1, clé « type » : valeur « nombr » inconnue" in result.stderr
    assert len(errors_of(result.stderr)) == 2, result.stderr  # the date said once


def test_bad_indentation_says_what_to_do(cli, tmp_path: Path) -> None:
    path = write(tmp_path, replace("    texte: Quel âge", "   texte: Quel âge"))
    result = cli("demarches", "verifier", str(path))
    assert "retrait" in result.stderr and "espaces" in result.stderr, result.stderr


def test_safe_filter_is_an_error_without_a_false_unused_field_warning(cli, tmp_path: Path) -> None:
    letter = (Path(__file__).parents[2] / "letters" / "attestation-hebergement.yaml").read_text(
        encoding="utf-8"
    )
    assert "{{ nom }}" in letter
    path = write(
        tmp_path, letter.replace("{{ nom }}", "{{ nom|safe }}"), "attestation-hebergement.yaml"
    )
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1
    assert "« |safe » est interdit" in result.stderr
    assert "« nom » n'est utilisé nulle part" not in result.stderr
