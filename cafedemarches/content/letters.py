"""Static checks of letter templates, at the line of each text: every placeholder must name
one of the letter's fields, and every field should be used. The templates are parsed by the
same sandbox that fills them (`cafedemarches.letters.template`)."""

from __future__ import annotations

from cafedemarches.content.models import Letter
from cafedemarches.content.yamlfile import Key, YamlDocument
from cafedemarches.errors import Problem


def _loc(key: str) -> Key:
    if key.endswith("]"):
        name, index = key[:-1].split("[")
        return (name, int(index))
    return (key,)


def placeholder_problems(letter: Letter, doc: YamlDocument) -> list[Problem]:
    from jinja2 import TemplateSyntaxError

    from cafedemarches.letters.template import template_names, template_texts

    fields = {f.id for f in letter.champs}
    problems: list[Problem] = []
    used: set[str] = set()
    for key, text in template_texts(letter):
        try:
            names = template_names(text)
        except TemplateSyntaxError as exc:
            problems.append(
                doc.problem(
                    f"« {key} » : modèle illisible ({exc.message}) ; un champ s'écrit "
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
