"""The verifier's cache: an unchanged report is read back, any change is seen at once."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.own_cache  # these tests look at the cache folder itself

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contenu"
GOOD = (FIXTURES / "checklists" / "essai-logement.yaml").read_text(encoding="utf-8")


def test_the_report_is_kept_in_the_kit_home_cache(cli, kit_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "essai-logement.yaml"
    path.write_text(GOOD, encoding="utf-8")
    first = cli("demarches", "verifier", str(path))
    assert first.exit_code == 0, first.stderr
    assert (kit_home / "cache" / "verifier.json").exists()
    again = cli("demarches", "verifier", str(path))
    assert (again.exit_code, again.stdout, again.stderr) == (0, first.stdout, first.stderr)


def test_a_change_of_the_same_size_in_the_same_instant_is_seen(
    cli, kit_home: Path, tmp_path: Path
) -> None:
    import os

    path = tmp_path / "essai-logement.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert cli("demarches", "verifier", str(path)).exit_code == 0
    stat = path.stat()
    path.write_text(GOOD.replace("- id: bail", "- id: bial"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1 and "« bial »" in result.stderr


def test_a_corrupt_cache_is_recomputed(cli, kit_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "essai-logement.yaml"
    path.write_text(GOOD.replace("- id: bail", "- id: bial"), encoding="utf-8")
    assert cli("demarches", "verifier", str(path)).exit_code == 1
    (kit_home / "cache" / "verifier.json").write_text('{"key": ', encoding="utf-8")
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1 and "« bial »" in result.stderr


def test_an_unwritable_cache_folder_changes_nothing(cli, kit_home: Path, tmp_path: Path) -> None:
    (kit_home / "cache").write_text("pas un dossier", encoding="utf-8")
    path = tmp_path / "essai-logement.yaml"
    path.write_text(GOOD, encoding="utf-8")
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 0 and "Tout est en ordre" in result.stdout


def test_a_new_day_recomputes_the_stale_warnings(cli, tmp_path: Path, kit_run) -> None:
    import datetime as dt

    path = tmp_path / "essai-logement.yaml"
    path.write_text(GOOD, encoding="utf-8")
    kit_run.clock = lambda: dt.datetime(2026, 11, 30, 12)
    assert "attention" not in cli("demarches", "verifier", str(path)).stderr
    kit_run.clock = lambda: dt.datetime(2028, 1, 1, 12)
    assert "il y a plus de 12 mois" in cli("demarches", "verifier", str(path)).stderr


def test_the_titles_of_the_session_list_are_kept_until_a_checklist_changes(
    tmp_path: Path,
) -> None:
    """The list « Quelle démarche ? » reads the titles from the cache; a new title of the same
    size, saved in the same instant, is seen at once."""
    import os

    from cafedemarches.content.index import procedure_headers

    folder, cache = tmp_path / "contenu", tmp_path / "cache"
    folder.mkdir()
    path = folder / "essai-logement.yaml"
    path.write_text(GOOD, encoding="utf-8")
    first = procedure_headers([folder], cache)
    assert (cache / "titres.json").exists()
    assert procedure_headers([folder], cache) == first == procedure_headers([folder])
    title = first["essai-logement"]["titre"]
    stat = path.stat()
    path.write_text(GOOD.replace(title, title[::-1]), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert procedure_headers([folder], cache)["essai-logement"]["titre"] == title[::-1]
    (cache / "titres.json").write_text('{"key": ', encoding="utf-8")  # corrupt: recomputed
    assert procedure_headers([folder], cache)["essai-logement"]["titre"] == title[::-1]


def test_the_loaded_content_is_kept_until_a_file_changes(tmp_path: Path) -> None:
    """The session's content is read back from the cache; a change of the same size in the
    same instant is seen, a corrupt or foreign cache file is recomputed."""
    import os
    import pickle

    from cafedemarches.content.loader import load_content

    folder, cache = tmp_path / "contenu", tmp_path / "cache"
    folder.mkdir()
    path = folder / "essai-logement.yaml"
    path.write_text(GOOD, encoding="utf-8")
    first = load_content([folder], deep=False, cache=cache)
    assert "essai-logement" in first.checklists and (cache / "contenu.pickle").exists()
    again = load_content([folder], deep=False, cache=cache)
    assert again is not first and again.digest == first.digest
    assert again.checklists == first.checklists

    stat = path.stat()
    path.write_text(GOOD.replace("- id: bail", "- id: bial"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    changed = load_content([folder], deep=False, cache=cache)
    assert changed.digest != first.digest
    assert changed.digest == load_content([folder], deep=False).digest

    (cache / "contenu.pickle").write_bytes(b"\x80\x05pas un pickle")
    assert load_content([folder], deep=False, cache=cache).digest == changed.digest
    (cache / "contenu.pickle").write_bytes(pickle.dumps(("une autre clé", "autre chose")))
    assert load_content([folder], deep=False, cache=cache).digest == changed.digest


def test_a_kept_language_follows_its_french_texts_and_its_translation_files(
    tmp_path: Path,
) -> None:
    """A bilingual sheet reads the checked texts of its language from the cache, under the
    digest of the language's files and of the French: a French text changed since is printed
    alone at once, and a coordinator's translation file is seen at once."""
    import copy

    from cafedemarches.content.loader import load_checked_content
    from cafedemarches.content.translations import sheet_language, shipped_translations_folder

    content = load_checked_content()
    cache = tmp_path / "cache"
    first = sheet_language("ar", content, cache=cache)
    assert ("rsa", "titre") in first.texts
    assert list(cache.glob("langue-ar*"))
    assert sheet_language("ar", content, cache=cache) == first

    changed = copy.deepcopy(content)
    rsa = changed.checklists["rsa"]
    changed.checklists["rsa"] = rsa.model_copy(update={"titre": rsa.titre + " (nouveau)"})
    assert ("rsa", "titre") not in sheet_language("ar", changed, cache=cache).texts
    assert sheet_language("ar", content, cache=cache) == first  # kept again

    local = tmp_path / "local"
    own = local / "traductions" / "ar"
    own.mkdir(parents=True)
    text = (shipped_translations_folder() / "ar" / "rsa.yaml").read_text(encoding="utf-8")
    title = first.texts[("rsa", "titre")]
    (own / "rsa.yaml").write_text(text.replace(title, title + " !"), encoding="utf-8")
    mine = sheet_language("ar", content, [local], cache=cache)
    assert mine.texts[("rsa", "titre")] == title + " !"
