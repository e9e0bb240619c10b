"""Issue 23, point 2: imports leave nothing. The staging file is removed on every ending the
import sees; one left by a killed import is removed by the next import or opening, and told
by `diagnostic` with its size until then."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cafedemarches.tally import staging
from cafedemarches.tally.csvio import import_files, write_csv
from cafedemarches.tally.store import open_tally

from .helpers import entry, set_site, tally_path


@pytest.fixture(autouse=True)
def site() -> None:
    set_site()


def _export(tmp_path: Path, count: int) -> Path:
    source = tmp_path / "autre.csv"
    other = tmp_path / "autre"
    other.mkdir()
    with open_tally(other / "registre.sqlite3") as tally:
        for _ in range(count):
            tally.record(entry())
        with source.open("w", encoding="utf-8", newline="") as out:
            write_csv(tally.rows(), out)
    return source


def _leftovers() -> list[str]:
    return sorted(p.name for p in tally_path().parent.glob(".import-*"))


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_refused_and_interrupted_imports_leave_no_staging_file(tmp_path: Path) -> None:
    source = _export(tmp_path, 3)
    bad = tmp_path / "abime.csv"
    bad.write_text(source.read_text().replace("rsa", "RSA!"))
    with open_tally(tally_path()) as tally:
        with pytest.raises(Exception, match="Import refusé"):
            import_files(tally, [bad])
        assert _leftovers() == []

        def interrupt(position: int) -> None:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            import_files(tally, [source], interrupt)
        assert _leftovers() == []
        assert tally.counts() == (0, 0)


def test_staging_file_of_a_killed_import_is_told_then_removed(cli, tmp_path: Path) -> None:
    set_site()
    folder = tally_path().parent
    left = folder / f".import-{_dead_pid()}-abcd1234.sqlite3"
    left.write_bytes(b"\0" * 3 * 1024 * 1024)
    alive = folder / f".import-{os.getpid()}-efgh5678.sqlite3"  # an import still running
    alive.write_bytes(b"\0")
    report = cli("diagnostic")
    assert f"{left} (3 Mo)" in report.stdout
    assert str(alive) not in report.stdout
    cli("registre", "ajouter", "--demarche", "rsa:faite")  # the next opening removes it
    assert not left.exists() and alive.exists()
    assert "import interrompu" not in cli("diagnostic").stdout


def test_staging_file_without_owner_is_removed_once_old(tmp_path: Path) -> None:
    folder = tally_path().parent
    folder.mkdir(parents=True, exist_ok=True)
    old = folder / ".import-k3j4h5.sqlite3"  # named by an older kit
    old.write_bytes(b"\0")
    recent = folder / ".import-z9y8x7.sqlite3"
    recent.write_bytes(b"\0")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    source = _export(tmp_path, 1)
    with open_tally(tally_path()) as tally:
        import_files(tally, [source])
    assert not old.exists() and recent.exists()


@pytest.mark.skipif(sys.platform.startswith("win"), reason="signals")
def test_import_killed_by_sigterm_removes_its_staging_file(tmp_path: Path) -> None:
    source = _export(tmp_path, 1)
    big = tmp_path / "gros.csv"
    lines = source.read_text().splitlines()
    row = lines[1].split(",")
    with big.open("w") as out:
        out.write(lines[0] + "\n")
        for n in range(400_000):
            row[0] = f"{n:08x}-0000-4000-8000-000000000000"
            out.write(",".join(row) + "\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "cafedemarches", "registre", "importer", str(big)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not _leftovers() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _leftovers(), "the import did not start"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 143
    assert _leftovers() == []
    assert staging.stale(tally_path().parent) == []
