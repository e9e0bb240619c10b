"""Where the kit's fonts are: Atkinson Hyperlegible from its package, DejaVu as a fallback;
Noto Sans (Cyrillic) and Noto Sans Arabic (Arabic, Persian) for the translated blocks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

FAMILY = "Atkinson Hyperlegible"
FALLBACK_FAMILY = "DejaVu Sans"

_DEJAVU_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
)
_DEJAVU_FILES = {
    ("normal", 400): "DejaVuSans.ttf",
    ("normal", 700): "DejaVuSans-Bold.ttf",
    ("italic", 400): "DejaVuSans-Oblique.ttf",
    ("italic", 700): "DejaVuSans-BoldOblique.ttf",
}


@dataclass(frozen=True)
class FontFace:
    family: str
    style: str  # "normal" | "italic"
    weight: int  # 400 | 700
    path: Path


def _atkinson_faces() -> list[FontFace]:
    try:
        import fontpkg_atkinson_hyperlegible as package
    except ImportError:
        return []
    names = {
        ("normal", 400): "AtkinsonHyperlegible-Regular.ttf",
        ("normal", 700): "AtkinsonHyperlegible-Bold.ttf",
        ("italic", 400): "AtkinsonHyperlegible-Italic.ttf",
        ("italic", 700): "AtkinsonHyperlegible-BoldItalic.ttf",
    }
    root = Path(package.ROOT) / "files"
    faces = [FontFace(FAMILY, s, w, root / name) for (s, w), name in names.items()]
    return [face for face in faces if face.path.is_file()]


# Variable fonts: one file covers every weight, declared once for each style.
_NOTO = (
    ("Noto Sans", "fontpkg_noto_sans", "normal", "NotoSans[wdth,wght].ttf"),
    ("Noto Sans", "fontpkg_noto_sans", "italic", "NotoSans-Italic[wdth,wght].ttf"),
    ("Noto Sans Arabic", "fontpkg_noto_sans_arabic", "normal", "NotoSansArabic[wdth,wght].ttf"),
)


def _noto_faces() -> list[FontFace]:
    import importlib

    faces = []
    for family, module, style, name in _NOTO:
        try:
            root = Path(importlib.import_module(module).ROOT) / "files"
        except ImportError:
            continue
        for weight in (400, 700):
            if (root / name).is_file():
                faces.append(FontFace(family, style, weight, root / name))
    return faces


def _dejavu_faces() -> list[FontFace]:
    faces = []
    for (style, weight), name in _DEJAVU_FILES.items():
        for folder in _DEJAVU_DIRS:
            if (folder / name).is_file():
                faces.append(FontFace(FALLBACK_FAMILY, style, weight, (folder / name).resolve()))
                break
    return faces


@cache
def font_faces() -> tuple[FontFace, ...]:
    """The font files the PDFs use: Atkinson Hyperlegible, else DejaVu Sans (maybe none)."""
    faces = _atkinson_faces()
    if not faces:
        faces = _dejavu_faces()
    return tuple(faces + _noto_faces())


def font_status() -> tuple[bool, str]:
    """For `diagnostic`: which font the PDFs will use, in French."""
    faces = font_faces()
    if not faces:
        return False, (
            "aucune police embarquée trouvée (ni Atkinson Hyperlegible ni DejaVu Sans) : "
            "réinstallez le kit (pip install fontpkg-atkinson-hyperlegible)."
        )
    family = faces[0].family
    if family == FAMILY:
        return True, f"police {family} ({len(faces)} styles)"
    return True, f"police de secours {family} (Atkinson Hyperlegible introuvable)"
