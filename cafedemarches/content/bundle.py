"""`Content`: everything read from the content folders, with the problems found on the way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cafedemarches.content.models import Checklist, Document, JargonEntry, Letter, Reperage
from cafedemarches.content.yamlfile import YamlDocument
from cafedemarches.errors import Problem


@dataclass
class Content:
    catalogue: dict[str, Document] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    letters: dict[str, Letter] = field(default_factory=dict)
    reperage: Reperage | None = None
    jargon: list[JargonEntry] = field(default_factory=list)  # from the `_jargon.yaml` files
    files: dict[str, YamlDocument] = field(default_factory=dict)  # "kind:id" -> source
    # Checklists whose file has an error, built from the parts that are valid: the verifier
    # still checks their conditions and references, so one run reports every mistake.
    drafts: dict[str, tuple[Checklist, YamlDocument]] = field(default_factory=dict)
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


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    return day.replace(year=year, month=month + 1, day=min(day.day, 28))
