"""Where content is found (shipped + a coordinator's folders), and loading it all, checked.

A content folder holds YAML files: `_documents.yaml` (the catalogue), `_reperage.yaml` (the
« Je ne sais pas encore » questionnaire), letters (files with a `corps`, or in a `letters`
folder) and checklists (the rest). The file name is the id. Later folders override earlier
ones by id, so a coordinator's folder can replace a shipped checklist or add new ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from cafedemarches.content.index import CATALOGUE_NAME, JARGON_NAME, REPERAGE_NAME, yaml_files
from cafedemarches.content.models import (
    Catalogue,
    Checklist,
    Document,
    Jargon,
    JargonEntry,
    Letter,
    Question,
    Reperage,
)
from cafedemarches.content.validation import validate_model
from cafedemarches.content.yamlfile import YamlDocument, read_yaml_files
from cafedemarches.errors import Problem


@dataclass
class Content:
    catalogue: dict[str, Document] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    letters: dict[str, Letter] = field(default_factory=dict)
    reperage: Reperage | None = None
    jargon: list[JargonEntry] = field(default_factory=list)
    files: dict[str, YamlDocument] = field(default_factory=dict)  # "kind:id" -> source
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    @property
    def version(self) -> str:
        """Content version printed on sheets: newest review date and a digest of the files."""
        dates = [c.verifie_le for c in self.checklists.values()]
        dates += [letter.verifie_le for letter in self.letters.values()]
        newest = max(dates).isoformat() if dates else "sans-date"
        return f"{newest}+{self.digest[:7]}"

    def stale(self, today: dt.date, months: int) -> list[Checklist]:
        limit = _months_before(today, months)
        return [c for c in self.checklists.values() if c.verifie_le < limit]

    def with_expired_amounts(self, today: dt.date) -> list[Checklist]:
        """Checklists printing an amount whose validity period has ended."""
        return [c for c in self.checklists.values() if c.expired_amounts(today)]

    def without_broken_files(self) -> list[str]:
        """Drop the checklists, letters and repérage whose file has an error; their keys."""
        broken = {p.path.resolve() for p in self.errors if p.path is not None}
        dropped = [k for k, doc in self.files.items() if doc.path.resolve() in broken]
        for key in dropped:
            kind, item_id = key.split(":", 1)
            if kind == "checklist":
                self.checklists.pop(item_id, None)
            elif kind == "letter":
                self.letters.pop(item_id, None)
            elif kind == "reperage":
                self.reperage = None
        unreadable = {p.path.resolve() for p in self.errors if p.path is not None} - {
            doc.path.resolve() for doc in self.files.values()
        }
        self.problems = [p for p in self.problems if p.warning]
        return dropped + [f"fichier:{path.name}" for path in sorted(unreadable)]

    def source_of(self, kind: str, item_id: str) -> YamlDocument | None:
        return self.files.get(f"{kind}:{item_id}")


def _kind(path: Path, data: object) -> str:
    if path.stem == CATALOGUE_NAME:
        return "catalogue"
    if path.stem == REPERAGE_NAME:
        return "reperage"
    if path.stem == JARGON_NAME:
        return "jargon"
    if path.parent.name in {"letters", "lettres", "courriers"}:
        return "letter"
    if isinstance(data, dict) and "corps" in data:
        return "letter"
    return "checklist"


_MODELS: dict[str, type[BaseModel]] = {
    "catalogue": Catalogue,
    "reperage": Reperage,
    "jargon": Jargon,
    "letter": Letter,
    "checklist": Checklist,
}


def load_content(
    paths: Sequence[Path],
    *,
    deep: bool = True,
    documents: Sequence[YamlDocument | list[Problem]] | None = None,
) -> Content:
    """Read and check every file; problems are collected in `content.problems`, not raised.

    `deep=False` (the guided session) skips what only a coordinator needs to hear about:
    examples, reachability, letter templates and readability. `documents` are the files of
    `paths` already read (by `read_yaml_files`), in the same order."""
    content = Content()
    digest = hashlib.sha256()
    if documents is None:
        documents = read_yaml_files(yaml_files(paths))
    for doc in documents:
        if isinstance(doc, list):
            content.problems.extend(doc)
            continue
        digest.update(doc.path.name.encode() + b"\0" + repr(doc.data).encode())
        kind = _kind(doc.path, doc.data)
        model, problems = validate_model(doc, _MODELS[kind])
        content.problems.extend(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
        if model is None:
            continue
        _add(content, kind, model, doc)
    content.digest = digest.hexdigest()
    from cafedemarches.content.crosscheck import check_all

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
        return
    table: dict[str, Checklist] | dict[str, Letter] = (
        content.checklists if isinstance(model, Checklist) else content.letters
    )
    table[model.id] = model  # type: ignore[assignment]
    content.files[f"{kind}:{model.id}"] = doc


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, 28))


def shared_question_definitions(
    checklists: Iterable[Checklist],
) -> dict[str, list[tuple[str, Question]]]:
    """Each question id with every (checklist id, definition) that uses it."""
    found: dict[str, list[tuple[str, Question]]] = {}
    for checklist in checklists:
        for question in checklist.questions:
            found.setdefault(question.id, []).append((checklist.id, question))
    return found
