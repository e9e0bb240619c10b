"""Shared fixtures: every test gets its own CAFEDEMARCHES_HOME, never the real user folders."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from cafedemarches.cli import prompts
from cafedemarches.session.prompter import ScriptedPrompter

# Property tests: a fast profile for `make test`, a thorough one for `make test-long`
# (HYPOTHESIS_PROFILE=long). Tests set no number of examples of their own: the profile decides.
# `make test` decides the same way on every run: its examples are derived from each test's name
# (derandomize), and no example database carries one run's failures into the next. The long
# profile draws new examples every time, and prints how to reproduce a failure.
settings.register_profile(
    "rapide", max_examples=25, deadline=None, derandomize=True, database=None, print_blob=True
)
settings.register_profile("long", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "rapide"))


@pytest.fixture(autouse=True)
def kit_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CAFEDEMARCHES_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "120")
    return home


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `cafedemarches ARGS…` in-process through the real entry point and error boundary."""
    from cafedemarches.cli.app import main

    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture
def scripted(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[[list[object]], ScriptedPrompter]]:
    """Make the next interactive command answer from a script: scripted([...answers])."""
    made: list[ScriptedPrompter] = []

    def install(answers: list[object]) -> ScriptedPrompter:
        prompter = ScriptedPrompter(list(answers))
        made.append(prompter)
        monkeypatch.setattr(prompts, "make_prompter", lambda: prompter)
        return prompter

    yield install
