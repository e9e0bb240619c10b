"""An independent linear-programming audit of published tables (HiGHS, no shortcut).

Every cell is a column: a shown cell is fixed to its value, « < t » is 0 … t − 1, a cell hidden
to protect another (« s ») is at least t, a cell nobody publishes is only ≥ 0. For each hidden
cell of 1 … t − 1 (« < t », or « nd » where a linked report needed it), and each unpublished
one that counts people, the solver finds its smallest and largest possible value; the audit
lists those whose interval is narrower than 1 … t − 1. Written apart from
`cafedemarches.tally.suppress` (every cell a column, every equation a row, two solves per cell,
no solution reused) so that the runtime algorithm is checked, not copied.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Mapping, Sequence

import highspy
import numpy as np


def narrowed_cells(
    values: Mapping[Hashable, int],
    lines: Sequence[tuple[Sequence[Hashable], Hashable]],
    threshold: int,
    published: set[Hashable],
    status: Mapping[Hashable, str],
    unpublished_people: Sequence[Hashable] = (),
    before: Mapping[Hashable, str] | None = None,
    at_most: Sequence[tuple[Sequence[Hashable], Hashable]] = (),
) -> list[tuple[Hashable, float, float]]:
    """The « < t » cells of 1 … t − 1 whose interval is narrower than 1 … t − 1; the « nd »
    cells and the `unpublished_people` cells (the other sites together, say) of 1 … t − 1
    whose interval is narrower than the part of 1 … t − 1 left by what was published `before`
    (the statuses of the all-sites report, the site's cells unknown), or than 1 … t − 1."""
    index = {k: i for i, k in enumerate(values)}
    small = [
        k
        for k, s in status.items()
        if s in ("primaire", "retenu") and k in published and 0 < values.get(k, 0) < threshold
    ]
    people = [k for k in unpublished_people if k not in published and 0 < values[k] < threshold]
    h = _model(index, *_bounds(values, index, threshold, published, status), lines, at_most)
    wanted = {k: (1.0, threshold - 1.0) for k in [*small, *people]}
    relative = [k for k in [*small, *people] if k in people or status.get(k) == "retenu"]
    if before is not None and relative:
        earlier = _model(
            index, *_bounds(values, index, threshold, published, before), lines, at_most
        )
        for key in relative:
            low = _solve(earlier, index[key], minimize=True)
            high = _solve(earlier, index[key], minimize=False)
            wanted[key] = (max(1.0, low), min(threshold - 1.0, high))
    found = []
    for key in sorted(wanted, key=str):
        low = _solve(h, index[key], minimize=True)
        high = _solve(h, index[key], minimize=False)
        if low > wanted[key][0] + 1e-6 or high < wanted[key][1] - 1e-6:
            found.append((key, low, high))
    return found


def _bounds(values, index, threshold, published, status):  # type: ignore[no-untyped-def]
    inf = highspy.kHighsInf
    lower, upper = np.zeros(len(index)), np.full(len(index), inf)
    for key, i in index.items():
        if key not in published:
            continue
        kind = status.get(key)
        if kind == "primaire":
            lower[i], upper[i] = 0, threshold - 1
        elif kind == "secondaire":
            lower[i] = threshold
        elif kind == "retenu":
            pass  # « nd »: any count
        else:
            lower[i] = upper[i] = values[key]
    return lower, upper


def silent_highs():  # type: ignore[no-untyped-def]
    """A HiGHS instance that prints nothing (its library prints a banner when first created)."""
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    return h


def _model(index, lower, upper, lines, at_most=()):  # type: ignore[no-untyped-def]
    h = silent_highs()
    h.addVars(len(index), lower, upper)
    for number, (members, total) in enumerate([*lines, *at_most]):
        row: dict[int, float] = {}
        for m in members:
            row[index[m]] = row.get(index[m], 0.0) + 1.0
        row[index[total]] = row.get(index[total], 0.0) - 1.0
        nz = {c: v for c, v in row.items() if v}
        if nz:
            h.addRow(
                0.0 if number < len(lines) else -highspy.kHighsInf,
                0.0,
                len(nz),
                np.array(list(nz), dtype=np.int32),
                np.array(list(nz.values()), dtype=np.float64),
            )
    return h


def _solve(h, column: int, *, minimize: bool) -> float:  # type: ignore[no-untyped-def]
    """The smallest (largest) value of one cell (an optimum, whichever basis HiGHS starts
    from)."""
    h.changeColsCost(
        h.getNumCol(), np.arange(h.getNumCol(), dtype=np.int32), np.zeros(h.getNumCol())
    )
    h.changeColCost(column, 1.0)
    h.changeObjectiveSense(highspy.ObjSense.kMinimize if minimize else highspy.ObjSense.kMaximize)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kUnbounded and not minimize:
        return highspy.kHighsInf  # an unpublished cell (the other sites) with no upper bound
    assert status == highspy.HighsModelStatus.kOptimal, status
    return float(h.getInfo().objective_function_value)
