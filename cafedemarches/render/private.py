"""A private temporary folder for printed documents that hold personal data."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def private_output_dir(prefix: str = "cafedemarches-") -> Iterator[Path]:
    """A folder only the current user can open (mode 700), removed with its content at exit.

    Removal happens however the block ends: normally, on an error, or on Ctrl-C.
    """
    sweep_stale_folders()
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        folder.chmod(0o700)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# Temporary folders of this kit, and of WeasyPrint's fonts, that a killed program (power cut,
# SIGKILL) could not remove. None is in use after a day: a session lasts an hour at most.
STALE_PREFIXES = ("cafedemarches-", "weasyprint-")
STALE_AFTER_SECONDS = 24 * 3600


def sweep_stale_folders(now: float | None = None) -> None:
    """Remove this user's temporary folders left by a program that could not clean up."""
    limit = (time.time() if now is None else now) - STALE_AFTER_SECONDS
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        entries = list(os.scandir(tempfile.gettempdir()))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(STALE_PREFIXES):
            continue
        try:
            stat = entry.stat(follow_symlinks=False)
            if not entry.is_dir(follow_symlinks=False) or stat.st_mtime > limit:
                continue
            if uid is not None and stat.st_uid != uid:
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
