"""Hypothesis mutates valid files at random: `verifier` never shows a traceback, never hangs."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contenu"
ORIGINAL = (
    (FIXTURES / "checklists" / "essai-logement.yaml").read_text(encoding="utf-8").splitlines()
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(ORIGINAL)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "char", "indent"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = draw(st.sampled_from([" ", "\t", "  "])) + lines[i]
        elif lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            char = draw(st.sampled_from([*list(":-'\"{}[]&*!|>#%@`,?\\\x00\x07é "), "\n"]))
            lines[i] = lines[i][:k] + char + lines[i][k + 1 :]
    return "\n".join(lines) + "\n"


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_mutated_checklists_never_crash_the_verifier(cli, tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("mutation")
    path = folder / "essai-logement.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr
    assert "inattendue" not in result.stderr, result.stderr
