"""The kit's own files that a PDF may use (the assets folder and the bundled fonts), and the
rule that says whether a URL is one of them. Kept apart from WeasyPrint so that the rule can be
tested, and the stylesheet built, without loading it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from cafedemarches.render.fonts import font_face_css, font_faces, script_font_faces

ASSETS_DIR = Path(__file__).resolve().parent / "assets"


def assets_url() -> str:
    """The base URL of the bundled assets (relative links in templates resolve against it)."""
    return ASSETS_DIR.as_uri() + "/"


@cache
def allowed_files() -> frozenset[Path]:
    """Files outside the assets folder that the fetcher may serve: the font files."""

    return frozenset(face.path.resolve() for face in (*font_faces(), *script_font_faces()))


def _font_face_rules() -> str:
    return font_face_css(font_faces())


@cache
def base_css() -> str:
    """The shared stylesheet: @font-face rules for the bundled font, then assets/base.css."""
    return _font_face_rules() + (ASSETS_DIR / "base.css").read_text(encoding="utf-8")


def local_path(url: str) -> Path | None:
    """The resolved file a `file:` URL points to, or None for any other URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(url2pathname(unquote(parts.path))).resolve()


def is_allowed(url: str, data_urls: Iterable[str] = ()) -> bool:
    """Whether the fetcher serves this URL (kept separate so it can be tested without Pango)."""
    if url.startswith("data:"):
        return url in set(data_urls)
    path = local_path(url)
    if path is None:
        return False
    inside_assets = path.is_relative_to(ASSETS_DIR)
    return (inside_assets or path in allowed_files()) and path.is_file()
