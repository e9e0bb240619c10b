from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cafedemarches.dates import french_date
from cafedemarches.letters.dates import DateError, parse_date


@pytest.mark.parametrize(
    "text",
    ["02/11/2026", "2/11/2026", "2 novembre 2026", "2 Novembre 2026", " 02.11.2026 ", "2026-11-02"],
)
def test_typed_dates_in_common_french_forms_are_read(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 11, 2)


def test_first_of_month_prints_1er_and_accents_are_optional() -> None:
    assert parse_date("1er fevrier 2026") == dt.date(2026, 2, 1)
    assert french_date(dt.date(2026, 2, 1)) == "1er février 2026"
    assert french_date(dt.date(2026, 11, 25)) == "25 novembre 2026"


@pytest.mark.parametrize("text", ["31/02/2026", "30 février 2026", "12/13/2026", "00/01/2026"])
def test_impossible_dates_are_refused_without_repeating_them(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert text not in str(caught.value)


@pytest.mark.parametrize("text", ["demain", "2 brumaire 2026", "2/11", ""])
def test_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_french_date_reads_back(day: dt.date) -> None:
    assert parse_date(french_date(day)) == day
    assert parse_date(f"{day:%d/%m/%Y}") == day
