"""Real processes: concurrent recording loses nothing; a killed import is all or nothing."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from cafedemarches.tally.model import FIELDS
from cafedemarches.tally.store import open_tally

from .helpers import set_site, tally_path

ROOT = Path(__file__).resolve().parents[2]
RECORDER = """
import datetime as dt, sys
from pathlib import Path
from cafedemarches.tally.model import SessionEntry
from cafedemarches.tally.store import open_tally
for _ in range(int(sys.argv[2])):
    with open_tally(Path(sys.argv[1])) as tally:
        tally.record(SessionEntry(jour=dt.date(2026, 11, 25), lieu="Café",
                                  demarches=(("rsa", "social_sante", "faite"),)))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_four_processes_recording_at_once_lose_nothing() -> None:
    path = tally_path()
    with open_tally(path):
        pass
    procs = [
        subprocess.Popen([sys.executable, "-c", RECORDER, str(path), "40"], env=_env())
        for _ in range(4)
    ]
    assert [p.wait(timeout=100) for p in procs] == [0, 0, 0, 0]
    with open_tally(path) as tally:
        assert tally.counts() == (160, 160)


def test_two_cli_processes_recording_at_once_both_succeed() -> None:
    set_site()
    args = [sys.executable, "-m", "cafedemarches", "registre", "ajouter", "--demarche", "rsa:faite"]
    procs = [
        subprocess.Popen(args, env=_env(), stdin=subprocess.DEVNULL, cwd=ROOT) for _ in range(3)
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    with open_tally(tally_path()) as tally:
        assert tally.counts() == (3, 3)


def _big_csv(path: Path, sessions: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        for _ in range(sessions):
            writer.writerow(
                [
                    str(uuid.uuid4()),
                    "2026-11-02",
                    "Marché",
                    "rsa",
                    "social_sante",
                    "faite",
                    "aucune",
                    "autonome",
                    "15_30",
                    "oui",
                    "25_39",
                    "retraite",
                ]
            )


def test_import_killed_midway_leaves_all_or_nothing(tmp_path: Path) -> None:
    path = tally_path()
    with open_tally(path):
        pass
    source = tmp_path / "gros.csv"
    _big_csv(source, 500_000)  # ≈ 3 s of import: still running at 1.2 s
    proc = subprocess.Popen(
        [sys.executable, "-m", "cafedemarches", "registre", "importer", str(source)],
        env=_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL  # it was still importing
    with open_tally(path) as tally:
        sessions, _ = tally.counts()
        check = tally.conn.execute("PRAGMA integrity_check").fetchone()[0]
    assert check == "ok"
    assert sessions in (0, 500_000)
