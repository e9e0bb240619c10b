"""French wording for everything Click and Typer would write in English: usage errors, help
panels, the --help line, the usage prefix and the value names (TEXT, PATH, INTEGER…).

Every command and group of the kit is a `FrenchCommand` or a `FrenchGroup` (`cls=`), which
override the methods Click gives for it; usage errors are caught at the boundary
(`cli.app`) and told with `usage_error_message`."""

from __future__ import annotations

import copy
import re
from typing import Any

from typer.core import TyperCommand, TyperGroup

_USAGE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^No such command '(.+?)'\.?$", "commande inconnue : « {0} »"),
    (r"^Missing command\.?$", "il manque une commande"),
    (r"^Got unexpected extra arguments? \((.+)\)$", "argument en trop : {0}"),
    (r"^Got unexpected extra argument\(s\) \((.+)\)$", "en trop sur la ligne de commande : {0}"),
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


class _French:
    """French help for a command or a group, through the hooks Click and Typer offer to a
    subclass (no class or function of theirs is replaced): the usage line, the --help option's
    line, and the value names (TEXT → TEXTE…) on copies of the parameters' types."""

    params: list[Any]

    def _frenchify_params(self) -> None:
        for param in self.params:
            # The value names shown are the types' names in capitals; the type objects can be
            # shared (Click's STRING): each parameter gets its own, renamed copy.
            name = str(param.type.name).upper()
            if name in _METAVARS:
                param.type = copy.copy(param.type)
                param.type.name = _METAVARS[name].lower()

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Afficher cette aide et quitter."
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx)).replace("COMMAND", "COMMANDE")  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, pieces, "Utilisation : ")

    def format_help(self, ctx: Any, formatter: Any) -> Any:
        french_help_strings()
        return super().format_help(ctx, formatter)  # type: ignore[misc]


class FrenchCommand(_French, TyperCommand):
    """A command whose help is in French: `@app.command(…, cls=FrenchCommand)`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._frenchify_params()


class FrenchGroup(_French, TyperGroup):
    """A group whose help is in French: `typer.Typer(…, cls=FrenchGroup)`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "COMMANDE [ARGS]...")
        super().__init__(*args, **kwargs)
        self._frenchify_params()


def french_help_strings() -> None:
    """The words Typer's rich help writes around the panels (« Commandes », « [par défaut :
    …] », « [obligatoire] »). Typer reads them from constants of `typer.rich_utils`, with no
    parameter to give them: they are set there, once. The one setting of Typer's module
    left; `typer<0.27` bounds it and tests/test_french.py fails on a Typer that renames them."""
    from typer import rich_utils  # loads rich: only when a help screen is shown

    for name, french in _RICH_STRINGS.items():
        if not hasattr(rich_utils, name):
            raise RuntimeError(f"typer.rich_utils.{name} n'existe plus : voir cli/french.py")
        setattr(rich_utils, name, french)


_RICH_STRINGS = {
    "COMMANDS_PANEL_TITLE": "Commandes",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "DEFAULT_STRING": "[par défaut : {}]",
    "REQUIRED_LONG_STRING": "[obligatoire]",
    "ENVVAR_STRING": "[variable : {}]",
}
