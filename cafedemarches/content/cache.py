"""A cache of results computed from content files, as mypy and black keep theirs.

A result is stored with a key made of the kit's version (and the fingerprint of its own
code), and the path, modification time, size and digest of every file it was computed
from: change any of them and the key changes, so a stale result is never read back. The cache is
only a copy: a missing, unreadable or corrupt one is recomputed, one that cannot be written is
skipped. It lives in the user's cache folder (under CAFEDEMARCHES_HOME when it is set).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cafedemarches import __version__
from cafedemarches.errors import UserError
from cafedemarches.files import write_file, write_text

# The code a result depends on: the content package, and the modules below it in the layers
# (`vocabulary`, `text`, `dates`… at the top of the kit), whose lists the models use.
_CODE = Path(__file__).resolve().parent


def fingerprint(files: Iterable[Path], *extra: str) -> str:
    """A key for a result computed from `files` (and `extra` settings) by this kit."""
    digest = hashlib.sha256(f"{__version__}\0".encode())
    for part in extra:
        digest.update(part.encode() + b"\0")
    code = sorted([*_CODE.glob("*.py"), *_CODE.parent.glob("*.py")])
    files = list(files)
    files_set = set(files)
    for path in [*code, *files]:
        try:
            stat = path.stat()
            digest.update(f"{path.resolve()}\0{stat.st_mtime_ns}\0{stat.st_size}\0".encode())
            if path in files_set:  # and what they hold: two saves in one clock tick differ
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(f"{path}\0absent\0".encode())
    return digest.hexdigest()


def read_cached(folder: Path, name: str, key: str) -> Any | None:
    """The result stored under `name` with this key, or None."""
    try:
        stored = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    return stored.get("value")


def write_cached(folder: Path, name: str, key: str, value: Any) -> None:
    """Store a result (JSON), replacing the previous one at once; skipped when impossible."""
    with contextlib.suppress(OSError, UserError):
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"key": key, "value": value})
        write_text(folder / f"{name}.json", text, existing="replace")


def read_cached_objects(folder: Path, name: str, key: str) -> Any | None:
    """Python objects stored under `name` with this key (the loaded content), or None.

    They are pickled, as Jinja's bytecode cache keeps compiled code: the cache folder is the
    user's own, as trusted as the installed kit; anything unreadable is recomputed."""
    try:
        stored = pickle.loads((folder / f"{name}.pickle").read_bytes())  # noqa: S301
    except Exception:  # a cache from another version of a library, cut, corrupt…
        return None
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != key:
        return None
    return stored[1]


def write_cached_objects(folder: Path, name: str, key: str, value: Any) -> None:
    """Store Python objects (pickled), replacing the previous ones at once; skipped when
    impossible."""
    with contextlib.suppress(OSError, UserError, pickle.PicklingError):
        folder.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        write_file(folder / f"{name}.pickle", data, existing="replace")
