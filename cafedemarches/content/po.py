"""Translations as gettext PO files, for translators' own tools (Poedit, Weblate…): issue #20.

Export: one entry per French text the sheet can print, `msgctxt` its id (« rsa:etape.caf »:
the file translated, then the key), `msgid` the French, `msgstr` the translation; a translation
made from another French text is marked fuzzy (« à revoir » in Poedit). The protected words
the translation must keep are listed in the entry's extracted comment.

Import: every entry is checked like a translation file (protected terms, numbers, placeholders,
the French it translates, the language's script); a text that fails is refused with its reason,
the others go in. A translator marks a text reviewed with a translator's comment « relu par
<qui> » (optionally « le AAAA-MM-JJ »; otherwise the date of the PO file's last revision):
recorded in the file as `relu: {par, le}`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches import __version__
from cafedemarches.content.bundle import Content
from cafedemarches.content.translations import (
    LANGUAGES,
    Language,
    Review,
    TranslatedText,
    TranslationFile,
    Translations,
    all_sources,
    french_digest,
    item_problems,
    kept_terms,
    language_or_fail,
    read_translation_file,
    source_texts,
    text_of,
    text_problems,
    translation_yaml,
)
from cafedemarches.errors import UserError
from cafedemarches.files import write_text
from cafedemarches.text import hidden_error

if TYPE_CHECKING:
    import polib

_REVIEWED = re.compile(r"^\s*relu\s+par\s+(.+?)(?:\s+le\s+(\d{4}-\d{2}-\d{2}))?\s*$", re.I)


def export_po(code: str, content: Content, translations: Translations) -> polib.POFile:
    """Every text of one language as a PO file (untranslated ones with an empty msgstr)."""
    import polib

    language = language_or_fail(code)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"cafedemarches {__version__}",
        "Language": language.code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": "fr",
    }
    for source in all_sources(content):
        french = source_texts(source, content) or {}
        effective = translations.effective(language.code, source)
        for key, text in french.items():
            entry = polib.POEntry(msgctxt=f"{source}:{key}", msgid=text, msgstr="")
            terms = kept_terms(text, translations.terms)
            if terms:
                entry.comment = "À garder tels quels : " + " · ".join(terms)
            found = effective.get(key)
            if found is not None:
                item, loaded = found
                entry.msgstr = text_of(item)
                if item_problems(text, item, translations.terms):
                    entry.flags.append("fuzzy")
                review = item.relu if isinstance(item, TranslatedText) else None
                if review is None and loaded.model.relu != "non":
                    review = loaded.model.relu
                if review is not None:
                    entry.tcomment = f"relu par {review.par} le {review.le.isoformat()}"
            po.append(entry)
    return po


@dataclass
class Refusal:
    context: str
    reason: str

    def line(self) -> str:
        return f"« {self.context} » refusé : {self.reason}."


@dataclass
class ImportReport:
    language: Language
    imported: int = 0
    unchanged: int = 0
    fuzzy: int = 0  # marked « à revoir » by the translator: left out
    refused: list[Refusal] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def import_po(
    path: Path,
    content: Content,
    translations: Translations,
    target: Path,
    *,
    expected: str | None = None,
    today: dt.date,
) -> ImportReport:
    """Check every entry of the PO file at `path` and write the accepted texts into the
    translation files of `target` (a `traductions` folder), creating those missing."""
    po = _read(path)
    language = _language(po, path, expected)
    report = ImportReport(language)
    revised = _revision_date(po) or today
    accepted: dict[str, dict[str, TranslatedText]] = {}
    for entry in po:
        if entry.obsolete or not entry.msgstr.strip():
            continue
        if "fuzzy" in entry.flags:
            report.fuzzy += 1
            continue
        checked = _check(entry, language, content, translations, revised)
        if isinstance(checked, Refusal):
            report.refused.append(checked)
            continue
        source, key, item = checked
        current = translations.effective(language.code, source).get(key)
        if current is not None and current[0] == item:
            report.unchanged += 1
            continue
        accepted.setdefault(source, {})[key] = item
        report.imported += 1
    for source, items in accepted.items():
        report.written.append(_write(target, language, source, items, today))
    return report


def _read(path: Path) -> polib.POFile:
    import polib

    try:
        return polib.pofile(str(path), wrapwidth=0)
    except OSError as exc:
        if exc.errno is not None:
            raise UserError(f"{path} ne peut pas être lu ({exc.strerror}).") from None
        line = re.search(r"line (\d+)", str(exc))  # polib: « Syntax error in po file (line 3) »
        where = f"{path}, ligne {line.group(1)}" if line else str(path)
        raise UserError(
            f"{where} : ce n'est pas écrit comme un fichier PO.",
            "Exportez le fichier avec « cafedemarches traductions exporter » puis "
            "ouvrez-le dans Poedit.",
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(
            f"{path} n'est pas un fichier PO lisible : {exc}.",
            "Exportez le fichier avec « cafedemarches traductions exporter » puis "
            "ouvrez-le dans Poedit.",
        ) from None


def _language(po: polib.POFile, path: Path, expected: str | None) -> Language:
    code = (po.metadata.get("Language") or "").strip().split("_")[0].lower()
    if not code:
        if expected is None:
            raise UserError(
                f"{path} ne dit pas sa langue (en-tête « Language » vide).",
                "Donnez-la avec --langue, ou choisissez-la dans Poedit (Traduction > Propriétés).",
            )
        return language_or_fail(expected)
    if code not in LANGUAGES:
        raise UserError(
            f"{path} est en « {code} », une langue que la feuille ne prévoit pas.",
            "Langues prévues : " + ", ".join(LANGUAGES) + ".",
        )
    if expected is not None and language_or_fail(expected).code != code:
        raise UserError(
            f"{path} est en « {code} », pas en « {expected} » : rien n'a été importé.",
            "Vérifiez le fichier, ou retirez --langue.",
        )
    return LANGUAGES[code]


def _revision_date(po: polib.POFile) -> dt.date | None:
    stamp = po.metadata.get("PO-Revision-Date", "")
    try:
        return dt.date.fromisoformat(stamp[:10])
    except ValueError:
        return None


def _check(
    entry: polib.POEntry,
    language: Language,
    content: Content,
    translations: Translations,
    revised: dt.date,
) -> Refusal | tuple[str, str, TranslatedText]:
    """The entry as a text to record, or why it is refused."""
    context = entry.msgctxt or ""
    source, _, key = context.partition(":")
    french = source_texts(source, content) if source else None
    if french is None or key not in french:
        return Refusal(context or entry.msgid[:40], "identifiant inconnu (texte retiré ?)")
    if entry.msgid != french[key]:
        return Refusal(
            context, "le français a changé depuis l'export : exportez de nouveau ce texte"
        )
    translated = unicodedata.normalize("NFC", entry.msgstr.strip())
    hidden = hidden_error(translated)
    if hidden:  # the sheet sets each language's direction itself (`dir` in its markup)
        return Refusal(context, f"le texte contient {hidden} ; retirez-le")
    problems = text_problems(french[key], translated, translations.terms)
    if problems:
        return Refusal(context, " ; ".join(problems))
    if not _in_script(translated, language, kept_terms(french[key], translations.terms)):
        return Refusal(context, f"le texte n'est pas en {language.french_name}")
    review = None
    for line in (entry.tcomment or "").splitlines():
        match = _REVIEWED.match(line)
        if match:
            day = dt.date.fromisoformat(match.group(2)) if match.group(2) else revised
            review = Review(par=match.group(1), le=day)
    item = TranslatedText(texte=translated, francais=french_digest(french[key]), relu=review)
    return source, key, item


# The script each language is written in: most of a text's letters, names kept aside.
_SCRIPT = {"ar": "ARABIC", "fa": "ARABIC", "uk": "CYRILLIC", "en": "LATIN"}


def _in_script(text: str, language: Language, kept: list[str]) -> bool:
    """Whether the text is in its language's script, once the names it keeps from the French
    are set aside (« CAF » alone is a right translation of « CAF »)."""
    script = _SCRIPT[language.code]
    for term in sorted(kept, key=len, reverse=True):
        text = text.replace(term, " ")
    letters = [unicodedata.name(ch, "") for ch in text if ch.isalpha()]
    if script == "LATIN":
        return not any(name.startswith(("ARABIC", "CYRILLIC")) for name in letters)
    own = sum(1 for name in letters if name.startswith(script))
    return own > 0 or not letters


def _write(
    target: Path, language: Language, source: str, items: dict[str, TranslatedText], today: dt.date
) -> Path:
    path = target / language.code / f"{source}.yaml"
    existing = read_translation_file(path, []) if path.is_file() else None
    if existing is not None:
        model = existing.model
        texts = {**model.textes, **items}
        model = model.model_copy(update={"textes": texts, "traduit_le": today})
    else:
        model = TranslationFile(
            langue=language.code,
            traduit=source,
            traduit_le=today,
            methode="Importé d'un fichier PO (cafedemarches traductions importer).",
            relu="non",
            textes=dict(items),
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    # The one safe way: an interrupted import never leaves half a file, never through a link.
    return write_text(path, translation_yaml(model), existing="replace")
