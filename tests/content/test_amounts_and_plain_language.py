"""Amounts that know their dates, acronyms explained by their words, and the jargon list."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cafedemarches.cli.run import Run
from cafedemarches.content.index import shipped_folders
from cafedemarches.content.loader import load_content
from cafedemarches.content.models import JargonEntry
from cafedemarches.content.readability import is_explained, readability_warnings
from cafedemarches.content.yamlfile import YamlDocument, read_yaml

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contenu"
GOOD = (FIXTURES / "checklists" / "essai-logement.yaml").read_text(encoding="utf-8")
AMOUNTS = """
montants:
  - id: loyer_plafond
    libelle: Plafond de loyer d'essai
    valeur: 300,00 € par mois
    du: 2026-01-01
    au: 2026-03-31
    source: https://www.service-public.fr/particuliers/vosdroits/F12006
  - id: sans_fin
    libelle: Montant sans date de fin
    valeur: 10 € par an
    du: 2025-01-01
    source: https://www.service-public.fr/particuliers/vosdroits/F12006
"""


def with_amounts(text: str = GOOD, amounts: str = AMOUNTS) -> str:
    assert "\nexemples:" in text
    return text.replace("\nexemples:", amounts + "exemples:", 1)


def write(folder: Path, text: str, name: str = "essai-logement.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def on_day(kit_run: Run, day: dt.date) -> None:
    """The run's clock (`cli.run.Run.clock`) on `day`, not the system clock."""
    kit_run.clock = lambda: dt.datetime.combine(day, dt.time(12))


# -- amounts -----------------------------------------------------------------------------------


def test_amount_knows_when_its_period_has_ended(tmp_path: Path) -> None:
    content = load_content([*shipped_folders(), write(tmp_path, with_amounts())])
    checklist = content.checklists["essai-logement"]
    assert [a.id for a in checklist.montants] == ["loyer_plafond", "sans_fin"]
    assert checklist.expired_amounts(dt.date(2026, 3, 31)) == []
    assert [a.id for a in checklist.expired_amounts(dt.date(2026, 4, 1))] == ["loyer_plafond"]
    expired = content.with_expired_amounts(dt.date(2026, 4, 1))
    assert [c.id for c in expired] == ["essai-logement"]


def test_amount_ending_before_it_starts_is_an_error_naming_its_line(cli, tmp_path: Path) -> None:
    text = with_amounts().replace("au: 2026-03-31", "au: 2025-03-31")
    path = write(tmp_path, text)
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1
    assert "finit (31/03/2025) avant de commencer (01/01/2026)" in result.stderr
    assert f"{path}:{line_of(text, '  - id: loyer_plafond')}:" in result.stderr


def test_amount_without_source_is_an_error(cli, tmp_path: Path) -> None:
    text = with_amounts().replace(
        "    source: https://www.service-public.fr/particuliers/vosdroits/F12006\n  - id: sans_fin",
        "  - id: sans_fin",
    )
    result = cli("demarches", "verifier", str(write(tmp_path, text)))
    assert result.exit_code == 1
    assert "source" in result.stderr


def test_expired_amount_is_a_warning_naming_file_line_and_period(
    cli, tmp_path: Path, kit_run: Run
) -> None:
    text = with_amounts()
    path = write(tmp_path, text)
    on_day(kit_run, dt.date(2026, 3, 31))
    before = cli("demarches", "verifier", str(path))
    assert before.exit_code == 0, before.stderr
    assert "loyer_plafond" not in before.stderr

    on_day(kit_run, dt.date(2026, 4, 1))
    after = cli("demarches", "verifier", str(path))
    assert after.exit_code == 0, after.stderr
    assert f"{path}:{line_of(text, 'au: 2026-03-31')}:" in after.stderr
    assert "attention : le montant « loyer_plafond »" in after.stderr
    assert "du 01/01/2026 au 31/03/2026" in after.stderr
    assert "sans_fin" not in after.stderr
    assert "0 erreur, 1 avertissement" in after.stdout


def test_list_diagnostic_and_view_show_amounts_and_flag_an_expired_one(
    cli, tmp_path: Path, kit_run: Run
) -> None:
    folder = tmp_path / "contenu"
    folder.mkdir()
    write(folder, with_amounts())
    assert cli("config", "--ajouter-dossier", str(folder)).exit_code == 0

    on_day(kit_run, dt.date(2026, 3, 1))
    listed = {item["id"]: item for item in json.loads(cli("demarches", "liste", "--json").stdout)}
    assert listed["essai-logement"]["montant_perime"] is False
    assert "montant périmé" not in cli("diagnostic").stdout
    assert "périmé" not in cli("demarches", "liste").stdout

    on_day(kit_run, dt.date(2026, 5, 1))
    listed = {item["id"]: item for item in json.loads(cli("demarches", "liste", "--json").stdout)}
    assert listed["essai-logement"]["montant_perime"] is True
    assert all(not v["montant_perime"] for k, v in listed.items() if k != "essai-logement")
    assert "périmé" in cli("demarches", "liste").stdout
    assert "montant périmé : essai-logement" in cli("diagnostic").stdout
    shown = cli("demarches", "voir", "essai-logement").stdout
    assert "Plafond de loyer d'essai : 300,00 € par mois (du 01/01/2026 au 31/03/2026)" in shown


def test_sheet_prints_each_amount_with_its_period_then_says_to_check_it(tmp_path: Path) -> None:
    from cafedemarches.render.sheet import amount_lines, sheet_html
    from cafedemarches.session.engine import Outcome, ProcedureResult

    content = load_content([*shipped_folders(), write(tmp_path, with_amounts())])
    checklist = content.checklists["essai-logement"]

    current = amount_lines(checklist, dt.date(2026, 2, 1))
    assert current[0]["periode"] == "du 1er janvier 2026 au 31 mars 2026"
    assert current[1]["periode"] == "depuis le 1er janvier 2025"

    ended = amount_lines(checklist, dt.date(2026, 4, 2))
    assert ended[0]["periode"] == (
        "montant valable jusqu'au 31 mars 2026, vérifiez le montant actuel"
    )
    assert ended[1]["periode"] == "depuis le 1er janvier 2025"

    outcome = Outcome((ProcedureResult(checklist, checklist.etapes[:1]),), (), ())
    html = sheet_html(outcome, letters={}, day=dt.date(2026, 4, 2), content_version="essai")
    assert "300,00 € par mois — <strong>montant valable jusqu&#39;au 31 mars 2026, vérifiez" in html
    assert "<strong>300,00 € par mois</strong>" not in html
    assert "<strong>10 € par an</strong> (depuis le 1er janvier 2025)" in html


def test_an_amount_written_in_the_text_is_a_warning(cli, tmp_path: Path, kit_run: Run) -> None:
    on_day(kit_run, dt.date(2026, 2, 1))  # the amounts of `montants:` are current
    text = GOOD.replace(
        "texte: Ouvrez votre espace Mon Compte sur caf.fr.",
        "texte: Ouvrez votre espace Mon Compte sur caf.fr.\n"
        "    aide: Le montant de base est de 646,52 € par mois. Il faut 3 mois de loyers.",
    )
    path = write(tmp_path, with_amounts(text))
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 0, result.stderr
    assert f"{path}:{line_of(text, 'aide: Le montant')}:" in result.stderr
    assert (
        "montant « 646,52 € » écrit dans le texte : mettez-le dans « montants: »" in result.stderr
    )
    assert "0 erreur, 1 avertissement" in result.stdout  # not the value in montants:


def test_shipped_amounts_are_dated_and_sourced() -> None:
    content = load_content(shipped_folders())
    amounts = [a for c in content.checklists.values() for a in c.montants]
    assert amounts, "au moins une fiche livrée porte un montant daté"
    for amount in amounts:
        assert amount.source.startswith("https://")
        assert amount.au is None or amount.au >= amount.du


# -- acronyms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "acronym", "explained"),
    [
        ("La MDPH (maison départementale des personnes handicapées) décide.", "MDPH", True),
        ("La maison départementale des personnes handicapées (MDPH) décide.", "MDPH", True),
        ("La MDPH (taux d'incapacité, droit à l'allocation) décide.", "MDPH", False),
        ("La MDPH (voir plus bas) décide.", "MDPH", False),
        ("Au CCAS (centre communal d'action sociale).", "CCAS", True),
        (
            "Le numéro SIRET (système d'identification du répertoire des établissements).",
            "SIRET",
            True,
        ),
        ("Le RSA (revenu de solidarité active) et la prime.", "RSA", True),
        ("Le RSA (le revenu minimum) et la prime.", "RSA", False),
        ("Le RSA, revenu de solidarité active.", "RSA", False),
    ],
)
def test_acronym_is_explained_only_by_its_own_words(
    text: str, acronym: str, explained: bool
) -> None:
    start = text.index(acronym)
    assert is_explained(text, start, start + len(acronym), acronym) is explained


def lint(tmp_path: Path, text: str, name: str = "essai-logement.yaml") -> list[str]:
    return [p.message for p in readability_warnings(read_yaml(write(tmp_path, text, name)))]


def test_a_parenthesis_that_is_not_the_expansion_does_not_explain(tmp_path: Path) -> None:
    text = GOOD.replace(
        "resume: Une fiche d'essai pour les tests du moteur.",
        "resume: Une fiche d'essai. La MDPH (taux d'incapacité) décide.",
    )
    assert any("« MDPH » non expliqué" in m for m in lint(tmp_path, text))
    fixed = text.replace("(taux d'incapacité)", "(maison départementale des personnes handicapées)")
    assert not any("MDPH" in m for m in lint(tmp_path, fixed))


def test_organisme_is_read_like_every_other_text(tmp_path: Path) -> None:
    text = GOOD.replace("organisme: Caf", "organisme: MSA")
    assert any("« MSA » non expliqué" in m for m in lint(tmp_path, text))
    fixed = GOOD.replace("organisme: Caf", "organisme: MSA (Mutualité sociale agricole)")
    assert not any("MSA" in m for m in lint(tmp_path, fixed))


# -- jargon ------------------------------------------------------------------------------------


def test_jargon_from_the_shipped_list_is_a_warning_with_the_plain_words(
    cli, tmp_path: Path
) -> None:
    text = GOOD.replace(
        "texte: Ouvrez votre espace Mon Compte sur caf.fr.",
        "texte: Ouvrez votre espace Mon Compte sur caf.fr.\n    aide: Un forfait logement est déduit.",
    )
    path = write(tmp_path, text)
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 0, result.stderr
    assert f"{path}:{line_of(text, 'aide: Un forfait logement')}:" in result.stderr
    assert "« forfait logement » est du jargon" in result.stderr
    assert "dites plutôt « le logement gratuit" in result.stderr


def test_a_coordinator_adds_a_term_to_the_jargon_list(cli, tmp_path: Path) -> None:
    write(
        tmp_path,
        "jargon:\n  - terme: quittance\n    dire_plutot: le reçu du loyer\n",
        "_jargon.yaml",
    )
    text = GOOD.replace(
        "resume: Une fiche d'essai pour les tests du moteur.",
        "resume: Gardez la Quittance du mois.",
    )
    path = write(tmp_path, text)
    result = cli("demarches", "verifier", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert f"{path}:{line_of(text, 'resume:')}:" in result.stderr
    assert (
        "« quittance » est du jargon (liste _jargon.yaml) : dites plutôt « le reçu du loyer »"
        in (result.stderr)
    )


def jargon_of(doc: YamlDocument, jargon: list[JargonEntry], *, letter: bool = False) -> list:
    return [p for p in readability_warnings(doc, jargon, letter=letter) if "jargon" in p.message]


def test_jargon_followed_by_its_explanation_passes(tmp_path: Path) -> None:
    entry = JargonEntry(terme="aide juridictionnelle", dire_plutot="l'aide pour l'avocat")
    plain = read_yaml(
        write(tmp_path, GOOD.replace("Une fiche d'essai", "Demandez l'aide juridictionnelle"))
    )
    taught = read_yaml(
        write(
            tmp_path,
            GOOD.replace(
                "Une fiche d'essai", "Demandez l'aide juridictionnelle (l'État paie l'avocat)"
            ),
            "essai-famille.yaml",
        )
    )
    assert len(jargon_of(plain, [entry])) == 1
    assert jargon_of(taught, [entry]) == []


LETTER = """id: essai-lettre
titre: Essai de courrier
resume: Un recours préalable, expliqué à la personne.
destinataire: Commission de recours amiable
sources: [https://www.service-public.fr/particuliers/vosdroits/F2882]
verifie_le: 2026-11-01
champs:
  - id: nom
    libelle: Nom et prénom
objet: Recours préalable
corps: Je forme un recours préalable contre la décision.
"""


def test_letter_subject_and_body_may_use_the_office_words(tmp_path: Path) -> None:
    entry = JargonEntry(terme="recours préalable", dire_plutot="le premier recours")
    doc = read_yaml(write(tmp_path, LETTER, "essai-lettre.yaml"))
    found = jargon_of(doc, [entry], letter=True)
    assert [p.line for p in found] == [line_of(LETTER, "resume:")]
    assert len(jargon_of(doc, [entry], letter=False)) == 3


def test_broken_jargon_list_is_an_error(cli, tmp_path: Path) -> None:
    write(tmp_path, "jargon:\n  - terme: quittance\n", "_jargon.yaml")
    result = cli("demarches", "verifier", str(tmp_path))
    assert result.exit_code == 1
    assert "dire_plutot" in result.stderr


def test_shipped_content_has_no_jargon_nor_unexplained_acronym() -> None:
    content = load_content(shipped_folders())
    assert content.jargon, "la liste de jargon livrée est chargée"
    assert content.problems == []
