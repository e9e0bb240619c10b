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


def test_the_pdf_engine_starts_loading_at_launch_only_for_a_pdf_made_in_any_case() -> None:
    from cafedemarches.cli.entry import renders_at_once

    assert renders_at_once(["accueil", "--reponses", "r.yaml", "--sortie", "d"])
    assert renders_at_once(["lettres", "remplir", "recours-amiable", "--valeurs", "v.yaml"])
    assert renders_at_once(["lettres", "remplir", "recours-amiable", "--vierge"])
    for args in (
        [],  # the guided session: a person may leave before any sheet
        ["accueil"],
        ["lettres", "remplir", "recours-amiable"],  # questions first
        ["lettres", "remplir", "--vierge", "--help"],
        ["bilan", "--format", "pdf"],
        ["registre", "importer", "--reponses"],
    ):
        assert not renders_at_once(args), args
