"""The one way the kit writes a file: whole or not at all, never through a link, never over a
file it was not asked to replace.

Every command that writes a file (the sheet, a letter, a copy on a USB key, the bilan, an
export, an answers file, the configuration, the register's pending sessions) goes through
`write_file`:

- the bytes go to a temporary file in the target's own folder, written, flushed and synced,
  then put at the target name in one step: a crash, a full disk or a pulled USB key leaves the
  old file or the new one, never half of one, and the partial file is removed;
- a symbolic link at the target name is never followed (the name is refused, or the next free
  name is taken): a link cannot make the kit write somewhere else;
- an existing file is replaced only when asked (`existing="replace"`, the commands'
  `--remplacer`); otherwise it is refused (`"refuse"`), or the next free name `nom-2.pdf`,
  `nom-3.pdf`… is taken (`"next"`, the copy to a folder). A guided session with --remplacer
  (`"replace-or-next"`) replaces a file but takes the next name rather than a link: it never
  ends, after all its questions, on a refusal. Without replacing, the new file takes
  its name with a hard link, which fails when the name exists: two programs can never both
  believe they wrote the same new name;
- the system's refusals (full disk, file too large, read-only medium, access refused) become
  one French sentence each.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from cafedemarches.errors import UserError, os_reason

Existing = Literal["refuse", "replace", "next", "replace-or-next"]

# Where hard links do not exist (FAT and exFAT USB keys, some network folders), `os.link`
# fails with one of these: the name is then checked, and the file renamed onto it.
_NO_HARD_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EOPNOTSUPP}
_NO_HARD_LINKS |= {getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}

REPLACE_HINT = "Relancez avec --remplacer pour le remplacer, ou choisissez un autre nom."


def exists_error(target: Path) -> UserError:
    """The sentence for a name already taken (said before any work when possible)."""
    if target.is_symlink():
        return UserError(
            f"{target} est un lien symbolique : le kit n'écrit jamais à travers un lien, rien "
            "n'a été écrit.",
            "Choisissez un autre nom, ou retirez le lien.",
        )
    return UserError(f"{target} existe déjà : rien n'a été écrit par-dessus.", REPLACE_HINT)


def write_error(exc: OSError, target: Path) -> UserError:
    """One French sentence for a system refusal while writing `target`."""
    folder = target.parent
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return UserError(
            f"Le disque est plein : {target} n'a pas été écrit (le début déjà écrit est effacé).",
            "Libérez de la place, ou choisissez un autre support, puis recommencez.",
        )
    if code == errno.EFBIG:
        return UserError(
            f"Le fichier est trop gros pour ce support : {target} n'a pas été écrit.",
            "Une clé USB en FAT32 n'accepte pas de fichier de plus de 4 Go : choisissez un "
            "autre support.",
        )
    if code == errno.EROFS:
        return UserError(
            f"Le support de {folder} est en lecture seule : {target} n'a pas été écrit.",
            "Choisissez un autre dossier (une carte ou une clé peut avoir un verrou d'écriture).",
        )
    if code in (errno.EACCES, errno.EPERM):
        return UserError(
            f"Accès refusé : impossible d'écrire {target}.",
            f"Vérifiez les droits du dossier {folder}, ou choisissez-en un autre.",
        )
    if code == errno.ENOENT:
        return UserError(
            f"Le dossier {folder} n'existe pas (ou plus : une clé retirée ?) : {target} n'a "
            "pas été écrit."
        )
    return UserError(f"Impossible d'écrire {target} ({os_reason(exc)}).")


def free_name(target: Path) -> Path:
    """`target`, or `nom-2.pdf`, `nom-3.pdf`… : the first name nothing uses (not even a link)."""
    return next(c for c in _names(target) if not os.path.lexists(c))


def check_target(target: Path, existing: Existing = "refuse") -> None:
    """Refuse, before any work, a name the write would refuse (a link, a file not to replace,
    something that is not a file)."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(f"{target} est inaccessible ({os_reason(exc)}).") from exc
    if existing == "next":
        return
    if not stat.S_ISREG(mode) and not stat.S_ISLNK(mode):
        raise UserError(f"{target} n'est pas un fichier ordinaire : rien n'a été écrit.")
    if stat.S_ISLNK(mode) or existing == "refuse":
        raise exists_error(target)


def write_file(
    target: Path,
    content: bytes | Callable[[BinaryIO], object],
    *,
    existing: Existing = "refuse",
) -> Path:
    """Write `content` (bytes, or a function writing into a binary file) at `target`; the
    path written (another one with `existing="next"`). Raises UserError in French."""
    if existing == "replace-or-next":
        existing = "next" if os.path.lexists(target) and not _regular(target) else "replace"
    check_target(target, existing)
    folder = target.parent
    mode = _mode_for(target) if existing == "replace" else _default_mode()
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name[:60]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise write_error(exc, target) from exc
    tmp = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(content, bytes):
                out.write(content)
            else:
                content(out)
            out.flush()
            if hasattr(os, "fchmod"):  # not on Windows before Python 3.13 (no modes there)
                os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        written = _place(tmp, target, existing)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise write_error(exc, target) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return written


def write_text(
    target: Path, text: str, *, encoding: str = "utf-8", existing: Existing = "refuse"
) -> Path:
    """`write_file` for a text."""
    return write_file(target, text.encode(encoding), existing=existing)


def _place(tmp: Path, target: Path, existing: Existing) -> Path:
    """Give the written file its name: replacing (a rename never follows a link) or only
    when the name is free."""
    if existing == "replace":
        if target.is_symlink():  # made a link since the check: still never written through
            raise exists_error(target)
        os.replace(tmp, target)
        return target
    for candidate in _names(target):
        if existing == "next" and os.path.lexists(candidate):
            continue
        try:
            _link_new(tmp, candidate)
        except FileExistsError:
            if existing == "refuse":
                raise exists_error(target) from None
            continue
        return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def _names(target: Path) -> Iterator[Path]:
    yield target
    for number in itertools.count(2):
        yield target.with_name(f"{target.stem}-{number}{target.suffix}")


def _link_new(tmp: Path, target: Path) -> None:
    try:
        os.link(tmp, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(target):  # no hard links here: checked, then renamed
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.rename(tmp, target)
        return
    os.unlink(tmp)


def _sync_folder(folder: Path) -> None:
    """The new name reaches the disk too (not possible everywhere: then skipped)."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _regular(target: Path) -> bool:
    try:
        return stat.S_ISREG(target.lstat().st_mode)
    except OSError:
        return False


def _mode_for(target: Path) -> int:
    """A replaced file keeps its permissions; a new one gets the usual ones."""
    try:
        return stat.S_IMODE(target.lstat().st_mode)
    except OSError:
        return _default_mode()


def _default_mode() -> int:
    """What `open()` would give a new file: 0o666 less the umask (read without changing it
    where the system tells it)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
