"""Prepare a document while WeasyPrint loads (~0.4 s): see `cafedemarches.overlap`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from cafedemarches.overlap import while_importing

T = TypeVar("T")


def while_pdf_engine_loads(work: Callable[[], T]) -> T:
    """`work()`'s result, computed in parallel with importing WeasyPrint where possible."""
    return while_importing(("weasyprint",), work)
