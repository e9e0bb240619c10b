"""Read a YAML file safely, keeping the line and column of every value.

PyYAML's C composer builds the node tree; we build plain Python values from it ourselves so
that we can refuse what a coordinator's file must never contain (duplicate keys, aliases that
could explode, tags that build Python objects) and remember where each value came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cafedemarches.errors import Problem, ProblemsError, UserError, os_reason
from cafedemarches.text import HIDDEN, describe, hidden_characters

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Key = tuple[str | int, ...]

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

_STR = "tag:yaml.org,2002:str"
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class YamlDocument:
    """Plain data read from one file, with the position of each value and key."""

    path: Path
    data: Any
    values: dict[Key, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Key, tuple[int, int]] = field(default_factory=dict)
    # Line where the text of a block value (« | » or « > ») begins, one line below its key.
    block_texts: dict[Key, int] = field(default_factory=dict)
    # Values that cannot be read (a date that does not exist), kept as their text so that the
    # rest of the file is still checked; `validate_model` reports them first.
    bad_values: dict[Key, Problem] = field(default_factory=dict)
    # Top-level keys (and the keys written inside them) of the blocks left out because they
    # could not be read (`parse_yaml_recovering`): the file's problem is already said there.
    unreadable: set[str] = field(default_factory=set)

    def position(self, loc: Key, *, key: bool = False) -> tuple[int, int] | None:
        """Line and column (1-based) of a value, or of the nearest enclosing value."""
        table = self.keys if key else self.values
        if loc in table:
            return table[loc]
        while loc:
            loc = loc[:-1]
            if loc in self.values:
                return self.values[loc]
        return None

    def problem(self, message: str, loc: Key = (), *, key: bool = False) -> Problem:
        pos = self.position(loc, key=key)
        return Problem(message, self.path, *(pos or (None, None)))

    def text_problem(self, message: str, loc: Key, line_in_text: int) -> Problem:
        """A problem at a line inside a text value (1 is the text's first line)."""
        if loc in self.block_texts:
            return Problem(message, self.path, self.block_texts[loc] + line_in_text - 1)
        pos = self.position(loc)
        if pos is None:
            return Problem(message, self.path)
        line, column = pos
        return Problem(
            message, self.path, line + line_in_text - 1, column if line_in_text == 1 else None
        )


class _Builder:
    def __init__(self, doc: YamlDocument, *, keep_bad_values: bool = False) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.keep_bad_values = keep_bad_values

    def fail(self, node: yaml.Node, message: str) -> ProblemsError:
        mark = node.start_mark
        problem = Problem(message, self.doc.path, mark.line + 1, mark.column + 1)
        return YamlValueError([problem], str(problem))

    def build(self, node: yaml.Node, loc: Key) -> Any:
        mark = node.start_mark
        self.doc.values[loc] = (mark.line + 1, mark.column + 1)
        tag = node.tag
        if tag == _STR:  # most values: plain text, the fast path
            if getattr(node, "style", None) in ("|", ">"):
                self.doc.block_texts[loc] = mark.line + 2
            if getattr(node, "style", None) == '"' and not HIDDEN.isdisjoint(node.value):
                char = next(c for c in node.value if c in HIDDEN)
                raise self.fail(node, f"{describe(char)} : {_HIDDEN_ADVICE}")
            return node.value
        if tag not in _ALLOWED_TAGS:
            raise self.fail(
                node,
                f"l'étiquette YAML « {tag} » n'est pas autorisée : "
                "écrivez une simple valeur (texte, nombre, date, oui/non).",
            )
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if id(node) in self.seen:
                raise self.fail(
                    node,
                    "les alias YAML (« &nom » puis « *nom ») ne sont pas acceptés : "
                    "recopiez le texte à chaque endroit.",
                )
            self.seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                return self.build_mapping(node, loc)
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if tag == "tag:yaml.org,2002:int" and "_" in node.value:
            return node.value  # YAML 1.1 reads 15_30 as 1530; our files mean the text 15_30
        try:
            return _constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            if tag.endswith(":timestamp"):
                error = self.fail(
                    node,
                    f"la date « {node.value} » n'existe pas : écrivez-la AAAA-MM-JJ, "
                    "par exemple 2026-04-01.",
                )
                if not self.keep_bad_values:
                    raise error from exc
                self.doc.bad_values[loc] = error.problems[0]
                return node.value
            raise self.fail(node, f"valeur illisible « {node.value} ».") from exc

    def build_mapping(self, node: yaml.MappingNode, loc: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys = self.doc.keys
        for key_node, value_node in node.value:
            if key_node.tag == _STR and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
            else:
                key = self.build_key(key_node)
            mark = key_node.start_mark
            if key in result:
                first = keys[(*loc, key)][0]
                raise self.fail(
                    key_node,
                    f"la clé « {key} » apparaît deux fois (déjà ligne {first}) : "
                    "gardez-en une seule.",
                )
            keys[(*loc, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, (*loc, key))
        return result

    def build_key(self, key_node: yaml.Node) -> str:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise self.fail(key_node, "la clé de fusion « << » n'est pas acceptée.")
        if not isinstance(key_node, yaml.ScalarNode):
            raise self.fail(key_node, "une clé doit être un simple mot.")
        key = self.build(key_node, ("\0key",))
        self.doc.values.pop(("\0key",), None)
        if isinstance(key, bool) or key is None:
            raise self.fail(
                key_node,
                f"la clé « {key_node.value} » serait lue comme oui/non ou vide : "
                f"mettez-la entre guillemets (« '{key_node.value}' »).",
            )
        return str(key)


_INDENT = (
    "retrait (indentation) incorrect : cette ligne doit commencer par autant d'espaces que "
    "les autres clés du même niveau (deux de plus sous une clé qui finit par « : »)"
)
_SYNTAX_HINTS = (
    ("found unexpected end of stream", "guillemet ou crochet non fermé"),
    ("while scanning a quoted scalar", "guillemet non fermé"),
    (
        "mapping values are not allowed",
        "« : » inattendu ; si le texte contient « : », "
        "mettez-le entre guillemets, sinon vérifiez le retrait",
    ),
    ("did not find expected key", _INDENT),
    ("expected <block end>", _INDENT),
    (
        "did not find expected '-' indicator",
        "retrait incorrect dans une liste : les clés d'un même élément commencent avec "
        "autant d'espaces que la clé écrite après son « - », et chaque « - » est sous les "
        "autres « - » de la liste",
    ),
    (
        "could not find expected ':'",
        "il manque « : » après une clé, ou un guillemet n'est pas fermé",
    ),
    (
        "expected a single document",
        "le fichier contient plusieurs documents (« --- ») : n'en gardez qu'un",
    ),
    ("did not find expected ','", "virgule, « ] » ou « } » manquant"),
    (
        "control characters are not allowed",
        "caractère de contrôle invisible interdit : supprimez-le ou retapez la ligne",
    ),
    ("found undefined alias", "alias « * » inconnu : les alias ne sont pas acceptés"),
    (
        "found unknown escape character",
        "caractère d'échappement inconnu après « \\ » "
        "entre guillemets doubles : utilisez des guillemets simples",
    ),
    ("special characters are not allowed", "caractère de contrôle interdit dans le fichier"),
    (
        "found character that cannot start any token",
        "caractère inattendu en début de valeur : mettez la valeur entre guillemets",
    ),
)


def _syntax_problem(path: Path, source: str, exc: yaml.YAMLError) -> Problem:
    message = str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = column = None
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif isinstance(getattr(exc, "position", None), int):
        position: int = exc.position  # type: ignore[attr-defined]
        line = source.count("\n", 0, position) + 1
    unclosed = _unclosed_quote_line(source, line)
    if line is not None and column is not None and _char_at(source, line, column) == "\t":
        explanation = "une tabulation ne peut pas servir de retrait : utilisez des espaces"
    elif unclosed is not None:
        line, column = unclosed, None
        explanation = (
            "guillemet ouvert sur cette ligne et jamais fermé : fermez-le en fin de valeur"
        )
    else:
        explanation = next((fr for en, fr in _SYNTAX_HINTS if en in message), "")
    if not explanation:
        detail = getattr(exc, "problem", None) or "syntaxe incorrecte"
        explanation = f"syntaxe YAML incorrecte ({detail})"
    return Problem(explanation, path, line, column)


_QUOTED_START = re.compile(r"""^\s*(?:-\s+)?(?:[\w-]+\s*:\s+)?(['"])(.*)$""")


def _unclosed_quote_line(source: str, until: int | None) -> int | None:
    """The first line whose value opens a quote it doesn't close (a multi-line quoted value
    is rare in our files; a forgotten closing quote is common)."""
    lines = source.splitlines()
    for number, text in enumerate(lines[: until or len(lines)], start=1):
        match = _QUOTED_START.match(text.split(" #")[0].rstrip())
        if match is None:
            continue
        quote, rest = match.groups()
        body = rest.replace(quote * 2, "") if quote == "'" else rest.replace('\\"', "")
        if quote not in body:
            return number
    return None


def _char_at(source: str, line: int, column: int) -> str:
    lines = source.splitlines()
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def decode_text(path: Path, raw: bytes) -> str:
    """The file's text; refused when it is not UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(
            "le fichier n'est pas enregistré en UTF-8 (il vient sans doute d'un logiciel "
            "Windows) : ré-enregistrez-le en « UTF-8 » depuis votre éditeur.",
            path,
            line,
        )
        raise ProblemsError([problem], str(problem)) from exc
    return text


_HIDDEN_ADVICE = (
    "le texte s'afficherait ou s'imprimerait autrement qu'il est écrit ; retirez-le (pour une "
    "langue écrite de droite à gauche, le kit règle le sens lui-même)."
)


def _refuse_hidden_characters(path: Path, text: str) -> None:
    """A character that would make the file show or print something else than it says (a
    bidi control, NUL) is refused, every place named with its line and column."""
    problems = [
        Problem(
            f"{describe(char)} : {_HIDDEN_ADVICE}",
            path,
            text.count("\n", 0, index) + 1,
            index - text.rfind("\n", 0, index),
        )
        for index, char in hidden_characters(text)
    ]
    if problems:
        count = len(problems)
        summary = str(problems[0]) if count == 1 else f"{path} a {count} problèmes :"
        raise ProblemsError(problems[:30], summary)


def read_file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(f"Le fichier {path} n'existe pas.", "Vérifiez le chemin.") from exc
    except IsADirectoryError as exc:
        raise UserError(f"{path} est un dossier, pas un fichier.") from exc
    except OSError as exc:
        raise UserError(f"Impossible de lire {path} ({os_reason(exc)}).") from exc


def parse_yaml(path: Path, text: str, *, keep_bad_values: bool = False) -> YamlDocument:
    """The document; with `keep_bad_values`, a value that cannot be read (a date that does not
    exist) is kept as its text in `doc.bad_values` instead of stopping the reading, for a
    caller that validates the document with `validate_model` (which reports it)."""
    _refuse_hidden_characters(path, text)
    doc = YamlDocument(path=path, data=None)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        problem = _syntax_problem(path, text, exc)
        raise YamlSyntaxError([problem], str(problem)) from exc
    if node is None:
        problem = Problem("le fichier est vide.", path)
        raise ProblemsError([problem], str(problem))
    doc.data = _Builder(doc, keep_bad_values=keep_bad_values).build(node, ())
    return doc


class YamlSyntaxError(ProblemsError):
    """The file is not YAML at one place (one problem, at its line when known)."""


class YamlValueError(ProblemsError):
    """A value or key our files refuse (a key written twice, an alias, a tag): one problem,
    at its line."""


# A line that starts a top-level key: not indented, not a comment, not a list item (a list
# under a key may start at the key's column), not a document marker.
_TOP_LEVEL = re.compile(r"^(?!---|\.\.\.)[^\s#-]")
_KEY_NAME = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)")


def _block_at(lines: list[str], line: int, *, with_previous: bool) -> tuple[int, int] | None:
    """The lines (start, end: 0-based, end excluded) of the top-level block that holds the
    1-based `line`, with the block before it when `with_previous`; None before any key."""
    index = min(line, len(lines)) - 1
    starts = [i for i, text in enumerate(lines) if _TOP_LEVEL.match(text)]
    before = [i for i in starts if i <= index]
    if not before:
        return None
    start = before[-1]
    if with_previous and start == index and len(before) > 1:
        start = before[-2]
    after = [i for i in starts if i > index]
    return start, after[0] if after else len(lines)


def parse_yaml_recovering(
    path: Path, text: str, *, keep_bad_values: bool = False, tries: int = 5
) -> tuple[YamlDocument | None, list[Problem]]:
    """For `demarches verifier`: the document and its syntax problems, every one in a run.

    A syntax error (or a key written twice, an alias, a tag) is reported, then the top-level
    block where it stands is left out (its keys in `doc.unreadable`) so that the rest of the
    file is still read and checked: the other blocks' mistakes come in the same run. When a
    syntax error is on the first line of a block, the block before is left out too: a
    forgotten « : » is seen one line late. Lines are blanked, not removed, so that every
    other problem keeps its line."""
    lines = text.split("\n")
    problems: list[Problem] = []
    unreadable: set[str] = set()
    for _ in range(tries):
        try:
            doc = parse_yaml(path, "\n".join(lines), keep_bad_values=keep_bad_values)
        except (YamlSyntaxError, YamlValueError) as exc:
            if problems and "undefined alias" in str(exc.__cause__):
                return None, problems  # an alias whose anchor was in a block left out
            problem = exc.problems[0]
            problems.append(problem)
            block = None
            if problem.line is not None:
                late = isinstance(exc, YamlSyntaxError) and problem.column == 1
                block = _block_at(lines, problem.line, with_previous=late)
            if block is None or not any(lines[i].strip() for i in range(*block)):
                return None, problems
            for i in range(*block):
                if match := _KEY_NAME.match(lines[i]):
                    unreadable.add(match[1])
                lines[i] = ""
            continue
        except ProblemsError as exc:  # nothing left once the blocks are out: said already
            return None, problems or exc.problems
        doc.unreadable = unreadable
        return doc, problems
    return None, problems


def read_yaml(path: Path, *, keep_bad_values: bool = False) -> YamlDocument:
    """Read one YAML file; any problem becomes a ProblemsError naming the file and line."""
    return parse_yaml(
        path, decode_text(path, read_file_bytes(path)), keep_bad_values=keep_bad_values
    )
