"""Where the kit's fonts are: Atkinson Hyperlegible from its package, DejaVu as a fallback;
Noto Sans (Cyrillic) and IBM Plex Sans Arabic (Arabic, Persian) for the translated blocks."""

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


ARABIC_FAMILY = "IBM Plex Sans Arabic"
CYRILLIC_FAMILY = "Noto Sans"

# (family, package, style, weight, file): Noto Sans is a variable font, one file per style.
_SCRIPT_FACES = (
    (CYRILLIC_FAMILY, "fontpkg_noto_sans", "normal", 400, "NotoSans[wdth,wght].ttf"),
    (CYRILLIC_FAMILY, "fontpkg_noto_sans", "normal", 700, "NotoSans[wdth,wght].ttf"),
    (CYRILLIC_FAMILY, "fontpkg_noto_sans", "italic", 400, "NotoSans-Italic[wdth,wght].ttf"),
    (CYRILLIC_FAMILY, "fontpkg_noto_sans", "italic", 700, "NotoSans-Italic[wdth,wght].ttf"),
    (ARABIC_FAMILY, "fontpkg_ibm_plex_sans_arabic", "normal", 400, "IBMPlexSansArabic-Regular.ttf"),
    (ARABIC_FAMILY, "fontpkg_ibm_plex_sans_arabic", "normal", 700, "IBMPlexSansArabic-Bold.ttf"),
)


@cache
def script_font_faces() -> tuple[FontFace, ...]:
    """The fonts of the translated blocks (Cyrillic, Arabic script), when installed. Declared
    only in the sheets that use them: loading a font file costs even when it is not used."""
    import importlib

    faces: list[FontFace] = []
    for family, module, style, weight, name in _SCRIPT_FACES:
        try:
            root = Path(importlib.import_module(module).ROOT) / "files"
        except ImportError:
            continue
        if (root / name).is_file():
            faces.append(FontFace(family, style, weight, root / name))
    return tuple(faces)


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
    """The font files every PDF uses: Atkinson Hyperlegible, else DejaVu Sans (maybe none)."""
    faces = _atkinson_faces()
    if not faces:
        faces = _dejavu_faces()
    return tuple(faces)


def font_face_css(faces: tuple[FontFace, ...]) -> str:
    """@font-face rules for these faces (their files are the kit's own, see pdf.allowed_files)."""
    return "".join(
        "@font-face {\n"
        f'  font-family: "{face.family}";\n'
        f"  font-style: {face.style};\n"
        f"  font-weight: {face.weight};\n"
        f'  src: url("{face.path.as_uri()}");\n'
        "}\n"
        for face in faces
    )


def font_status() -> tuple[bool, str]:
    """For `diagnostic`: which font the PDFs will use, in French."""
    faces = font_faces()
    if not faces:
        return False, (
            "aucune police embarquée trouvée (ni Atkinson Hyperlegible ni DejaVu Sans) : "
            "réinstallez le kit (pip install fontpkg-atkinson-hyperlegible)."
        )
    family = faces[0].family
    scripts = sorted({face.family for face in script_font_faces()})
    translated = (
        f" ; feuilles traduites : {', '.join(scripts)}"
        if scripts
        else " ; polices des feuilles traduites introuvables (réinstallez le kit)"
    )
    if family == FAMILY:
        return True, f"police {family} ({len(faces)} styles){translated}"
    return True, f"police de secours {family} (Atkinson Hyperlegible introuvable){translated}"
