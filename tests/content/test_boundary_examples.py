"""`demarches verifier` warns when a numeric condition has no example on its boundary: an
`age < 25` pinned by no example of 24 or 25 lets a `<` changed into `<=` pass unseen."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cafedemarches.content.boundaries import boundary_values, numeric_comparisons
from cafedemarches.content.crosscheck import _boundaries
from cafedemarches.content.index import shipped_folders
from cafedemarches.content.loader import load_content

CHECKLIST = """\
id: essai-limite
titre: Essai de limite
resume: Une fiche pour essayer les limites.
organisme: CAF
theme: social_sante
canal: En ligne.
sources: [https://www.service-public.fr/particuliers/vosdroits/F19778]
verifie_le: 2026-11-25
questions:
  - id: age
    texte: Quel âge a la personne ?
    type: nombre
    min: 15
    max: 120
etapes:
  - id: jeune
    texte: Une étape pour les jeunes
    si: age < 25
  - id: tous
    texte: Une étape pour tous
exemples:
{examples}
"""


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("age < 25", [("age", ast.Lt, 25)]),
        ("25 > age", [("age", ast.Lt, 25)]),
        ("age >= 18 and n == 3", [("age", ast.GtE, 18), ("n", ast.Eq, 3)]),
        ("age < -1", [("age", ast.Lt, -1)]),
        ("x == 'a'", []),
    ],
)
def test_numeric_comparisons_are_found_either_way_round(source, found) -> None:
    assert list(numeric_comparisons(source)) == found


def test_the_boundary_is_the_literal_and_its_neighbour_across() -> None:
    assert boundary_values(ast.Lt, 25) == (24, 25)
    assert boundary_values(ast.GtE, 18) == (17, 18)
    assert boundary_values(ast.LtE, 25) == (25, 26)
    assert boundary_values(ast.Gt, 3) == (3, 4)


def example(age: int, steps: str) -> str:
    return f"  - nom: {age} ans\n    reponses: {{age: {age}}}\n    documents: []\n    etapes: [{steps}]"


@pytest.mark.parametrize(
    ("age", "steps", "warned"),
    [(30, "tous", True), (24, "jeune, tous", False), (25, "tous", False)],
)
def test_verifier_warns_only_without_an_example_on_the_boundary(
    cli, tmp_path: Path, age: int, steps: str, warned: bool
) -> None:
    path = tmp_path / "essai-limite.yaml"
    path.write_text(CHECKLIST.format(examples=example(age, steps)), "utf-8")
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 0, result.stderr
    said = "aucun exemple sur la limite de « age < 25 » : ajoutez-en un avec age: 24 ou 25"
    assert (said in result.stderr) is warned
    if warned:
        assert "essai-limite.yaml:" in result.stderr


def test_the_shipped_content_has_an_example_on_every_numeric_boundary() -> None:
    assert _boundaries(load_content(shipped_folders())) == []
