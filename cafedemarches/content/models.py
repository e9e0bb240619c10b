"""Typed models of the content coordinators write: catalogue, checklists, repérage, letters.

Field names are the French YAML keys of SPEC.md. Every model forbids unknown keys and reads
values strictly (a YAML text is not silently turned into a number).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)
]
# Lengths a printed sheet or letter can hold (the longest shipped text is a third of each):
# a longer one is a mistake, or text pasted from elsewhere, that `demarches verifier` names.
TITLE_MAX = 150  # a title, a document's name, a letter's subject
SENTENCE_MAX = 400  # a step, a question, a choice
HELP_MAX = 1200  # a help text, a summary, what a document is and where to find it
TEXT_MAX = 2000  # any other text
LETTER_BODY_MAX = 8000


def _text(maximum: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=maximum)


Text = Annotated[str, _text(TEXT_MAX)]
Title = Annotated[str, _text(TITLE_MAX)]
Sentence = Annotated[str, _text(SENTENCE_MAX)]
Help = Annotated[str, _text(HELP_MAX)]
LetterBody = Annotated[str, _text(LETTER_BODY_MAX)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https://\S+$")]

Theme = Literal[
    "famille_scolarite",
    "social_sante",
    "logement",
    "travail_formation",
    "argent_impots",
    "papiers_citoyennete",
    "etrangers_europe",
    "justice",
    "transports",
    "autre",
]
QuestionType = Literal["oui_non", "choix", "nombre"]
FieldType = Literal["texte", "date", "nombre", "paragraphe"]
Answer = bool | int | str


class ContentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Sourced(ContentModel):
    """The header of a file people rely on (checklist, repérage, letter): where its facts come
    from, and the day someone last checked them."""

    sources: list[Url] = Field(min_length=1)
    verifie_le: dt.date


class OptionallySourced(ContentModel):
    """The same header, optional (the catalogue, the jargon list)."""

    sources: list[Url] = []
    verifie_le: dt.date | None = None


class Document(ContentModel):
    id: Identifier
    nom: Title
    explication: Help
    ou_le_trouver: Help
    validite: Text | None = None


class Catalogue(OptionallySourced):
    documents: list[Document] = Field(min_length=1)


class ConditionalText(ContentModel):
    """A wording used instead of `texte` when its condition holds (the first that holds)."""

    si: Text
    texte: Sentence


class Question(ContentModel):
    id: Identifier
    texte: Sentence
    texte_si: list[ConditionalText] = []
    type: QuestionType
    choix: dict[Identifier, Sentence] | None = None
    aide: Help | None = None
    si: Text | None = None
    min: int | None = None
    max: int | None = None

    @field_validator("choix")
    @classmethod
    def _at_least_two_choices(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is not None and len(value) < 2:
            raise ValueError("une question à choix a besoin d'au moins deux choix")
        return value


class Step(ContentModel):
    id: Identifier | None = None
    texte: Sentence
    attention: bool = False  # a warning to read, printed as such: never a box to tick
    aide: Help | None = None
    si: Text | None = None
    delai: Text | None = None
    lien: Url | None = None


class DocumentRef(ContentModel):
    id: Identifier
    si: Text | None = None
    note: Text | None = None


class LetterRef(ContentModel):
    """A letter a checklist offers, only when its condition holds."""

    id: Identifier
    si: Text | None = None


class Example(ContentModel):
    nom: Text
    reponses: dict[Identifier, Answer] = {}
    documents: list[Identifier]
    etapes: list[Text] | None = None


class Amount(ContentModel):
    """An amount printed to the person: a value valid from `du` to `au`, with its source."""

    id: Identifier
    libelle: Text
    valeur: Text
    du: dt.date
    au: dt.date | None = None
    source: Url
    # The official text (decree, circular) and the model that read it, when the amount comes
    # from OpenFisca-France's dated parameters (`cafedemarches demarches montants`).
    reference: Text | None = None

    @model_validator(mode="after")
    def _period_in_order(self) -> Amount:
        if self.au is not None and self.au < self.du:
            raise ValueError(
                f"la période du montant « {self.id} » finit ({self.au:%d/%m/%Y}) avant de "
                f"commencer ({self.du:%d/%m/%Y}) : corrigez « du » ou « au »"
            )
        return self

    def expired(self, today: dt.date) -> bool:
        """True once its period has ended: the amount may have changed since."""
        return self.au is not None and self.au < today


class Checklist(Sourced):
    id: Identifier
    titre: Title
    resume: Help
    organisme: Text
    theme: Theme
    canal: Text
    service_en_ligne: Url | None = None
    formulaire: Text | None = None
    questions: list[Question] = []
    etapes: list[Step] = Field(min_length=1)
    documents: list[DocumentRef] = []
    lettres: list[Identifier | LetterRef] = []
    montants: list[Amount] = []
    exemples: list[Example] = []

    @property
    def letter_refs(self) -> list[LetterRef]:
        """Every letter offered, a plain id being a letter offered in every case."""
        return [LetterRef(id=r) if isinstance(r, str) else r for r in self.lettres]

    def expired_amounts(self, today: dt.date) -> list[Amount]:
        return [amount for amount in self.montants if amount.expired(today)]


class Suggestion(ContentModel):
    demarche: Identifier
    si: Text
    raison: Text


class ReperageExample(ContentModel):
    nom: Text
    reponses: dict[Identifier, Answer] = {}
    demarches: list[Identifier]


class Reperage(Sourced):
    """The « Je ne sais pas encore » questionnaire: answers point to procedures, with a reason."""

    titre: Title
    questions: list[Question] = Field(min_length=1)
    suggestions: list[Suggestion] = Field(min_length=1)
    exemples: list[ReperageExample] = []


class JargonEntry(ContentModel):
    """A term a person may not understand, and the plain words to write instead."""

    terme: Text
    dire_plutot: Text


class Jargon(OptionallySourced):
    """`_jargon.yaml`: the coordinators' list of words the verifier flags in what people read."""

    jargon: list[JargonEntry] = Field(min_length=1)


class LetterField(ContentModel):
    id: Identifier
    libelle: Title
    type: FieldType = "texte"
    motif: Text | None = None
    aide: Help | None = None
    exemple: Text | None = None
    facultatif: bool = False

    @field_validator("motif")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(
                    f"le motif n'est pas une expression régulière valide ({exc.msg})"
                ) from exc
        return value


class Letter(Sourced):
    id: Identifier
    titre: Title
    resume: Help | None = None
    expediteur: Text = "{{ nom }}\n{{ adresse }}"
    destinataire: Text
    fait_a: Text | None = None
    envoi: Text | None = None
    delai: Text | None = None
    base_legale: Text | None = None
    champs: list[LetterField] = Field(min_length=1)
    objet: Title
    corps: LetterBody
    pieces_jointes: list[Text] = []
    signature: Text = "{{ nom }}"
    avertissement: Text | None = None
