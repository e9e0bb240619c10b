"""The one builder of a tally entry, shared by `accueil`, its replay and `registre ajouter`."""

from __future__ import annotations

import datetime as dt

import pytest

from cafedemarches.errors import UserError
from cafedemarches.tally.entry import build_entry, default_issue, site
from cafedemarches.tally.model import NOT_GIVEN


def test_left_out_fields_get_their_defaults() -> None:
    entry = build_entry("Café", [("rsa", "social_sante", "faite")], {"statut": None})
    assert entry.orientation == "aucune"
    assert entry.statut == NOT_GIVEN
    assert entry.duree == NOT_GIVEN
    assert entry.jour == dt.date.today()


def test_duration_is_measured_unless_given() -> None:
    lines = [("rsa", "social_sante", "faite")]
    assert build_entry("Café", lines, minutes=42).duree == "30_60"
    assert build_entry("Café", lines, {"duree": "moins_15"}, minutes=42).duree == "moins_15"


def test_issue_proposed_from_the_ticked_steps() -> None:
    assert default_issue(["a", "b"], {"a", "b"}) == "faite"
    assert default_issue(["a", "b"], {"a"}) == "a_terminer"
    assert default_issue([], set()) == "a_terminer"


@pytest.mark.parametrize("lieu", [None, "", " Café", "Café\tdu coin", "x" * 200])
def test_a_site_the_tally_cannot_hold_is_a_french_error(lieu: str | None) -> None:
    with pytest.raises(UserError, match="lieu"):
        site(lieu)


def test_a_refused_value_is_a_user_error_not_invalid_entry() -> None:
    with pytest.raises(UserError, match="valeur possible"):
        build_entry("Café", [("rsa", "social_sante", "gagnee")])
    with pytest.raises(UserError, match="deux fois"):
        build_entry("Café", [("rsa", "social_sante", "faite")] * 2)
