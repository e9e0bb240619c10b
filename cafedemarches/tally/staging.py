"""The staging file of `registre importer`: a temporary SQLite file next to the register.

Its name carries the importing program's process number (`.import-<pid>-XXXX.sqlite3`): the
import removes it on every ending it sees; one left by a killed import (its program is gone)
is removed by the next opening of the register for writing, and shown by `diagnostic` until
then, with its size (an import of a large file leaves hundreds of megabytes).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PREFIX = ".import-"
SUFFIX = ".sqlite3"
_OWNER = re.compile(r"\.import-(\d+)-")
# A file without a process number (from an older kit) is stale once untouched this long.
UNOWNED_AGE = 10 * 60


def create(folder: Path | None) -> Path:
    """A new, empty staging file (in `folder`, else the system's temporary folder)."""
    handle, name = tempfile.mkstemp(prefix=f"{PREFIX}{os.getpid()}-", suffix=SUFFIX, dir=folder)
    os.close(handle)
    return Path(name)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold the interrupting signals back while a file is created and its name kept for the
    cleanup: one arriving in between would leave the file with nobody to remove it. Held
    signals arrive as soon as the step is over (where the cleanup is in place)."""
    wanted = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
    if not hasattr(signal, "pthread_sigmask"):  # Windows: nothing to hold them with
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, wanted)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform.startswith("win"):
        return True  # no harmless way to ask there: only the age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's program: alive
    return True


def stale(folder: Path) -> list[tuple[Path, int]]:
    """Staging files no running import owns, with their size in bytes."""
    found: list[tuple[Path, int]] = []
    try:
        candidates = list(folder.glob(f"{PREFIX}*{SUFFIX}*"))
    except OSError:
        return found
    now = time.time()
    for path in candidates:
        try:
            info = path.lstat()
        except OSError:
            continue
        owner = _OWNER.match(path.name)
        if owner is not None:
            if _alive(int(owner.group(1))):
                continue
        elif now - info.st_mtime < UNOWNED_AGE:
            continue
        found.append((path, info.st_size))
    return found


def sweep_stale(folder: Path) -> list[tuple[Path, int]]:
    """Remove the staging files of killed imports; those removed."""
    removed = []
    for path, size in stale(folder):
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append((path, size))
    return removed


def size_text(size: int) -> str:
    """A size as a volunteer reads it (Mo, Go)."""
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} Go".replace(".", ",")
    if size >= 1024**2:
        return f"{size / 1024**2:.0f} Mo"
    return f"{max(1, round(size / 1024))} ko"
