"""HTML -> tagged PDF through WeasyPrint, reading nothing but the kit's own assets.

Every document the kit prints goes through `render_pdf`. WeasyPrint gets a URL fetcher that
serves only files inside `cafedemarches/render/assets/` and the bundled font files; any other
URL (another local file, http(s), data:, ftp…) stops the rendering with an error. The PDF never
carries attachments, and HTML presentational hints stay off.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from cafedemarches import shutdown
from cafedemarches.errors import UserError
from cafedemarches.files import Existing, write_file
from cafedemarches.render.assets import (
    ASSETS_DIR,
    allowed_files,
    assets_url,
    base_css,
    is_allowed,
)
from cafedemarches.render.private import private_output_dir, sweep_stale_folders
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

INSTALL_HINT = (
    "Installez la bibliothèque Pango : sur Debian/Ubuntu « sudo apt install libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0 », sur macOS « brew install pango », "
    "puis lancez « cafedemarches diagnostic »."
)


def safe_url_fetcher(data_urls: Iterable[str] = ()) -> Any:
    """A `weasyprint.urls.URLFetcher` serving only the kit's assets and fonts.

    `data_urls` lists the exact `data:` URLs the caller generated itself (e.g. a QR code);
    every other `data:` URL is refused too.
    """
    from cafedemarches.render.fetcher import AssetsOnlyFetcher  # imports WeasyPrint

    return AssetsOnlyFetcher(frozenset(data_urls))


_loading: list[Any] = []  # the thread importing WeasyPrint, once started
# After a signal, how long the program waits for that import to end before leaving.
SIGNAL_GRACE = 3.0


def start_loading_engine() -> None:
    """Start importing WeasyPrint in a background thread while the caller prepares its
    document; `render_pdf` then finds it loaded, or waits for the import to end.

    WeasyPrint spends much of its import (about half a second) waiting for the system to
    locate Pango and its other libraries, which leaves the interpreter free for the caller's
    own work. A thread works the same on every system; errors surface in `render_pdf`.
    """
    import sys
    import threading

    if _loading or "weasyprint" in sys.modules:
        return
    thread = threading.Thread(target=_import_quietly, name="weasyprint-import", daemon=True)
    _loading.append(thread)
    thread.start()
    shutdown.on_exit(release_engine)


def release_engine(interrupted: bool = False) -> None:
    """Before the program leaves: wait for a background import (never stop the interpreter
    in the middle of one), then drop the font configuration, so that WeasyPrint removes its
    temporary font folder (`weasyprint-XXXX`). Registered with `shutdown.on_exit`: run by
    `cli.app.leave` before the program
    leaves at once.

    After a signal (`interrupted`), it waits only SIGNAL_GRACE seconds: the signal may have
    come while Python held its import lock, between taking it and the `try` that gives it
    back, and the import in the background would then never end. An import that ends
    meanwhile removes the temporary files of its library lookup itself; an unfinished one has
    made no font folder yet, its lookup file is removed (`remove_lookup_files`), and
    `os._exit` stops it where it is."""
    for thread in _loading:
        thread.join(SIGNAL_GRACE if interrupted else None)
        if thread.is_alive():
            remove_lookup_files()
            return
    if interrupted:
        # The import may have run in the main thread (a replay) and been stopped by the
        # signal in the middle of a lookup: its file is still open, and `os._exit` follows.
        remove_lookup_files()
    if not _font_config.cache_info().currsize:
        return
    folder = getattr(_font_config(), "_folder", None)  # WeasyPrint's own temporary folder
    _base_stylesheet.cache_clear()
    _font_config.cache_clear()
    if folder is not None:  # its __del__ removes it too, but only once nothing refers to it
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


# Python's default name for a temporary file (`tmp` and eight letters, digits or « _ »).
_LOOKUP_FILE = re.compile(r"tmp[a-z0-9_]{8}")


def remove_lookup_files() -> None:
    """Remove the temporary file an unfinished WeasyPrint import holds open, before the
    program leaves without waiting for it.

    WeasyPrint asks cffi for Pango and its other libraries under several names; for each
    name the system does not know, Python's `ctypes.util.find_library` runs the C compiler
    with an empty temporary file (`tmpXXXXXXXX`) that it removes afterwards, unless the
    program is stopped in between. Nothing in WeasyPrint, cffi or Python lets the kit skip
    that lookup (the names are WeasyPrint's, the order cffi's), so the file is found among the
    ones this process has open (Linux's /proc/self/fd) in the temporary folder, and removed:
    a file of that name that this program holds open there is one Python would remove at
    its close anyway."""
    import tempfile

    fds = Path("/proc/self/fd")
    folder = Path(tempfile.gettempdir()).resolve()
    try:
        entries = list(fds.iterdir())
    except OSError:
        return  # not Linux: nothing to look at
    for entry in entries:
        try:
            path = Path(os.readlink(entry))
        except OSError:
            continue
        if path.parent == folder and _LOOKUP_FILE.fullmatch(path.name):
            with contextlib.suppress(OSError):
                path.unlink()


def _import_quietly() -> None:
    import contextlib

    with contextlib.suppress(Exception):  # reported by load_engine, where it is needed
        import weasyprint  # noqa: F401


def load_engine() -> Any:
    """WeasyPrint, once fully imported (the background import, if any, has ended first: a
    module patched while another thread still imports it would lose the patch)."""
    for thread in _loading:
        thread.join()
    try:
        import weasyprint
    except (OSError, ImportError) as exc:
        raise UserError(
            "Le moteur PDF (WeasyPrint) ne peut pas démarrer : la bibliothèque Pango manque "
            "ou ne se charge pas.",
            INSTALL_HINT,
        ) from exc
    return weasyprint


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
    """
    weasyprint = load_engine()
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
        return write_file(
            target,
            lambda out: document.write_pdf(
                out, pdf_variant="pdf/ua-1", attachments=[], finisher=true_letters
            ),
            existing=existing,
        )
    except FatalURLFetchingError as exc:
        raise UserError(
            f"Le document n'a pas été créé : {exc}.",
            "Un modèle demande un fichier ou une adresse extérieurs au kit ; "
            "retirez ce lien du modèle.",
        ) from None


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
