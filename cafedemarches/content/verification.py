"""The verifier's report (`demarches verifier`): every problem of the content at once, the
scope checked and the completeness of each translation of the sheet.

The report of unchanged files is read back from the content cache (`content.cache`), keyed by
every file's path, modification time, size and digest (content and translations), the kit's
version, the day and the settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cafedemarches.content import translations as translation_files
from cafedemarches.content.bundle import Content
from cafedemarches.content.cache import fingerprint, read_cached, write_cached
from cafedemarches.content.crosscheck import stale_warnings
from cafedemarches.content.index import discover, yaml_files
from cafedemarches.content.loader import load_content
from cafedemarches.content.translations import (
    check_translations,
    completeness,
    load_translations,
    translation_folders,
)
from cafedemarches.errors import Problem
from cafedemarches.text import count


@dataclass(frozen=True)
class ExtraCheck:
    """A check from a higher layer (the amounts against OpenFisca's parameters): its problems
    join the report, and `key` (the model's version) the cache key."""

    key: str
    check: Callable[[Content], list[Problem]]


def verification_report(
    folders: list[Path],
    targets: list[Path],
    *,
    months: int,
    day: dt.date,
    cache: Path,
    extra: ExtraCheck | None = None,
) -> dict[str, Any]:
    """The report of `folders` (only the problems of `targets` when some are given), from the
    cache when nothing it depends on has changed."""
    translations = translation_files.shipped_translations_folder()
    key = fingerprint(
        [
            *(f.path for f in discover(folders)),
            *(yaml_files([translations]) if translations.is_dir() else []),
        ],
        day.isoformat(),
        str(months),
        *(str(t.resolve()) for t in targets),
        extra.key if extra else "",
    )
    report = read_cached(cache, "verifier", key)
    if not isinstance(report, dict):
        report = _report(folders, targets, months, day, extra)
        write_cached(cache, "verifier", key, report)
    return report


def _report(
    folders: list[Path], targets: list[Path], months: int, day: dt.date, extra: ExtraCheck | None
) -> dict[str, Any]:
    """Load and check everything; the problems of `targets` (all when none), the scope, and
    the completeness of each translation of the sheet."""

    content = load_content(folders)
    problems = content.problems + stale_warnings(content, day, months)
    if extra is not None and not content.errors:
        problems += extra.check(content)
    # Translations of the sheet (issue #13): their warnings, and completeness per language;
    # checked with the whole content, not when given files to check.
    languages: list[str] = []
    if not targets:
        translations = load_translations(translation_folders(folders))
        problems += check_translations(translations, content)
        languages = [language.line() for language in completeness(translations, content)]
    wanted = {f.path.resolve() for f in discover(targets)}
    if targets:
        problems = [p for p in problems if p.path is not None and p.path.resolve() in wanted]
    examples = sum(len(c.exemples) for c in content.checklists.values())
    if content.reperage is not None:
        examples += len(content.reperage.exemples)
    scope = (
        count(len(wanted), "fichier vérifié", "fichiers vérifiés")
        if targets
        else (
            f"{len(content.checklists)} démarches, {len(content.letters)} courriers, "
            f"{len(content.catalogue)} documents, {examples} exemples"
        )
    )
    unique = dict.fromkeys(problems)  # one mistake, one line
    return {
        "problems": [
            [p.message, str(p.path) if p.path else None, p.line, p.column, p.warning]
            for p in unique
        ],
        "scope": scope,
        "translations": languages,
    }
