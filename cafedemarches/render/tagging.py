"""The language of each block in the PDF's structure tree (PDF/UA: `/Lang` on a structure
element whose language differs from the document's).

WeasyPrint 70 tags every HTML element (P, H2, LI, Span…) but writes the language only once, for
the whole document. A bilingual sheet needs each translated block to say its own language, so
that a screen reader switches voice; a right-to-left block also gives its text in reading order
(`/ActualText`), since its glyphs are drawn in visual order. `_build_box_tree` (weasyprint.pdf.tags) builds one
structure element per box; it is wrapped here, once, to copy the element's `lang` attribute.
No public API or post-processing step can do it (the written PDF no longer says which
structure element came from which HTML element). pyproject.toml bounds WeasyPrint below 71;
should a release rename the function, the PDF stays valid with the document's language only,
and tests/render/test_pdf.py (by name) and test_translations.py fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from cafedemarches.render.engine import load_engine

_TOLD = "data-texte-dans-l-arbre"


@cache
def tag_block_languages() -> bool:
    """Install the wrapper (once); whether WeasyPrint offered the place to do it."""

    load_engine()
    try:
        import pydyf
        from weasyprint.pdf import tags
    except ImportError:
        return False
    original = getattr(tags, "_build_box_tree", None)
    if original is None:
        return False

    def with_language(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None else None
        text = None
        if element is not None and element.get("dir") == "rtl" and not element.get(_TOLD):
            element.set(_TOLD, "1")  # a block split over two pages: its text told once
            text = " ".join("".join(element.itertext()).split())
        for struct in original(box, parent, *args):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            if text is not None:
                # Right-to-left text in reading order for whoever reads the structure tree
                # (screen readers): the glyphs' own order is visual (issue #20).
                struct["ActualText"] = pydyf.String(text)
                text = None
            yield struct

    tags._build_box_tree = with_language
    return True
