"""A text longer than the screen, shown one page at a time with `less`, its prompts in French
(the default ones say « (END) »); printed as is when there is no terminal or no `less`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.pager import Pager

# less's prompt language: `?e…:….` is « at the end of the file … otherwise … », `\:` a colon.
# Plain ASCII: less shows accented letters of a prompt as control characters.
PROMPT = (
    r"?eFin du texte \: q pour revenir:Espace \: page suivante, b \: page d'avant, q \: revenir."
)


def show_text(text: str) -> None:
    """`text` in the pager (q goes back), or printed when no pager can be used."""
    less = shutil.which("less")
    if less is None or not sys.stdout.isatty():
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    # -R: colours as they are; -S off: long lines wrap; -P: every prompt in French;
    # -X: the text stays on the screen after q (the volunteer reads on below it).
    env = {**os.environ, "LESSCHARSET": "utf-8"}
    env.pop("LESS", None)  # the volunteer's own options could hide the prompts
    command = [less, "-R", "-X", "-Ps" + PROMPT, "-Pm" + PROMPT, "-PM" + PROMPT]
    try:
        subprocess.run(command, input=text, text=True, env=env, check=False)
    except OSError:
        sys.stdout.write(text)
        sys.stdout.flush()


def french_pager() -> Pager:
    """rich's Pager for `Console.pager(pager=french_pager())`."""
    from rich.pager import Pager

    class FrenchPager(Pager):
        def show(self, content: str) -> None:
            show_text(content)

    return FrenchPager()
