"""The program's entry point, as light as possible: until the error boundary is in place
(while Python loads Typer and the rest), an interruption ends the program quietly, with no
traceback, instead of in the middle of an import. `_signal` is the C module under `signal`
(which would first load `enum`): the guard is set within a millisecond of start-up."""

import _signal
import os


# The message is made when a signal comes, not before the guard: a Ctrl-C there, at the very
# start, showed a traceback (1 start in 2,400 under load, stop 30).
def _quiet_exit(signum, _frame):  # type: ignore[no-untyped-def]
    os.write(2, "\nInterrompu : rien n'a été enregistré.\n".encode())
    os._exit(128 + signum)


for _name in ("SIGINT", "SIGTERM", "SIGHUP"):
    if hasattr(_signal, _name):
        _signal.signal(getattr(_signal, _name), _quiet_exit)


def renders_at_once(args: list[str]) -> bool:
    """Whether the command line asks for a PDF whatever the answers (a replayed session, a
    letter filled from a file or printed blank): the PDF engine can start loading then."""
    if "--help" in args:
        return False
    replay = args[:1] == ["accueil"] and "--reponses" in args
    letter = args[:2] == ["lettres", "remplir"] and ("--valeurs" in args or "--vierge" in args)
    return replay or letter


def render_documents(jobs: int, results: int) -> None:
    """The engine process's work: the renderer is imported there only, after the fork."""
    from cafedemarches.render.pdf import serve_jobs

    serve_jobs(jobs, results)


def run() -> None:
    import sys

    # The kit uses no pydantic plugin: pydantic then skips looking for them through every
    # installed package's metadata (about 10 ms at the first model); a documented setting.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

    if renders_at_once(sys.argv[1:]):
        # WeasyPrint's import takes about half a second: a second process loads it, and then
        # renders the documents, while this one loads Typer, pydantic and the kit.
        from cafedemarches.render.engine import start_engine_process

        start_engine_process(render_documents)
    from cafedemarches.cli.app import run_program

    run_program()
