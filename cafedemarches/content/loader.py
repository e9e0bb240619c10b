"""Loading all content, checked: every file found by `content.index.discover`, read, validated
against the model of its kind, then checked across files (`content.crosscheck`)."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel

from cafedemarches.content.bundle import Content
from cafedemarches.content.cache import read_cached_objects, write_cached_objects
from cafedemarches.content.crosscheck import check_all
from cafedemarches.content.index import ContentFile, content_folders, discover, texts_key
from cafedemarches.content.letters import draft_letter_problems
from cafedemarches.content.models import Catalogue, Checklist, Jargon, Letter, Reperage
from cafedemarches.content.validation import validate_fields, validate_model
from cafedemarches.content.yamlfile import (
    YamlDocument,
    parse_yaml,
    parse_yaml_recovering,
    read_yaml,
)
from cafedemarches.errors import Problem, ProblemsError, UserError

__all__ = ["Content", "load_checked_content", "load_content", "read_content_file"]

_MODELS: dict[str, type[BaseModel]] = {
    "catalogue": Catalogue,
    "reperage": Reperage,
    "jargon": Jargon,
    "letter": Letter,
    "checklist": Checklist,
}

# The parts of a checklist its checks need; a file with an error elsewhere is still checked.
_DRAFT_PARTS = ("questions", "etapes", "documents", "lettres", "exemples")


def read_content_file(
    file: ContentFile, *, recover: bool = False
) -> tuple[YamlDocument | None, list[Problem]]:
    """One file read: its document, or the problems that stop it from being read. With
    `recover` (`demarches verifier`), a syntax error leaves out only the block where it is:
    the document of the rest comes with the problem."""
    try:
        # The text read by the discovery, when it could be read; otherwise read again to
        # say why not (missing, not UTF-8…).
        if file.text and recover:
            return parse_yaml_recovering(file.path, file.text, keep_bad_values=True)
        if file.text:
            return parse_yaml(file.path, file.text, keep_bad_values=True), []
        return read_yaml(file.path, keep_bad_values=True), []
    except ProblemsError as exc:
        return None, exc.problems
    except UserError as exc:  # missing or unreadable file
        return None, [Problem(exc.message, file.path)]


def load_content(paths: Sequence[Path], *, deep: bool = True, cache: Path | None = None) -> Content:
    """Read and check every file; problems are collected in `content.problems`, not raised.

    `deep=False` (the guided session) skips what only a coordinator needs to hear about:
    examples, reachability, letter templates and readability. With a `cache` folder, the
    result is kept there under the digest of every file's path, kind and text (and the kit's
    version and content code): reading 60 YAML files with their line numbers is most of the
    time a replayed session spends before its PDF."""
    files = discover(paths)
    key = ""
    if cache is not None:
        key = texts_key(files, "contenu", str(deep))
        kept = read_cached_objects(cache, _CACHE_NAMES[deep], key)
        if isinstance(kept, Content):
            return kept
    content = _load(files, deep)
    if cache is not None:
        write_cached_objects(cache, _CACHE_NAMES[deep], key, content)
    return content


_CACHE_NAMES = {True: "contenu-verifie", False: "contenu"}


def _load(files: Iterable[ContentFile], deep: bool) -> Content:
    content = Content()
    digest = hashlib.sha256()
    for file in files:
        model_type = _MODELS.get(file.kind)
        if model_type is None:
            continue  # a kind this version of the kit does not use
        # A coordinator's checklist or letter: the rest of a file with a syntax error is
        # still checked (one run of `demarches verifier` for every mistake).
        recover = deep and file.kind in ("checklist", "letter")
        doc, problems = read_content_file(file, recover=recover)
        content.problems.extend(problems)
        if doc is None:
            continue
        digest.update(doc.path.name.encode() + b"\0" + repr(doc.data).encode())
        model, problems = validate_model(doc, model_type)
        content.problems.extend(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
        if model is None:
            if file.kind == "checklist" and deep:
                _add_draft(content, doc)
            elif file.kind == "letter" and deep:
                content.problems.extend(draft_letter_problems(doc))
            continue
        _add(content, file.kind, model, doc)
    content.digest = digest.hexdigest()
    content.problems.extend(check_all(content, deep=deep))
    return content


def _add(content: Content, kind: str, model: BaseModel, doc: YamlDocument) -> None:
    if isinstance(model, Catalogue):
        for document in model.documents:
            content.catalogue[document.id] = document
        content.files[f"catalogue:{doc.path}"] = doc
        return
    if isinstance(model, Jargon):
        content.jargon.extend(model.jargon)
        content.files[f"jargon:{doc.path}"] = doc
        return
    if isinstance(model, Reperage):
        content.reperage = model
        content.files["reperage:"] = doc
        return
    assert isinstance(model, Checklist | Letter)
    if model.id != doc.path.stem:
        content.problems.append(
            doc.problem(
                f"l'id « {model.id} » doit être le nom du fichier « {doc.path.stem} » : "
                f"renommez le fichier en {model.id}.yaml ou corrigez l'id",
                ("id",),
            )
        )
        if isinstance(model, Checklist):
            content.drafts[doc.path.stem] = (model, doc)
        return
    table: dict[str, Checklist] | dict[str, Letter] = (
        content.checklists if isinstance(model, Checklist) else content.letters
    )
    table[model.id] = model  # type: ignore[assignment]
    content.files[f"{kind}:{model.id}"] = doc
    content.drafts.pop(model.id, None)


def _add_draft(content: Content, doc: YamlDocument) -> None:
    """A checklist with an error, kept from its valid parts so its references are checked."""
    data = doc.data if isinstance(doc.data, dict) else {}
    parts = validate_fields(doc, Checklist, _DRAFT_PARTS)

    def broken(key: str) -> bool:  # written, but not valid or not readable
        return (key in data and key not in parts) or key in doc.unreadable

    if broken("questions"):
        return  # conditions cannot be checked without the questions
    if broken("documents") or broken("etapes"):
        parts.pop("exemples", None)  # examples compare against these lists
    draft = Checklist.model_construct(
        id=doc.path.stem, **{key: parts.get(key, []) for key in _DRAFT_PARTS}
    )
    content.drafts[doc.path.stem] = (draft, doc)


def _warn_on_stderr(text: str) -> None:
    sys.stderr.write(text + "\n")


def load_checked_content(
    extra_folders: Iterable[Path] = (),
    *,
    strict: bool = True,
    warn: Callable[[str], None] = _warn_on_stderr,
    cache: Path | None = None,
) -> Content:
    """The shipped content and a coordinator's folders, refusing to go on if any file has an
    error (warnings are fine).

    The policy for broken files: not strict (the guided session, the lists), a checklist or
    letter in error is left out, named through `warn`, so that one coordinator's mistake does
    not stop the café table; the catalogue must be valid. Strict, any error stops.
    """
    content = load_content(content_folders(extra_folders), deep=strict, cache=cache)
    if content.errors and not strict and content.catalogue:
        left_out = content.without_broken_files()
        if not any(key.startswith("catalogue:") for key in left_out):
            names = sorted(k.split(":", 1)[1] for k in left_out)
            kind = "fiche laissée" if len(names) == 1 else "fiches laissées"
            warn(
                f"Attention : {kind} de côté car en erreur : "
                + ", ".join(names)
                + " (voir « cafedemarches demarches verifier »)."
            )
            return content
    if content.errors:
        count = len(content.errors)
        raise ProblemsError(
            content.errors,
            f"Le contenu a {count} erreur{'s' if count > 1 else ''} : "
            "les fiches ne peuvent pas être utilisées telles quelles.",
            "Corrigez les fichiers indiqués, puis vérifiez avec « cafedemarches demarches verifier ».",
        )
    return content
