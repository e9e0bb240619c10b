"""Static checks of letter templates, at the line of each text: every placeholder must name
one of the letter's fields, and every field should be used. The templates are parsed by the
same sandbox that fills them (`cafedemarches.letters.template`)."""

from __future__ import annotations

import re

from cafedemarches.content.models import Letter
from cafedemarches.content.yamlfile import Key, YamlDocument
from cafedemarches.errors import Problem


def _loc(key: str) -> Key:
    if key.endswith("]"):
        name, index = key[:-1].split("[")
        return (name, int(index))
    return (key,)


_NAME = r"([a-z_][a-z0-9_]*)"
_VARIABLE = re.compile(r"\{\{-?\s*" + _NAME + r"\s*-?\}\}")
_OPEN_IF = re.compile(r"\{%-?\s*(?:if|elif)\s+(?:not\s+)?" + _NAME + r"\s*-?%\}")
_OTHER_TAG = re.compile(r"\{%-?\s*(else|endif)\s*-?%\}")


def simple_template_names(text: str) -> set[str] | None:
    """The names used by a template made only of `{{ name }}` and `{% if name %}…{% endif %}`
    (what coordinators write), or None when it has anything else: then Jinja reads it."""
    names = set(_VARIABLE.findall(text)) | set(_OPEN_IF.findall(text))
    opened = len(_OPEN_IF.findall(text)) - len(re.findall(r"\{%-?\s*elif\b", text))
    closed = _OTHER_TAG.findall(text).count("endif")
    rest = _OTHER_TAG.sub("", _OPEN_IF.sub("", _VARIABLE.sub("", text)))
    if opened != closed or any(mark in rest for mark in ("{{", "{%", "{#", "}}", "%}", "#}")):
        return None
    return names


def placeholder_problems(letter: Letter, doc: YamlDocument) -> list[Problem]:
    from cafedemarches.letters.template import template_texts

    fields = {f.id for f in letter.champs}
    problems: list[Problem] = []
    used: set[str] = set()
    for key, text in template_texts(letter):
        try:
            names = simple_template_names(text)
            if names is None:
                names = _jinja_names(text)
        except ValueError as exc:
            problems.append(
                doc.problem(
                    f"« {key} » : modèle illisible ({exc}) ; un champ s'écrit "
                    "{{ nom_du_champ }}",
                    _loc(key),
                )
            )
            continue
        used |= names
        for name in sorted(names - fields):
            problems.append(
                doc.problem(
                    f"« {key} » utilise {{{{ {name} }}}}, qui n'est pas un champ de ce courrier ; "
                    f"champs : {', '.join(sorted(fields))}",
                    _loc(key),
                )
            )
    for i, field_ in enumerate(letter.champs):
        if field_.id not in used:
            problem = doc.problem(
                f"le champ « {field_.id} » n'est utilisé nulle part dans le courrier", ("champs", i)
            )
            problems.append(
                Problem(problem.message, problem.path, problem.line, problem.column, True)
            )
    return problems


def _jinja_names(text: str) -> set[str]:
    """Names read by the sandbox that fills letters; a syntax error becomes a ValueError."""
    from jinja2 import TemplateSyntaxError

    from cafedemarches.letters.template import template_names

    try:
        return template_names(text)
    except TemplateSyntaxError as exc:
        raise ValueError(exc.message) from None
