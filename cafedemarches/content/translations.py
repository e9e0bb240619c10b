"""Translations of the take-away sheet: content files keyed by the ids already in the content.

Layout (shipped in the repository's `traductions/` folder, inside the wheel too)::
    traductions/_termes.yaml          protected terms, kept as they are in every language
    traductions/<langue>/_feuille.yaml    the sheet's own headings and sentences (SHEET_TEXTS)
    traductions/<langue>/_documents.yaml  the document catalogue
    traductions/<langue>/_courriers.yaml  the letters' titles and deadlines
    traductions/<langue>/<demarche>.yaml  one checklist

Each file says its language, what it translates, when, how, and whether a person reviewed it;
its `textes` map a key (see `source_texts`) to the translated text. A step is keyed by its `id`,
or, without one, by a short hash of its French text (so a changed French text is seen as new).

One rule decides whether a translated text is used: `text_problems`. A text that loses a
protected term, a number or a placeholder of its French text is not printed (the French stays
alone) and the verifier warns. Missing texts fall back to French. The verifier warns only where
a translation was started and misses something: a checklist file (or the sheet's headings)
without one of its texts, or a paper or letter translated in part. A paper, letter or checklist
not translated at all is counted in the completeness report, never warned about: the catalogue
grows with every new procedure and must not turn the shipped content to warnings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints

from cafedemarches.content.models import ContentModel, Identifier, Step, Text
from cafedemarches.content.validation import validate_model
from cafedemarches.content.yamlfile import read_yaml
from cafedemarches.errors import Problem, ProblemsError, UserError

if TYPE_CHECKING:
    from cafedemarches.content.loader import Content
    from cafedemarches.content.yamlfile import YamlDocument


@dataclass(frozen=True)
class Language:
    code: str
    french_name: str  # « arabe », as the volunteer reads it
    own_name: str  # العربية, as the person reads it
    direction: Literal["ltr", "rtl"]


# In the order of priority of issue #13.
LANGUAGES: dict[str, Language] = {
    "en": Language("en", "anglais", "English", "ltr"),
    "ar": Language("ar", "arabe", "العربية", "rtl"),
    "uk": Language("uk", "ukrainien", "Українська", "ltr"),
    "fa": Language("fa", "dari / persan", "دری / فارسی", "rtl"),
}

SHEET = "_feuille"
CATALOGUE = "_documents"
LETTERS = "_courriers"
TERMS_FILE = "_termes"

# The sheet's own words, in French, keyed for translation (render/templates/sheet.html).
SHEET_TEXTS: dict[str, str] = {
    "titre": "Vos démarches",
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
    "courriers": "Les courriers",
    "a_envoyer": "à envoyer :",
    "aide": "Besoin d'aide ? Revenez au Café démarches, ou allez dans une maison France services "
    "près de chez vous. Cette feuille a été préparée avec vous ; aucune de vos réponses n'a été "
    "gardée dans l'ordinateur.",
    "non_relu": "Traduction pas encore relue par un traducteur : en cas de doute, le texte "
    "français fait foi.",
}
NOT_REVIEWED_FR = "Traduction non relue : en cas de doute, le texte français fait foi."


class Review(ContentModel):
    """Who reviewed a translation (a role, never a person's name) and when."""

    par: Text  # « traducteur bénévole », « interprète de l'association »…
    le: dt.date


class TranslationFile(ContentModel):
    langue: Identifier
    # `_feuille`, `_documents`, `_courriers` or a checklist id
    traduit: Annotated[str, StringConstraints(pattern=r"^_?[a-z0-9][a-z0-9_-]*$", max_length=60)]
    traduit_le: dt.date
    methode: Text | None = None
    relu: Literal["non"] | Review
    textes: dict[Text, Text] = Field(min_length=1)


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
    texts = {"titre": checklist.titre, "resume": checklist.resume, "canal": checklist.canal}
    for step in checklist.etapes:
        key = step_key(step)
        texts[f"etape.{key}"] = step.texte
        if step.delai:
            texts[f"etape.{key}.delai"] = step.delai
    for ref in checklist.documents:
        if ref.note:
            texts[f"note.{ref.id}"] = ref.note
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
    found += _NUMBER.findall(french)
    return list(dict.fromkeys(found))


@cache
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every protected term, longest first, each a whole word."""
    words = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])")


def _contains(text: str, term: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text) is not None


def text_problems(french: str, translated: str, terms: Iterable[str]) -> list[str]:
    """Why `translated` cannot stand beside `french` (empty when it can)."""
    lost = [t for t in kept_terms(french, terms) if not _contains(translated, t)]
    return [f"« {t} » (présent en français) manque dans la traduction" for t in lost]


# -- reading ---------------------------------------------------------------------------------


@dataclass
class LoadedFile:
    model: TranslationFile
    doc: YamlDocument


@dataclass
class Translations:
    """Every translation file read, the protected terms, and the problems met."""

    files: dict[tuple[str, str], LoadedFile] = field(default_factory=dict)  # (langue, source)
    terms: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)


def shipped_translations_folder() -> Path:
    """`traductions/`: inside the installed package, or at the top of the repository."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_content" / "traductions"
    return installed if installed.is_dir() else package.parent / "traductions"


def load_translations(
    folder: Path | None = None, languages: Iterable[str] | None = None
) -> Translations:
    """Read the protected terms and the translation files (of `languages` only, when given)."""

    folder = folder or shipped_translations_folder()
    found = Translations()
    terms_path = folder / f"{TERMS_FILE}.yaml"
    if terms_path.is_file():
        try:
            terms_doc = read_yaml(terms_path)
        except ProblemsError as exc:
            found.problems.extend(exc.problems)
        else:
            terms, problems = validate_model(terms_doc, ProtectedTerms)
            found.problems.extend(problems)
            if terms is not None:
                # Longest first, so « Mon Compte » is seen before « Compte ».
                found.terms = tuple(sorted(terms.termes, key=len, reverse=True))
    wanted = set(languages) if languages is not None else None
    for lang_dir in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        if wanted is not None and lang_dir.name not in wanted:
            continue
        for path in sorted(lang_dir.glob("*.yaml")):
            try:
                doc = read_yaml(path)
            except ProblemsError as exc:
                found.problems.extend(exc.problems)
                continue
            model, problems = validate_model(doc, TranslationFile)
            found.problems.extend(problems)
            if model is None:
                continue
            if model.langue != lang_dir.name or model.traduit != path.stem:
                found.problems.append(
                    doc.problem(
                        f"ce fichier est rangé dans « {lang_dir.name}/{path.name} » : "
                        f"écrivez « langue: {lang_dir.name} » et « traduit: {path.stem} ».",
                        ("langue",),
                    )
                )
                continue
            if model.langue not in LANGUAGES:
                found.problems.append(
                    doc.problem(
                        f"langue inconnue « {model.langue} » ; langues prévues : "
                        + ", ".join(LANGUAGES),
                        ("langue",),
                    )
                )
                continue
            found.files[(model.langue, model.traduit)] = LoadedFile(model, doc)
    return found


# -- what the verifier says -------------------------------------------------------------------


def check_translations(translations: Translations, content: Content) -> list[Problem]:
    """Warnings for each translation file that misses or breaks something of its source."""
    problems = list(translations.problems)
    for loaded in translations.files.values():
        model, doc = loaded.model, loaded.doc
        source = source_texts(model.traduit, content)
        if source is None:
            problems.append(
                doc.problem(
                    f"« {model.traduit} » n'est ni une démarche ni un texte de la feuille.",
                    ("traduit",),
                )._replace(warning=True)
            )
            continue
        for key, text in model.textes.items():
            if key not in source:
                problems.append(
                    doc.problem(
                        f"« {key} » ne correspond à aucun texte français (texte changé ou "
                        "retiré ?) : cette traduction n'est pas imprimée.",
                        ("textes", key),
                        key=True,
                    )._replace(warning=True)
                )
                continue
            for message in text_problems(source[key], text, translations.terms):
                problems.append(
                    doc.problem(
                        f"« {key} » : {message} ; le français est imprimé seul.", ("textes", key)
                    )._replace(warning=True)
                )
        missing = [k for k in source if k not in model.textes and _started(k, model)]
        if missing:
            shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            problems.append(
                doc.problem(
                    f"{len(missing)} texte(s) sans traduction ({shown}) : imprimés en français seul.",
                    ("textes",),
                )._replace(warning=True)
            )
    return problems


def _started(key: str, model: TranslationFile) -> bool:
    """Whether the item of `key` is translated at all: a checklist or the sheet's headings is
    one item (its file); the catalogue and the letters are lists that grow, where each paper or
    letter is an item. An item not started is a matter of completeness, never a warning."""
    if model.traduit not in (CATALOGUE, LETTERS):
        return True
    item = key.split(".", 1)[0]
    return any(k.split(".", 1)[0] == item for k in model.textes)


@dataclass(frozen=True)
class Completeness:
    language: Language
    translated: int
    total: int
    not_reviewed: int  # texts from files not reviewed

    def line(self) -> str:
        return (
            f"{self.language.french_name} : {self.translated}/{self.total} textes, "
            f"{self.not_reviewed} sans relecture"
        )


def completeness(translations: Translations, content: Content) -> list[Completeness]:
    """Per language: texts translated and usable, out of every text the sheet can print."""
    sources = {s: source_texts(s, content) or {} for s in all_sources(content)}
    total = sum(len(texts) for texts in sources.values())
    report = []
    for code, language in LANGUAGES.items():
        translated = not_reviewed = 0
        for source, texts in sources.items():
            loaded = translations.files.get((code, source))
            if loaded is None:
                continue
            usable = sum(
                1
                for key, text in loaded.model.textes.items()
                if key in texts and not text_problems(texts[key], text, translations.terms)
            )
            translated += usable
            if loaded.model.relu == "non":
                not_reviewed += usable
        report.append(Completeness(language, translated, total, not_reviewed))
    return report


# -- what the sheet uses ---------------------------------------------------------------------


@dataclass(frozen=True)
class SheetLanguage:
    """The one language a sheet is printed in beside French, and its usable texts."""

    language: Language
    texts: Mapping[tuple[str, str], str]  # (source, key) -> text, checked
    reviewed: bool  # every file used was reviewed by a person

    def text(self, source: str, key: str) -> str | None:
        return self.texts.get((source, key))


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


def sheet_language(code: str, content: Content, folder: Path | None = None) -> SheetLanguage:
    """The checked texts of one language for the sheet; missing ones fall back to French."""
    language = language_or_fail(code)
    translations = _cached_load(folder or shipped_translations_folder(), language.code)
    texts: dict[tuple[str, str], str] = {}
    reviewed = True
    for (_, source), loaded in translations.files.items():
        french = source_texts(source, content)
        if french is None:
            continue
        used = False
        for key, text in loaded.model.textes.items():
            if key in french and not text_problems(french[key], text, translations.terms):
                texts[(source, key)] = text
                used = True
        if used and loaded.model.relu == "non":
            reviewed = False
    return SheetLanguage(language, texts, reviewed)


@cache
def _cached_load(folder: Path, code: str) -> Translations:
    return load_translations(folder, [code])
