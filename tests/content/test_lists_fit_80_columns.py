"""`demarches liste` and `lettres liste` at 80 columns: no line wider, every id whole (they are
typed in other commands)."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("group", ["demarches", "lettres"])
def test_list_fits_80_columns_with_every_id_whole(
    cli, monkeypatch: pytest.MonkeyPatch, group: str
) -> None:  # type: ignore[no-untyped-def]
    ids = [item["id"] for item in json.loads(cli(group, "liste", "--json").stdout)]
    assert max(len(i) for i in ids) > 25  # long ids exist: the test can fail
    monkeypatch.setenv("COLUMNS", "80")
    result = cli(group, "liste")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    first_words = {line.split()[0] for line in lines if line.strip()}
    assert set(ids) <= first_words, set(ids) - first_words
    assert not any(word.endswith("…") for word in first_words)
