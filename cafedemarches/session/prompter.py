"""The seam through which the kit asks the volunteer something.

Engines (guided session, letter filling) only talk to a `Prompter`. The real one, built on
questionary, lives in `cafedemarches.cli.prompts`; tests use `ScriptedPrompter`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from cafedemarches.errors import StepBack

Choice = tuple[str, str]  # (value, label shown to the volunteer)
Validator = Callable[[str], str | None]  # returns a French error message, or None when valid


# What a test scripts for Escape on a text asked with `back=True` (ScriptedPrompter).
BACK = StepBack


class Prompter(Protocol):
    def select(
        self,
        message: str,
        choices: Sequence[Choice],
        *,
        default: str | None = None,
        help: str | None = None,
        filter: bool = False,
    ) -> str:
        """One value among `choices`. With `filter`, the volunteer can type to narrow the list."""
        ...

    def checkbox(
        self,
        message: str,
        choices: Sequence[Choice],
        *,
        checked: Sequence[str] = (),
        help: str | None = None,
        descriptions: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Several values among `choices` (possibly none); `descriptions`: a text shown under
        the list for the choice the cursor is on."""
        ...

    def confirm(self, message: str, *, default: bool = True, help: str | None = None) -> bool: ...

    def text(
        self,
        message: str,
        *,
        validate: Validator | None = None,
        default: str = "",
        help: str | None = None,
        multiline: bool = False,
        back: bool = False,
        blank: str | None = None,
    ) -> str:
        """A typed text. `multiline`: Enter goes to a new line, Enter on an empty line ends
        (on an empty text too). `back`: Escape raises `StepBack`. `blank`: what an empty
        answer means, said under it (« à remplir à la main sur la lettre »)."""
        ...

    def number(
        self,
        message: str,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        help: str | None = None,
        default: int | None = None,
    ) -> int: ...


@dataclass
class ScriptedPrompter:
    """A test double: returns canned answers in order and records every question asked.

    Each scripted answer is checked against what the prompt would accept (a value among the
    choices, a text the validator accepts), so a test cannot pass on an answer the real
    prompt would refuse.
    """

    answers: list[Any]
    asked: list[str] = field(default_factory=list)
    described: dict[str, str] = field(default_factory=dict)  # the checkboxes' descriptions

    def _next(self, message: str) -> Any:
        self.asked.append(message)
        if not self.answers:
            raise AssertionError(f"no scripted answer left for: {message}")
        return self.answers.pop(0)

    def select(
        self,
        message: str,
        choices: Sequence[Choice],
        *,
        default: str | None = None,
        help: str | None = None,
        filter: bool = False,
    ) -> str:
        value = self._next(message)
        if value not in [c[0] for c in choices]:
            raise AssertionError(f"{value!r} is not a choice of: {message}")
        return str(value)

    def checkbox(
        self,
        message: str,
        choices: Sequence[Choice],
        *,
        checked: Sequence[str] = (),
        help: str | None = None,
        descriptions: Mapping[str, str] | None = None,
    ) -> list[str]:
        self.described.update(descriptions or {})
        values = self._next(message)
        allowed = [c[0] for c in choices]
        for value in values:
            if value not in allowed:
                raise AssertionError(f"{value!r} is not a choice of: {message}")
        return list(values)

    def confirm(self, message: str, *, default: bool = True, help: str | None = None) -> bool:
        return bool(self._next(message))

    def text(
        self,
        message: str,
        *,
        validate: Validator | None = None,
        default: str = "",
        help: str | None = None,
        multiline: bool = False,
        back: bool = False,
        blank: str | None = None,
    ) -> str:
        scripted = self._next(message)
        if scripted is BACK:
            if not back:
                raise AssertionError(f"Escape does not go back on: {message}")
            raise StepBack
        value = str(scripted)
        if validate is not None:
            error = validate(value)
            if error is not None:
                raise AssertionError(f"{value!r} refused for {message}: {error}")
        return value

    def number(
        self,
        message: str,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        help: str | None = None,
        default: int | None = None,
    ) -> int:
        value = self._next(message)
        if not isinstance(value, int) or isinstance(value, bool):
            raise AssertionError(f"{value!r} is not a whole number for: {message}")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise AssertionError(f"{value!r} out of range for: {message}")
        return value
