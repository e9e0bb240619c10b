"""French wording for everything Click and Typer would write in English: usage errors, help
panels, the --help line, the usage prefix and the value names (TEXT, PATH, INTEGER…)."""

from __future__ import annotations

import re
from typing import Any

_USAGE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^No such command '(.+?)'\.?$", "commande inconnue : « {0} »"),
    (r"^Missing command\.?$", "il manque une commande"),
    (r"^Got unexpected extra arguments? \((.+)\)$", "argument en trop : {0}"),
    (r"^Got unexpected extra argument\(s\) \((.+)\)$", "argument(s) en trop : {0}"),
    (r"^Option '(.+)' requires an argument\.?$", "l'option {0} attend une valeur"),
    (r"^Option '(.+)' requires (\d+) arguments\.?$", "l'option {0} attend {1} valeurs"),
    (r"^Option '(.+)' does not take a value\.?$", "l'option {0} ne prend pas de valeur"),
    (r"^Argument '(.+)' takes (\d+) values\.?$", "l'argument {0} attend {1} valeurs"),
    (r"^No such option: (.+)$", "option inconnue : {0}"),
    (r"^Missing argument '(.+)'\.?$", "il manque l'argument {0}"),
    (r"^Missing option '(.+)'\.?$", "il manque l'option {0}"),
    (r"^Invalid value for '?(.+?)'?: (.+)$", "valeur incorrecte pour {0} : {1}"),
)
_VALUE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^'(.*)' is not one of (.+?)\.?$", "« {0} » n'est pas parmi : {1}"),
    (
        r"^'(.*)' is not a valid (?:integer|entier)( range)?\.?$",
        "« {0} » n'est pas un nombre entier",
    ),
    (r"^'(.*)' is not a valid (?:float|nombre)( range)?\.?$", "« {0} » n'est pas un nombre"),
    (r"^'(.*)' is not a valid boolean\.?$", "« {0} » n'est pas oui ou non (true ou false)"),
    (r"^(\S+) is not in the range (.+?)\.?$", "{0} n'est pas dans l'intervalle {1}"),
    (
        r"^(?:Path|File|Directory|Chemin|Fichier|Dossier) '(.+)' does not exist\.?$",
        "« {0} » n'existe pas",
    ),
    (r"^(?:File|Path) '(.+)' is a directory\.?$", "« {0} » est un dossier, pas un fichier"),
    (r"^Directory '(.+)' is a file\.?$", "« {0} » est un fichier, pas un dossier"),
    (r"^(?:File|Path|Directory) '(.+)' is not readable\.?$", "« {0} » n'est pas lisible"),
    (r"^(?:File|Path|Directory) '(.+)' is not writable\.?$", "« {0} » n'est pas modifiable"),
)
_METAVARS = {
    "TEXT": "TEXTE",
    "INTEGER": "ENTIER",
    "INTEGER RANGE": "ENTIER",
    "FLOAT": "NOMBRE",
    "FLOAT RANGE": "NOMBRE",
    "PATH": "CHEMIN",
    "FILE": "FICHIER",
    "FILENAME": "FICHIER",
    "DIRECTORY": "DOSSIER",
    "DATETIME": "DATE",
}


def usage_error_message(exc: Exception) -> str:
    """One French sentence (without its final period) for a Click usage error."""
    from typer._click import exceptions as click_errors

    if isinstance(exc, click_errors.NoSuchOption):
        text = f"option inconnue : {exc.option_name}"
        if exc.possibilities:
            text += " ; vouliez-vous dire " + " ou ".join(sorted(exc.possibilities)) + " ?"
        return text
    if isinstance(exc, click_errors.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "")
        word = {"argument": "l'argument", "option": "l'option"}.get(kind, "la valeur")
        hint = _param_hint(exc)
        return f"il manque {word} {hint}".rstrip()
    if isinstance(exc, click_errors.BadParameter):
        hint = _param_hint(exc)
        value = _translate_value(exc.message.strip())
        return f"valeur incorrecte pour {hint} : {value}" if hint else value
    return translate_usage_error(getattr(exc, "message", str(exc)))


def _param_hint(exc: Any) -> str:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        param = exc.param
        hint = param.opts if getattr(param, "param_type_name", "") == "option" else None
        if hint is None:
            hint = param.make_metavar(exc.ctx) if exc.ctx is not None else param.name
    if hint is None:
        return ""
    if not isinstance(hint, str):
        hint = " / ".join(hint)
    return french_metavar(hint.strip("'"))


def translate_usage_error(message: str) -> str:
    message = message.strip()
    suggestion = ""
    found = re.search(r"\.? ?Did you mean (.+)\?$", message, flags=re.S)
    if found:
        names = [n.strip("' ") for n in found.group(1).split(",")]
        suggestion = " ; vouliez-vous dire " + " ou ".join(f"« {n} »" for n in names) + " ?"
        message = message[: found.start()]
    for pattern, french in _USAGE_ERRORS:
        match = re.match(pattern, message, flags=re.S)
        if match:
            parts = [_translate_value(g or "") for g in match.groups()]
            return french.format(*parts) + suggestion
    return message.rstrip(".") + suggestion


def _translate_value(text: str) -> str:
    for pattern, french in _VALUE_ERRORS:
        match = re.match(pattern, text)
        if match:
            return french.format(*match.groups())
    return text.rstrip(".")


def french_metavar(text: str) -> str:
    dots = text.endswith("...")
    core = text.removesuffix("...")
    return _METAVARS.get(core, core) + ("…" if dots else "")


def install_help_hook() -> None:
    """Make every help screen French, whichever way it is reached (--help, -h, a group
    called without its subcommand): the wording is installed on the first help shown."""
    from typer import core

    for cls in (core.TyperGroup, core.TyperCommand):
        original = cls.format_help
        if getattr(original, "french", False):
            continue

        def format_help(self: Any, ctx: Any, formatter: Any, _original: Any = original) -> Any:
            install_french_help()
            help_option = self.get_help_option(ctx)
            if help_option is not None:
                help_option.help = "Afficher cette aide et quitter."
            for param in self.get_params(ctx):
                # The value names shown (TEXT, PATH…) are the types' names, in capitals.
                name = str(param.type.name).upper()
                if name in _METAVARS:
                    param.type.name = _METAVARS[name].lower()
            return _original(self, ctx, formatter)

        format_help.french = True  # type: ignore[attr-defined]
        cls.format_help = format_help  # type: ignore[method-assign]


_installed: list[bool] = []


def install_french_help() -> None:
    """French panel titles, the --help line, the usage prefix and the value names."""
    if _installed:
        return
    _installed.append(True)
    from typer import rich_utils
    from typer._click import formatting

    rich_utils.COMMANDS_PANEL_TITLE = "Commandes"
    rich_utils.ARGUMENTS_PANEL_TITLE = "Arguments"
    rich_utils.OPTIONS_PANEL_TITLE = "Options"
    rich_utils.DEFAULT_STRING = "[par défaut : {}]"
    rich_utils.REQUIRED_LONG_STRING = "[obligatoire]"
    rich_utils.ENVVAR_STRING = "[variable : {}]"
    write_usage = formatting.HelpFormatter.write_usage

    def french_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:  # type: ignore[no-untyped-def]
        args = args.replace("COMMAND", "COMMANDE")
        write_usage(self, prog, args, "Utilisation : " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = french_usage  # type: ignore[method-assign]
