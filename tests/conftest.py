"""Shared fixtures: every test gets its own CAFEDEMARCHES_HOME, never the real user folders."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import settings

from cafedemarches.cli.interrupt import SignalState
from cafedemarches.cli.run import Run
from cafedemarches.session.prompter import ScriptedPrompter
from cafedemarches.settings import Paths

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


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the tests of a run (of a worker): every result in it is keyed on
    what it was computed from (`content.cache`, `tally.linked`), so sharing it is what a
    volunteer's laptop does from one command to the next, and spares each test the loading
    of the whole shipped content."""
    return tmp_path_factory.mktemp("cache-partage")


@pytest.fixture(autouse=True)
def kit_home(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    shared_cache: Path,
) -> Path:
    home = tmp_path_factory.mktemp("home")
    if request.node.get_closest_marker("own_cache") is None:
        (home / "cache").symlink_to(shared_cache, target_is_directory=True)
    monkeypatch.setenv("CAFEDEMARCHES_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "120")
    return home


@pytest.fixture
def kit_run(kit_home: Path) -> Run:
    """The world the test's commands run in (`cli.run.Run`): its own kit folder, and whatever
    the test changes (a day, a terminal or not, no printer, a scripted prompter)."""
    return Run(kit_paths=Paths(config_dir=kit_home, data_dir=kit_home))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], kit_run: Run) -> Callable[..., Result]:
    """Run `cafedemarches ARGS…` in-process through the real entry point and error boundary,
    in the test's `kit_run` (each call a new run of it: no interruption state carried over)."""
    from cafedemarches.cli.app import main

    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            main(list(args), replace(kit_run, signals=SignalState(), debug=False))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture
def scripted(kit_run: Run) -> Iterator[Callable[[list[object]], ScriptedPrompter]]:
    """Make the next interactive command answer from a script: scripted([...answers])."""
    made: list[ScriptedPrompter] = []

    def install(answers: list[object]) -> ScriptedPrompter:
        prompter = ScriptedPrompter(list(answers))
        made.append(prompter)
        kit_run.prompter_factory = lambda: prompter
        return prompter

    yield install
