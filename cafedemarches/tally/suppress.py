"""Small-count suppression for published figures, as statistical offices do it.

Primary suppression hides every count between 1 and threshold - 1. Complementary suppression
then looks at every published equation « members add up to total » (a row and its total, a
column, a theme and its procedures…) and hides one more cell wherever what is still shown would
give a hidden count back by subtraction: a line may not have exactly one hidden cell, and the
hidden members of a line whose total is shown must add up to at least the threshold. Zero is
shown: it counts nobody. The loop only ever hides more, so it ends; at its end every line holds.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

Line = tuple[Sequence[K], K]  # (members, total)


def hidden_cells(values: Mapping[K, int], lines: Sequence[Line[K]], threshold: int) -> set[K]:
    """The keys to show as « < threshold »."""
    hidden = {key for key, value in values.items() if 0 < value < threshold}
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            extra = _complement(values, members, total, hidden, threshold)
            if extra is not None:
                hidden.add(extra)
                changed = True
    return hidden


def _complement(
    values: Mapping[K, int],
    members: Sequence[K],
    total: K,
    hidden: set[K],
    threshold: int,
) -> K | None:
    """One more key to hide so that this line gives nothing away, or None if it is safe."""
    cells = [*members, total]
    hidden_here = [k for k in cells if k in hidden]
    if not hidden_here:
        return None
    hidden_sum = sum(values[k] for k in members if k in hidden)
    exposed = total not in hidden and 0 < hidden_sum < threshold
    if len(hidden_here) >= 2 and not exposed:
        return None
    candidates = sorted(
        (values[k], i) for i, k in enumerate(members) if k not in hidden and values[k] > 0
    )
    if candidates:
        return members[candidates[0][1]]
    if total not in hidden and values[total] > 0:
        return total
    return None


def line_is_safe(
    values: Mapping[K, int],
    members: Sequence[K],
    total: K,
    hidden: set[K],
    threshold: int,
) -> bool:
    """What the tests check: nothing hidden in this line can be recovered by subtraction."""
    hidden_members = [k for k in members if k in hidden]
    hidden_count = len(hidden_members) + (total in hidden)
    if hidden_count == 0:
        return True
    if hidden_count == 1:
        # A lone hidden cell is only safe when the rest cannot rebuild it: all zero.
        return sum(values[k] for k in members) == 0
    hidden_sum = sum(values[k] for k in hidden_members)
    return total in hidden or hidden_sum == 0 or hidden_sum >= threshold
