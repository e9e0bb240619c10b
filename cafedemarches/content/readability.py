"""Plain-French warnings: long sentences, acronyms not explained where they first appear,
and the words of the coordinators' jargon list (`_jargon.yaml`).

Modelled on A2J Author's reading-level hints and the Suffolk Assembly Line linter: short
sentences, and every acronym spelled out the first time a reader meets it. An acronym counts
as explained only by its expansion, next to it: « CCAS (centre communal d'action sociale) » or
« centre communal d'action sociale (CCAS) »; any other parenthesis does not explain it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cafedemarches.content.yamlfile import Key, YamlDocument
from cafedemarches.errors import Problem

if TYPE_CHECKING:  # only the type: reading a file stays free of pydantic
    from cafedemarches.content.models import JargonEntry

MAX_WORDS = 25
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n\s*\n|\n\s*[-•]\s+")
_WORD = re.compile(r"[\wÀ-ÿ'’-]+")
_ACRONYM = re.compile(r"(?<![\w/.@-])([A-Z][A-Z0-9]*[A-Z](?:[A-Z0-9]*))(?:s)?(?![\w@/-])")
_PLACEHOLDER = re.compile(r"\{[{%].*?[%}]\}", re.S)
_URL = re.compile(r"\S+\.(?:fr|gouv|org|com|eu)\S*|https?://\S+")
# An amount to the cent (« 646,52 € »): a benefit amount, revalued every year.
_EXACT_AMOUNT = re.compile(r"\d[\d\u00a0\u202f ]*,\d\d\s*(?:€|euros?\b)")
# Keys whose text a person or volunteer reads, in reading order.
TEXT_KEYS = (
    "titre",
    "resume",
    "organisme",
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
    "destinataire",
    "base_legale",
)
# Small words an expansion may hold that are not part of its acronym.
_LINK_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "par",
        "pour",
        "sur",
        "un",
        "une",
    ]
)
_EXPANSION_WORD = re.compile(r"[^\W\d_]+")
# What a letter says to the office (its subject and body) may use the office's own words;
# every other text is read by the person or the volunteer.
_LETTER_OFFICE_KEYS = frozenset({"objet", "corps", "base_legale", "destinataire"})


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


def readability_warnings(
    doc: YamlDocument, jargon: Sequence[JargonEntry] = (), *, letter: bool = False
) -> list[Problem]:
    """Long sentences, unexplained acronyms and the words of the jargon list, in one pass
    over the texts a person reads. In a letter (`letter`), what is written to the office (its
    subject, body, legal basis and addressee) may use the office's own words."""
    warnings: list[Problem] = []
    explained: set[str] = set()
    in_titles: dict[str, Key] = {}
    pattern = _jargon_pattern(tuple(entry.terme for entry in jargon)) if jargon else None
    for loc, raw in _texts(doc.data, ()):
        text = _URL.sub(" ", _PLACEHOLDER.sub(" champ ", raw))
        if pattern is not None and not (letter and loc and loc[0] in _LETTER_OFFICE_KEYS):
            warnings.extend(_jargon_found(doc, loc, text, pattern, jargon))
        if not letter and loc and loc[0] != "montants":
            for amount in _EXACT_AMOUNT.findall(text):
                warnings.append(
                    _warning(
                        doc,
                        loc,
                        f"montant « {amount.strip()} » écrit dans le texte : mettez-le dans "
                        "« montants: », avec sa période (du, au) et sa source, pour que la feuille "
                        "dise jusqu'à quand il vaut",
                    )
                )
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
            if is_explained(text, match.start(), match.end(), acronym):
                continue
            warnings.append(
                _warning(
                    doc,
                    loc,
                    (
                        f"sigle « {acronym} » non expliqué à sa première apparition : écrivez-le "
                        f"en toutes lettres à côté, par exemple « {acronym} (…les mots dont "
                        "les initiales forment le sigle…) »"
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


def _jargon_found(
    doc: YamlDocument,
    loc: Key,
    text: str,
    pattern: re.Pattern[str],
    jargon: Sequence[JargonEntry],
) -> list[Problem]:
    """A warning for each term of the list in this text (once per term), unless explained."""
    text = text.replace("’", "'")
    found: set[int] = set()
    for match in pattern.finditer(text):
        assert match.lastgroup is not None
        if not _explained_after(text, match.end()):
            found.add(int(match.lastgroup[1:]))
    return [
        _warning(
            doc,
            loc,
            f"« {jargon[i].terme} » est du jargon (liste _jargon.yaml) : "
            f"dites plutôt « {jargon[i].dire_plutot} »",
        )
        for i in sorted(found)
    ]


def _explained_after(text: str, end: int) -> bool:
    """A jargon term followed by its explanation in parentheses: the official name is taught."""
    return text[end:].lstrip(" »\"'").startswith("(")


@lru_cache(maxsize=8)
def _jargon_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for the whole list (one search per text); group `tN` is the Nth term.
    Longer terms are tried first, so « protection subsidiaire » wins over a shorter term inside it."""
    parts = []
    for i, term in sorted(enumerate(terms), key=lambda item: -len(item[1])):
        words = re.escape(" ".join(term.replace("’", "'").split())).replace(r"\ ", r"\s+")
        parts.append(f"(?P<t{i}>{words})")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", re.IGNORECASE)


def is_explained(text: str, start: int, end: int, acronym: str) -> bool:
    """The acronym at text[start:end] stands beside its expansion: « SIGLE (mots…) » or
    « …mots (SIGLE) », where the words' initials spell the acronym."""
    letters = _plain(acronym)
    after = text[end:].lstrip()
    if after.startswith("("):
        inside = after[1:].split(")", 1)[0]
        if _spells(letters, _EXPANSION_WORD.findall(_plain(inside))):
            return True
    before = text[:start].rstrip()
    if before.endswith("(") and text[end:].lstrip().startswith(")"):
        words = _EXPANSION_WORD.findall(_plain(before[:-1]))
        return _spells(letters[::-1], words[::-1], backward=True)
    return False


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _spells(letters: str, words: list[str], *, backward: bool = False) -> bool:
    """The first words' initials give `letters` in order; link words may be skipped.
    `backward`: both are reversed (the words read from the acronym towards the left)."""
    if not letters:
        return True
    if not words:
        return False
    word, rest = words[0], words[1:]
    # A word gives its initial, or its first few letters (« ÉTablissements » in SIRET).
    for size in range(1, min(len(word), len(letters)) + 1):
        wanted = letters[:size][::-1] if backward else letters[:size]
        if word[:size] != wanted:
            continue
        if _spells(letters[size:], rest, backward=backward):
            return True
    return word in _LINK_WORDS and _spells(letters, rest, backward=backward)


def _warning(doc: YamlDocument, loc: Key, message: str) -> Problem:
    problem = doc.problem(message, loc)
    return Problem(problem.message, problem.path, problem.line, problem.column, warning=True)
