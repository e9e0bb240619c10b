"""Where content is found: the one rule that says what a file is, and the one walk.

A content folder holds YAML files: `_documents.yaml` (the catalogue), `_reperage.yaml` (the
« Je ne sais pas encore » questionnaire), letters (files in a `letters`, `lettres` or
`courriers` folder, or with a top-level `corps` key), translations of the sheet (in a
`traductions` folder, see `content.translations`) and checklists (the rest). The file name
is the id. Later folders override earlier ones by id, so a coordinator's folder can replace a
shipped checklist or add new ones.

Every command finds content through `discover` (the loader, the letter commands, the
verifier, the guided session, the tally's list of procedures); nothing else walks folders.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from cafedemarches.content.cache import fingerprint, read_cached, write_cached
from cafedemarches.errors import UserError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Kind = Literal["catalogue", "reperage", "jargon", "letter", "checklist", "translation", "terms"]

CATALOGUE_NAME = "_documents"
REPERAGE_NAME = "_reperage"
JARGON_NAME = "_jargon"
SPECIAL_FILES: dict[str, Kind] = {
    CATALOGUE_NAME: "catalogue",
    REPERAGE_NAME: "reperage",
    JARGON_NAME: "jargon",
}
LETTER_FOLDER_NAMES = ("letters", "lettres", "courriers")
# Translations of the sheet: `traductions/<langue>/*.yaml`, and `traductions/_termes.yaml`.
TRANSLATION_FOLDER_NAME = "traductions"
TERMS_NAME = "_termes"
_LETTER_KEY = re.compile(r"""^["']?corps["']?[ \t]*:""", re.MULTILINE)


@dataclass(frozen=True)
class ContentFile:
    """One content file, what it is, and its text ("" when unreadable or not in UTF-8)."""

    path: Path
    kind: Kind
    text: str = field(default="", compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.path.stem


def shipped_folders() -> list[Path]:
    """The kit's own checklists and letters: inside the installed package, or the repository."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_content"
    base = installed if installed.is_dir() else package.parent
    return [base / "checklists", base / "letters"]


def is_shipped(path: Path) -> bool:
    """Whether a file is one of the kit's own (not a coordinator's)."""
    resolved = path.resolve()
    return any(resolved.is_relative_to(folder.resolve()) for folder in shipped_folders())


def content_folders(extra: Iterable[Path] = ()) -> list[Path]:
    """The shipped folders, then a coordinator's folders (from `config`): later ones win."""
    return [*shipped_folders(), *extra]


def file_kind(path: Path, text: str = "") -> Kind:
    """What a content file is, from its name, its folder and (for letters) its `corps` key."""
    if path.parent.name == TRANSLATION_FOLDER_NAME:
        return "terms" if path.stem == TERMS_NAME else "translation"
    if path.parent.parent.name == TRANSLATION_FOLDER_NAME:
        return "translation"
    special = SPECIAL_FILES.get(path.stem)
    if special is not None:
        return special
    if path.parent.name in LETTER_FOLDER_NAMES or _LETTER_KEY.search(text):
        return "letter"
    return "checklist"


def _peek(path: Path) -> tuple[str, str]:
    """The text to decide the kind from, and the text itself ("" when not UTF-8)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return "", ""  # a missing or unreadable file is reported when it is read
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), ""
    return text, text


def _yaml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
    return [path]  # a file, or a missing one (reported when it is read)


def discover(
    paths: Iterable[Path], only: Callable[[Path], bool] | None = None
) -> list[ContentFile]:
    """Every content file in these folders (and these files), each once, in order; with
    `only`, those of the paths it keeps (decided before any file is read)."""
    found: list[ContentFile] = []
    seen: set[Path] = set()
    for root in paths:
        for path in _yaml_files(root):
            if only is not None and not only(path):
                continue
            key = path.resolve()
            if key in seen:
                continue  # a file given twice (a folder from config and a path) is read once
            seen.add(key)
            sniffed, text = _peek(path)
            found.append(ContentFile(path, file_kind(path, sniffed), text))
    return found


def texts_key(files: Iterable[ContentFile], *extra: str) -> str:
    """A cache key for a result computed from these files: their paths, kinds and texts (read
    already by `discover`), `extra` settings, and the kit's version and code."""
    texts = hashlib.sha256()
    for file in files:
        texts.update(f"{file.path}\0{file.kind}\0{file.text}\0".encode())
    return fingerprint((), *extra, texts.hexdigest())


def yaml_files(paths: Iterable[Path]) -> list[Path]:
    """The content files in these folders (and these files), each once, in order."""
    return [f.path for f in discover(paths)]


def files_of_kind(paths: Iterable[Path], kind: Kind) -> dict[str, Path]:
    """Id -> file, for one kind of content (later folders override earlier ones)."""
    return {f.id: f.path for f in discover(paths) if f.kind == kind}


def procedure_headers(
    folders: Sequence[Path], cache: Path | None = None
) -> dict[str, dict[str, str]]:
    """Procedure id -> its `theme` and `titre`, read quickly (C loader, no validation);
    later folders override earlier ones. `demarches verifier` is where files are checked.

    With a `cache` folder, the headers are kept there under a digest of the checklists'
    paths and texts (already read to know their kind): parsing 45 files costs more than the
    rest of the start of a session, and a changed file changes the key."""
    checklists = {f.id: f for f in discover(folders) if f.kind == "checklist"}
    key = texts_key(checklists.values(), "titres")
    if cache is not None:
        kept = read_cached(cache, "titres", key)
        if isinstance(kept, dict):
            return kept
    found: dict[str, dict[str, str]] = {}
    for item_id, file in checklists.items():
        try:
            data = yaml.load(file.text, Loader=_Loader) if file.text else None  # noqa: S506
        except yaml.YAMLError:
            continue  # an unreadable file: `demarches verifier` says why
        if isinstance(data, dict) and isinstance(data.get("theme"), str):
            found[item_id] = {"theme": data["theme"], "titre": str(data.get("titre") or item_id)}
    if cache is not None:
        write_cached(cache, "titres", key, found)
    return found


def procedure_themes(folders: Sequence[Path], cache: Path | None = None) -> dict[str, str]:
    """Procedure id -> theme."""
    return {key: header["theme"] for key, header in procedure_headers(folders, cache).items()}


def has_reperage(folders: Sequence[Path]) -> bool:
    """Whether any folder holds a repérage questionnaire."""
    return any(f.kind == "reperage" for f in discover(folders))


def unknown_procedure(item: str, known: Iterable[str]) -> UserError:
    """The one error for a procedure id that no checklist has (the guided session, its
    replay, `demarches voir`, `registre ajouter`): the closest id when there is one."""
    close = difflib.get_close_matches(item, sorted(known), n=1)
    hint = (
        f"Vouliez-vous dire « {close[0]} » ?"
        if close
        else "La liste : cafedemarches demarches liste"
    )
    return UserError(f"Démarche inconnue : « {item} ».", hint)
