"""The take-away sheet beside the French in the person's language (issue #13): translations
as content files, protected terms kept, French fallback, right-to-left blocks tagged with
their language, fonts that cover every character printed."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from cafedemarches.content.index import shipped_folders
from cafedemarches.content.loader import Content, load_content
from cafedemarches.content.models import Step
from cafedemarches.content.translations import (
    LANGUAGES,
    SHEET_TEXTS,
    check_translations,
    completeness,
    load_translations,
    sheet_language,
    shipped_translations_folder,
    source_texts,
    step_key,
    text_of,
    text_problems,
)

# The answers file the benchmark replays too.
ANSWERS = (Path(__file__).parent.parent / "fixtures" / "reponses-trois-demarches.yaml").read_text(
    "utf-8"
)


@cache
def shipped() -> Content:
    return load_content(shipped_folders(), deep=False)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.fixture
def replay(cli: Any, kit_home: Path, tmp_path: Path) -> Any:
    (kit_home / "config.yaml").write_text("lieu: Café d'essai\n", encoding="utf-8")
    answers = tmp_path / "reponses.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")

    def run(*options: str) -> Path:
        out = tmp_path / ("out-" + "-".join(options).replace("--", ""))
        result = cli("accueil", "--reponses", str(answers), "--sortie", str(out), *options)
        assert result.exit_code == 0, result.stderr
        return out / "vos-demarches.pdf"

    return run


# -- the verifier's rules ---------------------------------------------------------------------


def test_shipped_translations_have_no_warning_and_every_language_is_reported() -> None:
    translations = load_translations()
    assert check_translations(translations, shipped()) == []
    report = completeness(translations, shipped())
    assert [r.language.code for r in report] == ["en", "ar", "uk", "fa"]
    for line in report:
        assert 0 < line.translated <= line.total
        assert line.not_reviewed == line.translated  # no human reviewer has read them yet


def test_a_translation_loses_nothing_a_person_meets_at_the_counter() -> None:
    terms = load_translations().terms
    french = "Faites la demande dans Mon Compte sur caf.fr (cerfa n° 15481, 646,52 €)."
    good = "Apply in Mon Compte on caf.fr (cerfa n° 15481, 646,52 €)."
    assert text_problems(french, good, terms) == []
    for broken in (
        "Apply in My Account on caf.fr (cerfa n° 15481, 646,52 €).",  # a name translated
        "Apply in Mon Compte on caf.fr (form 15481, 646,52 €).",  # « cerfa » dropped
        "Apply in Mon Compte on caf.fr (cerfa n° 15841, 646,52 €).",  # a number changed
        "Apply in Mon Compte on the CAF website (cerfa n° 15481, 646,52 €).",  # address lost
    ):
        assert text_problems(french, broken, terms), broken
    assert text_problems("Bonjour {{ nom }}", "Hello {{ name }}", terms)


def test_a_number_is_kept_as_a_number_whatever_follows_it() -> None:
    """« 3e » may become « 3rd »; a digit inside a web address is kept with the address; a
    number inside a longer one is not the same number."""
    terms = load_translations().terms
    assert text_problems("En 3e, au collège.", "In year 3 (3rd), at collège.", terms) == []
    assert text_problems("En 3e, au collège.", "In the last year of collège.", terms)
    french = "Sur 1jeune1solution.gouv.fr, pour les 16-25 ans."
    assert text_problems(french, "On 1jeune1solution.gouv.fr, for ages 16-25.", terms) == []
    assert text_problems(french, "On the government site, for ages 16-25.", terms)
    assert text_problems("Plafond : 646,52 €", "Ceiling: 1646,52 €", terms)
    assert text_problems("Plafond : 646,52 €", "Ceiling: 646,521 €", terms)


def test_a_step_without_id_gets_a_key_that_follows_its_french_text() -> None:
    step = Step(texte="Appelez la Caf")
    assert step_key(step) == step_key(Step(texte="Appelez la Caf"))
    assert step_key(step) != step_key(Step(texte="Appelez la CPAM"))
    assert step_key(Step(id="appel", texte="Appelez la Caf")) == "appel"


def copy_translations(tmp_path: Path) -> Path:
    folder = tmp_path / "traductions"
    shutil.copytree(shipped_translations_folder(), folder)
    return folder


def edit(path: Path, change: Any) -> None:
    """Change a translation file's data (`change(data)`), written back as YAML."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_verifier_warns_where_a_file_misses_or_breaks_something(tmp_path: Path) -> None:
    folder = copy_translations(tmp_path)
    path = folder / "en" / "_feuille.yaml"

    def change(data: dict[str, Any]) -> None:
        texts = data["textes"]
        del texts["dabord"]  # one text missing
        aide = texts["aide"]
        aide["texte"] = aide["texte"].replace("France services office", "public service office")
        texts["ancien_titre"] = {"texte": "Old heading", "francais": "0123456789"}  # gone

    edit(path, change)
    problems = check_translations(load_translations([folder]), shipped())
    assert problems and all(p.warning and p.path == path for p in problems)
    messages = " ".join(p.message for p in problems)
    assert "dabord" in messages and "France services" in messages and "ancien_titre" in messages
    lines = {p.line for p in problems}
    assert None not in lines  # each says its line


def test_a_broken_translation_file_is_an_error_naming_its_line(tmp_path: Path) -> None:
    folder = copy_translations(tmp_path)
    path = folder / "uk" / "_feuille.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("relu: non", "relu: peut-être"))
    problems = load_translations([folder]).problems
    assert problems and not problems[0].warning and problems[0].path == path
    assert problems[0].line == 5


def test_verifier_command_reports_completeness_per_language(cli: Any) -> None:
    result = cli("demarches", "verifier")
    assert result.exit_code == 0, result.stderr
    for language in LANGUAGES.values():
        assert f"Traduction {language.french_name} : " in result.stdout
    assert "0 avertissement" in result.stdout


# -- the printed sheet ------------------------------------------------------------------------


def arabic_script(text: str) -> int:
    return sum(1 for ch in text if "ARABIC" in unicodedata.name(ch, ""))


def cyrillic(text: str) -> int:
    return sum(1 for ch in text if "CYRILLIC" in unicodedata.name(ch, ""))


def test_replay_with_langue_prints_each_block_in_french_then_in_the_language(replay: Any) -> None:
    french = pdf_text(replay())
    for code, count in (("uk", cyrillic), ("ar", arabic_script), ("fa", arabic_script)):
        text = pdf_text(replay("--langue", code))
        assert count(text) > 200, code  # headings, papers, steps in their script
        assert count(french) == 0
        # French stays complete and first.
        assert text.index("Vos démarches") < text.index("D'abord") < text.index("Les papiers")
        for heading in ("D'abord", "Les papiers à rassembler", "Ensuite, étape par étape"):
            assert heading in text
        # Names met at the counter are printed unchanged in the translated blocks too.
        for term in ("caf.fr", "Mon Compte", "France services"):
            assert text.count(term) > french.count(term), (code, term)
    ukrainian = pdf_text(replay("--langue", "uk"))
    assert "Документи, які треба зібрати" in ukrainian
    assert "Traduction non relue" in ukrainian  # not reviewed: said in French…
    assert "Цей переклад ще не перевірив перекладач" in ukrainian  # …and in the language


def test_missing_translation_falls_back_to_french_for_that_block(
    replay: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_translations(tmp_path)
    (folder / "uk" / "rsa.yaml").unlink()
    from cafedemarches.content import translations

    monkeypatch.setattr(translations, "shipped_translations_folder", lambda: folder)
    text = pdf_text(replay("--langue", "uk"))
    rsa = shipped().checklists["rsa"]
    assert rsa.titre in text  # the French is there…
    assert "Документи, які треба зібрати" in text  # …headings still translated
    language = sheet_language("uk", shipped())
    assert language.text("rsa", "titre") is None
    assert language.text("prime-activite", "titre") is not None


def test_an_unknown_language_is_a_french_error(cli: Any, kit_home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "reponses.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    result = cli("accueil", "--reponses", str(answers), "--sortie", str(tmp_path), "--langue", "xx")
    assert result.exit_code == 1
    assert "Langue inconnue : « xx »" in result.stderr
    assert not (tmp_path / "vos-demarches.pdf").exists()


def struct_languages(path: Path) -> dict[str, int]:
    found: dict[str, int] = {}

    def walk(node: Any) -> None:
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if "/Lang" in node:
                found[str(node["/Lang"])] = found.get(str(node["/Lang"]), 0) + 1
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, ArrayObject):
            for child in node:
                walk(child)

    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return found


def bilingual_html(code: str, procedures: list[str]) -> str:
    """The HTML of the sheet of these procedures (no answers) in French and `code`."""
    from cafedemarches.render.sheet import sheet_html
    from cafedemarches.session.engine import Plan, outcome

    content = shipped()
    plan = Plan(tuple(content.checklists[p] for p in procedures))
    return sheet_html(
        outcome(plan, content.catalogue, {}),
        letters=content.letters,
        day=dt.date(2026, 11, 29),
        content_version="essai",
        language=sheet_language(code, content),
    )


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_right_to_left_blocks_are_marked_and_tagged_with_their_language(
    replay: Any, code: str
) -> None:
    html = bilingual_html(code, ["rsa"])
    assert f'lang="{code}" dir="rtl"' in html
    # Latin names inside right-to-left text stay in one left-to-right piece.
    assert '<span class="ltr" dir="ltr">' in html
    pdf = replay("--langue", code)
    languages = struct_languages(pdf)
    assert languages.get(code, 0) > 10 and languages.get("fr", 0) > 0
    assert str(PdfReader(pdf).trailer["/Root"]["/Lang"]) == "fr"


@pytest.mark.parametrize("code", ["en", "ar", "uk", "fa"])
def test_fonts_embedded_cover_every_character_printed(replay: Any, code: str) -> None:
    from fontTools.ttLib import TTFont

    from cafedemarches.render.fonts import font_faces, script_font_faces

    pdf = replay("--langue", code)
    reader = PdfReader(pdf)
    embedded = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    # Only the kit's own fonts, never a system fallback for a missing letter.
    all_faces = (*font_faces(), *script_font_faces())
    families = {face.family.replace(" ", "-") for face in all_faces}
    assert all(any(name.startswith(f) for f in families) for name in embedded), embedded
    # Every character of every translated text is in the font chosen for that language.
    faces = {face.family: face.path for face in all_faces}
    chosen = {
        "ar": ["IBM Plex Sans Arabic"],
        "fa": ["IBM Plex Sans Arabic"],
        "uk": ["Noto Sans"],
        "en": ["Atkinson Hyperlegible"],
    }[code]
    coverage: set[int] = set()
    for family in chosen:
        coverage |= set(TTFont(faces[family]).getBestCmap())
    translations = load_translations(languages=[code])
    used = {
        ch
        for loaded in translations.files
        for item in loaded.model.textes.values()
        for ch in text_of(item)
        if unicodedata.category(ch) not in {"Cf", "Zs"}  # joiners and spaces have no glyph
    }
    missing = sorted(ch for ch in used if ord(ch) not in coverage)
    assert not missing, missing


def test_every_shipped_translation_key_names_a_french_text() -> None:
    translations = load_translations()
    for loaded in translations.files:
        code, source = loaded.model.langue, loaded.model.traduit
        french = source_texts(source, shipped())
        assert french is not None, (code, source)
        assert set(loaded.model.textes) <= set(french), (code, source)
    for code in LANGUAGES:
        assert set(SHEET_TEXTS) == set(translations.effective(code, "_feuille"))


def test_the_guided_session_asks_the_language_at_the_end(
    cli: Any, scripted: Any, kit_home: Path, tmp_path: Path, kit_run: Any
) -> None:
    from cafedemarches.cli.accueil import interactive as guided

    fixtures = Path(__file__).parent.parent / "fixtures" / "contenu"
    (kit_home / "config.yaml").write_text(
        f"lieu: Café d'essai\ndossiers_contenu: ['{fixtures}']\n", encoding="utf-8"
    )
    kit_run.which = lambda name: None  # no printer, no viewer
    prompter = scripted(
        # the language is one choice of « Et maintenant ? », before the sheet is made
        ["essai-logement", guided.DONE, 40, "locataire", f"{guided.LANGUAGE}:uk", guided.SHEET]
    )
    result = cli("accueil", "--sans-registre", "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "Et maintenant ?" in prompter.asked
    text = pdf_text(tmp_path / "vos-demarches.pdf")
    assert "Документи, які треба зібрати" in text  # the sheet's headings in Ukrainian
    assert "Ouvrez votre espace Mon Compte sur caf.fr." in text  # untranslated: French only


def test_a_paper_not_translated_at_all_is_completeness_not_a_warning(tmp_path: Path) -> None:
    folder = copy_translations(tmp_path)
    path = folder / "en" / "_documents.yaml"
    original = path.read_text(encoding="utf-8")

    def without(prefix: str) -> Any:
        def change(data: dict[str, Any]) -> None:
            data["textes"] = {k: v for k, v in data["textes"].items() if not k.startswith(prefix)}

        return change

    edit(path, without("rib."))
    before = next(
        r for r in completeness(load_translations(), shipped()) if r.language.code == "en"
    )
    after_all = load_translations([folder])
    assert check_translations(after_all, shipped()) == []  # a paper not started: no warning
    now = next(r for r in completeness(after_all, shipped()) if r.language.code == "en")
    assert now.translated == before.translated - 3  # …but it counts as not translated
    path.write_text(original, encoding="utf-8")
    edit(path, without("rib.explication"))
    problems = check_translations(load_translations([folder]), shipped())
    assert len(problems) == 1 and "rib.explication" in problems[0].message


@pytest.mark.parametrize(("code", "separator"), [("en", "; "), ("uk", "; "), ("ar", "؛ ")])
def test_the_notes_of_a_paper_are_joined_in_the_language_of_the_line(
    code: str, separator: str
) -> None:
    """Two procedures that ask the same paper each add their note: the translated line joins
    them with the language's own semicolon, never the French « ; »."""
    html = bilingual_html(code, ["aah", "compte-caf"])
    lines = re.findall(rf'<span class="tr" lang="{code}"[^>]*><strong>.*?</span>\n', html)
    joined = [line for line in lines if " — " in line]
    assert joined and all(separator in line for line in joined), joined
    assert not any(" ; " in line for line in joined)
