from __future__ import annotations

import datetime as dt

import pytest

from cafedemarches.letters.template import (
    fill_letter,
    placeholder_problems,
    plain_text,
    template_names,
)
from tests.letters.conftest import VALUES


def test_template_names_lists_placeholders_and_condition_names() -> None:
    assert template_names("{{ a }} {% if b %}{{ c|upper }}{% endif %}") == {"a", "b", "c"}


def test_unknown_placeholder_is_reported_with_its_key(letter) -> None:  # type: ignore[no-untyped-def]
    broken = letter.model_copy(update={"objet": "Recours du {{ date_decison }}"})
    problems = placeholder_problems(broken)
    assert len(problems) == 1 and "date_decison" in problems[0] and "objet" in problems[0]


def test_broken_template_syntax_is_reported(letter) -> None:  # type: ignore[no-untyped-def]
    broken = letter.model_copy(update={"corps": "Bonjour {{ nom "})
    assert any("illisible" in p for p in placeholder_problems(broken))


def test_shipped_letters_name_only_their_fields() -> None:
    from cafedemarches.letters.source import all_letters

    letters, broken = all_letters()
    assert letters and not broken
    for letter in letters:
        assert placeholder_problems(letter) == [], letter.id


def test_filled_letter_has_french_date_and_escapes_coordinator_text(letter) -> None:  # type: ignore[no-untyped-def]
    values = {**VALUES, "date_decision": "2 novembre 2026", "reference": ""}
    filled = fill_letter(letter, values, today=dt.date(2026, 11, 25))
    assert str(filled.place_and_date) == "À Grenoble, le 25 novembre 2026"
    assert "a &lt; b &amp; c &gt; d" in str(filled.body[1])
    assert "référence" not in plain_text(filled)
    assert str(filled.mode) == "Lettre recommandée avec accusé de réception"


@pytest.mark.parametrize(
    "value",
    [
        "<b>gras</b>",
        "{{ nom }}",
        "{% for x in range(10) %}x{% endfor %}",
        "{{ ''.__class__.__mro__ }}",
        "<style>@import url(file:///etc/passwd);</style>",
    ],
)
def test_values_are_text_never_markup_or_template(letter, value: str) -> None:  # type: ignore[no-untyped-def]
    filled = fill_letter(letter, {**VALUES, "motifs": value}, today=dt.date(2026, 11, 25))
    assert value in plain_text(filled)
    html = str(filled.body[2])
    assert "<" not in html and ">" not in html
    assert "{" not in value or "{{" in html or "{%" in html
