"""Checks of a letter's templates, at their line: each text is read by the sandbox that fills
letters (`content.templates.read_template`); every placeholder must name one of the letter's
fields, and every field should be used."""

from __future__ import annotations

from cafedemarches.content.models import Letter
from cafedemarches.content.templates import TemplateProblem, read_template, template_texts
from cafedemarches.content.yamlfile import Key, YamlDocument
from cafedemarches.errors import Problem


def _loc(key: str) -> Key:
    if key.endswith("]"):
        name, index = key[:-1].split("[")
        return (name, int(index))
    return (key,)


def placeholder_problems(letter: Letter, doc: YamlDocument) -> list[Problem]:
    """Errors for each template the sandbox refuses or that names no field; warnings for
    fields used nowhere."""
    fields = {f.id for f in letter.champs}
    problems: list[Problem] = []
    used: set[str] = set()
    for key, text in template_texts(letter):
        try:
            names = read_template(text).names
        except TemplateProblem as exc:
            problems.append(doc.text_problem(f"« {key} » : {exc.message}", _loc(key), exc.line))
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
            problems.append(problem._replace(warning=True))
    return problems
