"""Small-count suppression for published figures, checked by linear programming.

A published set of tables is a system of equations « members add up to total » whose cells are
either shown (a known number), hidden as « < t » (primary: every count from 0 to t − 1, zeros
included, so that « < t » never tells that someone is there), or hidden only to protect another
cell (secondary, shown as « s »: a count of at least t, since every smaller one is primary).

The audit asks a linear solver (HiGHS) the smallest and the largest value each hidden small count
can take given everything published. A count of 1 to t − 1 is protected when that interval
still holds the whole 1 … t − 1 that « < t » says. While one is not, a shown cell of an equation
that holds it back (one with a dual value in the solver's answer; failing that, the nearest
one) is hidden as secondary, the smallest count first, a total included, and the cell is checked
again. Hiding a cell only ever widens what a reader can imagine, so a cell once protected stays
protected: one pass over the small counts is enough, and a solution found once (the true counts
first) answers for every cell it shows at 1, or at t − 1. Cells already published by a linked
report (`frozen`) keep their status and are never chosen.

When every cell around a small count is hidden and the count can still be narrowed (a tiny table
where « s », known to be at least t, says too much), the « s » around it are withheld instead
(shown as « nd », non diffusé: any count, nothing said about its size); next to a report
published before, whose cells cannot change any more, small counts may be withheld too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, Generic, Literal, TypeVar

K = TypeVar("K", bound=Hashable)

Line = tuple[Sequence[K], K]  # (members, total)
Status = Literal["primaire", "secondaire", "retenu"]

PRIMARY: Status = "primaire"
SECONDARY: Status = "secondaire"
WITHHELD: Status = "retenu"

# A bound counts as narrowed when it moves by more than this (the LP works in floating point).
_SLACK = 1e-6
# A batch of cells pushed together goes on while it settles at least this share of them.
_BATCH_GAIN = 0.3


def hidden_cells(
    values: Mapping[K, int],
    lines: Sequence[Line[K]],
    threshold: int,
    *,
    published: set[K] | None = None,
    frozen: Mapping[K, Status | None] | None = None,
    protect: set[K] | None = None,
    before: Mapping[K, Status] | None = None,
    at_most: Sequence[Line[K]] = (),
    keep: set[K] | None = None,
    decided: Mapping[K, Status] | None = None,
    report_of: Callable[[K], Hashable] | None = None,
    given: set[K] | None = None,
) -> dict[K, Status]:
    """The status of every hidden cell among `published` (default: every key of `values`).

    `values` holds every cell of the equations, published or not; a cell that is not published
    (the other sites of an all-sites report, for example) is unknown to the reader, only ≥ 0.
    `at_most` are what a reader knows besides the equations: members adding up to at most the
    total (a procedure counted once per session: at most the sessions).
    `frozen` cells were published already, with the status given (None: shown); they keep it.
    `keep` cells (the headline figures) are never hidden to protect another one.
    `decided` cells were hidden by an earlier pass over the same reports, with the status
    given: they stay hidden (a « s » may still be withheld), and more cells may be hidden.
    `protect` are unpublished cells that count people too (the other sites together; a
    site's own cells, next to the all-sites reports alone). With cells published `before`
    (their statuses; the others unknown), a `protect` cell or a withheld one must keep,
    within 1 … t − 1, what it could take then: this report tells no more of it. Without
    `before`, a `protect` cell must keep 1 … t − 1, as a « < t » must (or be withheld).
    `report_of` tells which report a cell is printed in: the `given` cells of a report
    (default: `keep`; its headline figures) are always printed, whether or not that report
    is decided here, so what they alone tell of its other cells (7 sessions and 6 first
    visits: the other answers are 1 at most) is printed with them; a small count they narrow
    keeps what they leave it (with `before`, next to those).
    """
    run: _Suppression[K] = _Suppression(
        values, lines, threshold, published, frozen, protect, before, at_most, keep, decided
    )
    run.report_of = report_of
    run.given = run.keep if given is None else given
    run.mark_small_counts()
    if run.small:
        run.hide_lone_small_counts()
        run.start_audit()
        for key in run.small:
            run.protect_cell(key)
    return run.status


class _Suppression(Generic[K]):
    """One decision, step by step: mark the small counts « < t » (`mark_small_counts`); hide a
    neighbour of each one an equation alone would give back (`hide_lone_small_counts`); then,
    for each small count in turn, while the LP audit can narrow it (`protect_cell`), hide the
    cheapest shown cell of an equation that holds it (`hide_a_neighbour`), or, with none left,
    withhold the cells around it (`withhold_around`)."""

    def __init__(
        self,
        values: Mapping[K, int],
        lines: Sequence[Line[K]],
        threshold: int,
        published: set[K] | None,
        frozen: Mapping[K, Status | None] | None,
        protect: set[K] | None,
        before: Mapping[K, Status] | None,
        at_most: Sequence[Line[K]],
        keep: set[K] | None,
        decided: Mapping[K, Status] | None = None,
    ) -> None:
        self.values, self.lines, self.threshold = values, lines, threshold
        self.shown_keys = set(values) if published is None else published
        self.frozen: Mapping[K, Status | None] = frozen or {}
        self.protect = protect or set()
        self.before = before
        self.at_most = at_most
        # Cells never withheld: published before, or the headline figures (which are hidden
        # as « s » only when nothing else around a small count can be).
        self.keep = keep or set()
        self.fixed = set(self.frozen) | self.keep
        self.status: dict[K, Status] = {
            k: s for k, s in self.frozen.items() if k in self.shown_keys and s is not None
        }
        self.status.update(
            (k, s)
            for k, s in (decided or {}).items()
            if k in self.shown_keys and k not in self.frozen
        )
        self.small: list[K] = []
        self.neighbours = _neighbours(lines)
        self.lp: _Audit | None = None
        self.earlier: _Audit | None = None
        self.report_of: Callable[[K], Hashable] | None = None
        self.given: set[K] = set()
        # By report: what its headline figures alone tell, and what they tell next to the
        # reports published `before`.
        self.told_alone: dict[Hashable, _Audit] = {}
        self.told: dict[Hashable, _Audit] = {}
        self.by_report: dict[Hashable, set[K]] = {}

    def mark_small_counts(self) -> None:
        """Every published count below t is « < t » (zeros too); the ones of 1 … t − 1, and
        the unpublished `protect` ones, are the cells to protect, in a fixed order."""
        for key in sorted(self.shown_keys - set(self.frozen), key=str):
            if key not in self.status and self.values[key] < self.threshold:
                self.status[key] = PRIMARY
        self.small = sorted(
            (k for k, s in self.status.items() if s == PRIMARY and self.values[k] > 0), key=str
        )
        self.small += sorted(
            (
                k
                for k in self.protect
                if k not in self.shown_keys and 0 < self.values[k] < self.threshold
            ),
            key=str,
        )

    def hide_lone_small_counts(self) -> None:
        _no_lone_small_count(
            self.values, self.lines, set(self.small), self.shown_keys, self.status, self.fixed
        )

    def start_audit(self) -> None:
        self.lp = _Audit(
            self.values, self.lines, self.threshold, self.shown_keys, self.status, self.at_most
        )
        self.lp.witness(self.small)

    def protect_cell(self, key: K) -> None:
        """Hide or withhold cells until the LP cannot narrow `key` any more."""
        assert self.lp is not None
        rounds = 0
        while self.lp.narrowed(key):
            if self._measured_against_before(key):
                continue
            if self.hide_a_neighbour(key, rounds):
                rounds += 1
                continue
            if not self.withhold_around(key) and not self.withhold_a_headline(key):
                break  # nothing left to do: the audit in the tests would say so

    def _measured_against_before(self, key: K) -> bool:
        """A count may have been narrowed already by what was published before (which this
        report cannot change: for an unpublished or withheld count), or by its report's
        headline figures (always printed): from now on, measure it against that (its
        target). True when the target was just set."""
        assert self.lp is not None
        if key in self.lp.targets:
            return False
        told = self._told_by_headlines(key)
        if told is not None:
            self.lp.targets[key] = told.reach(key)
            return True
        relative = key in self.protect or self.status.get(key) == WITHHELD
        if self.before is None or not relative:
            return False
        if self.earlier is None:
            self.earlier = _Audit(
                self.values, self.lines, self.threshold, self.shown_keys, self.before, self.at_most
            )
        self.lp.targets[key] = self.earlier.reach(key)
        return True

    def _told_by_headlines(self, key: K) -> _Audit | None:
        """What a reader knows of `key` from its report's headline figures (with the reports
        published `before`), when those alone narrow it; None otherwise. Whether they do is
        asked of the report's own equations first (a small LP), the whole system after."""
        if self.report_of is None or not self.given:
            return None
        report = self.report_of(key)
        if not self.by_report:
            for cell in self.values:
                self.by_report.setdefault(self.report_of(cell), set()).add(cell)
        cells = self.by_report[report]
        heads = self.given & cells
        if not heads or key in heads:
            return None
        if report not in self.told_alone:

            def inside(line: Line[K]) -> bool:
                return line[1] in cells and all(m in cells for m in line[0])

            shown = cells & self.shown_keys | heads
            self.told_alone[report] = _Audit(
                {c: self.values[c] for c in cells},
                [line for line in self.lines if inside(line)],
                self.threshold,
                shown,
                self._headlines_only(shown, heads),
                [line for line in self.at_most if inside(line)],
            )
        if not self.told_alone[report].narrowed(key):
            return None
        if report not in self.told:
            shown = self.shown_keys | heads
            self.told[report] = _Audit(
                self.values,
                self.lines,
                self.threshold,
                shown,
                self._headlines_only(shown, heads, self.before),
                self.at_most,
            )
        return self.told[report]

    def _headlines_only(
        self, shown: set[K], heads: set[K], before: Mapping[K, Status] | None = None
    ) -> dict[K, Status]:
        """The statuses of a reader who knows `heads` as printed (« < t » when small) and,
        of the rest, only what was published `before`."""
        found = dict(before) if before is not None else {c: WITHHELD for c in shown}
        for cell in heads:
            found.pop(cell, None)
            if self.values[cell] < self.threshold:
                found[cell] = PRIMARY
        return found

    def hide_a_neighbour(self, key: K, rounds: int) -> bool:
        """Hide (« s ») the smallest shown count of the equations that hold `key` back; when
        that was not enough, the smallest of each of them at once (fewer solves, a few more
        « s »); failing those, the nearest shown count (a headline figure last, and only for
        another headline figure). False when there is none."""
        assert self.lp is not None

        def cost(cell: K) -> tuple[int, str]:
            return self.values[cell], str(cell)

        cheapest = []
        for cells in self.lp.limiting_rows():
            free = [c for c in cells if self._choosable(c)]
            if free:
                cheapest.append(min(free, key=cost))
        extras = list(dict.fromkeys(cheapest)) if rounds else sorted(cheapest, key=cost)[:1]

        def largest(cell: K) -> tuple[int, str]:
            return -self.values[cell], str(cell)

        # A headline figure is hidden only to protect another one (a small month of the
        # year): any other small count has its neighbours withheld first. Of those, the
        # largest (the year's, which a reader bounds from its months anyway): a funder
        # reads every month's.
        choices = [(self._choosable, cost)]
        if key in self.keep:
            choices.append((self._choosable_headline, largest))
        for choosable, price in choices:
            if not extras:
                extra = _cheapest(key, self.lines, self.neighbours, choosable, price)
                extras = [extra] if extra is not None else []
        for extra in extras:
            self.status[extra] = SECONDARY
            self.lp.hide(extra)
        return bool(extras)

    def _choosable(self, cell: K) -> bool:
        return (
            cell in self.shown_keys
            and cell not in self.status
            and cell not in self.fixed
            and self.values[cell] > 0
        )

    def _choosable_headline(self, cell: K) -> bool:
        return (
            cell in self.keep
            and cell in self.shown_keys
            and cell not in self.status
            and cell not in self.frozen
            and self.values[cell] > 0
        )

    def withhold_a_headline(self, key: K) -> bool:
        """The last resort, when nothing else is left: withhold (« nd ») the largest headline
        figure of this report in the equations that hold `key` back (the year's before its
        months': one withheld month is given back by the year and the other months, and a
        funder reads every month): a site's procedures
        next to all sites' would otherwise tell the other sites' small count (exactly when
        shown, within 5 − (t − 1) … 5 when « < t » next to all sites' 5); a site's 8 sessions
        of the year next to its 6 first visits would tell that the other 2 came back. False
        when there is none."""
        assert self.lp is not None

        def withholdable(cell: K) -> bool:
            return (
                cell in self.keep
                and cell in self.shown_keys
                and cell not in self.frozen
                and self.status.get(cell) != WITHHELD
            )

        found = [c for cells in self.lp.limiting_rows() for c in cells if withholdable(c)]
        if not found:
            # An equation of `key` whose other cells are all shown has no hidden cell, and so
            # no dual value: all sites' 5 first visits and the site's 4 tell the others' 1.
            found = [
                c
                for number in self.neighbours.get(key, [])
                for c in (*self.lines[number][0], self.lines[number][1])
                if withholdable(c) and c not in self.status
            ]
        if found:
            cell = max(found, key=lambda c: (self.values[c], str(c)))
        else:
            # No equation holds `key` back: the bound of a hidden headline does (a site's
            # « < t » first visits, at most t − 1, next to all sites' exact count). Of the
            # nearest « < t » headline figures, the largest: a month's next to its year's,
            # it is the year that bounds the month (an empty month bounds nothing).
            near = _nearest(
                key,
                self.lines,
                self.neighbours,
                lambda c: withholdable(c) and self.status.get(c) == PRIMARY,
            )
            if not near:
                return False
            cell = max(near, key=lambda c: (self.values[c], str(c)))
        if cell not in self.status:
            self.lp.hide(cell)  # shown until now: it gets a column first
        self.status[cell] = WITHHELD
        self.lp.withhold(cell)
        return True

    def withhold_around(self, key: K) -> bool:
        """Withhold (« nd ») the « s » nearest to `key`; with none, the « s » of the equations
        that hold it back (those with a dual value): the rings of equations around `key` do
        not cross what a reader knows besides (`at_most`), so that from a site's sessions
        they never reach its « s » outcomes, which bound them through « a session has a
        procedure »; with none, in a report tied to one published before (a site's, to all
        sites'), its nearest small counts. False when there is nothing to withhold."""
        assert self.lp is not None
        withheld = _around(key, SECONDARY, self.lines, self.neighbours, self.status, self.fixed)
        if not withheld:
            withheld = sorted(
                {
                    c
                    for cells in self.lp.limiting_rows()
                    for c in cells
                    if self.status.get(c) == SECONDARY and c not in self.fixed
                },
                key=str,
            )
        if not withheld:
            withheld = _around(key, PRIMARY, self.lines, self.neighbours, self.status, self.fixed)
        for cell in withheld:
            self.status[cell] = WITHHELD
            self.lp.withhold(cell)
        return bool(withheld)


def _no_lone_small_count(
    values: Mapping[K, int],
    lines: Sequence[Line[K]],
    small: set[K],
    published: set[K],
    status: dict[K, Status],
    fixed: set[K],
) -> None:
    """Hide, next to a small count that is the only unknown of an equation (so known exactly
    from it), the smallest other count of that equation, until there is none: the LP would
    ask for the same, one solve at a time."""
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            cells = {*members, total}
            unknown = [c for c in cells if c not in published or c in status]
            if len(unknown) != 1 or unknown[0] not in small:
                continue
            shown = [c for c in cells if c in published and c not in status and c not in fixed]
            shown = [c for c in shown if values[c] > 0]
            if shown:
                status[min(shown, key=lambda c: (values[c], str(c)))] = SECONDARY
                changed = True


def _neighbours(lines: Sequence[Line[K]]) -> dict[K, list[int]]:
    """For each cell, the indexes of the equations it is in."""
    found: dict[K, list[int]] = {}
    for number, (members, total) in enumerate(lines):
        for cell in {*members, total}:
            found.setdefault(cell, []).append(number)
    return found


def _cheapest(
    key: K,
    lines: Sequence[Line[K]],
    neighbours: Mapping[K, list[int]],
    choosable: Callable[[K], bool],
    cost: Callable[[K], tuple[int, str]],
) -> K | None:
    """The cheapest choosable count in the equations around `key`, widening the circle if
    needed."""
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
        candidates = [c for c in cells if choosable(c)]
        if candidates:
            return min(candidates, key=cost)
        ring = cells
    return None


def _around(
    key: K,
    kind: Status,
    lines: Sequence[Line[K]],
    neighbours: Mapping[K, list[int]],
    status: Mapping[K, Status],
    fixed: set[K],
) -> list[K]:
    """The cells of status `kind` nearest to `key` (itself first) not already published."""
    return _nearest(key, lines, neighbours, lambda c: status.get(c) == kind and c not in fixed)


def _nearest(
    key: K,
    lines: Sequence[Line[K]],
    neighbours: Mapping[K, list[int]],
    wanted: Callable[[K], bool],
) -> list[K]:
    """The `wanted` cells nearest to `key` (itself first), ring by ring of the equations."""
    seen = {key}
    ring = [key]
    while ring:
        found = [c for c in ring if wanted(c)]
        if found:
            return sorted(found, key=str)
        cells = []
        for cell in ring:
            for number in neighbours.get(cell, []):
                members, total = lines[number]
                for other in (*members, total):
                    if other not in seen:
                        seen.add(other)
                        cells.append(other)
        ring = cells
    return []


class _Audit:
    """One LP whose columns are the cells a reader does not see; bounds say what they know.

    A shown cell is a constant: it moves to the right-hand side of its equations, so the LP
    only holds the hidden and unpublished cells. Hiding one more cell adds its column. An
    unpublished cell found in one equation only (the other sites together, next to a site
    and all sites) needs no column: being a count, it only makes its equation an inequality,
    and its value is read from the others'.
    """

    def __init__(
        self,
        values: Mapping[K, int],
        lines: Sequence[Line[K]],
        threshold: int,
        published: set[K],
        status: Mapping[K, Status],
        at_most: Sequence[Line[K]] = (),
    ) -> None:
        import numpy as np

        self.threshold = threshold
        self.values = values
        self.highs = _highs()
        self.highs.setOptionValue("simplex_strategy", 4)  # primal: mostly the costs change
        self.inf = self.highs.getInfinity()
        self.rows_of: dict[Any, list[tuple[int, float]]] = {}
        self.row_cells: list[list[tuple[Any, float]]] = []
        self.equalities = len(lines)  # the rows after them are « at most » (≤ 0)
        for members, total in [*lines, *at_most]:
            merged: dict[Any, float] = {}
            for m in members:
                merged[m] = merged.get(m, 0.0) + 1.0
            merged[total] = merged.get(total, 0.0) - 1.0
            self.row_cells.append([(c, k) for c, k in merged.items() if k != 0.0])
            for cell, coefficient in self.row_cells[-1]:
                self.rows_of.setdefault(cell, []).append((len(self.row_cells) - 1, coefficient))
        # row -> its slack cell and that cell's coefficient there (at most one per row)
        self.slack_of_row: dict[int, tuple[Any, float]] = {}
        for key in values:
            rows = self.rows_of.get(key, [])
            if (
                key not in published
                and len(rows) == 1
                and rows[0][0] < self.equalities
                and rows[0][0] not in self.slack_of_row
            ):
                self.slack_of_row[rows[0][0]] = (key, rows[0][1])
        self.slack = {key: (row, c) for row, (key, c) in self.slack_of_row.items()}
        self.rhs = [0.0] * len(self.row_cells)
        for key in values:
            if key in published and key not in status:
                for row, coefficient in self.rows_of.get(key, []):
                    self.rhs[row] -= coefficient * values[key]
        for row in range(len(self.rhs)):
            low, high = self._row_bounds(row)
            self.highs.addRow(low, high, 0, np.zeros(0, dtype=np.int32), np.zeros(0))
        self.column: dict[Any, int] = {}
        self.key_of: list[Any] = []
        self.bounds: dict[Any, tuple[float, float]] = {key: (0.0, self.inf) for key in self.slack}
        for key in values:
            if (key not in published or key in status) and key not in self.slack:
                self._add_column(key, *self._bounds(status.get(key) if key in published else None))
        self._costed: list[int] = []
        self.targets: dict[Any, tuple[float, float]] = {}
        # Cells seen at 1 or below (at t − 1 or above) in a solution already found: every
        # solution stays possible when one more cell is hidden, so these need no solve of
        # their own. The true counts are the first such solution.
        self.seen_low = {k for k in self.bounds if values[k] <= 1}
        self.seen_high = {k for k in self.bounds if values[k] >= threshold - 1}

    def _row_bounds(self, row: int) -> tuple[float, float]:
        rhs = self.rhs[row]
        if row >= self.equalities:
            return -self.inf, rhs  # Σ members − total ≤ 0
        if row not in self.slack_of_row:
            return rhs, rhs
        # Σ others + c · slack = rhs, slack ≥ 0
        return (-self.inf, rhs) if self.slack_of_row[row][1] > 0 else (rhs, self.inf)

    def _add_column(self, key: Any, low: float, high: float) -> None:
        import numpy as np

        entries = self.rows_of.get(key, [])
        self.bounds[key] = (low, high)
        self.column[key] = len(self.key_of)
        self.key_of.append(key)
        self.highs.addCol(
            0.0,
            low,
            high,
            len(entries),
            np.array([r for r, _ in entries], dtype=np.int32),
            np.array([c for _, c in entries], dtype=np.float64),
        )

    def _bounds(self, status: Status | None) -> tuple[float, float]:
        if status == PRIMARY:
            return 0.0, float(self.threshold - 1)
        if status == SECONDARY:
            return float(self.threshold), self.inf
        return 0.0, self.inf  # withheld, or published nowhere: a count, nothing more is known

    def hide(self, key: Any) -> None:
        """A shown cell becomes secondary: it leaves the right-hand sides, gets a column."""
        for row, coefficient in self.rows_of.get(key, []):
            self.rhs[row] += coefficient * self.values[key]
            self.highs.changeRowBounds(row, *self._row_bounds(row))
        self._add_column(key, *self._bounds(SECONDARY))

    def withhold(self, key: Any) -> None:
        self.bounds[key] = (0.0, self.inf)
        self.highs.changeColBounds(self.column[key], 0.0, self.inf)

    def witness(self, keys: Sequence[Any]) -> None:
        """Solutions that show many of `keys` at 1 or below, and at t − 1 or above, in few
        solves. Each one pushes, all together, cells that share no equation (they do not
        compete for the same total), among those not seen there yet."""
        for minimum, seen in ((True, self.seen_low), (False, self.seen_high)):
            while True:
                todo = [k for k in keys if k not in seen]
                if not minimum:  # one cell with no upper bound makes the sum unbounded
                    todo = [k for k in todo if self.bounds[k][1] < self.inf]
                taken: set[int] = set()
                batch = []
                for key in todo:
                    rows = {row for row, _ in self.rows_of.get(key, [])}
                    if not rows & taken:
                        taken |= rows
                        batch.append(key)
                if not batch:
                    break
                self._solve(batch, minimum=minimum)
                if sum(k in seen for k in batch) < max(2, len(batch) * _BATCH_GAIN):
                    break  # the rest one by one: a solve for each is cheaper now

    def narrowed(self, key: Any) -> bool:
        """Whether what is published keeps `key` from reaching 1, or t − 1 (or, for a cell
        with a target, the ends of its target)."""
        low, high = self.targets.get(key, (1.0, float(self.threshold - 1)))
        if key not in self.seen_low and not self._solve([key], minimum=True) <= low + _SLACK:
            return True
        if key not in self.seen_high:
            return not self._solve([key], minimum=False) >= high - _SLACK
        return False

    def reach(self, key: Any) -> tuple[float, float]:
        """The part of 1 … t − 1 that `key` can take."""
        low, high = 1.0, float(self.threshold - 1)
        if key not in self.seen_low:
            low = max(low, self._solve([key], minimum=True))
        if key not in self.seen_high:
            high = min(high, self._solve([key], minimum=False))
        return low, high

    def limiting_rows(self) -> list[list[Any]]:
        """The cells of the equations that held back the last cell checked (those with a
        dual value in its LP): hiding one of them lets it move."""
        import numpy as np

        duals = np.asarray(self.highs.getSolution().row_dual)
        rows = np.flatnonzero(np.abs(duals) > _SLACK).tolist()
        return [[cell for cell, _ in self.row_cells[row]] for row in rows]

    def _solve(self, keys: Sequence[Any], *, minimum: bool) -> float:
        """Minimise (maximise) the sum of `keys`; note every cell the solution shows at 1 or
        below, or at t − 1 or above (a cell with no largest value counts as above). The value
        of the first key; NaN when there is no solution to read (it then counts as narrowed)."""
        import highspy
        import numpy as np

        costs: dict[int, float] = {}
        for key in keys:
            if key in self.column:
                costs[self.column[key]] = costs.get(self.column[key], 0.0) + 1.0
                continue
            row, own = self.slack[key]  # slack = (rhs − Σ c · others) / own
            for cell, coefficient in self.row_cells[row]:
                if cell in self.column:
                    i = self.column[cell]
                    costs[i] = costs.get(i, 0.0) - coefficient / own
        if self._costed:
            stale = np.array(self._costed, dtype=np.int32)
            self.highs.changeColsCost(len(stale), stale, np.zeros(len(stale)))
        chosen = np.array(list(costs), dtype=np.int32)
        self.highs.changeColsCost(len(chosen), chosen, np.array(list(costs.values())))
        self._costed = list(costs)
        sense = highspy.ObjSense.kMinimize if minimum else highspy.ObjSense.kMaximize
        self.highs.changeObjectiveSense(sense)
        self.highs.run()
        model_status = self.highs.getModelStatus()
        if model_status != highspy.HighsModelStatus.kOptimal:
            # The true counts are a solution, so the LP is feasible: not optimal means a
            # maximum without bound (a cell nobody publishes next to a « s »).
            unbounded = model_status in (
                highspy.HighsModelStatus.kUnbounded,
                highspy.HighsModelStatus.kUnboundedOrInfeasible,
            )
            if unbounded and not minimum and len(keys) == 1:
                self.seen_high.add(keys[0])
                return float("inf")
            return float("nan")  # nothing noted: the cell counts as narrowed, and is protected
        solution = self.highs.getSolution()
        columns = np.asarray(solution.col_value)
        low, high = 1 + _SLACK, self.threshold - 1 - _SLACK
        self.seen_low.update(self.key_of[i] for i in np.flatnonzero(columns <= low).tolist())
        self.seen_high.update(self.key_of[i] for i in np.flatnonzero(columns >= high).tolist())
        first = float("nan")
        if keys[0] in self.column:
            first = float(columns[self.column[keys[0]]])
        if self.slack:
            activity = np.asarray(solution.row_value)
            for key, (row, own) in self.slack.items():
                value = (self.rhs[row] - activity[row]) / own
                if value <= low:
                    self.seen_low.add(key)
                if value >= high:
                    self.seen_high.add(key)
                if key == keys[0]:
                    first = value
        return first


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
