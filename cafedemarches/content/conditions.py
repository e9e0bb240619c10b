"""The `si:` condition language: small expressions over the answers, never `eval`.

Expressions are parsed and compiled by Jinja2's sandboxed environment (as Copier and Ansible
do). We allow only names, literals, comparisons, `in`, `and`, `or`, `not` and parentheses, so a
coordinator's condition can neither call anything nor reach any attribute.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from cafedemarches.content.models import Answer


class ConditionError(ValueError):
    """A condition that cannot be used, with a French explanation."""


@dataclass(frozen=True)
class Condition:
    source: str
    names: frozenset[str]
    comparisons: tuple[tuple[str, Any], ...]  # (question id, literal compared with it)
    _run: Any

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        """True when the condition holds. Never raises: a question not asked compares false."""
        try:
            return bool(self._run(**answers))
        except Exception:
            return False


_ALLOWED = (
    "Name",
    "Const",
    "Compare",
    "Operand",
    "And",
    "Or",
    "Not",
    "List",
    "Tuple",
    "Neg",
    "Pos",
)
_OPERATORS = "==, !=, <, <=, >, >=, in, and, or, not"


@cache
def _environment() -> Any:
    from jinja2 import Undefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class NotAsked(Undefined):
        """A question that was not asked: falsy, and every comparison with it is false."""

        __slots__ = ()

        def __eq__(self, other: object) -> bool:
            return False

        def __ne__(self, other: object) -> bool:
            return True

        def __lt__(self, other: object) -> bool:  # type: ignore[override]
            return False

        __le__ = __gt__ = __ge__ = __lt__  # type: ignore[assignment]
        __hash__ = Undefined.__hash__

    return ImmutableSandboxedEnvironment(undefined=NotAsked)


@cache
def compile_condition(source: str) -> Condition:
    """Parse and compile a condition once; the same text is compiled only once per process."""
    from jinja2 import TemplateSyntaxError, nodes
    from jinja2.parser import Parser

    env = _environment()
    try:
        parser = Parser(env, source, state="variable")
        expr = parser.parse_expression()
        if not parser.stream.eos:
            raise ConditionError("texte en trop à la fin de la condition")
    except TemplateSyntaxError as exc:
        raise ConditionError(f"condition illisible ({_french_syntax(exc.message or '')})") from exc
    names: set[str] = set()
    comparisons: list[tuple[str, Any]] = []
    for node in [expr, *expr.find_all(nodes.Node)]:
        kind = type(node).__name__
        if kind not in _ALLOWED:
            raise ConditionError(
                f"{_snippet(kind)} n'est pas permis dans une condition ; "
                f"seuls sont permis : {_OPERATORS}, des nombres et des textes entre guillemets"
            )
        if isinstance(node, nodes.Name):
            names.add(node.name)
        if isinstance(node, nodes.Compare):
            comparisons.extend(_literal_comparisons(node))
    expr.set_environment(env)
    body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
    template = env.from_string(nodes.Template(body, lineno=1))

    def run(**answers: Answer) -> Any:
        context = template.new_context(answers)
        for _ in template.root_render_func(context):
            pass
        return context.vars["result"]

    return Condition(source, frozenset(names), tuple(comparisons), run)


def _literal_comparisons(node: Any) -> list[tuple[str, Any]]:
    """Pairs (question, literal) in `x == 'a'`, `'a' == x`, `x in ['a', 'b']`."""
    from jinja2 import nodes

    found: list[tuple[str, Any]] = []
    operands = [node.expr, *(op.expr for op in node.ops)]
    for left, right in itertools.pairwise(operands):
        for name_node, other in ((left, right), (right, left)):
            if not isinstance(name_node, nodes.Name):
                continue
            if isinstance(other, nodes.Const):
                found.append((name_node.name, other.value))
            elif isinstance(other, nodes.List | nodes.Tuple):
                found.extend(
                    (name_node.name, item.value)
                    for item in other.items
                    if isinstance(item, nodes.Const)
                )
    return found


def _snippet(kind: str) -> str:
    return {
        "Call": "un appel de fonction",
        "Filter": "un filtre « | »",
        "Getattr": "un accès « . »",
        "Getitem": "un accès « [ ] »",
        "Test": "un test « is »",
        "CondExpr": "un « if … else »",
        "Concat": "un « ~ »",
    }.get(kind, f"l'opération {kind}")


def _french_syntax(message: str) -> str:
    if "unexpected end of template" in message:
        return "la condition s'arrête trop tôt"
    if "unexpected char" in message:
        return "caractère inattendu ; les textes s'écrivent entre guillemets simples 'ainsi'"
    if "expected token" in message or "unexpected" in message:
        return "un opérateur ou un mot manque ou est en trop"
    return "syntaxe incorrecte"
