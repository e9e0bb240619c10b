"""The verifier's fast reading of letter templates agrees with the sandbox that fills them."""

from __future__ import annotations

import pytest

from cafedemarches.content.index import shipped_folders
from cafedemarches.content.letters import simple_template_names
from cafedemarches.content.loader import load_content
from cafedemarches.letters.template import template_names, template_texts


def test_fast_reading_agrees_with_jinja_on_every_shipped_letter() -> None:
    letters = load_content(shipped_folders()).letters
    assert letters
    for letter in letters.values():
        for _, text in template_texts(letter):
            fast = simple_template_names(text)
            assert fast is None or fast == template_names(text), text


@pytest.mark.parametrize(
    "text",
    [
        "{{ nom | upper }}",
        "{% for x in y %}{{ x }}{% endfor %}",
        "{% if a %}sans fin",
        "{{ a.b }}",
        "{# commentaire #}",
        "{{ a }} }}",
        "{% if a and b %}x{% endif %}",
    ],
)
def test_anything_beyond_names_and_if_goes_to_jinja(text: str) -> None:
    assert simple_template_names(text) is None


def test_names_and_conditions_are_read() -> None:
    text = "À {{ ville }}.{% if numero %} N° {{ numero }}.{% else %} —{% endif %}"
    assert simple_template_names(text) == {"ville", "numero"} == template_names(text)
