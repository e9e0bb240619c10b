"""Static checks of letter templates: every placeholder must name one of the letter's fields."""

from __future__ import annotations

from functools import cache
from typing import Any

from cafedemarches.content.models import Letter
from cafedemarches.content.yamlfile import YamlDocument
from cafedemarches.errors import Problem

TEMPLATE_KEYS = ("expediteur", "destinataire", "fait_a", "objet", "corps", "signature")


@cache
def letter_environment() -> Any:
    """The sandbox in which coordinators' letter texts are parsed and rendered."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True
    )


def template_names(text: str) -> set[str]:
    """The variables a template uses; raises jinja2.TemplateSyntaxError when unreadable."""
    from jinja2 import meta

    env = letter_environment()
    return set(meta.find_undeclared_variables(env.parse(text)))


def placeholder_problems(letter: Letter, doc: YamlDocument) -> list[Problem]:
    from jinja2 import TemplateSyntaxError

    fields = {f.id for f in letter.champs}
    problems: list[Problem] = []
    used: set[str] = set()
    for key in TEMPLATE_KEYS:
        text = getattr(letter, key)
        if text is None:
            continue
        try:
            names = template_names(text)
        except TemplateSyntaxError as exc:
            problems.append(
                doc.problem(
                    f"« {key} » : modèle illisible ({exc.message}) ; un champ s'écrit {{{{ nom_du_champ }}}}",
                    (key,),
                )
            )
            continue
        used |= names
        for name in sorted(names - fields):
            problems.append(
                doc.problem(
                    f"« {key} » utilise {{{{ {name} }}}}, qui n'est pas un champ de ce courrier ; "
                    f"champs : {', '.join(sorted(fields))}",
                    (key,),
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
