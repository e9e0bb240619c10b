"""French wording for the parts of the help and usage errors that Typer writes in English."""

from __future__ import annotations

import re

_USAGE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^No such option: (.+?)(?:\s*Did you mean (.+)\?)?$", "option inconnue : {0}"),
    (r"^No such command '(.+)'\.?$", "commande inconnue : « {0} »"),
    (r"^Missing argument '(.+)'\.?$", "il manque l'argument {0}"),
    (r"^Missing option '(.+)'\.?$", "il manque l'option {0}"),
    (r"^Missing parameter: (.+)$", "il manque {0}"),
    (r"^Missing command\.?$", "il manque une commande"),
    (r"^Got unexpected extra arguments? \((.+)\)$", "argument en trop : {0}"),
    (r"^Option '(.+)' requires an argument\.?$", "l'option {0} attend une valeur"),
    (r"^Option '(.+)' does not take a value\.?$", "l'option {0} ne prend pas de valeur"),
    (r"^Invalid value for '(.+?)': (.+)$", "valeur incorrecte pour {0} : {1}"),
)
_VALUE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"'(.+)' is not one of (.+)\.?$", "« {0} » n'est pas parmi {1}"),
    (r"'(.+)' is not a valid integer( range)?\.?$", "« {0} » n'est pas un nombre entier"),
    (r"Path '(.+)' does not exist\.?$", "le chemin « {0} » n'existe pas"),
    (r"File '(.+)' does not exist\.?$", "le fichier « {0} » n'existe pas"),
)


def translate_usage_error(message: str) -> str:
    message = message.strip()
    for pattern, french in _USAGE_ERRORS:
        match = re.match(pattern, message, flags=re.S)
        if match:
            parts = [_translate_value(g or "") for g in match.groups()]
            return french.format(*parts)
    return message


def _translate_value(text: str) -> str:
    for pattern, french in _VALUE_ERRORS:
        match = re.match(pattern, text)
        if match:
            return french.format(*match.groups())
    return text


def install_french_help() -> None:
    """Called only when help is shown: French panel titles and the --help line."""
    from typer import rich_utils
    from typer._click import decorators, formatting

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
    original = decorators.help_option

    def french_help_option(*args, **kwargs):  # type: ignore[no-untyped-def]
        decorate = original(*args, **kwargs)

        def apply(command):  # type: ignore[no-untyped-def]
            command = decorate(command)
            command.params[-1].help = "Afficher cette aide et quitter."
            return command

        return apply

    decorators.help_option = french_help_option
