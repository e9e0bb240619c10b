"""A coordinator's independent mistakes come back in one `demarches verifier` run (issue #22):
a YAML syntax error leaves out only the block where it is, the rest of the file is still
checked, and nothing is said that is not a mistake (no « il manque la clé » for the block left
out, no « seulement 0 exemple » for examples set aside)."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contenu"
GOOD = (FIXTURES / "checklists" / "essai-logement.yaml").read_text(encoding="utf-8")
SHIPPED_CATALOGUE = Path(__file__).parents[2] / "checklists" / "_documents.yaml"


def mistakes(*pairs: tuple[str, str]) -> str:
    text = GOOD
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def verify(cli, tmp_path: Path, text: str) -> tuple[list[str], str]:  # type: ignore[no-untyped-def]
    path = tmp_path / "essai-logement.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1, result
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if " : erreur : " in line], result.stderr


UNKNOWN_KEY = ("resume:", "resumé:")
UNKNOWN_ID = ("si: e_logement == 'sans_domicile'", "si: logement == 'sans_domicile'")

SYNTAX = {
    # mistake: (replacement, words of its message, the line it names)
    "a key indented too far": (
        ("  - id: bail\n    si:", "  - id: bail\n     si:"),
        "« : » inattendu",
        "     si:",
    ),
    "a list item's key indented too little": (
        ("  - id: bail\n    si:", "  - id: bail\n   si:"),
        "retrait",
        "   si: e_logement == 'locataire'",
    ),
    "a tab": (("  - id: rib\n", "\t- id: rib\n"), "tabulation", "\t- id: rib"),
    "an unclosed quote": (("  - id: rib\n", "  - id: 'rib\n"), "guillemet", "'rib"),
    "a forgotten « : » after a key": (("theme: logement", "theme logement"), "« : »", None),
}


@pytest.mark.parametrize("case", list(SYNTAX))
def test_a_syntax_error_an_unknown_key_and_an_unknown_id_in_one_run(
    cli, tmp_path: Path, case: str
) -> None:  # type: ignore[no-untyped-def]
    replacement, words, needle = SYNTAX[case]
    text = mistakes(UNKNOWN_KEY, UNKNOWN_ID, replacement)
    errors, stderr = verify(cli, tmp_path, text)
    assert len(errors) == 3, stderr
    assert any(words in e for e in errors), stderr
    if needle is not None:
        at = re.compile(rf"\.yaml:{line_of(text, needle)}(:\d+)? : ")
        assert any(at.search(e) for e in errors), stderr
    assert any("clé inconnue « resumé »" in e for e in errors), stderr
    assert any("« logement » n'est pas une question" in e for e in errors), stderr
    assert "il manque la clé" not in stderr and "seulement" not in stderr
    assert "0 avertissement" in stderr


def test_two_syntax_errors_in_two_blocks_come_together(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = mistakes(
        ("    texte: Quel âge", "     texte: Quel âge"),
        ("  - id: bail\n    si:", "  - id: bail\n     si:"),
    )
    errors, stderr = verify(cli, tmp_path, text)
    assert len(errors) == 2, stderr
    assert f":{line_of(text, '     texte: Quel âge')}:" in errors[0]
    assert f":{line_of(text, '     si:')}:" in errors[1]


def test_a_document_in_error_does_not_make_the_examples_missing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # « si » on a document is a text: a list there is an error, and the examples, which
    # compare against the documents, are set aside; they are still three in the file.
    text = mistakes(("    si: e_etudiant", "    si: [e_etudiant]"), UNKNOWN_KEY)
    errors, stderr = verify(cli, tmp_path, text)
    assert len(errors) == 2, stderr
    assert "seulement" not in stderr and "0 avertissement" in stderr


def test_too_few_examples_is_counted_as_written(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = GOOD.split("  - nom: Étudiante hébergée")[0]
    path = tmp_path / "essai-logement.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("demarches", "verifier", str(path))
    assert "seulement 1 exemple : prévoyez-en au moins trois" in result.stderr + result.stdout


def test_a_key_written_twice_and_an_unknown_id_in_one_run(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = mistakes(("  - id: bail\n    si:", "  - id: bail\n    id: bail\n    si:"), UNKNOWN_ID)
    errors, stderr = verify(cli, tmp_path, text)
    assert len(errors) == 2, stderr
    assert "deux fois" in errors[0] and "« logement » n'est pas une question" in errors[1]
    assert "seulement" not in stderr and "il manque la clé" not in stderr


def test_a_letter_with_a_syntax_error_still_has_its_templates_checked(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    letter = (Path(__file__).parents[2] / "letters" / "attestation-hebergement.yaml").read_text(
        encoding="utf-8"
    )
    text = letter.replace("{{ nom }}", "{{ nom_inconnu }}", 1)
    assert "\nenvoi: >-\n  " in text
    text = text.replace("\nenvoi: >-\n  ", "\nenvoi: >-\n   : ", 1)  # « : » in a bad place
    path = tmp_path / "attestation-hebergement.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("demarches", "verifier", str(path))
    errors = [line for line in result.stderr.splitlines() if " : erreur : " in line]
    assert len(errors) == 2, result.stderr
    assert "nom_inconnu" in result.stderr and "il manque la clé" not in result.stderr


# A typo on one line of a good checklist (a space too many or too few, a tab, a « : »
# forgotten), and a misspelt key elsewhere: the key is always named in the same run, and
# nothing false is added. Checked against the catalogue only, which is fast.
TYPOS = {
    "one more space": lambda line: " " + line,
    "one space less": lambda line: line[1:] if line.startswith(" ") else line,
    "a tab for the indentation": lambda line: "\t" + line.lstrip(),
    "no « : »": lambda line: line.replace(":", "", 1),
}
TYPED_LINES = [i for i, line in enumerate(GOOD.split("\n")) if line.startswith("  ")]


@given(typo=st.sampled_from(sorted(TYPOS)), index=st.sampled_from(TYPED_LINES))
def test_a_typo_on_any_line_leaves_the_other_mistakes_found(typo: str, index: int) -> None:
    from cafedemarches.content.loader import load_content

    lines = GOOD.split("\n")
    lines[index] = TYPOS[typo](lines[index])
    text = "\n".join(lines).replace("resume:", "resumé:", 1)
    with tempfile.TemporaryDirectory() as folder:
        checklists = Path(folder) / "checklists"
        checklists.mkdir()
        shutil.copy(SHIPPED_CATALOGUE, checklists)
        path = checklists / "essai-logement.yaml"
        path.write_text(text, encoding="utf-8")
        messages = [p.message for p in load_content([Path(folder)]).problems if p.path == path]
    assert any("clé inconnue « resumé »" in m for m in messages), messages
    assert not any("il manque la clé" in m or "seulement" in m for m in messages), messages
