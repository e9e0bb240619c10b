"""Dates as volunteers type them (« 02/11/2026 », « 2 novembre 2026 ») and as letters print them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from cafedemarches.dates import MONTHS


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_MONTH_NUMBERS = {_plain(name): i for i, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBERS.update({"fev": 2, "fevr": 2, "janv": 1, "sept": 9, "oct": 10, "nov": 11, "dec": 12})

_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})(?:er|ᵉʳ)?\s+([^\W\d_]+)\.?\s+(\d{4})$")

DATE_HELP = "Écrivez la date comme 02/11/2026 ou « 2 novembre 2026 »."


class DateError(ValueError):
    """A typed date that cannot be read, or that does not exist. Its message never repeats it."""


def parse_date(text: str) -> dt.date:
    """Read « 02/11/2026 », « 2/11/2026 », « 2 novembre 2026 », « 1er mai 2026 » or 2026-11-02."""
    value = " ".join(text.strip().split())
    if match := _NUMERIC.match(value):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _WORDS.match(value):
        day, year = int(match[1]), int(match[3])
        month_number = _MONTH_NUMBERS.get(_plain(match[2]))
        if month_number is None:
            raise DateError(f"mois inconnu. {DATE_HELP}")
        month = month_number
    else:
        raise DateError(f"date illisible. {DATE_HELP}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError("cette date n'existe pas (jour ou mois impossible).") from None
