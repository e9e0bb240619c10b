"""Plain-French warnings: long sentences and acronyms not explained where they first appear.

Modelled on A2J Author's reading-level hints and the Suffolk Assembly Line linter: short
sentences, and every acronym spelled out the first time a reader meets it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cafedemarches.content.yamlfile import Key, YamlDocument
from cafedemarches.errors import Problem

MAX_WORDS = 25
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n\s*\n|\n\s*[-•]\s+")
_WORD = re.compile(r"[\wÀ-ÿ'’-]+")
_ACRONYM = re.compile(r"(?<![\w/.@-])([A-Z][A-Z0-9]*[A-Z](?:[A-Z0-9]*))(?:s)?(?![\w@/-])")
_PLACEHOLDER = re.compile(r"\{[{%].*?[%}]\}", re.S)
_URL = re.compile(r"\S+\.(?:fr|gouv|org|com|eu)\S*|https?://\S+")
# Keys whose text a person or volunteer reads, in reading order.
TEXT_KEYS = (
    "titre",
    "resume",
    "canal",
    "formulaire",
    "nom",
    "explication",
    "ou_le_trouver",
    "validite",
    "texte",
    "aide",
    "delai",
    "note",
    "raison",
    "libelle",
    "objet",
    "corps",
    "pieces_jointes",
    "avertissement",
    "envoi",
    "choix",
)


def _texts(data: Any, loc: Key) -> Iterator[tuple[Key, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in {
                "id",
                "si",
                "sources",
                "lien",
                "service_en_ligne",
                "exemples",
                "motif",
                "exemple",
                "reponses",
                "documents_attendus",
            }:
                continue
            if key in TEXT_KEYS and isinstance(value, str):
                yield (*loc, key), value
            elif key == "choix" and isinstance(value, dict):
                for choice, label in value.items():
                    if isinstance(label, str):
                        yield (*loc, key, choice), label
            else:
                yield from _texts(value, (*loc, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, str) and loc and loc[-1] == "pieces_jointes":
                yield (*loc, i), item
            else:
                yield from _texts(item, (*loc, i))


def readability_warnings(doc: YamlDocument) -> list[Problem]:
    warnings: list[Problem] = []
    explained: set[str] = set()
    in_titles: dict[str, Key] = {}
    for loc, raw in _texts(doc.data, ()):
        text = _URL.sub(" ", _PLACEHOLDER.sub(" champ ", raw))
        for sentence in _SENTENCE_END.split(text):
            words = _WORD.findall(sentence)
            if len(words) > MAX_WORDS:
                start = " ".join(words[:6])
                warnings.append(
                    _warning(
                        doc,
                        loc,
                        (
                            f"phrase longue ({len(words)} mots, « {start}… ») : coupez-la en phrases "
                            f"de {MAX_WORDS} mots au plus"
                        ),
                    )
                )
        if loc[-1] == "titre":
            # A title stays short: its acronyms may be explained in the summary that follows.
            for match in _ACRONYM.finditer(text):
                in_titles.setdefault(match.group(1), loc)
            continue
        for match in _ACRONYM.finditer(text):
            acronym = match.group(1)
            if acronym in explained or len(acronym) < 2:
                continue
            explained.add(acronym)
            after = text[match.end() : match.end() + 3]
            before = text[: match.start()].rstrip()
            if after.lstrip().startswith("(") or before.endswith("("):
                continue
            warnings.append(
                _warning(
                    doc,
                    loc,
                    (
                        f"sigle « {acronym} » non expliqué à sa première apparition : écrivez par "
                        f"exemple « {acronym} (…en toutes lettres…) »"
                    ),
                )
            )
    for acronym, loc in in_titles.items():
        if acronym not in explained:
            warnings.append(
                _warning(
                    doc,
                    loc,
                    (
                        f"sigle « {acronym} » du titre expliqué nulle part : écrivez-le en toutes "
                        "lettres dans le résumé, par exemple « " + acronym + " (…) »"
                    ),
                )
            )
    return warnings


def _warning(doc: YamlDocument, loc: Key, message: str) -> Problem:
    problem = doc.problem(message, loc)
    return Problem(problem.message, problem.path, problem.line, problem.column, warning=True)
