from __future__ import annotations

import datetime as dt

import pytest

from cafedemarches.content.templates import TemplateProblem, read_template
from cafedemarches.letters.template import fill_letter, plain_text
from tests.letters.conftest import VALUES


def test_template_names_lists_placeholders_and_condition_names() -> None:
    text = "{{ a }} {% if b and not d %}{{ c }}{% elif e == 'x' %}-{% endif %}"
    assert read_template(text).names == {"a", "b", "c", "d", "e"}


def test_a_broken_template_is_refused_with_its_line() -> None:
    with pytest.raises(TemplateProblem) as caught:
        read_template("Bonjour,\n\n{% if nom %}sans fin")
    assert "endif" in caught.value.message and caught.value.line == 3


def test_shipped_letters_all_read_and_are_valid() -> None:
    from cafedemarches.content.index import shipped_folders
    from cafedemarches.letters.source import all_letters, letter_files

    letters, broken = all_letters(shipped_folders())
    assert not broken
    assert {letter.id for letter in letters} == set(letter_files(shipped_folders())) != set()


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
