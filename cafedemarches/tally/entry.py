"""Building one tally entry: the rules shared by the guided session, its replay and
`registre ajouter` (defaults, the issue proposed per procedure, the site it needs).

The command line only asks and shows; what is recorded, and what a left-out answer becomes, is
decided here, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cafedemarches.errors import UserError, os_reason
from cafedemarches.tally import pending
from cafedemarches.tally.model import (
    CHOICES,
    NOT_GIVEN,
    SESSION_FIELDS,
    SessionEntry,
    duree_bracket,
    lieu_error,
)
from cafedemarches.tally.store import AlreadyRecorded, RegisterBusy, open_tally

# What a left-out session field becomes: the orientation list has no « not given » (no
# orientation was noted), every other field does.
DEFAULTS: dict[str, str] = {name: NOT_GIVEN for name in SESSION_FIELDS} | {"orientation": "aucune"}

# The session fields the volunteer is asked about (the duration is measured, or given).
ASKED_FIELDS: tuple[str, ...] = (
    "orientation",
    "autonomie",
    "premiere_visite",
    "tranche_age",
    "statut",
)

SITE_HINT = 'Réglez-le une fois pour toutes : cafedemarches config --lieu "Café du Marché"'


def closed_value_error(name: str, value: str) -> str | None:
    """Why `value` is not one of the closed list `name` (French, without the field's name),
    or None when it is."""
    if value in CHOICES[name]:
        return None
    return f"« {value} » n'est pas parmi : {', '.join(CHOICES[name])}"


def duree_value(text: str) -> str:
    """A duration given in words of the list (`moins_15`…) or in minutes (`20`): the bracket
    stored. A value in neither form is returned as is, for `closed_value_error` to refuse."""
    if text.strip().isdigit():
        return duree_bracket(int(text.strip()))
    return text


def issue_left_out(procedure: str, *, asked_later: bool) -> str:
    """The issue of a procedure given without one: « à terminer » when the volunteer will see
    it on the one-screen line and can change it; otherwise none can be guessed (an error)."""
    if asked_later:
        return "a_terminer"
    raise UserError(
        f"Il manque l'issue de la démarche « {procedure} ».",
        f"Écrivez-la après deux-points, par exemple --demarche {procedure}:faite "
        f"(issues possibles : {', '.join(CHOICES['issue'])}).",
    )


def default_issue(steps: Iterable[str], done: Iterable[str]) -> str:
    """The issue proposed for a procedure: « faite » when all its steps were ticked."""
    wanted = list(steps)
    ticked = set(done)
    return "faite" if wanted and all(s in ticked for s in wanted) else "a_terminer"


def site(lieu: str | None) -> str:
    """The site for the tally, from the configuration; a French error when it is not set or
    cannot be stored."""
    if not lieu:
        raise UserError(
            "Le lieu de la permanence n'est pas réglé : le registre en a besoin.", SITE_HINT
        )
    error = lieu_error(lieu)
    if error:
        raise UserError(
            f"Le lieu réglé ne convient pas au registre : {error}.",
            'Changez-le : cafedemarches config --lieu "Café du Marché"',
        )
    return lieu


def build_entry(
    lieu: str | None,
    demarches: Iterable[tuple[str, str, str]],
    fields: Mapping[str, str | None] | None = None,
    *,
    minutes: float | None = None,
    day: dt.date | None = None,
) -> SessionEntry:
    """One session of the tally. A field left out (or None) gets its default; the duration is
    the bracket of `minutes` when it is not given. Every refusal is a French `UserError`
    (`InvalidEntry` for a value outside its list)."""
    given = dict(fields or {})
    unknown = sorted(set(given) - set(SESSION_FIELDS))
    if unknown:
        raise UserError(f"Champ inconnu pour le registre : « {unknown[0]} ».")
    values = {name: given.get(name) or DEFAULTS[name] for name in SESSION_FIELDS}
    if given.get("duree") is None and minutes is not None:
        values["duree"] = duree_bracket(minutes)
    # A refused value raises InvalidEntry, a UserError: told in French at the boundary.
    return SessionEntry(
        jour=day or dt.date.today(), lieu=site(lieu), demarches=tuple(demarches), **values
    )


@dataclass
class Recorded:
    """Where a session went: the register, or the pending file (`kept`) and why; and what
    the opening of the register filed of the sessions waiting before it."""

    kept: Path | None = None
    reason: str = ""
    repair: str | None = None  # what to do about the register (None: only busy, it will pass)
    filed: int = 0
    set_aside: list[Path] = field(default_factory=list)


def record(tally_file: Path, entry: SessionEntry) -> Recorded:
    """Add the session to the tally. Whatever keeps the register from taking it (busy, locked
    by another program, from a newer version, damaged, a full disk) keeps it in the pending
    folder instead, to be filed at the next opening; only when that fails too is it an error,
    which gives the command that notes it again."""
    try:
        with open_tally(tally_file) as tally:
            filing = tally.filing
            tally.record(entry)
    except AlreadyRecorded:
        raise
    except RegisterBusy as exc:
        reason, repair = exc.message, None
    except UserError as exc:
        reason, repair = exc.message, exc.hint or ""
    except OSError as exc:
        reason, repair = f"Le registre n'a pas pu être écrit ({os_reason(exc)}).", ""
    else:
        return Recorded(filed=filing.filed, set_aside=filing.set_aside)
    try:
        kept = pending.keep(tally_file, entry)
    except UserError as exc:
        raise UserError(
            f"La séance n'a pas pu être notée : {reason} Elle n'a pas pu être gardée en attente "
            f"non plus : {exc.message}",
            f"Notez-la quand ce sera réparé : {retype_command(entry)}",
        ) from exc
    return Recorded(kept=kept, reason=reason, repair=repair)


def retype_command(entry: SessionEntry) -> str:
    """The command that records the same session again (today, on this laptop's site)."""
    words = ["cafedemarches registre ajouter"]
    words += [f"--demarche {demarche}:{issue}" for demarche, _, issue in entry.demarches]
    options = {
        "duree": "--duree",
        "premiere_visite": "--premiere-visite",
        "tranche_age": "--age",
        "statut": "--statut",
        "autonomie": "--autonomie",
        "orientation": "--orientation",
    }
    words += [f"{option} {getattr(entry, name)}" for name, option in options.items()]
    return " ".join(words)
