"""Small-count suppression for published figures, checked by linear programming.

A published set of tables is a system of equations « members add up to total » whose cells are
either shown (a known number), hidden as « < t » (primary: every count from 0 to t − 1, zeros
included, so that « < t » never tells that someone is there), or hidden only to protect another
cell (secondary, shown as « s »: a count of at least t, since every smaller one is primary).

The audit asks a linear solver (HiGHS) the smallest and the largest value each hidden small count
can take given everything published. A count of 1 to t − 1 is protected when that interval
still holds the whole 1 … t − 1 that « < t » says. While one is not, the cheapest cell that can
still be hidden next to it (the smallest count, a total included) is hidden as secondary, and the
cell is checked again. Hiding a cell only ever widens what a reader can imagine, so a cell once
protected stays protected: one pass over the small counts is enough. Cells already published by
a linked report (`frozen`) keep their status and are never chosen.

When every cell around a small count is hidden and the count can still be narrowed (a tiny table
where « s », known to be at least t, says too much), the « s » around it are withheld instead
(shown as « nd », non diffusé: any count, nothing said about its size).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Literal, TypeVar

K = TypeVar("K", bound=Hashable)

Line = tuple[Sequence[K], K]  # (members, total)
Status = Literal["primaire", "secondaire", "retenu"]

PRIMARY: Status = "primaire"
SECONDARY: Status = "secondaire"
WITHHELD: Status = "retenu"

# A bound counts as narrowed when it moves by more than this (the LP works in floating point).
_SLACK = 1e-6


def hidden_cells(
    values: Mapping[K, int],
    lines: Sequence[Line[K]],
    threshold: int,
    *,
    published: set[K] | None = None,
    frozen: Mapping[K, Status | None] | None = None,
) -> dict[K, Status]:
    """The status of every hidden cell among `published` (default: every key of `values`).

    `values` holds every cell of the equations, published or not; a cell that is not published
    (the other sites of an all-sites report, for example) is unknown to the reader, only ≥ 0.
    `frozen` cells were published already, with the status given (None: shown); they keep it.
    """
    shown_keys = set(values) if published is None else published
    frozen = frozen or {}
    status: dict[K, Status] = {k: s for k, s in frozen.items() if k in shown_keys and s is not None}
    for key in sorted(shown_keys - set(frozen), key=str):
        if values[key] < threshold:
            status[key] = PRIMARY
    primaries = sorted((k for k, s in status.items() if s == PRIMARY and values[k] > 0), key=str)
    if not primaries:
        return status
    lp = _Audit(values, lines, threshold, shown_keys, status)
    neighbours = _neighbours(lines)
    for key in primaries:
        while lp.narrowed(key):
            extra = _cheapest(key, values, lines, neighbours, shown_keys, status, frozen)
            if extra is not None:
                status[extra] = SECONDARY
                lp.hide(extra)
                continue
            withheld = _secondaries_around(key, lines, neighbours, status, frozen)
            if not withheld:
                break  # nothing left to do: the audit in the tests would say so
            for cell in withheld:
                status[cell] = WITHHELD
                lp.withhold(cell)
    return status


def feasible_interval(
    values: Mapping[K, int],
    lines: Sequence[Line[K]],
    threshold: int,
    published: set[K],
    status: Mapping[K, Status],
    key: K,
) -> tuple[float, float]:
    """What a reader can deduce about one cell: its smallest and largest possible value."""
    return _Audit(values, lines, threshold, published, status).interval(key)


def _neighbours(lines: Sequence[Line[K]]) -> dict[K, list[int]]:
    """For each cell, the indexes of the equations it is in."""
    found: dict[K, list[int]] = {}
    for number, (members, total) in enumerate(lines):
        for cell in {*members, total}:
            found.setdefault(cell, []).append(number)
    return found


def _cheapest(
    key: K,
    values: Mapping[K, int],
    lines: Sequence[Line[K]],
    neighbours: Mapping[K, list[int]],
    published: set[K],
    status: Mapping[K, Status],
    frozen: Mapping[K, Status | None],
) -> K | None:
    """The smallest shown count in the equations around `key`, widening the circle if needed."""
    seen_cells = {key}
    seen_lines: set[int] = set()
    ring = [key]
    while ring:
        cells: list[K] = []
        for cell in ring:
            for number in neighbours.get(cell, []):
                if number in seen_lines:
                    continue
                seen_lines.add(number)
                members, total = lines[number]
                for other in (*members, total):
                    if other not in seen_cells:
                        seen_cells.add(other)
                        cells.append(other)
        candidates = [
            c
            for c in cells
            if c in published and c not in status and c not in frozen and values[c] > 0
        ]
        if candidates:
            return min(candidates, key=lambda c: (values[c], str(c)))
        ring = cells
    return None


def _secondaries_around(
    key: K,
    lines: Sequence[Line[K]],
    neighbours: Mapping[K, list[int]],
    status: Mapping[K, Status],
    frozen: Mapping[K, Status | None],
) -> list[K]:
    """The « s » of the nearest equations around `key` that are not already published."""
    seen = {key}
    ring = [key]
    while ring:
        cells = []
        for cell in ring:
            for number in neighbours.get(cell, []):
                members, total = lines[number]
                for other in (*members, total):
                    if other not in seen:
                        seen.add(other)
                        cells.append(other)
        found = [c for c in cells if status.get(c) == SECONDARY and c not in frozen]
        if found:
            return sorted(found, key=str)
        ring = cells
    return []


class _Audit:
    """One LP whose columns are the cells a reader does not see; bounds say what they know.

    A shown cell is a constant: it moves to the right-hand side of its equations, so the LP
    only ever holds the hidden and unpublished cells (a few hundred, where a year's reports
    have thousands of cells). Hiding one more cell adds its column.
    """

    def __init__(
        self,
        values: Mapping[K, int],
        lines: Sequence[Line[K]],
        threshold: int,
        published: set[K],
        status: Mapping[K, Status],
    ) -> None:
        self.threshold = threshold
        self.values = values
        self.highs = _highs()
        # Every solve changes one cost or one bound: the simplex starts again from the last
        # basis, which presolve would throw away.
        self.highs.setOptionValue("presolve", "off")
        self.highs.setOptionValue("simplex_strategy", 4)  # primal: only the costs change
        self.inf = self.highs.getInfinity()
        self.column: dict[Any, int] = {}
        self.rows_of: dict[Any, list[tuple[int, float]]] = {}
        self.rhs: list[float] = []
        for members, total in lines:
            merged: dict[Any, float] = {}
            for m in members:
                merged[m] = merged.get(m, 0.0) + 1.0
            merged[total] = merged.get(total, 0.0) - 1.0
            row = len(self.rhs)
            self.rhs.append(0.0)
            for cell, coefficient in merged.items():
                if coefficient != 0.0:
                    self.rows_of.setdefault(cell, []).append((row, coefficient))
        unknown = [k for k in values if k not in published or k in status]
        known = [k for k in values if k in published and k not in status]
        for key in known:
            for row, coefficient in self.rows_of.get(key, []):
                self.rhs[row] -= coefficient * values[key]
        import numpy as np

        empty = np.zeros(0, dtype=np.int32)
        for row, rhs in enumerate(self.rhs):
            del row
            self.highs.addRow(rhs, rhs, 0, empty, np.zeros(0))
        for key in unknown:
            low, high = self._bounds(key, status.get(key) if key in published else None)
            self._add_column(key, low, high)
        self._costed: int | None = None
        # Cells seen at 1 (or at threshold − 1) in a solution already found: every solution
        # stays possible when one more cell is hidden, so these need no solve of their own.
        self.seen_low: set[int] = set()
        self.seen_high: set[int] = set()

    def _add_column(self, key: Any, low: float, high: float) -> None:
        import numpy as np

        entries = self.rows_of.get(key, [])
        self.column[key] = self.highs.getNumCol()
        self.highs.addCol(
            0.0,
            low,
            high,
            len(entries),
            np.array([r for r, _ in entries], dtype=np.int32),
            np.array([c for _, c in entries], dtype=np.float64),
        )

    def _bounds(self, key: Any, status: Status | None) -> tuple[float, float]:
        if status == PRIMARY:
            return 0.0, float(self.threshold - 1)
        if status == SECONDARY:
            return float(self.threshold), self.inf
        return 0.0, self.inf  # withheld, or published nowhere: a count, nothing more is known

    def hide(self, key: Any) -> None:
        """A shown cell becomes secondary: it leaves the right-hand sides, gets a column."""
        for row, coefficient in self.rows_of.get(key, []):
            self.rhs[row] += coefficient * self.values[key]
            self.highs.changeRowBounds(row, self.rhs[row], self.rhs[row])
        self._add_column(key, *self._bounds(key, SECONDARY))

    def withhold(self, key: Any) -> None:
        self.highs.changeColBounds(self.column[key], 0.0, self.inf)

    def interval(self, key: Any) -> tuple[float, float]:
        return self._solve(key, minimum=True), self._solve(key, minimum=False)

    def _solve(self, key: Any, *, minimum: bool) -> float:
        import highspy

        column = self.column[key]
        if self._costed is not None and self._costed != column:
            self.highs.changeColCost(self._costed, 0.0)
        self.highs.changeColCost(column, 1.0)
        self._costed = column
        sense = highspy.ObjSense.kMinimize if minimum else highspy.ObjSense.kMaximize
        self.highs.changeObjectiveSense(sense)
        self.highs.run()
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            # Not optimal means the published figures contradict each other, which the
            # exact counts cannot do; say "nothing can be deduced" rather than guess.
            return float("nan")
        solution = self.highs.getSolution().col_value
        low, high = 1 + _SLACK, self.threshold - 1 - _SLACK
        for i, value in enumerate(solution):
            if value <= low:
                self.seen_low.add(i)
            if value >= high:
                self.seen_high.add(i)
        return float(self.highs.getInfo().objective_function_value)

    def narrowed(self, key: Any) -> bool:
        column = self.column[key]
        if column not in self.seen_low and not self._solve(key, minimum=True) <= 1 + _SLACK:
            return True
        if column not in self.seen_high:
            return not self._solve(key, minimum=False) >= self.threshold - 1 - _SLACK
        return False


def _highs() -> Any:
    """A silent HiGHS instance (its library prints a banner on stdout when first created)."""
    import highspy

    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):  # no standard output at all
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
        highs.setOptionValue("output_flag", False)
        return highs
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
        highs.setOptionValue("output_flag", False)
        _flush_c_stdout()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    return highs


def _flush_c_stdout() -> None:
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).fflush(None)
