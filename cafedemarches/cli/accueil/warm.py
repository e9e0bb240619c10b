"""OpenFisca-France warmed in the background from the first answer of a guided session, so
that « Estimer les montants » comes at once. Kept apart from `estimates` (which brings the
content models) so that the session's opening imports only this."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from cafedemarches.estimate import model
from cafedemarches.estimate.benefits import BENEFITS

if TYPE_CHECKING:
    from cafedemarches.session.prompter import Prompter


class _AfterFirstAnswer:
    """A prompter that calls `start` once, when the first question has been answered: the
    first question shows as fast as without the model (its loading takes the CPU)."""

    def __init__(self, prompter: Prompter, start: Callable[[], None]) -> None:
        self._prompter = prompter
        self._start: Callable[[], None] | None = start

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._prompter, name)
        if self._start is None or not callable(found):
            return found

        def asked(*args: Any, **kwargs: Any) -> Any:
            answer = found(*args, **kwargs)
            start, self._start = self._start, None
            if start is not None:
                start()
            return answer

        return asked


def warm_model_after_first_answer(prompter: Prompter, today: dt.date) -> Prompter:
    """In a terminal, with OpenFisca-France installed: the prompter that starts warming it."""
    if os.environ.get("CAFEDEMARCHES_MODELE") == "non":  # an old laptop: no warm-up
        return prompter
    if not sys.stdin.isatty() or importlib.util.find_spec("openfisca_france") is None:
        return prompter
    month = dt.date(today.year, today.month, 1)
    variables = [b.variable for b in BENEFITS]
    return cast(
        "Prompter", _AfterFirstAnswer(prompter, lambda: model.start_loading(month, variables))
    )
