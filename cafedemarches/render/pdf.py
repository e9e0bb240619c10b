"""HTML -> tagged PDF through WeasyPrint, reading nothing but the kit's own assets.

Every document the kit prints goes through `render_pdf`. WeasyPrint gets a URL fetcher that
serves only files inside `cafedemarches/render/assets/` and the bundled font files; any other
URL (another local file, http(s), data:, ftp…) stops the rendering with an error. The PDF never
carries attachments, and HTML presentational hints stay off.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from cafedemarches import shutdown
from cafedemarches.errors import UserError
from cafedemarches.files import Existing, write_file
from cafedemarches.render import engine
from cafedemarches.render.assets import (
    ASSETS_DIR,
    allowed_files,
    assets_url,
    base_css,
    is_allowed,
)
from cafedemarches.render.engine import load_engine
from cafedemarches.render.private import private_output_dir, sweep_stale_folders
from cafedemarches.render.tagging import tag_block_languages
from cafedemarches.render.text_order import true_letters

__all__ = [
    "ASSETS_DIR",
    "allowed_files",
    "assets_url",
    "base_css",
    "is_allowed",
    "pdf_engine_status",
    "private_output_dir",
    "render_pdf",
    "safe_url_fetcher",
]


def safe_url_fetcher(data_urls: Iterable[str] = ()) -> Any:
    """A `weasyprint.urls.URLFetcher` serving only the kit's assets and fonts.

    `data_urls` lists the exact `data:` URLs the caller generated itself (e.g. a QR code);
    every other `data:` URL is refused too.
    """
    from cafedemarches.render.fetcher import AssetsOnlyFetcher  # imports WeasyPrint

    return AssetsOnlyFetcher(frozenset(data_urls))


def release_engine(interrupted: bool = False) -> None:
    """Before the process leaves: drop the font configuration, so that WeasyPrint removes its
    temporary font folder (`weasyprint-XXXX`). Registered with `shutdown.on_exit`: run by
    `cli.app.leave` before the program leaves at once, and by the engine process before it
    ends (`render.engine`)."""
    del interrupted  # the same either way: nothing here can wait
    if not _font_config.cache_info().currsize:
        return
    folder = getattr(_font_config(), "_folder", None)  # WeasyPrint's own temporary folder
    _base_stylesheet.cache_clear()
    _font_config.cache_clear()
    if folder is not None:  # its __del__ removes it too, but only once nothing refers to it
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


@cache
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    sweep_stale_folders()  # left by a program that was killed before it could clean up
    # Dropped before interpreter shutdown, while its __del__ can still remove its folder.
    shutdown.on_exit(release_engine)
    return FontConfiguration()


@cache
def _base_stylesheet() -> Any:
    weasyprint = load_engine()
    return weasyprint.CSS(
        string=base_css(),
        base_url=assets_url(),
        url_fetcher=safe_url_fetcher(),
        font_config=_font_config(),
    )


def render_pdf(
    html: str,
    target: Path,
    *,
    title: str,
    subject: str | None = None,
    data_urls: Iterable[str] = (),
    existing: Existing = "refuse",
) -> Path:
    """Write `html` as a tagged PDF/UA-1 file at `target`, with the shared stylesheet, the
    one safe way (`files.write_file`: whole or not at all, never through a link, an existing
    file replaced only with `existing="replace"`); the path written.

    `subject` goes in the file's properties only (never on the page).
    `html` should be a whole document (`<html lang="fr">`, `<title>`); relative URLs in it
    resolve inside the assets folder. Raises UserError (in French) when the PDF engine cannot
    start or when the document asks for anything but the kit's own files.

    The PDF is made by the engine process when the program started one (`render.engine`),
    otherwise here; the same function, `pdf_bytes`, makes it either way.
    """
    job = (html, title, subject, tuple(data_urls))
    reply = engine.ask(job)
    if reply is None:
        pdf = pdf_bytes(*job)
    elif reply[0] == "pdf":
        pdf = reply[1]
    elif reply[0] == "refused":
        raise UserError(reply[1], reply[2])
    else:
        raise RuntimeError(f"le moteur PDF a échoué : {reply[1]}")
    return write_file(target, pdf, existing=existing)


def pdf_bytes(html: str, title: str, subject: str | None, data_urls: tuple[str, ...]) -> bytes:
    """The tagged PDF/UA-1 document of `html` (see `render_pdf`), in memory."""
    weasyprint = load_engine()
    tag_block_languages()  # a translated block tagged with its own language
    from weasyprint.urls import FatalURLFetchingError

    fetcher = safe_url_fetcher(data_urls)
    try:
        document = weasyprint.HTML(string=html, base_url=assets_url(), url_fetcher=fetcher).render(
            font_config=_font_config(),
            stylesheets=[_base_stylesheet()],
            presentational_hints=False,
            pdf_variant="pdf/ua-1",
        )
        _strip_attachments(document)
        document.metadata.title = title
        document.metadata.description = subject
        document.metadata.lang = "fr"
        pdf: bytes = document.write_pdf(
            pdf_variant="pdf/ua-1", attachments=[], finisher=true_letters
        )
    except FatalURLFetchingError as exc:
        raise UserError(
            f"Le document n'a pas été créé : {exc}.",
            "Un modèle demande un fichier ou une adresse extérieurs au kit ; "
            "retirez ce lien du modèle.",
        ) from None
    return pdf


def serve_jobs(jobs: int, results: int) -> None:
    """The engine process's work (`render.engine`): WeasyPrint loaded at once, then each job
    read from `jobs` answered on `results`, until the program closes its end."""
    # WeasyPrint loaded (and its tagging installed) before the first job; a failure here is
    # told with that job, which meets the same error.
    with contextlib.suppress(UserError):
        tag_block_languages()
    while (job := engine.receive(jobs)) is not None:
        try:
            reply: tuple[Any, ...] = ("pdf", pdf_bytes(*job))
        except UserError as exc:
            reply = ("refused", exc.message, exc.hint)
        except Exception as exc:  # told by the program's error boundary, as in-process
            reply = ("failed", f"{type(exc).__name__} : {exc}")
        engine.send(results, reply)


def _strip_attachments(document: Any) -> None:
    """No PDF attachment, ever: drop any the HTML declared (they are fetched at write time)."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]


def pdf_engine_status() -> tuple[bool, str]:
    """For `cafedemarches diagnostic`: can PDFs be made here, in one French sentence."""
    try:
        weasyprint = load_engine()
    except UserError as exc:
        return False, f"{exc.message} {exc.hint}"
    try:
        from weasyprint.text.ffi import pango

        major, rest = divmod(int(pango.pango_version()), 10000)
        pango_text = f"{major}.{rest // 100}.{rest % 100}"
    except Exception:
        pango_text = "version inconnue"
    return True, f"WeasyPrint {weasyprint.__version__}, Pango {pango_text}"
