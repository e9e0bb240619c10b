"""`--help` stays fast: it never imports the PDF engine, the prompts, or the content engine."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "weasyprint",
    "questionary",
    "prompt_toolkit",
    "jinja2",
    "pydantic",
    "yaml",
    "openfisca_core",
    "openfisca_france",
    "numpy",
)


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from cafedemarches.cli.app import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print('LOADED:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "LOADED:"


def test_module_entry_point_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cafedemarches", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("cafedemarches ")


def test_unknown_option_is_a_french_usage_error(cli) -> None:
    result = cli("demarches", "liste", "--nimporte")
    assert result.exit_code == 2
    assert "option inconnue : --nimporte" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_imports_no_command_module() -> None:
    """The root's help comes from the command registry: no command's module is loaded."""
    code = (
        "import sys\n"
        "from cafedemarches.cli.app import main\n"
        "from cafedemarches.cli.registry import COMMANDS\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('LOADED:' + ','.join(c.module for c in COMMANDS if c.module in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "LOADED:"
