"""The one way out (docs/sortie.md): every cleanup goes through `shutdown.on_exit`, which the
program's exit runs after a normal end, an error and a signal alike."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from cafedemarches import shutdown

PACKAGE = Path(__file__).parent.parent / "cafedemarches"


def test_the_kit_registers_no_atexit_function_but_through_shutdown() -> None:
    """`cli.app.leave` ends with `os._exit`, which skips `atexit`: a cleanup registered there
    would be skipped silently. Only `shutdown.py` may use it (for in-process callers)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "shutdown.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "register"
                and isinstance(node.value, ast.Name)
                and node.value.id == "atexit"
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []


def test_cleanups_run_newest_first_once_and_a_failing_one_stops_no_other() -> None:
    done: list[str] = []

    def first(interrupted: bool) -> None:
        done.append(f"first {interrupted}")

    def failing(interrupted: bool) -> None:
        raise OSError("disque plein")

    def last(interrupted: bool) -> None:
        done.append(f"last {interrupted}")

    for cleanup in (first, failing, last, first):
        shutdown.on_exit(cleanup)
    shutdown.run_cleanups(interrupted=True)
    shutdown.run_cleanups()
    assert done == ["last True", "first True"]


def _leaving(how: str) -> str:
    """A program that registers a cleanup, then ends `how`, through the real exit."""
    return (
        "import sys\n"
        "from cafedemarches import shutdown\n"
        "from cafedemarches.cli import app\n"
        "shutdown.on_exit(lambda interrupted: print('nettoyé', interrupted, flush=True))\n"
        f"sys.argv = ['cafedemarches', *{how!r}.split()]\n"
        "app.run_program()\n"
    )


def test_a_normal_end_an_error_and_a_usage_error_all_run_the_cleanups() -> None:
    for how, code in (("--version", 0), ("lettres voir inconnue", 1), ("--nimporte", 2)):
        done = subprocess.run(
            [sys.executable, "-c", _leaving(how)], capture_output=True, text=True, check=False
        )
        assert done.returncode == code, (how, done.stderr)
        assert done.stdout.strip().endswith("nettoyé False"), (how, done.stdout)
