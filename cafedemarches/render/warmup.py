"""Prepare a document while WeasyPrint loads (~0.5 s), the same way on every system."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from cafedemarches.render.pdf import start_loading_engine

T = TypeVar("T")


def while_pdf_engine_loads(work: Callable[[], T]) -> T:
    """`work()`'s result, computed while WeasyPrint is imported in a background thread
    (see `render.pdf.start_loading_engine`); errors of `work` surface here, as usual."""
    start_loading_engine()
    return work()
