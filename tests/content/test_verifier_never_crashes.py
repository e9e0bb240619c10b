"""Hypothesis mutates valid files at random: the loader behind `demarches verifier` never
raises, never hangs, and every problem it finds names the file."""

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
def test_mutated_checklists_never_crash_the_loader(tmp_path_factory, text: str) -> None:
    from cafedemarches.content.loader import load_content

    folder = tmp_path_factory.mktemp("mutation")
    path = folder / "essai-logement.yaml"
    path.write_text(text, encoding="utf-8")
    content = load_content([folder])  # what `demarches verifier` runs, without the CLI
    assert all(p.path == path and p.message for p in content.problems), content.problems
    if not content.errors:
        assert set(content.checklists) == {"essai-logement"}


def test_a_mutated_file_through_the_cli_is_one_french_report(cli, tmp_path) -> None:
    path = tmp_path / "essai-logement.yaml"
    path.write_text("\n".join(ORIGINAL[:5]) + "\n  - [\n", encoding="utf-8")
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1
    assert f"{path}:" in result.stderr
    assert "Traceback" not in result.stderr and "inattendue" not in result.stderr
