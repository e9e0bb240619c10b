"""A numeric condition needs an example on its boundary: `age < 25` is pinned only by an example
of 24 or 25, where changing `<` into `<=` changes the result (`demarches verifier` warns)."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from cafedemarches.content.conditions import ConditionError, compile_condition
from cafedemarches.content.yamlfile import YamlDocument
from cafedemarches.errors import Problem

# For `question OP literal`: the answers on the boundary (the literal, and the neighbour on the
# other side of it). `literal OP question` is turned around first.
_TURNED = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}


def boundary_values(op: type, literal: int) -> tuple[int, ...]:
    if op in (ast.Lt, ast.GtE):
        return (literal - 1, literal)
    if op in (ast.LtE, ast.Gt):
        return (literal, literal + 1)
    return (literal,)


def numeric_comparisons(source: str) -> Iterator[tuple[str, type, int]]:
    """(question, operator, number) for each comparison of a question with a whole number."""
    try:
        tree = compile_condition(source).tree
    except ConditionError:
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for (left, right), op in zip(itertools.pairwise(operands), node.ops, strict=True):
            kind = type(op)
            if isinstance(left, ast.Name) and _is_number(right):
                yield left.id, kind, _number(right)
            elif isinstance(right, ast.Name) and _is_number(left):
                yield right.id, _TURNED.get(kind, kind), _number(left)


def _is_number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _is_number(node.operand)
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int)
        and not isinstance(node.value, bool)
    )


def _number(node: ast.expr) -> int:
    if isinstance(node, ast.UnaryOp):
        return -_number(node.operand)
    assert isinstance(node, ast.Constant) and isinstance(node.value, int)
    return node.value


def _symbol(op: type) -> str:
    symbols: dict[type, str] = {
        ast.Lt: "<",
        ast.LtE: "<=",
        ast.Gt: ">",
        ast.GtE: ">=",
        ast.Eq: "==",
        ast.NotEq: "!=",
    }
    return symbols.get(op, "?")


def boundary_warnings(
    doc: YamlDocument,
    conditions: Iterable[tuple[str, tuple[Any, ...]]],
    examples: Iterable[Mapping[str, Any]],
    numeric: set[str],
) -> list[Problem]:
    """A warning on each numeric condition (of a `nombre` question) no example sits on:
    `conditions` are (condition, place in the file), `examples` the examples' answers."""
    answered = [dict(e) for e in examples]
    problems: list[Problem] = []
    seen: set[tuple[str, type, int]] = set()
    for source, loc in conditions:
        for qid, op, literal in numeric_comparisons(source):
            if qid not in numeric or (qid, op, literal) in seen:
                continue
            seen.add((qid, op, literal))
            values = boundary_values(op, literal)
            if any(e.get(qid) in values for e in answered):
                continue
            wanted = " ou ".join(str(v) for v in values)
            problem = doc.problem(
                f"aucun exemple sur la limite de « {qid} {_symbol(op)} {literal} » : ajoutez-en "
                f"un avec {qid}: {wanted}, pour qu'un « < » changé en « <= » se voie",
                loc,
            )
            problems.append(problem._replace(warning=True))
    return problems
