"""Translations of the take-away sheet: content files keyed by the ids already in the content.

Layout (the kit's `traductions/` folder, inside the wheel too; a coordinator's content folder
may hold its own `traductions/`, found by the same discovery as checklists)::

    traductions/_termes.yaml              protected terms, kept as they are in every language
    traductions/<langue>/_feuille.yaml    the sheet's own headings and sentences (SHEET_TEXTS)
    traductions/<langue>/_documents.yaml  the document catalogue
    traductions/<langue>/_courriers.yaml  the letters' titles and deadlines
    traductions/<langue>/<demarche>.yaml  one checklist

Each file says its language, what it translates, when, how, and whether a person reviewed it;
its `textes` map a key (see `source_texts`) to the translated text, the digest of the French
it was made from (`francais`, see `french_digest`) and, when a person read that text, who and
when (`relu`). A step is keyed by its `id`, or, without one, by a short hash of its French text.
A coordinator's text shadows the kit's text of the same language, file and key.

One rule decides whether a translated text is used: `text_problems`. A text made from another
French text (its digest differs), or that loses a protected term, a number or a placeholder of
its French text, is not printed (the French stays alone) and the verifier warns. Missing texts
fall back to French. The verifier warns only where a translation was started and misses
something: a checklist file (or the sheet's headings) without one of its texts, or a paper or
letter translated in part. A paper, letter or checklist not translated at all is counted in the
completeness report, never warned about: the catalogue grows with every new procedure and must
not turn the shipped content to warnings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, StringConstraints

from cafedemarches.content.bundle import Content
from cafedemarches.content.cache import read_cached_objects, write_cached_objects
from cafedemarches.content.index import discover, file_kind, texts_key
from cafedemarches.content.models import ContentModel, Identifier, Step, Text
from cafedemarches.content.validation import validate_model
from cafedemarches.content.yamlfile import YamlDocument, read_yaml
from cafedemarches.errors import Problem, ProblemsError, UserError
from cafedemarches.text import count


@dataclass(frozen=True)
class Language:
    code: str
    french_name: str  # « arabe », as the volunteer reads it
    own_name: str  # العربية, as the person reads it
    direction: Literal["ltr", "rtl"]


# In the order of priority of issue #13. `fa` is the Persian of Iran (استان, شهرداری, Iranian
# month names): an Afghan reader of Dari would find it foreign, so it is not called Dari.
LANGUAGES: dict[str, Language] = {
    "en": Language("en", "anglais", "English", "ltr"),
    "ar": Language("ar", "arabe", "العربية", "rtl"),
    "uk": Language("uk", "ukrainien", "Українська", "ltr"),
    "fa": Language("fa", "persan", "فارسی", "rtl"),
}

SHEET = "_feuille"
CATALOGUE = "_documents"
LETTERS = "_courriers"
TERMS_FILE = "_termes"
FOLDER_NAME = "traductions"

# The sheet's own words, in French, keyed for translation (render/templates/sheet.html).
# `{{ … }}` are filled in when printed (dates as 01/04/2026 in every language).
SHEET_TEXTS: dict[str, str] = {
    "titre": "Vos démarches",
    "prepare_le": "Préparé le {{ date }}.",
    "prepare_au": "Préparé le {{ date }} au Café démarches « {{ lieu }} ».",
    "intro": "Gardez cette feuille : elle dit quoi faire d'abord, quels papiers rassembler, "
    "puis la suite.",
    "dabord": "D'abord",
    "attention": "Attention",
    "papiers": "Les papiers à rassembler",
    "aucun_papier": "Aucun papier à rassembler pour ces démarches.",
    "ou_le_trouver": "Où le trouver :",
    "pour": "Pour :",
    "ensuite": "Ensuite, étape par étape",
    "quand": "Quand :",
    "fait": "fait pendant le rendez-vous",
    "comment": "Comment :",
    "organisme": "Organisme :",
    "montant_depuis": "depuis le {{ du }}",
    "montant_periode": "du {{ du }} au {{ au }}",
    "montant_perime": "montant valable jusqu'au {{ au }}, vérifiez le montant actuel",
    "courriers": "Les courriers",
    "courriers_utiles": "Des courriers qui peuvent servir",
    "a_envoyer": "à envoyer :",
    "aide": "Besoin d'aide ? Revenez au Café démarches, ou allez dans une maison France services "
    "près de chez vous. Cette feuille a été préparée avec vous ; aucune de vos réponses n'a été "
    "gardée dans l'ordinateur.",
    "non_relu": "Traduction pas encore relue par un traducteur : en cas de doute, le texte "
    "français fait foi.",
    "francais_seul": "Certains textes sont en français seulement.",
}
NOT_REVIEWED_FR = "Traduction non relue : en cas de doute, le texte français fait foi."
FRENCH_ONLY_FR = "Certains textes ne sont pas traduits : ils sont en français seulement."

Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{10}$")]


def french_digest(french: str) -> str:
    """The digest a translation records of the French it was made from (spaces and Unicode
    forms do not count: a YAML line folded differently is the same text)."""
    normal = " ".join(unicodedata.normalize("NFC", french).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:10]


class Review(ContentModel):
    """Who reviewed a translation (a role, never a person's name) and when."""

    par: Text  # « traducteur bénévole », « interprète de l'association »…
    le: dt.date


class TranslatedText(ContentModel):
    """One translated text, the digest of its French text, and its review, if any."""

    texte: Text
    francais: Digest
    relu: Review | None = None


class TranslationFile(ContentModel):
    langue: Identifier
    # `_feuille`, `_documents`, `_courriers` or a checklist id
    traduit: Annotated[str, StringConstraints(pattern=r"^_?[a-z0-9][a-z0-9_-]*$", max_length=60)]
    traduit_le: dt.date
    methode: Text | None = None
    relu: Literal["non"] | Review
    # A bare text (no digest) is read, but never printed: nothing says what French it translates.
    textes: dict[Text, TranslatedText | Text] = Field(min_length=1)


class ProtectedTerms(ContentModel):
    termes: list[Text] = Field(min_length=1)


def step_key(step: Step) -> str:
    """The stable key of a step: its id, or a short hash of its French text."""
    if step.id:
        return step.id
    return "t-" + hashlib.sha1(step.texte.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]


def source_texts(source: str, content: Content) -> dict[str, str] | None:
    """Key -> French text of everything a translation of `source` may translate (None when
    `source` is nothing the sheet prints)."""
    if source == SHEET:
        return dict(SHEET_TEXTS)
    if source == CATALOGUE:
        texts: dict[str, str] = {}
        for doc in content.catalogue.values():
            texts[f"{doc.id}.nom"] = doc.nom
            texts[f"{doc.id}.explication"] = doc.explication
            texts[f"{doc.id}.ou_le_trouver"] = doc.ou_le_trouver
            if doc.validite:
                texts[f"{doc.id}.validite"] = doc.validite
        return texts
    if source == LETTERS:
        texts = {}
        for letter in content.letters.values():
            texts[f"{letter.id}.titre"] = letter.titre
            if letter.delai:
                texts[f"{letter.id}.delai"] = letter.delai
        return texts
    checklist = content.checklists.get(source)
    if checklist is None:
        return None
    texts = {
        "titre": checklist.titre,
        "resume": checklist.resume,
        "organisme": checklist.organisme,
        "canal": checklist.canal,
    }
    for step in checklist.etapes:
        key = step_key(step)
        texts[f"etape.{key}"] = step.texte
        if step.delai:
            texts[f"etape.{key}.delai"] = step.delai
    for ref in checklist.documents:
        if ref.note:
            texts[f"note.{ref.id}"] = ref.note
    for amount in checklist.montants:
        texts[f"montant.{amount.id}.libelle"] = amount.libelle
        texts[f"montant.{amount.id}.valeur"] = amount.valeur
    return texts


def all_sources(content: Content) -> list[str]:
    return [SHEET, CATALOGUE, LETTERS, *sorted(content.checklists)]


# -- protected terms ---------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[,.]\d+)*")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_QUOTED = re.compile(r"«\s*(.+?)\s*»")  # a label the person will see as such (site, payslip)
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:fr|gouv\.fr|com|org|eu|info)\b")


def kept_terms(french: str, terms: Iterable[str]) -> list[str]:
    """What a translation of `french` must keep exactly: protected terms it contains, the
    labels it quotes in « », its numbers, web addresses and placeholders."""
    found = _terms_pattern(tuple(terms)).findall(french) if terms else []
    found += _QUOTED.findall(french)
    found += _PLACEHOLDER.findall(french)
    found += _DOMAIN.findall(french)
    # The numbers of the text itself: a digit inside a web address is kept with the address.
    found += _NUMBER.findall(_PLACEHOLDER.sub(" ", _DOMAIN.sub(" ", french)))
    return list(dict.fromkeys(found))


@cache
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every protected term, longest first, each a whole word."""
    words = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])")


def _contains(text: str, term: str) -> bool:
    if _NUMBER.fullmatch(term):
        # The same number, not a part of a longer one; a letter may follow it, as in « 3e »
        # written « 3rd » or « 3-й ».
        return re.search(rf"(?<![\d,.]){re.escape(term)}(?![,.]?\d)", text) is not None
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text) is not None


def text_problems(french: str, translated: str, terms: Iterable[str]) -> list[str]:
    """Why `translated` cannot stand beside `french` (empty when it can)."""
    problems = []
    for term in kept_terms(french, terms):
        if _contains(translated, term):
            continue
        if _PLACEHOLDER.fullmatch(term):
            problems.append(f"le champ « {term} » du français manque ou a été changé")
        elif _NUMBER.fullmatch(term):
            problems.append(f"le nombre « {term} » du français manque ou a été changé")
        else:
            problems.append(f"« {term} » (présent en français) manque dans la traduction")
    extra = set(_PLACEHOLDER.findall(translated)) - set(_PLACEHOLDER.findall(french))
    problems += [f"le champ « {p} » n'existe pas dans le français" for p in sorted(extra)]
    return problems


STALE = "le français a changé depuis cette traduction"
NO_DIGEST = "la traduction ne dit pas de quel texte français elle est faite (pas de « francais »)"


def item_problems(french: str, item: TranslatedText | str, terms: Iterable[str]) -> list[str]:
    """Why a translated text of a file is not printed beside `french` (empty when it is)."""
    if isinstance(item, str):
        return [NO_DIGEST]
    if item.francais != french_digest(french):
        return [STALE]
    return text_problems(french, item.texte, terms)


def text_of(item: TranslatedText | str) -> str:
    return item if isinstance(item, str) else item.texte


# -- reading ---------------------------------------------------------------------------------


@dataclass
class LoadedFile:
    model: TranslationFile
    doc: YamlDocument

    def reviewed(self, key: str) -> bool:
        item = self.model.textes.get(key)
        return self.model.relu != "non" or (
            isinstance(item, TranslatedText) and item.relu is not None
        )


@dataclass
class Translations:
    """Every translation file read (the kit's first, then a coordinator's), the protected
    terms, and the problems met."""

    files: list[LoadedFile] = field(default_factory=list)
    terms: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)

    def effective(
        self, code: str, source: str
    ) -> dict[str, tuple[TranslatedText | str, LoadedFile]]:
        """Key -> its text and file, for one language and source: later files win."""
        found: dict[str, tuple[TranslatedText | str, LoadedFile]] = {}
        for loaded in self.files:
            if loaded.model.langue == code and loaded.model.traduit == source:
                for key, item in loaded.model.textes.items():
                    found[key] = (item, loaded)
        return found

    def sources(self, code: str) -> list[str]:
        return list(dict.fromkeys(f.model.traduit for f in self.files if f.model.langue == code))


def shipped_translations_folder() -> Path:
    """`traductions/`: inside the installed package, or at the top of the repository."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_content" / FOLDER_NAME
    return installed if installed.is_dir() else package.parent / FOLDER_NAME


def translation_folders(content_folders: Sequence[Path] = ()) -> list[Path]:
    """Where translations are found: the kit's, then the content folders (a coordinator's
    folder may hold `traductions/<langue>/`)."""
    return [shipped_translations_folder(), *content_folders]


def load_translations(
    folders: Sequence[Path] | None = None, languages: Iterable[str] | None = None
) -> Translations:
    """Read the protected terms and the translation files found in `folders` (the kit's own
    when None) by the content discovery; of `languages` only, when given."""
    found = Translations()
    terms: list[str] = []
    wanted = set(languages) if languages is not None else None
    where = folders if folders is not None else translation_folders()
    for file in discover(where, _files_of(wanted) if wanted is not None else None):
        if file.kind == "terms":
            terms += _read_terms(file.path, found.problems)
        elif file.kind == "translation":
            loaded = read_translation_file(file.path, found.problems)
            if loaded is not None:
                found.files.append(loaded)
    # Longest first, so « Mon Compte » is seen before « Compte ».
    found.terms = tuple(sorted(dict.fromkeys(terms), key=len, reverse=True))
    return found


def _files_of(languages: Iterable[str]) -> Callable[[Path], bool]:
    """Which content files hold the protected terms or a translation into `languages`, told
    from their path alone (as `file_kind` does), so that no other file is read."""
    wanted = set(languages)

    def keep(path: Path) -> bool:
        kind = file_kind(path)
        return kind == "terms" or (kind == "translation" and path.parent.name in wanted)

    return keep


def _read_terms(path: Path, problems: list[Problem]) -> list[str]:
    try:
        doc = read_yaml(path)
    except ProblemsError as exc:
        problems.extend(exc.problems)
        return []
    terms, found = validate_model(doc, ProtectedTerms)
    problems.extend(found)
    return list(terms.termes) if terms is not None else []


def read_translation_file(path: Path, problems: list[Problem]) -> LoadedFile | None:
    """One translation file read and checked (None, with `problems` told, when it cannot)."""
    try:
        doc = read_yaml(path)
    except ProblemsError as exc:
        problems.extend(exc.problems)
        return None
    model, found = validate_model(doc, TranslationFile)
    problems.extend(found)
    if model is None:
        return None
    folder = path.parent.name
    if model.langue != folder or model.traduit != path.stem:
        problems.append(
            doc.problem(
                f"ce fichier est rangé dans « {folder}/{path.name} » : "
                f"écrivez « langue: {folder} » et « traduit: {path.stem} ».",
                ("langue",),
            )
        )
        return None
    if model.langue not in LANGUAGES:
        problems.append(
            doc.problem(
                f"langue inconnue « {model.langue} » ; langues prévues : " + ", ".join(LANGUAGES),
                ("langue",),
            )
        )
        return None
    return LoadedFile(model, doc)


# -- what the verifier says -------------------------------------------------------------------


def check_translations(translations: Translations, content: Content) -> list[Problem]:
    """Warnings for each translated text that misses or breaks something of its source, or
    was made from another French text (naming the file, the key and the language)."""
    problems = list(translations.problems)
    for code in LANGUAGES:
        for source_id in translations.sources(code):
            problems += _check_source(translations, content, code, source_id)
    return problems


def _check_source(
    translations: Translations, content: Content, code: str, source_id: str
) -> list[Problem]:
    problems: list[Problem] = []
    effective = translations.effective(code, source_id)
    last = next(
        f
        for f in reversed(translations.files)
        if f.model.langue == code and f.model.traduit == source_id
    )
    source = source_texts(source_id, content)
    if source is None:
        return [
            last.doc.problem(
                f"« {source_id} » n'est ni une démarche ni un texte de la feuille.", ("traduit",)
            )._replace(warning=True)
        ]
    name = LANGUAGES[code].french_name
    for key, (item, loaded) in effective.items():
        if key not in source:
            problems.append(
                loaded.doc.problem(
                    f"« {key} » ({name}) ne correspond à aucun texte français (texte changé ou "
                    "retiré ?) : cette traduction n'est pas imprimée.",
                    ("textes", key),
                    key=True,
                )._replace(warning=True)
            )
            continue
        for message in item_problems(source[key], item, translations.terms):
            hint = ""
            if message in (STALE, NO_DIGEST):
                hint = (
                    f" Mettez la traduction à jour, puis écrivez « francais: "
                    f"{french_digest(source[key])} » (ou passez par « cafedemarches traductions "
                    f"exporter --langue {code} »)."
                )
            problems.append(
                loaded.doc.problem(
                    f"« {key} » ({name}) : {message} ; le français est imprimé seul.{hint}",
                    ("textes", key),
                )._replace(warning=True)
            )
    missing = [k for k in source if k not in effective and _started(k, source_id, effective)]
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        problems.append(
            last.doc.problem(
                f"{count(len(missing), 'texte', 'textes')} sans traduction ({name} : {shown}) : "
                "imprimés en français seul.",
                ("textes",),
            )._replace(warning=True)
        )
    return problems


def _started(key: str, source: str, translated: Mapping[str, object]) -> bool:
    """Whether the item of `key` is translated at all: a checklist or the sheet's headings is
    one item (its file); the catalogue and the letters are lists that grow, where each paper or
    letter is an item. An item not started is a matter of completeness, never a warning."""
    if source not in (CATALOGUE, LETTERS):
        return True
    item = key.split(".", 1)[0]
    return any(k.split(".", 1)[0] == item for k in translated)


@dataclass(frozen=True)
class Completeness:
    language: Language
    translated: int
    total: int
    not_reviewed: int  # usable texts no person has read
    stale: int  # texts made from another French text: printed in French only

    def line(self) -> str:
        line = (
            f"{self.language.french_name} : {self.translated}/{self.total} textes, "
            f"{self.not_reviewed} sans relecture"
        )
        return line + (f", {self.stale} à mettre à jour" if self.stale else "")


def completeness(translations: Translations, content: Content) -> list[Completeness]:
    """Per language: texts translated and usable, out of every text the sheet can print."""
    sources = {s: source_texts(s, content) or {} for s in all_sources(content)}
    total = sum(len(texts) for texts in sources.values())
    report = []
    for code, language in LANGUAGES.items():
        translated = not_reviewed = stale = 0
        for source, texts in sources.items():
            for key, (item, loaded) in translations.effective(code, source).items():
                if key not in texts:
                    continue
                problems = item_problems(texts[key], item, translations.terms)
                if problems:
                    stale += problems[0] in (STALE, NO_DIGEST)
                    continue
                translated += 1
                not_reviewed += not loaded.reviewed(key)
        report.append(Completeness(language, translated, total, not_reviewed, stale))
    return report


# -- what the sheet uses ---------------------------------------------------------------------


@dataclass(frozen=True)
class SheetLanguage:
    """The one language a sheet is printed in beside French, and its usable texts."""

    language: Language
    texts: Mapping[tuple[str, str], str]  # (source, key) -> text, checked
    not_reviewed: frozenset[tuple[str, str]] = frozenset()  # usable texts no person read

    def text(self, source: str, key: str) -> str | None:
        return self.texts.get((source, key))

    @property
    def reviewed(self) -> bool:
        return not self.not_reviewed


def language_or_fail(code: str) -> Language:
    language = LANGUAGES.get(code.strip().lower())
    if language is None:
        raise UserError(
            f"Langue inconnue : « {code} ».",
            "Langues prévues : "
            + ", ".join(f"{c} ({lang.french_name})" for c, lang in LANGUAGES.items())
            + ".",
        )
    return language


def sheet_language(
    code: str,
    content: Content,
    folders: Sequence[Path] | None = None,
    cache: Path | None = None,
) -> SheetLanguage:
    """The checked texts of one language for the sheet (from the kit's translations and those
    of `folders`, the content folders); missing ones fall back to French. With a `cache`
    folder, the result is kept there under the digest of the language's files, the protected
    terms and every French text a translation may stand beside (and the kit's code): reading
    and checking some fifty translation files is most of what a bilingual sheet costs more."""
    language = language_or_fail(code)
    where = tuple(translation_folders(folders or ()))
    if cache is None:
        return _checked_language(language, content, where)
    key = _language_key(language.code, content, where)
    kept = read_cached_objects(cache, f"langue-{language.code}", key)
    if isinstance(kept, SheetLanguage):
        return kept
    checked = _checked_language(language, content, where)
    write_cached_objects(cache, f"langue-{language.code}", key, checked)
    return checked


def _language_key(code: str, content: Content, folders: tuple[Path, ...]) -> str:
    """What a language's checked texts are computed from: its translation files and the
    protected terms (as the content discovery finds them), and the French texts."""
    french = hashlib.sha256()
    for source in all_sources(content):
        for key, text in sorted((source_texts(source, content) or {}).items()):
            french.update(f"{source}\0{key}\0{text}\0".encode())
    return texts_key(discover(folders, _files_of([code])), "langue", code, french.hexdigest())


def _checked_language(
    language: Language, content: Content, folders: tuple[Path, ...]
) -> SheetLanguage:
    translations = _cached_load(folders, language.code)
    texts: dict[tuple[str, str], str] = {}
    not_reviewed: set[tuple[str, str]] = set()
    for source in translations.sources(language.code):
        french = source_texts(source, content)
        if french is None:
            continue
        for key, (item, loaded) in translations.effective(language.code, source).items():
            if key in french and not item_problems(french[key], item, translations.terms):
                texts[(source, key)] = text_of(item)
                if not loaded.reviewed(key):
                    not_reviewed.add((source, key))
    return SheetLanguage(language, texts, frozenset(not_reviewed))


@cache
def _cached_load(folders: tuple[Path, ...], code: str) -> Translations:
    return load_translations(folders, [code])


# -- writing ---------------------------------------------------------------------------------


def translation_yaml(model: TranslationFile) -> str:
    """A translation file as YAML, each text with the digest of its French text."""
    data = model.model_dump(mode="python", exclude_none=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)
