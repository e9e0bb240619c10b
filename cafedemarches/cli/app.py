"""The root command and the single place where errors become French sentences and exit codes."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any, NoReturn

import typer

from cafedemarches import __version__, shutdown
from cafedemarches.cli import interrupt
from cafedemarches.cli.french import usage_error_message
from cafedemarches.cli.registry import LazyGroup
from cafedemarches.cli.run import Run, current, running
from cafedemarches.errors import ExitStatus, ProblemsError, UserError

app = typer.Typer(
    name="cafedemarches",
    cls=LazyGroup,
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
    current().debug = debug
    if ctx.invoked_subcommand is None:
        assert isinstance(ctx.command, LazyGroup)
        ctx.invoke(ctx.command.get_command(ctx, "accueil"))


def _error(message: str) -> None:
    sys.stderr.write(message.rstrip() + "\n")


def report_user_error(exc: UserError) -> None:
    """The message, then every problem it announces (one is listed like several)."""
    problems = [str(p) for p in exc.problems] if isinstance(exc, ProblemsError) else []
    if problems and problems != [exc.message]:
        _error(exc.message)
        for problem in problems:
            _error(f"  - {problem}")
    else:
        _error(f"Erreur : {exc.message}")
    if exc.hint:
        _error(exc.hint)


def main(argv: list[str] | None = None, run: Run | None = None) -> None:
    """One run of `cafedemarches ARGS…` in this process, in `run` (a new one for the real
    world when None): it always ends with SystemExit and the exit code. Tests call it with
    their own `Run`; the program calls it through `run_program`, which then leaves."""
    args = sys.argv[1:] if argv is None else argv
    with running(run or Run()) as this_run:
        previous: dict[int, Any] = {}
        try:
            # Inside the boundary: a signal may land while the handlers are being set.
            interrupt.install(this_run.signals, previous)
            _main(args)
        except KeyboardInterrupt:  # while the handlers were set, or an error was being told
            _error("\n" + interrupt.message())
            sys.exit(interrupt.exit_code())
        finally:
            interrupt.restore(previous)


def _main(args: list[str]) -> None:
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="cafedemarches", standalone_mode=False)
    except UserError as exc:
        if current().debug:
            raise
        report_user_error(exc)
        sys.exit(ExitStatus.ERROR)
    except (KeyboardInterrupt, typer.Abort, EOFError):
        _error("\n" + interrupt.message())
        sys.exit(interrupt.exit_code())
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except _usage_error_class() as exc:
        _report_usage_error(exc)
        sys.exit(getattr(exc, "exit_code", ExitStatus.USAGE))
    except Exception as exc:
        if current().debug or "--debug" in args:
            raise
        _error(
            "Erreur inattendue dans cafedemarches (" + type(exc).__name__ + "). "
            "Relancez la même commande avec --debug pour voir le détail."
        )
        sys.exit(ExitStatus.ERROR)
    if code == ExitStatus.INTERRUPTED:  # Typer turns Ctrl-C into this exit code
        _error("\n" + interrupt.message())
        sys.exit(interrupt.exit_code())
    sys.exit(code if isinstance(code, int) else 0)


def run_program() -> NoReturn:
    """The `cafedemarches` program: `main()`, then `leave` with its exit code."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            _error(exc.code)
    leave(code)


def leave(code: int) -> NoReturn:
    """The one way out of the program, after a normal end, an error or a signal alike (see
    docs/sortie.md): from here an interruption only ends the program; every cleanup
    registered with `shutdown.on_exit` runs (WeasyPrint's temporary fonts…); the output is
    flushed; then the process leaves at once.

    Leaving with `os._exit` skips Python's own teardown, which only frees memory once every
    file is closed (each command closes its own) and the cleanups have run: about 170 ms after
    a letter, 25 ms after `--help` (measured side by side). `atexit` functions do not run:
    the kit registers none (a test checks it), only `shutdown.on_exit` ones.
    """
    interrupt.end_quietly()
    shutdown.run_cleanups(interrupted=interrupt.received())
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 1
    os._exit(code)


def _usage_error_class() -> type[Exception]:
    from typer._click.exceptions import ClickException

    return ClickException


def _report_usage_error(exc: Exception) -> None:
    from typer._click.exceptions import NoArgsIsHelpError

    if isinstance(exc, NoArgsIsHelpError):  # a group without its subcommand: its help, printed
        ctx = getattr(exc, "ctx", None)
        group = ctx.command_path if ctx is not None else "cafedemarches"
        _error(f"Il manque la commande après « {group} » : choisissez-en une ci-dessus.")
        return

    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "cafedemarches"
    message = usage_error_message(exc)
    _error(f"Erreur : {message}{'' if message.endswith(('?', '.', '…')) else '.'}")
    _error(f"Pour l'aide : {command} --help")
