"""Arabic and Persian letters that copy out of the PDF as they were written (issue #20).

A PDF says which letters each glyph stands for in its font's ToUnicode map. WeasyPrint writes
that map from the first cluster of text in which it met the glyph: an Arabic letter is drawn by
a different glyph at the start, middle and end of a word, letters join into ligatures and take
raised marks, and a glyph first met inside a cluster of two letters (« لًا ») keeps standing for
both wherever it is drawn later: « أيضًا » was read back as « يضلًاا ».

`true_letters` is a WeasyPrint *finisher* (its documented hook, run on the PDF objects just
before they are written). For every right-to-left glyph of every font it works out, from the font
itself (fontTools), the letters the glyph stands for — its character in the font's character map,
or, for a contextual form or a ligature, the letters of the glyphs it is substituted for — and
writes them in the ToUnicode map instead.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from cafedemarches.render.fonts import ARABIC_FAMILY, script_font_faces

_RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_PRESENTATION_FORMS = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")
_ENTRY = re.compile(rb"^<([0-9a-fA-F]+)> <([0-9a-fA-F]*)>$")


def true_letters(document: Any, pdf: Any) -> None:
    """Rewrite, in each font's ToUnicode map, the entries of right-to-left glyphs. The font
    embedded is a subset without its substitutions: they are read in the kit's own font file
    of the same PostScript name (glyph ids are kept by the subset)."""
    import pydyf

    right_to_left = [
        font
        for font in document.fonts.values()
        if any(_RIGHT_TO_LEFT.search(text) for text in font.to_unicode.values())
    ]
    if not right_to_left:
        return  # a French document: nothing to read, nothing to pay
    originals = _font_files()
    letters_of = {}
    for font in right_to_left:
        path = originals.get(_simple(font.name.split(b"+", 1)[-1].decode(errors="replace")))
        if path is not None:
            letters_of[font.name] = letters_by_glyph(str(path))
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Type") != "/Font":
            continue
        letters = letters_of.get(obj.get("BaseFont"))
        reference = obj.get("ToUnicode")
        if letters is None or reference is None:
            continue
        stream = pdf.objects[int(reference.split()[0])]
        stream.stream = [_entry(chunk, letters) for chunk in stream.stream]


def _entry(chunk: Any, letters: dict[int, str]) -> Any:
    if not isinstance(chunk, bytes):
        return chunk
    match = _ENTRY.match(chunk)
    if match is None:
        return chunk
    glyph = int(match.group(1), 16)
    text = bytes.fromhex(match.group(2).decode()).decode("utf-16-be", errors="replace")
    true = letters.get(glyph)
    if not true or true == text or not (_RIGHT_TO_LEFT.search(true) or _RIGHT_TO_LEFT.search(text)):
        return chunk
    return b"<" + match.group(1) + b"> <" + true.encode("utf-16-be").hex().encode() + b">"


@cache
def _font_files() -> dict[str, Path]:
    """Simplified name -> file, for the kit's Arabic-script font files."""
    from fontTools.ttLib import TTFont

    found = {}
    for face in script_font_faces():
        if face.family != ARABIC_FAMILY:
            continue
        with TTFont(face.path, lazy=True) as font:
            name = font["name"].getDebugName(6)
            if name and "GSUB" in font:
                found[_simple(name)] = face.path
    return found


def _simple(name: str) -> str:
    """« IBM-Plex-Sans-Arabic » (WeasyPrint) and « IBMPlexSansArabic-Regular » (the font's
    PostScript name) alike: « ibmplexsansarabic »."""
    simple = re.sub(r"[^a-z0-9]", "", name.lower())
    return simple.removesuffix("regular")


@cache
def letters_by_glyph(font_file: str) -> dict[int, str]:
    """Glyph id -> the letters it stands for: the font's character map (presentation forms
    aside), then, through its substitutions (contextual forms, ligatures, decompositions),
    the letters of the glyphs each glyph replaces."""
    from fontTools.ttLib import TTFont

    font = TTFont(font_file, lazy=True)
    order = font.getGlyphOrder()
    by_name: dict[str, str] = {}
    for code, name in sorted(font.getBestCmap().items()):
        if not _PRESENTATION_FORMS.match(chr(code)):
            by_name.setdefault(name, chr(code))
    substitutions = list(_substitutions(font))
    for _ in range(6):  # forms of forms: a few passes reach them all
        changed = False
        for outputs, inputs in substitutions:
            if all(name in by_name for name in inputs):
                text = "".join(by_name[name] for name in inputs)
                for name in outputs:
                    if name not in by_name:
                        by_name[name] = text if len(outputs) == 1 else by_name.get(name, "")
                        changed = True
        if not changed:
            break
    return {i: by_name[name] for i, name in enumerate(order) if by_name.get(name)}


def _substitutions(font: Any) -> Any:
    """(glyphs written, glyphs they replace) for each single, alternate and ligature
    substitution of the font's GSUB table."""
    if "GSUB" not in font:
        return
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            kind = lookup.LookupType
            if kind == 7:  # extension: the real subtable inside
                kind, table = table.ExtensionLookupType, table.ExtSubTable
            if kind == 1:
                for source, target in table.mapping.items():
                    yield (target,), (source,)
            elif kind == 3:
                for source, targets in table.alternates.items():
                    for target in targets:
                        yield (target,), (source,)
            elif kind == 4:
                for first, ligatures in table.ligatures.items():
                    for ligature in ligatures:
                        yield (ligature.LigGlyph,), (first, *ligature.Component)
