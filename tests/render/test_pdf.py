"""The shared render core: tagged PDFs, bundled fonts, a fetcher that reads nothing else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from cafedemarches.errors import UserError
from cafedemarches.render import engine, pdf
from cafedemarches.render.fonts import font_faces
from cafedemarches.render.pdf import is_allowed, private_output_dir, render_pdf


def page(body: str, title: str = "Essai") -> str:
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>{body}</body></html>"
    )


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    secret = tmp_path / "canari.txt"
    secret.write_text("CANARI-SECRET-4242", encoding="utf-8")
    return secret


def test_render_pdf_writes_tagged_pdf_ua_with_title_language_and_real_text(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    render_pdf(page("<h1>Bonjour</h1><p>Élise à Noël, « œuvre »</p>"), target, title="Essai")
    reader = pypdf.PdfReader(target)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]) == "fr"
    assert reader.metadata is not None and reader.metadata.title == "Essai"
    text = reader.pages[0].extract_text()
    assert "Bonjour" in text and "Élise à Noël, « œuvre »" in text


def test_pdf_embeds_the_bundled_font_not_a_system_one(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    render_pdf(page("<p>Texte <b>gras</b> <i>italique</i></p>"), target, title="Essai")
    reader = pypdf.PdfReader(target)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in fonts.values()}
    expected = "Atkinson" if font_faces()[0].family.startswith("Atkinson") else "DejaVu"
    assert names and all(expected in name for name in names)


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="{canary_uri}" alt="x">',
        '<link rel="stylesheet" href="{canary_uri}">',
        '<style>@import url("{canary_uri}");</style>',
        '<p style="background: url({canary_uri})">x</p>',
        '<img src="http://127.0.0.1:9/x.png" alt="x">',
        '<img src="https://example.org/x.png" alt="x">',
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">',
        '<img src="ftp://example.org/x.png" alt="x">',
        '<img src="../pdf.py" alt="x">',
        '<img src="/etc/passwd" alt="x">',
    ],
)
def test_fetcher_stops_rendering_for_anything_but_kit_assets(
    tmp_path: Path, canary: Path, markup: str
) -> None:
    html = page(markup.format(canary_uri=canary.as_uri()) + "<p>texte</p>")
    target = tmp_path / "out.pdf"
    with pytest.raises(UserError) as caught:
        render_pdf(html, target, title="Essai")
    assert "CANARI" not in caught.value.message
    assert canary.as_uri() not in caught.value.message
    assert not target.exists() or b"CANARI-SECRET" not in target.read_bytes()


def test_attachment_links_never_become_pdf_attachments(tmp_path: Path) -> None:
    css = (pdf.ASSETS_DIR / "base.css").as_uri()
    html = page(f'<link rel="attachment" href="{css}"><a rel="attachment" href="{css}">a</a>')
    target = tmp_path / "out.pdf"
    render_pdf(html, target, title="Essai")
    reader = pypdf.PdfReader(target)
    assert dict(reader.attachments) == {}
    assert b"/EmbeddedFile" not in target.read_bytes()


def test_is_allowed_serves_assets_and_fonts_only(tmp_path: Path) -> None:
    assert is_allowed((pdf.ASSETS_DIR / "base.css").as_uri())
    assert is_allowed(font_faces()[0].path.as_uri())
    assert not is_allowed((pdf.ASSETS_DIR / ".." / "pdf.py").as_uri())
    assert not is_allowed((pdf.ASSETS_DIR / "absent.css").as_uri())
    assert not is_allowed((font_faces()[0].path.parent / "...").as_uri())
    assert not is_allowed("file:///dev/zero")
    assert not is_allowed("http://localhost/")
    assert not is_allowed("data:text/plain,x")
    assert is_allowed("data:text/plain,x", data_urls=["data:text/plain,x"])


def test_symlink_inside_assets_pointing_outside_is_refused(tmp_path: Path, canary: Path) -> None:
    link = pdf.ASSETS_DIR / "test-lien-canari.txt"
    link.symlink_to(canary)
    try:
        assert not is_allowed(link.as_uri())
    finally:
        link.unlink()


def test_generated_data_url_is_served_when_declared(tmp_path: Path) -> None:
    svg = (
        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='10'%3E"
        "%3Crect width='10' height='10'/%3E%3C/svg%3E"
    )
    target = tmp_path / "out.pdf"
    render_pdf(page(f'<img src="{svg}" alt="carré">'), target, title="Essai", data_urls=[svg])
    assert target.exists()


def test_private_output_dir_is_mode_700_and_removed_at_exit() -> None:
    with private_output_dir() as folder:
        assert folder.stat().st_mode & 0o777 == 0o700
        (folder / "lettre.pdf").write_bytes(b"%PDF")
    assert not folder.exists()


@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_private_output_dir_is_removed_on_error_and_ctrl_c(exc: type[BaseException]) -> None:
    seen: list[Path] = []
    with pytest.raises(exc), private_output_dir() as folder:
        seen.append(folder)
        (folder / "lettre.pdf").write_bytes(b"%PDF")
        raise exc()
    assert not seen[0].exists()


def test_pdf_engine_status_reports_versions() -> None:
    ok, message = pdf.pdf_engine_status()
    assert ok and "WeasyPrint" in message and "Pango" in message


def test_missing_pango_becomes_french_user_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def broken(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'gobject-2.0-0'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", broken)
    with pytest.raises(UserError) as caught:
        engine.load_engine()
    assert "Pango" in caught.value.message and caught.value.hint
    ok, message = pdf.pdf_engine_status()
    assert not ok and "Pango" in message


def test_importing_render_core_does_not_import_weasyprint_or_jinja() -> None:
    code = (
        "import sys, cafedemarches.render.pdf, cafedemarches.render.private;"
        "bad = [m for m in ('weasyprint', 'jinja2') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_pdf_command_leaves_no_weasyprint_folder_in_the_temp_folder(tmp_path: Path) -> None:
    """WeasyPrint writes the fonts of a document in a `weasyprint-XXXX` folder, removed when
    the program ends normally: the installed program must end that way."""
    import os
    import subprocess
    import sys

    temp = tmp_path / "tmp"
    temp.mkdir()
    program = Path(sys.executable).parent / "cafedemarches"
    env = {**os.environ, "TMPDIR": str(temp), "CAFEDEMARCHES_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [
            str(program),
            "lettres",
            "remplir",
            "recours-amiable",
            "--vierge",
            "--sortie",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "recours-amiable-vierge.pdf").exists()
    assert list(temp.iterdir()) == []


def test_stale_temporary_folders_are_swept_fresh_ones_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders a killed program could not remove (a day old) go; anything else stays."""
    import os
    import tempfile
    import time

    from cafedemarches.render.private import sweep_stale_folders

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old = time.time() - 2 * 24 * 3600
    for name in ("cafedemarches-vieux", "weasyprint-vieux", "autre-vieux"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "f.pdf").write_text("x", encoding="utf-8")
        os.utime(tmp_path / name, (old, old))
    (tmp_path / "cafedemarches-en-cours").mkdir()
    (tmp_path / "weasyprint-fichier").write_text("x", encoding="utf-8")
    os.utime(tmp_path / "weasyprint-fichier", (old, old))
    sweep_stale_folders()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "autre-vieux",
        "cafedemarches-en-cours",
        "weasyprint-fichier",
    ]


def test_the_installed_program_exits_with_its_code_and_all_its_output(tmp_path: Path) -> None:
    """`run()` leaves without Python's teardown: the output and the exit code must be whole."""
    import os

    program = Path(sys.executable).parent / "cafedemarches"
    env = {**os.environ, "CAFEDEMARCHES_HOME": str(tmp_path / "home")}
    listing = subprocess.run(
        [str(program), "lettres", "liste", "--json"], capture_output=True, text=True, env=env
    )
    assert listing.returncode == 0 and listing.stdout.rstrip().endswith("]")
    unknown = subprocess.run(
        [str(program), "lettres", "voir", "inconnue"], capture_output=True, text=True, env=env
    )
    assert unknown.returncode == 1 and "Aucune lettre « inconnue »" in unknown.stderr


def test_the_private_places_of_weasyprint_the_kit_uses_are_still_there() -> None:
    """WeasyPrint 70 offers no public way to tag one block's language, nor to name its
    temporary font folder: `render/tagging.py` wraps `weasyprint.pdf.tags._build_box_tree`, and
    `render.pdf.release_engine` reads `FontConfiguration._folder`. pyproject.toml keeps
    WeasyPrint below 71; on a version that moved either, this test fails by name."""
    pytest.importorskip("weasyprint")
    from weasyprint.pdf import tags
    from weasyprint.text.fonts import FontConfiguration

    assert callable(getattr(tags, "_build_box_tree", None)), "tags._build_box_tree a disparu"
    assert "_folder" in vars(FontConfiguration()), "FontConfiguration._folder a disparu"
