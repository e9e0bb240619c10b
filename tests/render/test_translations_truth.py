"""Translations that stay true (issue #20): each text knows the French it was made from, a
coordinator's folder may add or correct translations, and every line of the sheet is in both
languages."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

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
  bail: signe
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
    # The foot of every page: the day, in both languages; the page numbers in figures only;
    # the kit and content versions in the PDF's properties, not on the page.
    assert 'content: "Préparé le 29/11/2026 — Prepared on 29/11/2026"' in html
    assert 'content: counter(page) " / " counter(pages)' in html
    assert '<meta name="generator" content="cafedemarches ' in html
    assert "avec cafedemarches" not in html
    expired = sheet("en", dt.date(2027, 2, 1))
    assert "amount valid until 31/12/2026, check the current amount" in expired


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_sheet_text_is_translated_in_every_language(code: str) -> None:
    effective = load_translations().effective(code, "_feuille")
    assert set(effective) == set(SHEET_TEXTS)


def test_the_sheet_names_its_language_in_that_language(sheet: Any) -> None:
    assert '<span lang="fa" dir="rtl">فارسی</span>' in sheet("fa")
    assert '<span lang="uk" dir="ltr">Українська</span>' in sheet("uk")


# -- text a machine can read, and the length of the sheet ------------------------------------------

_ARABIC_WORD = re.compile(r"[\u0621-\u0652\u0670-\u06d3]+")


def arabic_words(text: str) -> Counter[str]:
    """Arabic-script words of two letters or more; the zero-width non-joiner of Persian
    (« می‌شود ») set aside: it has no glyph, so no PDF reader can give it back."""
    words = _ARABIC_WORD.findall(text.replace("\u200c", ""))
    return Counter(w for w in words if len(w) > 1)


def intact(expected: Counter[str], text: str) -> float:
    """The share of the expected words found whole, letters in reading order, in `text`."""
    return sum((expected & arabic_words(text)).values()) / sum(expected.values())


def tree_texts(path: Path) -> list[str]:
    """Every `/ActualText` of the PDF's structure tree, in the tree's order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if "/ActualText" in node:
            found.append(str(node["/ActualText"]))
            return
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.fixture(scope="module")
def three_procedures(tmp_path_factory: Any) -> Any:
    """The sheet of three procedures (RSA, prime d'activité, aide au logement), in French and
    beside each language: its HTML and its PDF."""
    from cafedemarches.render.sheet import sheet_html, write_sheet
    from cafedemarches.session.engine import Plan, outcome

    content = shipped()
    answers = yaml.safe_load(ANSWERS)["reponses"]
    plan = Plan(tuple(content.checklists[i] for i in ("rsa", "prime-activite", "aide-logement")))
    folder = tmp_path_factory.mktemp("feuilles")
    made: dict[str, tuple[str, Path]] = {}

    def make(code: str) -> tuple[str, Path]:
        if code not in made:
            html = sheet_html(
                outcome(plan, content.catalogue, answers),
                letters=content.letters,
                day=dt.date(2026, 11, 29),
                content_version="essai",
                site="Café d'essai",
                language=sheet_language(code, content) if code != "fr" else None,
            )
            made[code] = (html, write_sheet(html, folder / f"{code}.pdf"))
        return made[code]

    return make


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_arabic_script_text_reads_back_in_reading_order(three_procedures: Any, code: str) -> None:
    """Measured on the sheet: the words of the translation, whole and in reading order, as
    pypdf and pdftotext read the page and as the structure tree (screen readers) gives them.
    pdftotext stays below: it reverses the letters inside a glyph that stands for two (« في »,
    « لا »), where pypdf and the PDF standard keep them in reading order."""
    html, pdf = three_procedures(code)
    expected = arabic_words(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))
    assert sum(expected.values()) > 500
    assert intact(expected, " ".join(tree_texts(pdf))) >= 0.99
    pages = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert intact(expected, pages) >= 0.95  # 98.5 % (ar), 99 % (fa) measured
    poppler = shutil.which("pdftotext")
    if poppler is not None:
        done = subprocess.run([poppler, "-raw", str(pdf), "-"], capture_output=True, text=True)
        assert intact(expected, done.stdout) >= 0.7  # 75 % (ar), 89 % (fa) measured


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_three_procedures_bilingual_fit_in_one_and_a_half_times_the_french(
    three_procedures: Any, code: str
) -> None:
    french = len(PdfReader(three_procedures("fr")[1]).pages)
    assert french == 4
    pages = len(PdfReader(three_procedures(code)[1]).pages)
    assert pages <= 1.5 * french, (code, pages)


def test_each_arabic_glyph_stands_for_its_own_letters() -> None:
    """The letters of a glyph come from the font: every form of alef is « ا », the lam-alef
    ligature is « لا », never the text of the first cluster the glyph was drawn in."""
    from cafedemarches.render.fonts import ARABIC_FAMILY, script_font_faces
    from cafedemarches.render.text_order import letters_by_glyph

    face = next(f for f in script_font_faces() if f.family == ARABIC_FAMILY)
    letters = letters_by_glyph(str(face.path))
    values = Counter(letters.values())
    assert values["ا"] >= 2  # the isolated alef and its final form
    assert values["لا"] >= 1  # the lam-alef ligature, both letters in reading order
    assert values["ي"] >= 4  # yeh: isolated, initial, medial, final


def test_the_not_reviewed_line_is_printed_only_for_translations_not_reviewed() -> None:
    import dataclasses

    from cafedemarches.render.sheet import sheet_html
    from cafedemarches.session.engine import Plan, outcome

    content = shipped()
    plan = Plan((content.checklists["rsa"],))

    def html(language: Any) -> str:
        return sheet_html(
            outcome(plan, content.catalogue, {}),
            letters=content.letters,
            day=dt.date(2026, 11, 29),
            content_version="essai",
            language=language,
        )

    shipped_uk = sheet_language("uk", content)
    assert "Traduction non relue" in html(shipped_uk)
    reviewed = dataclasses.replace(shipped_uk, not_reviewed=frozenset())
    assert "Traduction non relue" not in html(reviewed)
