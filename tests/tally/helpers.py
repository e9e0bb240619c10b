"""Shared builders for the tally tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cafedemarches.settings import Paths, load_config, save_config
from cafedemarches.tally.model import SessionEntry


def set_site(lieu: str = "Café du Coin", **extra: object) -> None:
    paths = Paths.from_environment()
    config = load_config(paths)
    config.lieu = lieu
    for key, value in extra.items():
        setattr(config, key, value)
    save_config(paths, config)


def entry(day: str = "2026-11-25", lieu: str = "Café du Coin", **fields: str) -> SessionEntry:
    demarches = (("rsa", "social_sante", "faite"), ("aide-logement", "logement", "a_terminer"))
    return SessionEntry(jour=dt.date.fromisoformat(day), lieu=lieu, demarches=demarches, **fields)


def tally_path() -> Path:
    return Paths.from_environment().tally_file
