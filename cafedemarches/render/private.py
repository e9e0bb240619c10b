"""A private temporary folder for printed documents that hold personal data."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def private_output_dir(prefix: str = "cafedemarches-") -> Iterator[Path]:
    """A folder only the current user can open (mode 700), removed with its content at exit.

    Removal happens however the block ends: normally, on an error, or on Ctrl-C.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        folder.chmod(0o700)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
