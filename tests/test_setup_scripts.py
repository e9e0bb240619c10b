"""The set-up scripts a newcomer meets: what they say when the system lacks something, and the
one line `make run` prints about reaching the `cafedemarches` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or shutil.which("bash") is None, reason="bash"
)


def fake_bin(folder: Path, scripts: dict[str, str]) -> str:
    folder.mkdir()
    for name, body in scripts.items():
        path = folder / name
        path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
        path.chmod(0o755)
    return f"{folder}:{os.environ['PATH']}"


def test_system_deps_names_python3_venv_when_ensurepip_is_missing(tmp_path: Path) -> None:
    real = sys.executable
    path = fake_bin(
        tmp_path / "bin",
        {
            "pythonsansvenv": f'case "$*" in *ensurepip*) exit 1;; *) exec {real} "$@";; esac',
            "id": "echo 1000",  # not root: the script says what to type instead of installing
        },
    )
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "system-deps.sh")],
        env={**os.environ, "PATH": path, "PY": "pythonsansvenv"},
        capture_output=True,
        text=True,
        check=False,
    )
    if sys.platform != "linux":
        pytest.skip("the check runs on Linux only")
    assert result.returncode == 1
    assert "sudo apt-get install python3-venv" in result.stderr
    assert "ensurepip" not in result.stderr


def test_make_run_says_once_how_to_reach_the_command(tmp_path: Path) -> None:
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    script = str(ROOT / "scripts" / "where-is-the-command.sh")
    env = {**os.environ, "PATH": "/usr/bin:/bin"}  # no cafedemarches on this PATH
    args = ["bash", script, str(venv_bin), str(tmp_path / "local-bin")]
    first = subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout
    assert "make install" in first and f"{venv_bin}/cafedemarches" in first
    second = subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout
    assert second == ""


def test_the_make_run_hint_breaks_no_word_at_80_columns(tmp_path: Path) -> None:
    deep = tmp_path / ("un-dossier-au-nom-assez-long-" * 3) / "cafedemarches"
    venv_bin = deep / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    script = str(ROOT / "scripts" / "where-is-the-command.sh")
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    args = ["bash", script, str(venv_bin), str(deep / "bin-de-l-utilisateur")]
    said = subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout
    # each path alone on its line (a terminal may cut a path, never a sentence)
    assert all(len(line) <= 80 for line in said.splitlines() if not line.startswith("  /"))
    assert f"  {venv_bin}/cafedemarches" in said.splitlines()


@pytest.mark.skipif(shutil.which("make") is None, reason="make")
def test_ctrl_c_under_make_run_ends_without_make_s_english_error(kit_home: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    stamp = ROOT / ".venv" / ".installed"
    if not stamp.exists() or stamp.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime:
        pytest.skip("make run would install the kit first")
    (kit_home / "config.yaml").write_text("lieu: Marché du mardi\n", encoding="utf-8")
    env = {**os.environ, "CAFEDEMARCHES_HOME": str(kit_home), "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        "make",
        ["--no-print-directory", "-C", str(ROOT), "run"],
        env=env,
        encoding="utf-8",
        dimensions=(24, 80),
    )
    try:
        child.expect_exact("Quelle démarche", timeout=30)
        child.sendcontrol("c")
        child.expect(pexpect.EOF, timeout=20)
    finally:
        child.close()
    assert "Error" not in child.before and "make:" not in child.before  # was « Error 130 »
    assert child.exitstatus == 0


def _make(target: str, bindir: Path) -> subprocess.CompletedProcess[str]:
    """`make install` / `make uninstall` of this checkout, with its link in `bindir`."""
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), target, f"BINDIR={bindir}"],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make")
def test_make_install_replaces_and_uninstall_removes_only_this_checkouts_link(
    tmp_path: Path,
) -> None:
    """Issue 23: a `cafedemarches` that is another program (a file, a link elsewhere, another
    copy of the kit) is never replaced by `make install` nor removed by `make uninstall`."""
    ours = ROOT / ".venv" / "bin" / "cafedemarches"
    if not ours.exists():
        pytest.skip("the kit is not installed in .venv")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    link = bindir / "cafedemarches"
    other = tmp_path / "autre-programme"
    other.write_text("#!/bin/sh\necho autre\n")
    for elsewhere in (other, tmp_path / "autre-copie" / ".venv" / "bin" / "cafedemarches"):
        link.symlink_to(elsewhere)
        refused = _make("install", bindir)
        assert refused.returncode != 0 and "rien n'est changé" in refused.stderr
        assert os.readlink(link) == str(elsewhere)
        kept = _make("uninstall", bindir)
        assert kept.returncode == 0 and "laissé tel quel" in kept.stderr
        assert os.readlink(link) == str(elsewhere)
        link.unlink()
    link.write_text("un fichier")
    assert _make("install", bindir).returncode != 0 and link.read_text() == "un fichier"
    link.unlink()
    installed = _make("install", bindir)
    assert installed.returncode == 0, installed.stderr
    assert os.readlink(link) == str(ours)
    assert _make("install", bindir).returncode == 0  # its own link: replaced
    removed = _make("uninstall", bindir)
    assert removed.returncode == 0 and "Commande retirée" in removed.stdout
    assert not link.exists() and not link.is_symlink()
    assert other.read_text() == "#!/bin/sh\necho autre\n"
