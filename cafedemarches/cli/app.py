"""The root command and the single place where errors become French sentences and exit codes."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cafedemarches import __version__
from cafedemarches.errors import ExitStatus, ProblemsError, UserError

app = typer.Typer(
    name="cafedemarches",
    help=(
        "Le kit des bénévoles des Cafés démarches : séance guidée, liste des papiers à "
        "rassembler, courriers, et registre anonyme. Sans commande, lance la séance guidée."
    ),
    add_completion=False,
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cafedemarches {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="En cas d'erreur inattendue, afficher le détail.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Afficher la version et quitter."
        ),
    ] = False,
) -> None:
    """Sans commande : la séance guidée (comme « cafedemarches accueil »)."""
    _state["debug"] = debug
    if ctx.invoked_subcommand is None:
        from cafedemarches.cli.accueil import accueil

        ctx.invoke(accueil)


def _register() -> None:
    from cafedemarches.cli.accueil import accueil
    from cafedemarches.cli.bilan import bilan
    from cafedemarches.cli.config import config
    from cafedemarches.cli.demarches import app as demarches_app
    from cafedemarches.cli.diagnostic import diagnostic
    from cafedemarches.cli.lettres import app as lettres_app
    from cafedemarches.cli.registre import app as registre_app

    app.command("accueil")(accueil)
    app.add_typer(demarches_app, name="demarches")
    app.add_typer(lettres_app, name="lettres")
    app.add_typer(registre_app, name="registre")
    app.command("bilan")(bilan)
    app.command("config")(config)
    app.command("diagnostic")(diagnostic)


_register()


def _error(message: str) -> None:
    sys.stderr.write(message.rstrip() + "\n")


def report_user_error(exc: UserError) -> None:
    if isinstance(exc, ProblemsError) and len(exc.problems) > 1:
        _error(exc.message)
        for problem in exc.problems:
            _error(f"  - {problem}")
    else:
        _error(f"Erreur : {exc.message}")
    if exc.hint:
        _error(exc.hint)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `cafedemarches` program."""
    args = sys.argv[1:] if argv is None else argv
    if "--help" in args or "-h" in args:
        from cafedemarches.cli.french import install_french_help

        install_french_help()
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="cafedemarches", standalone_mode=False)
    except UserError as exc:
        if _state["debug"]:
            raise
        report_user_error(exc)
        sys.exit(ExitStatus.ERROR)
    except (KeyboardInterrupt, typer.Abort, EOFError):
        _error("\nInterrompu : rien n'a été enregistré.")
        sys.exit(ExitStatus.INTERRUPTED)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except _usage_error_class() as exc:
        _report_usage_error(exc)
        sys.exit(getattr(exc, "exit_code", ExitStatus.USAGE))
    except Exception as exc:
        if _state["debug"] or "--debug" in args:
            raise
        _error(
            "Erreur inattendue dans cafedemarches (" + type(exc).__name__ + "). "
            "Relancez la même commande avec --debug pour voir le détail."
        )
        sys.exit(ExitStatus.ERROR)
    if code == ExitStatus.INTERRUPTED:  # Typer turns Ctrl-C into this exit code
        _error("\nInterrompu : rien n'a été enregistré.")
    sys.exit(code if isinstance(code, int) else 0)


def run() -> None:
    """The `cafedemarches` program."""
    main()


def _usage_error_class() -> type[Exception]:
    from typer._click.exceptions import ClickException

    return ClickException


def _report_usage_error(exc: Exception) -> None:
    from cafedemarches.cli.french import translate_usage_error

    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "cafedemarches"
    message = translate_usage_error(getattr(exc, "message", str(exc)))
    _error(f"Erreur : {message}.")
    _error(f"Pour l'aide : {command} --help")
