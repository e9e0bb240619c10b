"""Checks of a letter's templates, at their line: each text is read by the sandbox that fills
letters (`content.templates.read_template`); every placeholder must name one of the letter's
fields, and every field should be used."""

from __future__ import annotations

import re

from cafedemarches.content.models import Letter
from cafedemarches.content.templates import (
    TEMPLATE_KEYS,
    TemplateProblem,
    read_template,
    template_texts,
)
from cafedemarches.content.yamlfile import Key, YamlDocument
from cafedemarches.errors import Problem

# The names a refused template writes in {{ … }} or {% if … %}, read without the sandbox.
_NAMES_WRITTEN = re.compile(r"\{[{%]-?\s*(?:(?:el)?if\s+)?(?:not\s+)?([A-Za-z_]\w*)")


def _loc(key: str) -> Key:
    if key.endswith("]"):
        name, index = key[:-1].split("[")
        return (name, int(index))
    return (key,)


def placeholder_problems(letter: Letter, doc: YamlDocument) -> list[Problem]:
    """Errors for each template the sandbox refuses or that names no field; warnings for
    fields used nowhere."""
    problems, used = template_problems(template_texts(letter), {f.id for f in letter.champs}, doc)
    for i, field_ in enumerate(letter.champs):
        if field_.id not in used:
            problem = doc.problem(
                f"le champ « {field_.id} » n'est utilisé nulle part dans le courrier", ("champs", i)
            )
            problems.append(problem._replace(warning=True))
    return problems


def draft_letter_problems(doc: YamlDocument) -> list[Problem]:
    """For a letter file with an error elsewhere: its templates are still read, each at its
    line (fields are compared only when the list of fields itself is readable)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    texts: list[tuple[str, str]] = []
    for key in TEMPLATE_KEYS:
        value = data.get(key)
        if isinstance(value, str):
            texts.append((key, value))
        elif isinstance(value, list):
            texts.extend((f"{key}[{i}]", v) for i, v in enumerate(value) if isinstance(v, str))
    champs = data.get("champs")
    fields: set[str] | None = None
    if isinstance(champs, list) and all(isinstance(c, dict) for c in champs):
        fields = {str(c.get("id")) for c in champs}
    problems, _ = template_problems(texts, fields, doc)
    return problems


def template_problems(
    texts: list[tuple[str, str]], fields: set[str] | None, doc: YamlDocument
) -> tuple[list[Problem], set[str]]:
    """Errors for the texts the sandbox refuses, and (when `fields` is known) for names that
    are not fields; with every name used."""
    problems: list[Problem] = []
    used: set[str] = set()
    for key, text in texts:
        try:
            names = read_template(text).names
        except TemplateProblem as exc:
            problems.append(doc.text_problem(f"« {key} » : {exc.message}", _loc(key), exc.line))
            used |= set(_NAMES_WRITTEN.findall(text))  # its error is enough: no « unused » too
            continue
        used |= names
        for name in sorted(names - fields if fields is not None else set()):
            problems.append(
                doc.problem(
                    f"« {key} » utilise {{{{ {name} }}}}, qui n'est pas un champ de ce courrier ; "
                    f"champs : {', '.join(sorted(fields or ()))}",
                    _loc(key),
                )
            )
    return problems, used
