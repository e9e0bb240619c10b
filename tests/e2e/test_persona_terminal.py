"""The persona of issue #22 at the table, in a real 80×24 terminal (tmux): « Je ne sais pas
encore », her answers, the sheet also in Arabic, her attestation of living alone filled in,
the sheet printed and the tally recorded. The test fails on more prompts than the goal, on a
line wider than the screen, on a question or a menu that does not fit the screen, or on
English words on the screen."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from benchmarks.personas import PERSONAS, question_texts

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(sys.platform == "win32", reason="pty"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux absent"),
]

PROGRAM = str(Path(sys.executable).parent / "cafedemarches")
WIDTH, HEIGHT = 80, 24
PERSONA = next(p for p in PERSONAS if "courrier rempli" in p.name)
COUNTER = re.compile(r"^\(\d+/\d+\)\s*")
INSTRUCTION = re.compile(r"\s*\((flèches|Espace pour cocher|\? pour l'aide)[^)]*\)")
# What an English program (questionary, less, make, Python) would print.
ENGLISH = re.compile(
    r"\(END\)|\bError\b|\berror\b|Answer:|Description:|\bdone\b|selections|Press |"
    r"Traceback|Use arrow|make: |Aborted|Interrupted"
)


@dataclass
class Table:
    """The terminal the volunteer looks at, in tmux."""

    socket: str
    seen: list[str] = field(default_factory=list)  # every screen, for the failure message

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def screen(self) -> list[str]:
        return self.tmux("capture-pane", "-p", "-t", "t").split("\n")[:HEIGHT]

    def history(self) -> list[str]:
        """Everything written so far, lines wrapped by the terminal joined back."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "t").split("\n")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def typed(self, text: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", text)

    def settled(self, ready: Callable[[list[str]], bool], timeout: float = 60) -> list[str]:
        """The screen once `ready(screen)` holds and nothing moved for a moment."""
        end = time.monotonic() + timeout
        last: list[str] = []
        while time.monotonic() < end:
            now = self.screen()
            if now == last and ready(now):
                self.seen.append("\n".join(now))
                return now
            last = now
            time.sleep(0.04)
        raise AssertionError("the screen did not settle:\n" + "\n".join(last))


@dataclass(frozen=True)
class Prompt:
    index: int  # its line in the whole history
    question: str  # without counter nor instruction
    is_list: bool  # a list still waiting (its instruction shows)


LIST_INSTRUCTIONS = ("(flèches", "(Espace pour cocher")


def last_prompt(history: list[str]) -> Prompt | None:
    """The last question written (a paragraph field's second « › », after its instruction,
    is not one)."""
    starts = [
        i
        for i, line in enumerate(history)
        if line.startswith("› ") and not (i and "Entrée sur une ligne vide" in history[i - 1])
    ]
    if not starts:
        return None
    index = starts[-1]
    text = history[index][2:]
    for line in history[index + 1 :]:
        if not re.match(r"^  \S", line):  # wrapped under itself, indented by 2
            break
        text += " " + line.strip()
    is_list = any(i in text.replace("\u00a0", " ") for i in LIST_INSTRUCTIONS)
    text = INSTRUCTION.sub("", text.replace("\u00a0", " ")).strip()
    return Prompt(index, COUNTER.sub("", text), is_list)


def is_new(prompt: Prompt | None, last: Prompt | None) -> bool:
    """A question not answered yet: below the last one answered, and not that one moved down
    (a long list redrawn lower once answered)."""
    if prompt is None:
        return False
    if last is None:
        return True
    return prompt.index > last.index and (
        prompt.is_list or not prompt.question.startswith(last.question)
    )


def in_pager(screen: list[str]) -> bool:
    """less, waiting at its French prompt on the last line."""
    return "q pour revenir" in screen[-1] or "q : revenir" in screen[-1]


def pointed(screen: list[str]) -> str:
    return next((line[3:].strip() for line in screen if line.startswith(" » ")), "")


def choose(table: Table, start: str) -> None:
    """Move the pointer down to the choice whose label starts with `start`, then Enter."""
    for _ in range(30):
        screen = table.screen()
        if pointed(screen).startswith(start):
            table.keys("Enter")
            return
        before = pointed(screen)
        table.keys("Down")
        table.settled(lambda s, b=before: pointed(s) != b, timeout=5)
    raise AssertionError(f"no choice « {start} » in:\n" + "\n".join(table.screen()))


def leave_paragraph_empty(table: Table, prompt: Prompt) -> None:
    """Enter on an empty line ends a paragraph field: on an empty field, it passes it."""
    table.keys("Enter")
    table.settled(lambda s: is_new(last_prompt(table.history()), prompt) or in_pager(s), timeout=10)


def keep_default(table: Table, prompt: Prompt) -> None:
    """Enter; a field that turns out to be required (its label is not among the persona's,
    say after a rewording) gets a plausible value: a date, else a town."""
    table.keys("Enter")
    if prompt.is_list:
        return
    try:
        table.settled(
            lambda s: is_new(last_prompt(table.history()), prompt) or in_pager(s), timeout=10
        )
    except AssertionError:
        table.typed("01/09/2024" if "date" in prompt.question.lower() else "Grenoble")
        table.keys("Enter")


def check_screen(screen: list[str], history: list[str]) -> None:
    wide = [line for line in history if len(line.rstrip()) > WIDTH]
    assert not wide, f"lines wider than {WIDTH} columns: {wide}"
    shown = "\n".join(screen)
    assert not ENGLISH.search(shown), f"English on the screen:\n{shown}"


def test_the_persona_of_issue_22_in_a_real_80x24_terminal(kit_home: Path, tmp_path: Path) -> None:
    from cafedemarches.content.index import shipped_folders
    from cafedemarches.content.loader import load_content

    content = load_content(shipped_folders(), deep=False)
    questions = {q.id: q for c in content.checklists.values() for q in c.questions}
    assert content.reperage is not None
    questions.update({q.id: q for q in content.reperage.questions})
    texts = question_texts()

    (kit_home / "config.yaml").write_text("lieu: Marché du mardi\n", encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    printed = tmp_path / "imprime.pdf"
    (bin_dir / "lp").write_text(f'#!/bin/sh\ncp "$1" "{printed}"\n', encoding="utf-8")
    (bin_dir / "lp").chmod(0o755)
    env = {
        "CAFEDEMARCHES_HOME": str(kit_home),
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "CAFEDEMARCHES_MODELE": "non",  # no estimate here: OpenFisca is not warmed
        "HOME": os.environ.get("HOME", str(tmp_path)),
    }
    command = " ".join(
        [
            "env -i",
            *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
            PROGRAM,
            "accueil",
            "--sortie",
            shlex.quote(str(tmp_path / "sortie")),
            f"; echo FIN-$? > {shlex.quote(str(tmp_path / 'fin'))}",
        ]
    )
    table = Table(f"cafe-{os.getpid()}")
    table.tmux("new-session", "-d", "-s", "t", "-x", str(WIDTH), "-y", str(HEIGHT), command)
    table.tmux("set-option", "-t", "t", "remain-on-exit", "on")
    picks = list(PERSONA.picks)
    answered = 0
    last: Prompt | None = None
    try:
        while True:

            def ready(screen: list[str], before: Prompt | None = last) -> bool:
                return (
                    is_new(last_prompt(table.history()), before)
                    or "Séance terminée" in "\n".join(screen)
                    or in_pager(screen)
                )

            screen = table.settled(ready)
            history = table.history()
            check_screen(screen, history)
            if in_pager(screen):
                table.keys("q")  # the pager: back to the session
                table.settled(lambda s: not in_pager(s), timeout=10)
                continue
            prompt = last_prompt(history)
            if not is_new(prompt, last):
                break  # « Séance terminée »
            assert prompt is not None
            last, question = prompt, prompt.question
            answered += 1
            shown = "\n".join(screen)
            qid = texts.get(question)
            if qid is not None and qid in PERSONA.answers:
                kind = questions[qid]
                value = PERSONA.answers[qid]
                if kind.type == "nombre":
                    table.typed(str(value))
                    table.keys("Enter")
                elif kind.type == "oui_non":
                    choose(table, "Oui" if value else "Non")
                else:
                    choose(table, (kind.choix or {})[value][:30])
            elif picks and question.startswith(picks[0][0]):
                choose(table, picks.pop(0)[1][:40])
            elif question.startswith("Et maintenant"):
                assert "Résultat" in shown, f"the results do not fit above the menu:\n{shown}"
                table.keys("Enter")  # c'est bon : la feuille
            elif question.startswith("Enregistrer, ou changer une case"):
                assert "Registre anonyme" in shown, f"the tally line does not fit:\n{shown}"
                table.keys("Enter")  # recorded as shown
            elif question.startswith("Lesquelles regarder"):
                assert "À regarder avec la personne" in shown, shown
                table.keys("Enter")  # every suggestion, as ticked
            elif any(question.startswith(k) for k in PERSONA.letter):
                value = next(v for k, v in PERSONA.letter.items() if question.startswith(k))
                table.typed(value)
                table.keys("Enter")
            elif any("Entrée sur une ligne vide" in line for line in history[prompt.index :]):
                leave_paragraph_empty(table, prompt)
            else:
                keep_default(table, prompt)  # optional fields, confirmations…
        assert "Séance terminée" in "\n".join(table.history())
        end = time.monotonic() + 20
        while not (tmp_path / "fin").exists() and time.monotonic() < end:
            time.sleep(0.1)
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            table.seen.append("\n".join(table.history()))
        subprocess.run(["tmux", "-L", table.socket, "kill-server"], check=False)
        # every screen seen, to read when the test fails
        (tmp_path / "ecrans.txt").write_text("\n\n=====\n".join(table.seen), encoding="utf-8")
    assert (tmp_path / "fin").read_text().strip() == "FIN-0"
    assert answered <= PERSONA.goal, f"{answered} prompts (goal {PERSONA.goal})"
    assert printed.exists()
    made = sorted(p.name for p in (tmp_path / "sortie").iterdir())
    assert any(n.startswith("attestation-isolement") for n in made), made
