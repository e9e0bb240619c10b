"""The `si:` condition language: small expressions over the answers, never `eval`.

Python's own parser (`ast`, expression mode) reads a condition; we accept only names, literals
(numbers, 'texts', true/false), comparisons, `in`, `and`, `or`, `not` and parentheses, and we
walk that small tree ourselves. Nothing is compiled or evaluated by Python, so a coordinator's
condition can neither call anything nor reach any attribute.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Callable, Mapping
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
    tree: ast.expr

    def holds(self, answers: Mapping[str, MaybeAnswer]) -> bool:
        """True when the condition holds. Never raises: a question not asked compares false."""
        try:
            return _truth(_evaluate(self.tree, answers)) is True
        except Exception:
            return False

    def may_hold(self, answers: Mapping[str, MaybeAnswer]) -> bool:
        """False only when the condition is false whatever the questions still `UNKNOWN` are
        answered (three-valued logic: `UNKNOWN and False` is false, `UNKNOWN or True` true,
        anything else with `UNKNOWN` stays unknown and may hold)."""
        try:
            return _truth(_evaluate(self.tree, answers)) is not False
        except Exception:
            return True


_OPERATORS = "==, !=, <, <=, >, >=, in, not in, and, or, not"
_ALLOWED = (
    ast.Name, ast.Load, ast.Constant, ast.Compare, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp,
    ast.Not, ast.USub, ast.UAdd, ast.List, ast.Tuple, ast.Eq, ast.NotEq, ast.Lt, ast.LtE,
    ast.Gt, ast.GtE, ast.In, ast.NotIn,
)  # fmt: skip
_LONE_EQUALS = re.compile(r"(?<![=!<>])=(?!=)")
_LITERAL_NAMES: dict[str, bool] = {"true": True, "True": True, "false": False, "False": False}


class _NotAsked:
    """A question that was not asked: falsy, and every comparison with it is false."""

    def __bool__(self) -> bool:
        return False


NOT_ASKED = _NotAsked()


class _Unknown:
    """A question that may still be asked but has no answer yet (a partial answers file)."""

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value; use _truth")

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
MaybeAnswer = Answer | _Unknown  # an answer, or UNKNOWN while it may still be given


def _truth(value: Any) -> bool | _Unknown:
    return UNKNOWN if value is UNKNOWN else bool(value)


_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


@cache
def compile_condition(source: str) -> Condition:
    """Parse and check a condition once; the same text is parsed only once per process."""
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except (RecursionError, MemoryError) as exc:  # Python's parser gives up before we can
        raise _too_deep() from exc
    except SyntaxError as exc:
        if "nested" in (exc.msg or ""):  # « too many nested parentheses »
            raise _too_deep() from exc
        if _LONE_EQUALS.search(source):
            raise ConditionError(
                "condition illisible : « = » seul ne compare pas ; écrivez == pour comparer "
                "(par exemple logement == 'locataire')"
            ) from exc
        raise ConditionError(f"condition illisible ({_french_syntax(exc.msg or '')})") from exc
    if _depth(tree) > MAX_DEPTH:
        raise _too_deep()
    names: set[str] = set()
    comparisons: list[tuple[str, Any]] = []
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ConditionError(
                f"{_snippet(node)} n'est pas permis dans une condition ; "
                f"seuls sont permis : {_OPERATORS}, des nombres et des textes entre guillemets"
            )
        if isinstance(node, ast.Name) and node.id not in _LITERAL_NAMES:
            names.add(node.id)
        elif isinstance(node, ast.Constant) and not isinstance(node.value, int | str):
            raise ConditionError(f"la valeur {node.value!r} n'est pas permise")
        elif isinstance(node, ast.Compare):
            comparisons.extend(_literal_comparisons(node))
    return Condition(source, frozenset(names), tuple(comparisons), tree)


# Far more than any condition needs (the shipped ones nest 4 levels at most), and far less than
# what the walk below could recurse through.
MAX_DEPTH = 30


def _too_deep() -> ConditionError:
    return ConditionError(
        f"condition trop imbriquée (plus de {MAX_DEPTH} niveaux de parenthèses, de « not » ou "
        "de comparaisons les unes dans les autres) : découpez-la en conditions plus simples"
    )


def _depth(tree: ast.AST) -> int:
    """The depth of the tree, without recursion (a hostile condition can be very deep)."""
    deepest, todo = 0, [(tree, 1)]
    while todo:
        node, depth = todo.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:
            todo.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _evaluate(node: ast.expr, answers: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Name):
        if node.id in answers:
            return answers[node.id]
        return _LITERAL_NAMES.get(node.id, NOT_ASKED)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.List | ast.Tuple):
        return [_evaluate(item, answers) for item in node.elts]
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, answers)
        if value is UNKNOWN:
            return UNKNOWN
        if isinstance(node.op, ast.Not):
            return not value
        if value is NOT_ASKED:
            return NOT_ASKED
        return -value if isinstance(node.op, ast.USub) else +value
    if isinstance(node, ast.BoolOp):
        # Kleene's logic: a false operand decides an `and`, a true one an `or`, whatever the
        # unknown ones would be; otherwise one unknown operand leaves the whole unknown.
        decisive = not isinstance(node.op, ast.And)
        unknown = False
        for operand in node.values:
            truth = _truth(_evaluate(operand, answers))
            if truth is UNKNOWN:
                unknown = True
            elif truth is decisive:
                return decisive
        return UNKNOWN if unknown else not decisive
    if isinstance(node, ast.Compare):
        left = _evaluate(node.left, answers)
        unknown = False
        for op, operand in zip(node.ops, node.comparators, strict=True):
            right = _evaluate(operand, answers)
            if left is UNKNOWN or right is UNKNOWN or _holds_unknown(right):
                unknown = True
            elif left is NOT_ASKED or right is NOT_ASKED or not _COMPARE[type(op)](left, right):
                return False
            left = right
        return UNKNOWN if unknown else True
    raise ConditionError(f"élément non permis : {type(node).__name__}")


def _holds_unknown(value: Any) -> bool:
    return isinstance(value, list) and any(item is UNKNOWN for item in value)


def _literal_comparisons(node: ast.Compare) -> list[tuple[str, Any]]:
    """Pairs (question, literal) in `x == 'a'`, `'a' == x`, `x in ['a', 'b']`."""
    found: list[tuple[str, Any]] = []
    for left, right in itertools.pairwise([node.left, *node.comparators]):
        for name_node, other in ((left, right), (right, left)):
            if not isinstance(name_node, ast.Name) or name_node.id in _LITERAL_NAMES:
                continue
            if isinstance(other, ast.Constant):
                found.append((name_node.id, other.value))
            elif isinstance(other, ast.Name) and other.id in _LITERAL_NAMES:
                found.append((name_node.id, _LITERAL_NAMES[other.id]))
            elif isinstance(other, ast.List | ast.Tuple):
                found.extend(
                    (name_node.id, item.value)
                    for item in other.elts
                    if isinstance(item, ast.Constant)
                )
    return found


def _snippet(node: ast.AST) -> str:
    return {
        "Call": "un appel de fonction",
        "Attribute": "un accès « . »",
        "Subscript": "un accès « [ ] »",
        "IfExp": "un « if … else »",
        "BinOp": "un calcul",
        "Lambda": "une fonction",
        "Dict": "un dictionnaire",
        "Set": "un ensemble",
        "JoinedStr": "un texte f'…'",
        "NamedExpr": "une affectation « := »",
        "Starred": "une étoile « * »",
    }.get(type(node).__name__, f"l'élément {type(node).__name__}")


def _french_syntax(message: str) -> str:
    if "unterminated string" in message or "EOL" in message:
        return "guillemet non fermé ; les textes s'écrivent entre guillemets simples 'ainsi'"
    if "never closed" in message or "unexpected EOF" in message:
        return "la condition s'arrête trop tôt ou une parenthèse n'est pas fermée"
    return "un opérateur ou un mot manque ou est en trop"
