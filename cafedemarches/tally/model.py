"""What one line of the anonymous tally is: closed lists only, so nothing personal fits in it.

The stored values and their order are those of SPEC.md (« The tally »); the French labels are
what volunteers and funders read.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

from cafedemarches.errors import UserError
from cafedemarches.settings import SITE_MAX, site_error
from cafedemarches.text import visible
from cafedemarches.vocabulary import CHOICES, FIELDS, NOT_GIVEN, SESSION_FIELDS

__all__ = ["CHOICES", "FIELDS", "NOT_GIVEN", "SESSION_FIELDS"]  # and what follows

FIELD_LABELS: dict[str, str] = {
    "id": "identifiant de séance",
    "jour": "jour",
    "lieu": "lieu",
    "demarche": "démarche",
    "theme": "thème",
    "issue": "issue",
    "orientation": "orientation",
    "autonomie": "autonomie",
    "duree": "durée",
    "premiere_visite": "première visite",
    "tranche_age": "tranche d'âge",
    "statut": "situation",
}

DEMARCHE_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LIEU_MAX = SITE_MAX


class InvalidEntry(UserError, ValueError):
    """A tally value outside its closed list; the message is a French sentence (an expected
    failure: told to the user like every other)."""


def label(field_name: str, value: str) -> str:
    """The French label of a stored value (the value itself when it has none)."""
    return CHOICES.get(field_name, {}).get(value, value)


def value_error(field_name: str, value: str) -> str | None:
    """Why `value` cannot be stored in `field_name` (French), or None when it can."""
    if field_name in CHOICES:
        if value not in CHOICES[field_name]:
            allowed = ", ".join(CHOICES[field_name])
            return (
                f"« {visible(value)} » n'est pas une valeur possible pour {field_name} ({allowed})"
            )
        return None
    if field_name == "id":
        if not UUID_PATTERN.fullmatch(value):
            return (
                f"« {visible(value)} » n'est pas un identifiant de séance (un UUID en minuscules)"
            )
    elif field_name == "jour":
        try:
            ok = dt.date.fromisoformat(value).isoformat() == value
        except ValueError:
            ok = False
        if not ok:
            return f"« {visible(value)} » n'est pas une date AAAA-MM-JJ"
    elif field_name == "lieu":
        return lieu_error(value)
    elif field_name == "demarche" and not DEMARCHE_PATTERN.fullmatch(value):
        return (
            f"« {visible(value)} » n'est pas un identifiant de démarche "
            "(minuscules, chiffres, - et _)"
        )
    return None


def lieu_error(value: str) -> str | None:
    """Why `value` cannot be stored as a site: the one rule of `settings.site_error`, and no
    space at either end (names are stored as typed, trimmed)."""
    if value != value.strip():
        return "le lieu commence ou finit par un espace"
    return site_error(value)


def duree_bracket(minutes: float) -> str:
    """The stored duration bracket for a session that lasted `minutes`."""
    if minutes < 15:
        return "moins_15"
    if minutes < 30:
        return "15_30"
    if minutes < 60:
        return "30_60"
    return "plus_60"


def _new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class SessionEntry:
    """One session of the tally: its shared fields and one (démarche, thème, issue) per line."""

    jour: dt.date
    lieu: str
    demarches: tuple[tuple[str, str, str], ...]
    orientation: str = "aucune"
    autonomie: str = NOT_GIVEN
    duree: str = NOT_GIVEN
    premiere_visite: str = NOT_GIVEN
    tranche_age: str = NOT_GIVEN
    statut: str = NOT_GIVEN
    id: str = field(default_factory=_new_id)

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise InvalidEntry("Entrée du registre refusée : " + " ; ".join(problems) + ".")

    def problems(self) -> list[str]:
        found: list[str] = []
        if not isinstance(self.jour, dt.date) or isinstance(self.jour, dt.datetime):
            found.append("le jour doit être une date, sans heure")
        if not self.demarches:
            found.append("une séance compte au moins une démarche")
        seen: set[str] = set()
        for demarche, theme, issue in self.demarches:
            for name, value in (("demarche", demarche), ("theme", theme), ("issue", issue)):
                error = value_error(name, value)
                if error:
                    found.append(error)
            if demarche in seen:
                found.append(f"la démarche « {demarche} » est comptée deux fois")
            seen.add(demarche)
        for name in ("id", "lieu", *SESSION_FIELDS):
            error = value_error(name, getattr(self, name))
            if error:
                found.append(error)
        return found

    def rows(self) -> list[tuple[str, ...]]:
        """The CSV lines of this session, in FIELDS order."""
        shared = [getattr(self, name) for name in SESSION_FIELDS]
        return [
            (self.id, self.jour.isoformat(), self.lieu, demarche, theme, issue, *shared)
            for demarche, theme, issue in self.demarches
        ]
