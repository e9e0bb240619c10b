"""The PDF engine (WeasyPrint): loaded in this process when a document is first rendered, or,
for a command that makes a PDF whatever happens, in a second process started at launch
(`cli/entry.py`), which renders the documents this one prepares.

Why a second process: WeasyPrint's import costs about half a second of processor time (cffi
reading Pango's declarations, the system looking for each library under several names), and
the kit's own preparation of a letter about a quarter of a second more (Typer, pydantic,
Jinja2). Two threads of one Python process share one interpreter lock, so their work adds up;
two processes use two cores. This module is the lightest of `render/`: the entry point imports
it before anything else, so that the engine process starts within milliseconds of launch.

How the two processes work together (docs/sortie.md):
- the engine process is forked while the program is still one thread, with the signals
  blocked until it has its own handlers; its standard streams point to /dev/null, it never
  reads the terminal and prints nothing;
- a job (the document's HTML and properties) goes to it through a pipe, the PDF comes back
  through another, as bytes: nothing of the document is written to disk on the way, and the
  file itself is written by the program, the one safe way (`files.write_file`);
- when the program leaves, whatever the way, `stop_engine_process` (a `shutdown.on_exit`
  cleanup) closes its end of the pipes and waits for the engine process, which ends by itself
  and removes its temporary files (WeasyPrint's font folder); a signal to the whole program
  (Ctrl-C) ends it, its handler letting a library lookup under way end and removing what it
  made (a library lookup file too); a program killed outright leaves its end of the pipes
  closed, and it ends by itself;
- if the engine process is gone (killed by someone), the document is rendered in this process.
"""

from __future__ import annotations

import _signal
import contextlib
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from cafedemarches import shutdown
from cafedemarches.errors import UserError

INSTALL_HINT = (
    "Installez la bibliothèque Pango : sur Debian/Ubuntu « sudo apt install libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0 », sur macOS « brew install pango », "
    "puis lancez « cafedemarches diagnostic »."
)

# How long the program waits for the engine process to end before stopping it outright.
STOP_GRACE = 3.0
# How long the engine process, stopped by a signal, waits for a library lookup to end.
LOOKUP_GRACE = 1.0
_SIGNALS = tuple(
    getattr(_signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(_signal, name)
)
_HEADER = 8  # bytes of a message's length, before the message (a pickle)


class EngineProcess:
    """The engine process as the program sees it: its pid and its two pipe ends."""

    def __init__(self, pid: int, jobs: int, results: int) -> None:
        self.pid = pid
        self.jobs = jobs  # where the program writes a job
        self.results = results  # where it reads the reply


_engine: list[EngineProcess] = []  # the engine process, once started and until it is gone


def start_engine_process(serve: Callable[[int, int], None]) -> None:
    """Start the engine process, which loads WeasyPrint at once and then renders the
    documents it is sent (`ask`): `serve(jobs, results)` is its work, reading each job from
    the file descriptor `jobs` and writing each reply to `results` (`render.pdf.serve_jobs`,
    given by the entry point, which may import it: this module may not). Only from the
    program's entry point, while the program is
    still one thread: a fork copies only the thread that calls it. Without `os.fork` (Windows)
    the documents are rendered in this process, as in the tests."""
    if _engine or not hasattr(os, "fork") or "weasyprint" in sys.modules:
        return
    jobs_in, jobs_out = os.pipe()
    results_in, results_out = os.pipe()
    _signal.pthread_sigmask(_signal.SIG_BLOCK, _SIGNALS)
    try:
        pid = os.fork()
    except OSError:
        for fd in (jobs_in, jobs_out, results_in, results_out):
            os.close(fd)
        _signal.pthread_sigmask(_signal.SIG_UNBLOCK, _SIGNALS)
        return  # rendered in this process, then
    if pid == 0:
        try:
            os.close(jobs_out)
            os.close(results_in)
            _become_the_engine(serve, jobs_in, results_out)
        finally:
            os._exit(70)  # never back into the program's own code
    _signal.pthread_sigmask(_signal.SIG_UNBLOCK, _SIGNALS)
    os.close(jobs_in)
    os.close(results_out)
    _engine.append(EngineProcess(pid, jobs_out, results_in))
    shutdown.on_exit(stop_engine_process)


def ask(job: Any) -> Any | None:
    """The engine process's reply to `job`, or None when there is no engine process (or no
    more: the document is then rendered in this process)."""
    if not _engine:
        return None
    engine = _engine[0]
    try:
        send(engine.jobs, job)
        reply = receive(engine.results)
    except OSError:
        reply = None
    if reply is None:  # it is gone: reap it, and render here from now on
        stop_engine_process()
    return reply


def stop_engine_process(interrupted: bool = False) -> None:
    """Close the program's end of the pipes and wait for the engine process to end: it ends
    by itself once its import of WeasyPrint is over (a library lookup never stopped halfway
    leaves no file), removing its font folder. After STOP_GRACE seconds it is asked to end
    (SIGTERM: its handler lets a library lookup under way end and removes what it made),
    then stopped. Registered with `shutdown.on_exit`; a signal sent to the whole program
    (Ctrl-C in a terminal) has reached it already, and its handler has ended it."""
    del interrupted  # the same either way: nothing here waits on what a signal stopped
    if not _engine:
        return
    engine = _engine.pop()
    for fd in (engine.jobs, engine.results):
        os.close(fd)
    stops = ((None, STOP_GRACE), (_signal.SIGTERM, LOOKUP_GRACE + 0.5), (_signal.SIGKILL, None))
    for signum, grace in stops:
        if signum is not None:
            with contextlib.suppress(OSError):  # ended meanwhile
                os.kill(engine.pid, signum)
        if _ended(engine.pid, grace):
            return


def _ended(pid: int, grace: float | None) -> bool:
    """Whether the process `pid` (a child) ended within `grace` seconds (None: wait)."""
    if grace is None:
        os.waitpid(pid, 0)
        return True
    deadline = time.monotonic() + grace
    while True:
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                return True
        except ChildProcessError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.002)


def send(fd: int, message: Any) -> None:
    """Write one message (a pickle, after its length) whole."""
    import pickle

    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(_HEADER, "big") + data)
    while view:
        view = view[os.write(fd, view) :]


def receive(fd: int) -> Any | None:
    """Read one message; None at the end of the pipe (the other side has closed it)."""
    import pickle

    header = _read_exactly(fd, _HEADER)
    if header is None:
        return None
    data = _read_exactly(fd, int.from_bytes(header, "big"))
    # Only ever from the other end of this program's own pipe: a process it forked itself.
    return None if data is None else pickle.loads(data)  # noqa: S301


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = os.read(fd, min(size - len(chunks), 1 << 20))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def _become_the_engine(serve: Callable[[int, int], None], jobs: int, results: int) -> None:
    """The engine process's whole life: its own signal handlers, quiet streams, WeasyPrint
    loaded at once, then the jobs until the program closes its end of the pipe."""
    import tempfile

    with contextlib.suppress(OSError):  # none usable: told where a file is first needed
        tempfile.gettempdir()  # with the signals still blocked: `remove_lookup_files`
    for signum in _SIGNALS:
        _signal.signal(signum, _end_the_engine)
    _signal.pthread_sigmask(_signal.SIG_UNBLOCK, _SIGNALS)
    quiet = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(quiet, fd)
    os.close(quiet)
    try:
        serve(jobs, results)
    finally:  # the program closed its end, or is gone (a broken pipe)
        shutdown.run_cleanups()
        os._exit(0)


def _end_the_engine(signum: int, _frame: Any) -> None:
    """A signal in the engine process: let a library lookup under way end, remove what the
    process has made on disk, end."""
    wait_for_lookups()
    remove_lookup_files()
    shutdown.run_cleanups(interrupted=True)
    os._exit(128 + signum)


def wait_for_lookups(grace: float = LOOKUP_GRACE) -> None:
    """Wait, at most `grace` seconds, for the processes this one started to end: the C
    compiler of a library lookup (`remove_lookup_files`).

    The linker it runs replaces the lookup file with its own output and removes it when the
    link fails, as it always does there. Left alone after this process has gone, it would
    write its trace into a pipe nobody reads any more, be killed by that, and leave its
    output behind (a file `tmpXXXXXXXX`). Waiting for it, with that pipe still open, lets it
    end the usual way, in a few hundredths of a second."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                time.sleep(0.002)
        except ChildProcessError:
            return  # none left


def remove_lookup_files() -> None:
    """Remove the temporary file an unfinished WeasyPrint import holds open, before the
    process leaves without waiting for it.

    WeasyPrint asks cffi for Pango and its other libraries under several names; for each
    name the system does not know, Python's `ctypes.util.find_library` runs the C compiler
    with an empty temporary file (`tmpXXXXXXXX`) that it removes afterwards, unless the
    process is stopped in between. Nothing in WeasyPrint, cffi or Python lets the kit skip
    that lookup (the names are WeasyPrint's, the order cffi's), so the file is found among the
    ones this process has open (Linux's /proc/self/fd) in the temporary folder, and removed:
    a file of that name that this process holds open there is one Python would remove at
    its close anyway. When the linker has already put its own output in its place (the
    system then shows the open file as « tmpXXXXXXXX (deleted) ») and was stopped by the same
    signal before removing it, the file under that name is the linker's, made for this
    lookup alone: it is removed too.

    Run by a signal handler, it imports nothing and takes no lock: the code the signal
    stopped may hold one (`tempfile.gettempdir` holds its own while it first looks for the
    folder, so the engine process asks it before its signals can arrive)."""
    tempfile = sys.modules.get("tempfile")
    folder = getattr(tempfile, "tempdir", None)  # known once a temporary file has been made
    if folder is None:
        return
    folder = os.path.realpath(folder)
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return  # not Linux: nothing to look at
    for fd in fds:
        try:
            path = os.readlink(f"/proc/self/fd/{fd}").removesuffix(" (deleted)")
        except OSError:
            continue
        where, name = os.path.split(path)
        if where == folder and _is_a_temporary_name(name):
            with contextlib.suppress(OSError):
                os.unlink(path)


_TEMPORARY_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def _is_a_temporary_name(name: str) -> bool:
    """Python's default name for a temporary file: `tmp` and eight letters, digits or « _ »."""
    return len(name) == 11 and name.startswith("tmp") and set(name[3:]) <= _TEMPORARY_LETTERS


def load_engine() -> Any:
    """WeasyPrint, imported in this process (once)."""
    try:
        import weasyprint
    except (OSError, ImportError) as exc:
        raise UserError(
            "Le moteur PDF (WeasyPrint) ne peut pas démarrer : la bibliothèque Pango manque "
            "ou ne se charge pas.",
            INSTALL_HINT,
        ) from exc
    return weasyprint
