"""Turn pydantic's validation errors into French problems at the right line and column."""

from __future__ import annotations

import contextlib
import difflib
import types
import typing
from collections.abc import Iterable
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from cafedemarches.content.yamlfile import YamlDocument
from cafedemarches.errors import Problem

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "string_type": "doit être un texte",
    "int_type": "doit être un nombre entier",
    "int_from_float": "doit être un nombre entier",
    "bool_type": "doit être oui ou non (écrivez true ou false)",
    "date_type": "doit être une date AAAA-MM-JJ, sans guillemets (par exemple 2026-04-01)",
    "list_type": "doit être une liste (des lignes qui commencent par « - »)",
    "dict_type": "doit être une liste de clés « nom: valeur »",
    "model_type": "doit être une liste de clés « nom: valeur »",
    "model_attributes_type": "doit être une liste de clés « nom: valeur »",
}


def validate_model(doc: YamlDocument, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The model, or every problem of the file: values that could not be read (a date that
    does not exist) first, then each independent mistake once."""
    unreadable = list(doc.bad_values.values())
    try:
        valid = model.model_validate(doc.data)
    except ValidationError as exc:
        errors = [
            e
            for e in exc.errors()
            if tuple(e["loc"]) not in doc.bad_values and not _in_unreadable(doc, e["loc"])
        ]
        return None, unreadable + [_problem(doc, model, e) for e in _independent(model, errors)]
    if doc.unreadable:  # a part could not be read: the file is not valid, its error is said
        return None, unreadable
    return (None, unreadable) if unreadable else (valid, [])


def _in_unreadable(doc: YamlDocument, loc: Any) -> bool:
    """A problem in (or the absence of) a block left out because it could not be read."""
    return bool(loc) and str(loc[0]) in doc.unreadable


def _independent(model: type[BaseModel], errors: list[Any]) -> list[Any]:
    """Without « il manque la clé resume » when the same place has an unknown key « resumé »
    whose « vouliez-vous dire » is that key: one mistake, said once."""
    misspelt: set[tuple[Any, ...]] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            allowed = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            if close:
                misspelt.add((*loc[:-1], close[0]))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


def validate_fields(
    doc: YamlDocument, model: type[BaseModel], names: Iterable[str]
) -> dict[str, Any]:
    """The values of these fields of a file that are valid on their own (the file may have
    errors elsewhere: its valid parts can still be checked, and their mistakes reported)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    valid: dict[str, Any] = {}
    for name in names:
        if name in data:
            with contextlib.suppress(ValidationError):  # already reported by validate_model
                valid[name] = _field_adapter(model, name).validate_python(data[name])
    return valid


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotated: Any = Annotated[info.annotation, info]
    return TypeAdapter(annotated, config=ConfigDict(strict=True))


def _problem(doc: YamlDocument, model: type[BaseModel], error: Any) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _fields_at(model, loc[:-1])
        message = f"clé inconnue « {key} »"
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            message += f" : vouliez-vous dire « {close[0]} » ?"
        elif allowed:
            message += " ; clés possibles : " + ", ".join(allowed)
        return doc.problem(message, loc, key=True)
    if kind == "missing":
        where = f" dans {_describe(loc[:-1])}" if loc[:-1] else ""
        return doc.problem(f"il manque la clé « {loc[-1]} »{where}", loc[:-1])
    subject = _describe(loc) if loc else "le fichier"
    if not loc and kind in {"model_type", "model_attributes_type", "dict_type"}:
        return doc.problem(
            "le fichier doit être une liste de clés « nom: valeur », pas " + _kind_of(value), loc
        )
    if kind in _TYPE_WORDS:
        return doc.problem(f"{subject} {_TYPE_WORDS[kind]}", loc)
    if kind == "literal_error":
        expected = _literal_values(model, loc)
        message = f"{subject} : valeur « {value} » inconnue"
        close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.6)
        if close:
            message += f" : vouliez-vous dire « {close[0]} » ?"
        elif expected:
            message += " ; valeurs possibles : " + ", ".join(expected)
        return doc.problem(message, loc)
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if pattern.startswith("^https"):
            return doc.problem(f"{subject} doit être une adresse qui commence par https://", loc)
        return doc.problem(
            f"{subject} : « {value} » n'est pas un identifiant valable ; écrivez-le en "
            "minuscules, sans accents ni espaces, avec des tirets (par exemple prime-activite)",
            loc,
        )
    if kind in {"string_too_short", "too_short"}:
        return doc.problem(f"{subject} ne doit pas être vide", loc)
    if kind == "string_too_long":
        maximum = error.get("ctx", {}).get("max_length")
        length = f"{len(value)} caractères, " if isinstance(value, str) else ""
        return doc.problem(
            f"{subject} : texte trop long ({length}au plus {maximum}) ; raccourcissez-le (il "
            "doit tenir sur la feuille imprimée) ou découpez-le",
            loc,
        )
    if kind == "value_error":
        cause = error.get("ctx", {}).get("error")
        return doc.problem(f"{subject} : {cause}", loc)
    return doc.problem(f"{subject} : valeur incorrecte", loc)


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, str):
        return "un simple texte"
    return "une valeur seule"


# What one item of a list is called, to say « la question n° 1, clé « type » ».
_ITEM_NAMES = {
    "questions": "la question",
    "etapes": "l'étape",
    "documents": "le document",
    "lettres": "le courrier",
    "montants": "le montant",
    "exemples": "l'exemple",
    "champs": "le champ",
    "suggestions": "la suggestion",
    "sources": "la source",
    "pieces_jointes": "la pièce jointe",
    "texte_si": "le texte_si",
}


def _describe(loc: tuple[Any, ...]) -> str:
    """Where a value is, in words: « la question n° 1, clé « type » », « « verifie_le » »."""
    parts: list[str] = []
    keys: list[str] = []
    items = [x for x in loc if x not in {"str", "int", "bool"}]
    for position, item in enumerate(items):
        if isinstance(item, int):
            continue
        following = items[position + 1] if position + 1 < len(items) else None
        if isinstance(following, int):
            if keys:
                parts.append(f"« {' › '.join(keys)} »")
                keys = []
            name = _ITEM_NAMES.get(str(item), f"« {item} »")
            parts.append(f"{name} n° {following + 1}")
        else:
            keys.append(str(item))
    if keys:
        text = f"« {' › '.join(keys)} »"
        parts.append(f"clé {text}" if parts else text)
    return ", ".join(parts)


def _annotation_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    current: Any = model
    for item in loc:
        current = _unwrap(current, item)
        if current is None:
            return None
    return current


def _unwrap(annotation: Any, item: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        info = annotation.model_fields.get(str(item))
        return info.annotation if info else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _unwrap(args[0], item)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is not type(None):
                found = _unwrap(arg, item)
                if found is not None:
                    return found
        return None
    if origin is list and isinstance(item, int):
        return args[0]
    if origin is dict:
        return args[1]
    return None


def _strip(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        non_none = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(non_none) == 1:
            return _strip(non_none[0])
    return annotation


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    target = _strip(_annotation_at(model, loc)) if loc else model
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []


def _literal_values(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    target = _strip(_annotation_at(model, loc))
    if typing.get_origin(target) is typing.Literal:
        return [str(v) for v in typing.get_args(target)]
    return []
