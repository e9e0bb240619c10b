"""Issue #10 item 7: every message Click, Typer or questionary could show is French. Each
command is run with wrong input and its output scanned for the English they would write."""

from __future__ import annotations

import itertools
import re

import pytest

ENGLISH = re.compile(
    r"No such command|No such option|Usage:|Show this message|is not a valid|is not one of"
    r"|Missing argument|Missing option|Missing command|Missing parameter|Got unexpected"
    r"|Did you mean|requires an argument|Invalid value|does not exist|Try '|Error:"
    r"|\bTEXT\b|\bPATH\b|\bINTEGER\b|\bFLOAT\b|\bFILE\b|\bCOMMAND\b|Commands|Arguments? \]"
)

WRONG = [
    ("accueill",),
    ("demarches",),
    ("lettres",),
    ("registre",),
    ("registre", "ajoute"),
    ("demarches", "voir"),
    ("lettres", "voir"),
    ("registre", "importer"),
    ("config", "--seuil-publication", "abc"),
    ("config", "--peremption-mois", "1.5"),
    ("config", "en", "trop"),
    ("config", "--lieu"),
    ("bilan", "--format", "xml"),
    ("bilan", "--mois"),
    ("demarches", "liste", "--jsn"),
    ("--inconnue",),
    ("accueil", "--sortie"),
    ("registre", "importer", "/chemin/absent.csv"),
    ("lettres", "remplir", "x", "--valeurs", "/chemin/absent.yaml"),
]


def assert_french(text: str) -> None:
    found = sorted(set(ENGLISH.findall(text)))
    assert not found, f"English reaches the user: {found}\n{text}"


def every_command() -> list[tuple[str, ...]]:
    """Every command, group and subcommand of the registry, as typed."""
    import typer

    from cafedemarches.cli.app import app

    root = typer.main.get_command(app)
    ctx = typer.Context(root)
    found: list[tuple[str, ...]] = []
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        command = root.get_command(ctx, name)  # type: ignore[attr-defined]
        found.append((name,))
        found.extend((name, sub) for sub in getattr(command, "commands", {}))
    return found


@pytest.mark.parametrize("args", [(*c, "--help") for c in [(), *every_command()]], ids=" ".join)
def test_every_help_screen_is_french(cli, args: tuple[str, ...], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")  # the volunteer's screen
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert "Utilisation : cafedemarches" in result.stdout
    assert "Afficher cette aide et quitter." in result.stdout
    assert_french(result.stdout + result.stderr)
    assert_no_sentence_broken_by_the_source(result.stdout)


def assert_no_sentence_broken_by_the_source(text: str) -> None:
    """Rich keeps the line breaks of a command's docstring: a sentence wrapped in the source
    would be cut on the screen where the next word still fits. Rich itself breaks a line only
    when the next word does not fit in the room left before the panel's edge."""
    lines = text.splitlines()
    for line, after in itertools.pairwise(lines):
        words = after.strip(" │").split()
        if not words or not words[0][:1].islower() or line.lstrip().startswith("╭"):
            continue
        if after.startswith("│ ") and after[2:3] != " ":
            continue  # the next row of a panel (a command's name), not a continued sentence
        body = line.rstrip()
        edge = len(body) - 1 if body.endswith("│") else 80
        room = edge - len(body.rstrip("│").rstrip())
        if room > len(words[0]) + 1:
            raise AssertionError(
                f"phrase coupée à l'écran : « {line.strip()} » / « {after.strip()} »"
            )


@pytest.mark.parametrize("args", WRONG, ids=" ".join)
def test_wrong_usage_is_one_french_sentence(cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code in (1, 2), result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert_french(out)
    assert "Erreur : ." not in out and "..." not in result.stderr.replace("…", "")
    assert "Erreur inattendue" not in out


def test_wrong_usage_after_a_help_screen_stays_french(cli) -> None:
    """Help renames the value types (TEXTE, ENTIER…); errors read after it are still French."""
    assert cli("config", "--help").exit_code == 0
    assert_french(cli("config", "--seuil-publication", "abc").stderr)


def test_unknown_command_gives_the_suggestion_in_french(cli) -> None:
    result = cli("accueill")
    assert result.exit_code == 2
    assert "commande inconnue : « accueill » ; vouliez-vous dire « accueil » ?" in result.stderr


def test_missing_argument_names_it(cli) -> None:
    result = cli("demarches", "voir")
    assert result.exit_code == 2
    assert "il manque l'argument DEMARCHE" in result.stderr


@pytest.mark.parametrize("group", ["demarches", "lettres", "registre"])
def test_a_group_without_subcommand_shows_its_french_help(cli, group: str) -> None:
    result = cli(group)
    out = result.stdout + result.stderr
    assert f"Utilisation : cafedemarches {group} [OPTIONS] COMMANDE" in out
    assert "Commandes" in out and "Erreur" not in out
    assert_french(out)


def test_french_help_replaces_no_class_or_function_of_typer_or_click(cli) -> None:
    """French comes from our subclasses (`cls=`), not from patching the libraries: after every
    kind of help screen, their classes and functions are their own."""
    from typer import core
    from typer._click import formatting

    for args in (("--help",), ("lettres",), ("registre", "ajouter", "--help")):
        cli(*args)
    assert core.TyperCommand.format_help.__module__ == "typer.core"
    assert core.TyperGroup.format_help.__module__ == "typer.core"
    assert formatting.HelpFormatter.write_usage.__module__ == "typer._click.formatting"


def test_every_command_and_group_is_french() -> None:
    import typer

    from cafedemarches.cli.app import app
    from cafedemarches.cli.french import FrenchCommand, FrenchGroup

    root = typer.main.get_command(app)
    assert isinstance(root, FrenchGroup)
    ctx = typer.Context(root)
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        command = root.get_command(ctx, name)  # type: ignore[attr-defined]
        assert isinstance(command, FrenchCommand | FrenchGroup), name
        for sub in getattr(command, "commands", {}).values():
            assert isinstance(sub, FrenchCommand), (name, sub.name)


def test_counts_agree_with_their_words() -> None:
    """« 1 séance », « 0 erreur », « 3 séances », « < 5 premières visites »: never « (s) »."""
    from cafedemarches.text import count

    assert count(0, "erreur", "erreurs") == "0 erreur"
    assert count(1, "séance ajoutée", "séances ajoutées") == "1 séance ajoutée"
    assert count(12, "démarche traitée", "démarches traitées") == "12 démarches traitées"
    assert count("< 5", "première visite", "premières visites") == "< 5 premières visites"
    assert count("1", "séance", "séances") == "1 séance"
    assert count("nd", "séance", "séances") == "nd séances"


def test_no_message_of_the_kit_writes_a_plural_in_parentheses() -> None:
    """Counts take their words from `text.count` (or a choice of two sentences), never
    « fichier(s) »: every string the kit's code writes is read, docstrings aside. Only the
    English patterns of Click that the kit translates may hold « (s) »."""
    import ast
    from pathlib import Path

    import cafedemarches

    found = []
    for path in sorted(Path(cafedemarches.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and re.search(r"\w\((?:s|e|es)\)", node.value)
                and not node.value.startswith("^")  # a Click message to translate
            ):
                found.append(f"{path.name}:{node.lineno} {node.value!r}")
    assert not found, "\n".join(found)
