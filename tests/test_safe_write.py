"""Issue 23, point 3: one safe way to write a file (`files.write_file`), used by every command
that writes one. Real symbolic links; a full disk simulated by the system call that fails
(and by a tiny tmpfs where the tests may mount one)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cafedemarches import files
from cafedemarches.errors import UserError
from cafedemarches.session.prompter import ScriptedPrompter


def _fail_with(code: int):
    def fail(*args: object, **options: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_symlink_at_the_target_is_never_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "autre-personne.txt"
    victim.write_text("à garder")
    link = tmp_path / "vos-demarches.pdf"
    link.symlink_to(victim)
    for existing in ("refuse", "replace"):
        with pytest.raises(UserError, match="lien symbolique"):
            files.write_file(link, b"%PDF", existing=existing)
    written = files.write_file(link, b"%PDF", existing="next")
    assert written == tmp_path / "vos-demarches-2.pdf" and written.read_bytes() == b"%PDF"
    assert victim.read_text() == "à garder" and link.is_symlink()


def test_dangling_symlink_is_not_a_free_name(tmp_path: Path) -> None:
    elsewhere = tmp_path / "ailleurs" / "cible.pdf"
    link = tmp_path / "vos-demarches.pdf"
    link.symlink_to(elsewhere)
    with pytest.raises(UserError, match="lien symbolique"):
        files.write_file(link, b"%PDF")
    assert files.write_file(link, b"%PDF", existing="next").name == "vos-demarches-2.pdf"
    assert not elsewhere.parent.exists()


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "bilan.csv"
    target.write_text("ancien")
    target.chmod(0o640)
    with pytest.raises(UserError, match="existe déjà") as refused:
        files.write_text(target, "nouveau")
    assert "--remplacer" in (refused.value.hint or "")
    assert target.read_text() == "ancien"
    files.write_text(target, "nouveau", existing="replace")
    assert target.read_text() == "nouveau"
    assert target.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its permissions
    assert _listing(tmp_path) == ["bilan.csv"]


def test_next_free_name_skips_files_and_links(tmp_path: Path) -> None:
    (tmp_path / "f.pdf").write_text("1")
    (tmp_path / "f-2.pdf").symlink_to(tmp_path / "nulle-part")
    assert files.write_file(tmp_path / "f.pdf", b"3", existing="next").name == "f-3.pdf"


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        (errno.ENOSPC, "Le disque est plein"),
        (errno.EFBIG, "trop gros pour ce support"),
        (errno.EROFS, "en lecture seule"),
        (errno.EACCES, "Accès refusé"),
    ],
)
def test_system_refusals_are_one_french_sentence_and_leave_no_partial_file(
    tmp_path: Path, monkeypatch, code: int, sentence: str
) -> None:
    def half_then_fail(out) -> None:
        out.write(b"%PDF-1.7 une moitie")
        out.flush()
        raise OSError(code, os.strerror(code))

    with pytest.raises(UserError, match=sentence):
        files.write_file(tmp_path / "f.pdf", half_then_fail)
    assert _listing(tmp_path) == []
    monkeypatch.setattr(files.os, "fsync", _fail_with(code))
    with pytest.raises(UserError, match=sentence):
        files.write_file(tmp_path / "f.pdf", b"%PDF")
    assert _listing(tmp_path) == []


def test_without_hard_links_a_taken_name_is_still_refused(tmp_path: Path, monkeypatch) -> None:
    """FAT and exFAT USB keys have no hard links: the name is checked, then renamed onto."""
    monkeypatch.setattr(files.os, "link", _fail_with(errno.EPERM))
    target = tmp_path / "f.pdf"
    assert files.write_file(target, b"1") == target
    with pytest.raises(UserError, match="existe déjà"):
        files.write_file(target, b"2")
    assert files.write_file(target, b"2", existing="next").name == "f-2.pdf"
    assert target.read_bytes() == b"1" and _listing(tmp_path) == ["f-2.pdf", "f.pdf"]


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 64 kB tmpfs: a real full disk (only where the tests may mount one, as root)."""
    folder = tmp_path / "petit"
    folder.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("monter un tmpfs demande d'être root sous Linux")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("tmpfs impossible à monter ici")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_really_full_disk_leaves_nothing(tiny_disk: Path) -> None:
    with pytest.raises(UserError, match="Le disque est plein"):
        files.write_file(tiny_disk / "gros.pdf", os.urandom(200_000))
    assert _listing(tiny_disk) == []


# The commands, through the real entry point.


@pytest.fixture
def a_session(cli) -> None:
    assert cli("config", "--lieu", "Café du Port").exit_code == 0
    assert cli("registre", "ajouter", "--demarche", "rsa:faite").exit_code == 0


@pytest.fixture
def no_printer(kit_run) -> None:
    kit_run.which = lambda name: None  # no printer, no viewer


def test_copy_into_a_folder_with_a_dangling_link_takes_the_next_name(
    tmp_path: Path, monkeypatch
) -> None:
    from cafedemarches.cli import printing

    sheet = tmp_path / "prive" / "vos-demarches.pdf"
    sheet.parent.mkdir()
    sheet.write_bytes(b"%PDF feuille")
    key = tmp_path / "cle"
    key.mkdir()
    elsewhere = tmp_path / "ailleurs.pdf"
    (key / "vos-demarches.pdf").symlink_to(elsewhere)
    copied = printing.copy_files(ScriptedPrompter([str(key)]), [sheet])
    assert copied == [key / "vos-demarches-2.pdf"]
    assert copied[0].read_bytes() == b"%PDF feuille"
    assert not elsewhere.exists()


def test_copy_to_a_full_key_says_so_and_leaves_no_partial_file(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from cafedemarches.cli import printing

    sheet = tmp_path / "vos-demarches.pdf"
    sheet.write_bytes(b"%PDF feuille")
    key = tmp_path / "cle"
    key.mkdir()
    monkeypatch.setattr(files.os, "fsync", _fail_with(errno.ENOSPC))
    assert printing.copy_files(ScriptedPrompter([str(key)]), [sheet]) == []
    assert "Le disque est plein" in capsys.readouterr().err
    assert _listing(key) == []


@pytest.mark.parametrize(
    "args",
    [
        ("bilan", "--format", "pdf", "--mois", "2026-11"),
        ("bilan", "--format", "json", "--mois", "2026-11"),
        ("registre", "exporter"),
        ("lettres", "remplir", "attestation-hebergement", "--vierge"),
    ],
)
def test_commands_on_a_full_disk_say_so_and_leave_nothing(
    cli, a_session, tmp_path: Path, monkeypatch, args
) -> None:
    monkeypatch.setattr(files.os, "fsync", _fail_with(errno.ENOSPC))
    result = cli(*args, "--sortie", str(tmp_path))
    assert result.exit_code == 1
    assert "Le disque est plein" in result.stderr
    assert "Erreur inattendue" not in result.stderr and "Traceback" not in result.stderr
    assert _listing(tmp_path) == []


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("bilan", "--format", "csv", "--mois", "2026-11"), "bilan-2026-11.csv"),
        (("registre", "exporter"), "registre-complet.csv"),
        (
            ("lettres", "remplir", "attestation-hebergement", "--vierge"),
            "attestation-hebergement-vierge.pdf",
        ),
    ],
)
def test_commands_replace_a_file_only_with_remplacer(
    cli, a_session, tmp_path: Path, args, name
) -> None:
    target = tmp_path / name
    target.write_text("à garder")
    refused = cli(*args, "--sortie", str(tmp_path))
    assert refused.exit_code == 1 and "existe déjà" in refused.stderr
    assert target.read_text() == "à garder"
    link = tmp_path / "lien"
    link.mkdir()
    (link / name).symlink_to(target)
    through = cli(*args, "--sortie", str(link), "--remplacer")
    assert through.exit_code == 1 and "lien symbolique" in through.stderr
    assert target.read_text() == "à garder"
    replaced = cli(*args, "--sortie", str(tmp_path), "--remplacer")
    assert replaced.exit_code == 0, replaced.stderr
    assert target.read_text(errors="replace") != "à garder"


def test_export_on_a_full_disk_prints_no_python_exception(a_session, tmp_path: Path) -> None:
    code = (
        "import errno, os, sys\n"
        "from cafedemarches import files\n"
        "def full(fd): raise OSError(errno.ENOSPC, 'full')\n"
        "files.os.fsync = full\n"
        "from cafedemarches.cli.app import main\n"
        "main(['registre', 'exporter', '--sortie', sys.argv[1]])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "r.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Le disque est plein" in done.stderr
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
