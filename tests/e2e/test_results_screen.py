"""The results screen in a real 80×24 terminal: a short summary that fits, lines wrapped and
never cut, then what to do next."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect

PROGRAM = str(Path(sys.executable).parent / "cafedemarches")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


def test_results_fit_an_80_by_24_screen(kit_home: Path, tmp_path: Path) -> None:
    (kit_home / "config.yaml").write_text("lieu: Marché du mardi\n", encoding="utf-8")
    env = {
        **os.environ,
        "CAFEDEMARCHES_HOME": str(kit_home),
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # pexpect does not answer cursor position requests
    }
    env.pop("COLUMNS", None)
    procedures = ["rsa", "prime-activite", "aide-logement", "complementaire-sante-solidaire"]
    args = ["accueil", "--sans-registre", "--sortie", str(tmp_path / "sortie")]
    for procedure in procedures:
        args += ["--demarche", procedure]
    child = pexpect.spawn(PROGRAM, args, env=env, encoding="utf-8", dimensions=(24, 80))
    try:
        number = 1
        while True:
            found = child.expect([rf"\({number}/\d+\) ([^\r\n?]*)", "Et maintenant"], timeout=30)
            if found == 1:
                break
            text = child.match.group(1)
            child.send("30\r" if "âge" in text else "1\r" if "Combien" in text else "\r")
            number += 1
        screen = ANSI.sub("", child.before)
        shown = screen[screen.rindex("Résultat") :]
        lines = shown.split("\n")
        child.send("\r")  # c'est bon : faire la feuille
        child.expect("Séance terminée", timeout=60)
        child.expect(pexpect.EOF, timeout=20)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert all(len(line) <= 80 for line in lines), [x for x in lines if len(x) > 80]
    assert len(lines) <= 24 - 7, shown  # room left for the menu below
    flat = " ".join(shown.split())
    for title in ("Demander le RSA (revenu de solidarité active)", "Demander la prime d'activité"):
        assert title in flat  # wrapped at a space when too long, never cut
    assert "4 démarches" in flat and "papiers à rassembler" in flat
