"""The one reader of letter templates: the sandbox that fills letters is the one that checks them.

Letter texts are small Jinja templates written by coordinators. `read_template` parses a text
in the sandboxed environment, refuses what a letter template may not do, and compiles it; the
letters fill the compiled template, `demarches verifier` reports the refusal at its line. What
a template may hold is what a letter needs and cannot fail whatever the values typed:

- text, `{{ champ }}`, `{% if champ %}…{% elif … %}…{% else %}…{% endif %}`, with `not`,
  `and`, `or`, and comparisons of a field with quoted text (`==`, `!=`, `in ['a', 'b']`);
- never escaping turned off (`|safe`, `{% autoescape false %}`), raw HTML (a tag, or an
  entity that makes one), another template (`include`, `import`, `extends`), an attribute or
  an item (`nom.__class__`, `nom['x']`), a call, a loop or anything else.

The literal words of a template are HTML-escaped before it is compiled (only Jinja's tags stay
live), so a `<` or a `&` in a YAML file prints as such: coordinators write wording, not HTML.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cafedemarches.content.models import Letter

# Every key of a letter whose text may name fields (`pieces_jointes` is a list of such texts).
TEMPLATE_KEYS = (
    "expediteur",
    "destinataire",
    "fait_a",
    "envoi",
    "objet",
    "corps",
    "signature",
    "pieces_jointes",
    "avertissement",
)


_TAG = re.compile(r"</?[A-Za-z!?]")
_TAG_ENTITY = re.compile(r"&(?:lt|gt|#0*6[02]|#x0*3[ce]);", re.IGNORECASE)


class TemplateProblem(ValueError):
    """Why a letter text is refused, in French, and its line inside the text (1-based)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Template:
    """A checked letter text: the names it uses, and the compiled template that fills it
    (compiled on first use: the verifier needs only the names)."""

    def __init__(self, names: frozenset[str], tree: Any) -> None:
        self.names = names
        self._tree = tree

    @cached_property
    def compiled(self) -> Any:
        return letter_environment().from_string(self._tree)


def template_texts(letter: Letter) -> list[tuple[str, str]]:
    """(key, text) for every templated text of a letter, in the order of the YAML keys."""
    texts: list[tuple[str, str]] = []
    for key in TEMPLATE_KEYS:
        value = getattr(letter, key)
        if isinstance(value, list):
            texts.extend((f"{key}[{i}]", item) for i, item in enumerate(value))
        elif value is not None:
            texts.append((key, value))
    return texts


@cache
def letter_environment() -> Any:
    """The sandbox in which letter texts are read and filled."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True
    )


@cache
def read_template(text: str) -> Template:
    """The checked, compiled template of a letter text; a TemplateProblem says why not."""
    from jinja2 import TemplateSyntaxError, meta

    env = letter_environment()
    try:
        source = _escaped_source(env, text)
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            f"modèle illisible ({_syntax_message(exc.message or '')}) ; un champ s'écrit "
            "{{ nom_du_champ }}, une condition {% if nom_du_champ %}…{% endif %}",
            exc.lineno or 1,
        ) from None
    _check_node(tree)
    names = frozenset(meta.find_undeclared_variables(tree))
    return Template(names, tree)


def _escaped_source(env: Any, text: str) -> str:
    """The template with its literal words HTML-escaped and its Jinja tags left as they are."""
    from markupsafe import escape

    parts = []
    line = 1
    for line, kind, value in env.lex(text):
        if kind == "data":
            _check_literal(value, line)
            parts.append(str(escape(value)))
        else:
            parts.append(value)
    return "".join(parts)


def _check_literal(value: str, line: int) -> None:
    for pattern in (_TAG, _TAG_ENTITY):
        match = pattern.search(value)
        if match:
            line += value.count("\n", 0, match.start())
            raise TemplateProblem(
                f"« {match.group(0)} » : le texte d'un courrier ne contient pas de HTML "
                "(balise ou entité) ; écrivez seulement les mots, la mise en page est celle "
                "du kit",
                line,
            )


def _syntax_message(message: str) -> str:
    words = {
        "Unexpected end of template": "un {% if %} n'est pas fermé par {% endif %}",
        "Encountered unknown tag 'endif'": "{% endif %} sans {% if %} avant",
        "Encountered unknown tag 'else'": "{% else %} sans {% if %} avant",
        "Encountered unknown tag 'elif'": "{% elif %} sans {% if %} avant",
        "Expected an expression, got 'end of print statement'": "{{ }} vide",
        "unexpected '}'": "accolade « } » en trop",
        "unexpected end of template": "« {{ » ou « {% » pas fermé",
    }
    for english, french in words.items():
        if message.startswith(english):
            return french
    if "expected token 'end of print statement'" in message:
        return "un {{ … }} contient autre chose qu'un nom de champ"
    if "'else'" in message or "'elif'" in message:
        return "{% else %} ou {% elif %} mal placé (un seul {% else %}, en dernier)"
    return "syntaxe des {{ … }} ou {% … %} incorrecte"


def _check_node(node: Any) -> None:
    from jinja2 import nodes

    line = getattr(node, "lineno", 1) or 1
    if isinstance(node, nodes.Filter):
        raise TemplateProblem(_filter_message(node.name), line)
    if isinstance(node, nodes.FilterBlock):
        raise TemplateProblem(_filter_message(node.filter.name), line)
    if isinstance(node, nodes.EvalContextModifier):
        raise TemplateProblem(
            "« {% autoescape %} » est interdit dans un courrier : ce que tape le bénévole est "
            "toujours imprimé comme du texte",
            line,
        )
    elif isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
        raise TemplateProblem(
            "un courrier ne peut pas inclure un autre modèle (include, import, extends) : "
            "recopiez le texte",
            line,
        )
    elif isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Slice):
        raise TemplateProblem(
            "un champ s'écrit seul, sans « . » ni « [ ] » après son nom : {{ nom_du_champ }}",
            line,
        )
    elif isinstance(node, nodes.Compare):
        _check_comparison(node, line)
        return
    elif isinstance(node, nodes.Const):
        if not isinstance(node.value, str):
            raise TemplateProblem(_only_text(), line)
        _check_literal(node.value, line)
    elif not isinstance(node, _allowed_nodes()) and type(node) is not nodes.Scope:
        raise TemplateProblem(_only_text(), line)
    for child in node.iter_child_nodes():
        _check_node(child)


@cache
def _allowed_nodes() -> tuple[type, ...]:
    from jinja2 import nodes

    return (
        nodes.Template,
        nodes.Output,
        nodes.TemplateData,
        nodes.Name,
        nodes.If,
        nodes.Not,
        nodes.And,
        nodes.Or,
    )


def _check_comparison(node: Any, line: int) -> None:
    from jinja2 import nodes

    def text_or_name(expr: Any) -> bool:
        return isinstance(expr, nodes.Name) or (
            isinstance(expr, nodes.Const) and isinstance(expr.value, str)
        )

    if not text_or_name(node.expr):
        raise TemplateProblem(_only_text(), line)
    _check_node(node.expr)
    for operand in node.ops:
        if operand.op in ("eq", "ne") and text_or_name(operand.expr):
            _check_node(operand.expr)
            continue
        if (
            operand.op in ("in", "notin")
            and isinstance(operand.expr, nodes.List | nodes.Tuple)
            and all(
                isinstance(item, nodes.Const) and isinstance(item.value, str)
                for item in operand.expr.items
            )
        ):
            continue
        raise TemplateProblem(_only_text(), line)


def _filter_message(name: str) -> str:
    if name == "safe":
        return (
            "« |safe » est interdit dans un courrier : ce que tape le bénévole est toujours "
            "imprimé comme du texte"
        )
    return (
        f"le filtre « |{name} » n'est pas permis dans un courrier : écrivez {{{{ champ }}}} "
        "sans « | »"
    )


def _only_text() -> str:
    return (
        "un courrier n'utilise que {{ champ }}, {% if champ %}…{% endif %} (avec not, and, or) "
        "et des comparaisons à un texte entre guillemets (champ == 'texte')"
    )
