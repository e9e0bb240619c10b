"""The rules of the configuration's values (the site's name, the association, the bounded
numbers): one sentence in French for each value refused. Imports only the rule on characters
that would show something else than they say (`text`): the configuration
file's model (`configfile`), `config --lieu`, the guided session and the register's import all
use them."""

from __future__ import annotations

from cafedemarches.text import hidden_error

SITE_MAX = 80
# A cell starting with one of these is a formula in a spreadsheet (tab and CR too, in some of
# them): refused where the site enters, neutralised in every CSV the kit writes.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIMITS: dict[str, tuple[int, int]] = {"peremption_mois": (1, 600), "seuil_publication": (1, 10_000)}


def site_error(value: str) -> str | None:
    """Why `value` cannot be the site's name (French), or None. The one rule, used where the
    name enters: the configuration file, `config --lieu`, the guided session's question and
    the lines of a register being imported."""
    if not value.strip():
        return "le nom du lieu est vide"
    hidden = hidden_error(value)
    if hidden:
        return f"le nom du lieu contient {hidden}"
    if len(value) > SITE_MAX:
        return f"le nom du lieu a {len(value)} caractères, au plus {SITE_MAX}"
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        return "le nom du lieu contient une tabulation, un retour à la ligne ou un caractère de contrôle"
    if value.strip().startswith(FORMULA_STARTS):
        return "le nom du lieu ne doit pas commencer par =, +, - ou @ (un tableur le lirait comme une formule)"
    return None


def text_error(value: str, what: str) -> str | None:
    if len(value) > 200:
        return f"{what} a {len(value)} caractères, au plus 200"
    hidden = hidden_error(value)
    if hidden:
        return f"{what} contient {hidden}"
    if any(ord(c) < 32 for c in value):
        return f"{what} contient une tabulation, un retour à la ligne ou un caractère de contrôle"
    return None


def number_error(key: str, value: int) -> str | None:
    low, high = LIMITS[key]
    if not low <= value <= high:
        return f"doit être un nombre entier de {low} à {high} (trouvé : {value})"
    return None
