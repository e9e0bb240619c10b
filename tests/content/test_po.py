"""Translators work in their own tools (issue #20): `traductions exporter` writes a gettext PO
file, `traductions importer` brings it back, each text checked; round trips keep every text."""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import polib
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cafedemarches.content.index import shipped_folders
from cafedemarches.content.loader import Content, load_content
from cafedemarches.content.po import export_po, import_po
from cafedemarches.content.translations import (
    LANGUAGES,
    french_digest,
    load_translations,
    sheet_language,
    source_texts,
    text_of,
    translation_folders,
)

DAY = dt.date(2026, 12, 7)


@cache
def shipped() -> Content:
    return load_content(shipped_folders(), deep=False)


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_export_then_import_changes_nothing(code: str, tmp_path: Path) -> None:
    translations = load_translations()
    po = export_po(code, shipped(), translations)
    path = tmp_path / f"{code}.po"
    po.save(str(path))
    entries = polib.pofile(str(path))
    assert entries.metadata["Language"] == code
    rsa = next(e for e in entries if e.msgctxt == "rsa:titre")
    assert rsa.msgid == shipped().checklists["rsa"].titre  # msgid: the French
    assert rsa.msgstr == text_of(translations.effective(code, "rsa")["titre"][0])
    assert "RSA" in rsa.comment  # the words to keep, for the translator
    total = sum(len(source_texts(s, shipped()) or {}) for s in ["_feuille", "_documents"])
    assert len(entries) > total
    report = import_po(path, shipped(), translations, tmp_path / "traductions", today=DAY)
    assert report.refused == [] and report.imported == 0 and report.fuzzy == 0
    assert report.unchanged == len([e for e in entries if e.msgstr])
    assert not (tmp_path / "traductions").exists()  # nothing to write


def translator_edits(tmp_path: Path, change: Any, code: str = "ar") -> Path:
    po = export_po(code, shipped(), load_translations())
    by_context = {entry.msgctxt: entry for entry in po}
    change(by_context, po)
    path = tmp_path / f"{code}-relu.po"
    po.save(str(path))
    return path


def test_an_edited_and_reviewed_text_comes_back_with_its_reviewer(tmp_path: Path) -> None:
    def change(entries: dict[str, Any], po: Any) -> None:
        entries["_feuille:dabord"].msgstr = "أولًا وقبل كل شيء"
        entries["_feuille:dabord"].tcomment = "relu par interprète de l'association"
        po.metadata["PO-Revision-Date"] = "2026-12-05 10:00+0100"

    path = translator_edits(tmp_path, change)
    mine = tmp_path / "mon-cafe"
    report = import_po(path, shipped(), load_translations(), mine / "traductions", today=DAY)
    assert report.imported == 1 and report.refused == []
    written = yaml.safe_load((mine / "traductions" / "ar" / "_feuille.yaml").read_text("utf-8"))
    assert written["textes"]["dabord"] == {
        "texte": "أولًا وقبل كل شيء",
        "francais": french_digest("D'abord"),
        "relu": {"par": "interprète de l'association", "le": dt.date(2026, 12, 5)},
    }
    # The coordinator's folder shadows the kit's text; the others stay the kit's.
    content = load_content([*shipped_folders(), mine], deep=False)
    language = sheet_language("ar", content, [mine])
    assert language.text("_feuille", "dabord") == "أولًا وقبل كل شيء"
    assert ("_feuille", "dabord") not in language.not_reviewed
    assert language.text("_feuille", "titre") == "إجراءاتك"
    # Exported again, the review is there for the next translator.
    again = export_po("ar", content, load_translations(translation_folders([mine])))
    entry = next(e for e in again if e.msgctxt == "_feuille:dabord")
    assert entry.tcomment == "relu par interprète de l'association le 2026-12-05"


def test_bad_texts_are_refused_one_by_one_and_the_rest_goes_in(tmp_path: Path) -> None:
    def change(entries: dict[str, Any], po: Any) -> None:
        entries["_feuille:dabord"].msgstr = "أولًا وقبل كل شيء"  # good
        entries["_feuille:prepare_le"].msgstr = "أُعدّت في {{ jour }}."  # broken placeholder
        entries["rsa:titre"].msgstr = "طلب دخل التضامن النشط"  # « RSA » lost
        entries["aah:etape.recours"].msgstr = "قدّم طعنًا لدى MDPH خلال 3 أشهر"  # 2 → 3
        entries["_feuille:intro"].msgstr = "Зберігайте цей аркуш."  # not Arabic
        po.append(polib.POEntry(msgctxt="rsa:etape.inconnue", msgid="Rien", msgstr="لا شيء"))
        entries["_feuille:attention"].msgstr = "انتبه"
        entries["_feuille:attention"].flags.append("fuzzy")  # « needs work »: left out

    path = translator_edits(tmp_path, change)
    report = import_po(path, shipped(), load_translations(), tmp_path / "traductions", today=DAY)
    assert report.imported == 1 and report.fuzzy == 1
    reasons = {r.context: r.reason for r in report.refused}
    assert set(reasons) == {
        "_feuille:prepare_le",
        "rsa:titre",
        "aah:etape.recours",
        "_feuille:intro",
        "rsa:etape.inconnue",
    }
    assert "{{ date }}" in reasons["_feuille:prepare_le"]
    assert "« RSA »" in reasons["rsa:titre"]
    assert "nombre « 2 »" in reasons["aah:etape.recours"]
    assert "pas en arabe" in reasons["_feuille:intro"]
    assert "identifiant inconnu" in reasons["rsa:etape.inconnue"]
    assert all(r.line().startswith("« ") and r.line().endswith(".") for r in report.refused)


def test_a_file_in_another_language_is_refused_whole(cli: Any, kit_home: Path) -> None:
    path = translator_edits(kit_home, lambda entries, po: None, code="uk")
    result = cli("traductions", "importer", str(path), "--langue", "ar", "--dossier", str(kit_home))
    assert result.exit_code == 1
    assert "est en « uk », pas en « ar » : rien n'a été importé" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_text_made_for_another_french_is_exported_fuzzy_and_refused_if_unchanged(
    tmp_path: Path,
) -> None:
    mine = tmp_path / "mes-fiches"
    mine.mkdir()
    rsa = (shipped_folders()[0] / "rsa.yaml").read_text("utf-8")
    (mine / "rsa.yaml").write_text(rsa.replace("Faites une simulation", "Faites un calcul"))
    content = load_content([*shipped_folders(), mine], deep=False)
    po = export_po("en", content, load_translations())
    entry = next(e for e in po if e.msgctxt == "rsa:etape.simulation")
    assert "fuzzy" in entry.flags and entry.msgid.startswith("Faites un calcul")
    # An old export, whose French is not today's, cannot bring in a text.
    old = export_po("en", shipped(), load_translations())
    next(
        e for e in old if e.msgctxt == "rsa:etape.simulation"
    ).msgstr = "Run a simulation on caf.fr or mesdroitssociaux.gouv.fr now"
    path = tmp_path / "old.po"
    old.save(str(path))
    report = import_po(path, content, load_translations(), tmp_path / "t", today=DAY)
    assert [r.context for r in report.refused] == ["rsa:etape.simulation"]
    assert "le français a changé depuis l'export" in report.refused[0].reason


def test_the_commands_export_and_import(cli: Any, kit_home: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mon-cafe"
    mine.mkdir()
    (kit_home / "config.yaml").write_text(f"dossiers_contenu: ['{mine}']\n", encoding="utf-8")
    target = tmp_path / "fa.po"
    result = cli("traductions", "exporter", "--langue", "fa", "--sortie", str(target))
    assert result.exit_code == 0, result.stderr
    assert "textes écrits dans" in result.stdout and target.is_file()
    po = polib.pofile(str(target))
    entry = next(e for e in po if e.msgctxt == "_feuille:dabord")
    entry.msgstr = "نخست"
    po.save(str(target))
    result = cli("traductions", "importer", str(target))
    assert result.exit_code == 0, result.stderr
    assert "persan : 1 texte importé" in result.stdout
    assert (mine / "traductions" / "fa" / "_feuille.yaml").is_file()
    result = cli("demarches", "verifier")
    assert result.exit_code == 0 and "0 avertissement" in result.stdout


@cache
def shipped_translations() -> Any:
    return load_translations()


@settings(deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"),
        min_size=1,
        max_size=80,
    ).filter(lambda t: t.strip() and "{{" not in t and "{%" not in t)
)
def test_any_text_survives_the_po_file(tmp_path_factory: Any, text: str) -> None:
    """Quotes, backslashes, line breaks, any script: what the translator typed comes back."""
    folder = tmp_path_factory.mktemp("po")
    translated = "CAF " + text  # « CAF » kept, the rest anything a translator may type
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    french = shipped().checklists["compte-caf"].organisme
    po.append(polib.POEntry(msgctxt="compte-caf:organisme", msgid=french, msgstr=translated))
    path = folder / "en.po"
    po.save(str(path))
    translations = shipped_translations()
    report = import_po(path, shipped(), translations, folder / "traductions", today=DAY)
    if report.refused:  # a text in another script, or with a number: said, never lost
        assert report.refused[0].context == "compte-caf:organisme"
        return
    back = load_translations([folder / "traductions"]).effective("en", "compte-caf")
    assert text_of(back["organisme"][0]) == unicodedata.normalize("NFC", translated.strip())


def test_a_file_that_is_not_a_po_file_is_a_french_error(cli: Any, kit_home: Path) -> None:
    broken = kit_home / "casse.po"
    broken.write_text("ceci n'est pas un fichier PO\n", encoding="utf-8")
    result = cli("traductions", "importer", str(broken), "--dossier", str(kit_home))
    assert result.exit_code == 1
    assert "casse.po, ligne 1 : ce n'est pas écrit comme un fichier PO." in result.stderr
    assert "Traceback" not in result.stderr


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_no_po_file_gives_a_traceback(tmp_path_factory: Any, raw: bytes) -> None:
    from cafedemarches.errors import UserError

    folder = tmp_path_factory.mktemp("po")
    path = folder / "x.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n' + raw)
    with contextlib.suppress(UserError):  # a French message, or the texts imported
        import_po(path, shipped(), shipped_translations(), folder / "t", today=DAY)


def test_a_direction_control_in_a_translation_is_refused(tmp_path: Path) -> None:
    """Issue 23: the sheet sets an Arabic block's direction itself (`dir="rtl"`); an
    embedding or override character pasted by a translation tool is refused, the rest kept."""

    def change(entries: dict[str, Any], po: Any) -> None:
        entries["_feuille:dabord"].msgstr = "\u202bأولًا وقبل كل شيء\u202c"
        entries["_feuille:titre"].msgstr = "إجراءاتك الآن"

    path = translator_edits(tmp_path, change)
    report = import_po(path, shipped(), load_translations(), tmp_path / "traductions", today=DAY)
    assert [r.context for r in report.refused] == ["_feuille:dabord"]
    assert "U+202B" in report.refused[0].reason
    assert report.imported == 1
    written = (tmp_path / "traductions" / "ar" / "_feuille.yaml").read_text("utf-8")
    assert "\u202b" not in written and "إجراءاتك الآن" in written
