"""Translations that stay true (issue #20): each text knows the French it was made from, a
coordinator's folder may add or correct translations, and every line of the sheet is in both
languages."""

from __future__ import annotations

import datetime as dt
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from cafedemarches.content.index import file_kind, shipped_folders
from cafedemarches.content.loader import Content, load_content
from cafedemarches.content.translations import (
    LANGUAGES,
    SHEET_TEXTS,
    check_translations,
    completeness,
    french_digest,
    load_translations,
    sheet_language,
    shipped_translations_folder,
    translation_folders,
)

ANSWERS = """\
demarches: [rsa, prime-activite, aide-logement, aspa]
reponses:
  age: 34
  en_couple: false
  enfants_a_charge: 1
  enceinte: false
  etudiant: false
  travaille: true
  independant: false
  nationalite: francaise
  logement: locataire
  bail_signe: true
  bailleur_famille: false
  colocation: false
"""


@cache
def shipped() -> Content:
    return load_content(shipped_folders(), deep=False)


def changed_content(tmp_path: Path, checklist: str, old: str, new: str) -> tuple[Content, Path]:
    """The shipped content with one French text of a checklist changed (a coordinator's copy
    of that checklist, which shadows the kit's)."""
    mine = tmp_path / "mes-fiches"
    mine.mkdir()
    source = shipped_folders()[0] / f"{checklist}.yaml"
    text = source.read_text(encoding="utf-8")
    assert old in text
    (mine / source.name).write_text(text.replace(old, new), encoding="utf-8")
    return load_content([*shipped_folders(), mine], deep=False), mine


def test_a_translated_text_records_the_digest_of_its_french_text() -> None:
    translations = load_translations()
    rsa = translations.effective("ar", "rsa")
    item, _ = rsa["titre"]
    assert not isinstance(item, str)
    assert item.francais == french_digest(shipped().checklists["rsa"].titre)
    # Spaces do not count: a line folded differently in YAML is the same text.
    assert french_digest("Moins de  3 mois\n") == french_digest("Moins de 3 mois")
    assert french_digest("Moins de 3 mois") != french_digest("Moins de 3 semaines")


def test_changed_french_is_named_by_the_verifier_and_printed_in_french_only(
    tmp_path: Path,
) -> None:
    content, _ = changed_content(
        tmp_path,
        "rsa",
        "texte: Faites une simulation sur",
        "texte: Ne faites pas de simulation sur",
    )
    step = next(s for s in content.checklists["rsa"].etapes if "Ne faites pas" in s.texte)
    key = f"etape.{step.id}"
    problems = check_translations(load_translations(), content)
    stale = [p for p in problems if key in p.message]
    assert {p.path.parent.name for p in stale if p.path} == set(LANGUAGES)  # every language
    for problem in stale:
        assert problem.warning and problem.line
        assert "le français a changé depuis cette traduction" in problem.message
        assert french_digest(step.texte) in problem.message  # what to write once updated
    assert "arabe" in " ".join(p.message for p in stale)
    for code in LANGUAGES:
        language = sheet_language(code, content)
        assert language.text("rsa", key) is None  # never the old translation
        assert language.text("rsa", "titre") is not None  # the others still are
    report = {r.language.code: r for r in completeness(load_translations(), content)}
    assert report["ar"].stale == 1 and "1 à mettre à jour" in report["ar"].line()


def test_the_sheet_says_some_texts_are_in_french_only(tmp_path: Path) -> None:
    from cafedemarches.render.sheet import sheet_html
    from cafedemarches.session.engine import Plan, outcome

    content, _ = changed_content(
        tmp_path,
        "rsa",
        "texte: Faites une simulation sur",
        "texte: Ne faites pas de simulation sur",
    )

    def html(with_content: Content) -> str:
        plan = Plan((with_content.checklists["rsa"],))
        return sheet_html(
            outcome(plan, with_content.catalogue, {}),
            letters=with_content.letters,
            day=dt.date(2026, 11, 29),
            content_version="essai",
            language=sheet_language("uk", with_content),
        )

    assert "Certains textes sont en français seulement" not in html(shipped())
    changed = html(content)
    assert "ne sont pas traduits : ils sont en français seulement" in changed
    assert "Деякі тексти лише французькою." in changed
    assert "Ne faites pas de simulation" in changed


def test_a_text_without_digest_is_never_printed(tmp_path: Path) -> None:
    folder = tmp_path / "traductions"
    shutil.copytree(shipped_translations_folder(), folder)
    path = folder / "en" / "rsa.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["textes"]["titre"] = "Apply for the RSA (revenu de solidarité active)"  # bare text
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    translations = load_translations([folder])
    problems = check_translations(translations, shipped())
    assert len(problems) == 1 and "« titre » (anglais)" in problems[0].message
    assert "francais" in problems[0].message


def test_persian_is_named_persian_in_persian() -> None:
    assert LANGUAGES["fa"].french_name == "persan"
    assert LANGUAGES["fa"].own_name == "فارسی"
    assert "dari" not in str(LANGUAGES).lower()


# -- a coordinator's translations ----------------------------------------------------------------


def test_translations_in_a_content_folder_are_found_and_shadow_the_kits(tmp_path: Path) -> None:
    mine = tmp_path / "mon-cafe"
    (mine / "traductions" / "en").mkdir(parents=True)
    title = shipped().checklists["rsa"].titre
    (mine / "traductions" / "en" / "rsa.yaml").write_text(
        yaml.safe_dump(
            {
                "langue": "en",
                "traduit": "rsa",
                "traduit_le": dt.date(2026, 12, 1),
                "relu": {"par": "interprète de l'association", "le": dt.date(2026, 12, 2)},
                "textes": {
                    "titre": {
                        "texte": "Ask for the RSA (revenu de solidarité active)",
                        "francais": french_digest(title),
                    }
                },
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    path = mine / "traductions" / "en" / "rsa.yaml"
    assert file_kind(path) == "translation"  # never read as a checklist
    content = load_content([*shipped_folders(), mine], deep=False)
    assert not content.errors
    language = sheet_language("en", content, [mine])
    assert language.text("rsa", "titre") == "Ask for the RSA (revenu de solidarité active)"
    assert ("rsa", "titre") not in language.not_reviewed  # reviewed by the coordinator's side
    assert language.text("rsa", "resume") == sheet_language("en", content).text("rsa", "resume")
    translations = load_translations(translation_folders([mine]))
    assert check_translations(translations, content) == []


# -- every line of the sheet ----------------------------------------------------------------------


@pytest.fixture
def sheet(tmp_path: Path) -> Any:
    from cafedemarches.render.sheet import sheet_html
    from cafedemarches.session.engine import Plan, outcome

    content = shipped()
    ids = ("rsa", "prime-activite", "aspa")
    plan = Plan(tuple(content.checklists[i] for i in ids))

    def make(code: str, day: dt.date = dt.date(2026, 11, 29)) -> str:
        return sheet_html(
            outcome(plan, content.catalogue, {"age": 70}),
            letters=content.letters,
            day=day,
            content_version="essai",
            site="Café d'essai",
            made_letters=[],
            language=sheet_language(code, content),
        )

    return make


def test_every_line_of_the_sheet_is_also_in_the_language(sheet: Any) -> None:
    html = sheet("en")
    for english in (
        "Prepared on 29/11/2026 at the Café démarches « Café d&#39;essai ».",
        "Office: CAF, or MSA (Mutualité sociale agricole) for the farming scheme",
        "Maximum amount for a single person",
        "(from 01/01/2026 to 31/12/2026)",
        "For: ",
        "Letters that can help",
    ):
        assert english in html, english
    assert "Certains textes" not in html  # everything it prints is translated
    expired = sheet("en", dt.date(2027, 2, 1))
    assert "amount valid until 31/12/2026, check the current amount" in expired


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_sheet_text_is_translated_in_every_language(code: str) -> None:
    effective = load_translations().effective(code, "_feuille")
    assert set(effective) == set(SHEET_TEXTS)


def test_the_sheet_names_its_language_in_that_language(sheet: Any) -> None:
    assert '<span lang="fa" dir="rtl">فارسی</span>' in sheet("fa")
    assert '<span lang="uk" dir="ltr">Українська</span>' in sheet("uk")
