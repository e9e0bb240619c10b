"""One template reader: what `demarches verifier` accepts, `lettres remplir` can fill.

The verifier reads letter templates with the very sandbox that fills them; a template that
turns escaping off, holds raw HTML, pulls in another template or reaches into a value is an
error at its line, and `lettres remplir` refuses it with the same French sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

LETTER = Path(__file__).parents[1] / "letters" / "fixtures" / "letters" / "essai-lettre.yaml"
FIELDS = ("nom", "adresse", "ville", "motifs")


def letter_text(body: str) -> str:
    """A valid letter whose `corps` (a block text, from line 16 of the file) is `body`."""
    lines = "\n".join("  " + line for line in body.splitlines())
    return (
        "id: essai-modele\n"
        "titre: Essai de modèle\n"
        "destinataire: Service des essais\n"
        "sources: [https://www.service-public.fr/particuliers/vosdroits/F2882]\n"
        "verifie_le: 2026-11-25\n"
        "champs:\n"
        "  - {id: nom, libelle: Nom}\n"
        "  - {id: adresse, libelle: Adresse, type: paragraphe}\n"
        "  - {id: ville, libelle: Ville}\n"
        "  - {id: motifs, libelle: Motifs, type: paragraphe, facultatif: true}\n"
        "objet: Essai\n"
        'fait_a: "{{ ville }}"\n'
        "signature: |\n"
        "  {{ nom }}\n"
        "corps: |\n"
        f"{lines}\n"
    )


BODY_LINE = 16  # the file line of the first line of `corps`


def write_letter(folder: Path, body: str) -> Path:
    (folder / "letters").mkdir(parents=True, exist_ok=True)
    path = folder / "letters" / "essai-modele.yaml"
    path.write_text(letter_text(body), encoding="utf-8")
    return path


BAD = {
    # case: (second line of the body, words of the message)
    "safe filter": ("Je soussigné {{ nom|safe }}.", "|safe"),
    "autoescape off": ("{% autoescape false %}{{ nom }}{% endautoescape %}", "autoescape"),
    "a link": ('Voir <a href="https://exemple.fr">ici</a>.', "HTML"),
    "a form field": ("Nom : <input name=nom>", "HTML"),
    "an entity that makes a tag": ("&lt;b&gt;gras&lt;/b&gt; {{ nom }}", "HTML"),
    "an attribute": ("{{ nom.__class__ }}", "« . »"),
    "an item": ("{{ nom['x'] }}", "[ ]"),
    "include": ("{% include 'autre.html' %}{{ nom }}", "inclure"),
    "import": ("{% import 'autre.html' as a %}{{ nom }}", "inclure"),
    "extends": ("{% extends 'autre.html' %}", "inclure"),
    "endif before if": ("{% endif %}{{ nom }}{% if ville %}", "sans {% if %}"),
    "doubled else": ("{% if ville %}a{% else %}b{% else %}c{% endif %}{{ nom }}", "else"),
    "a loop": ("{% for c in nom %}{{ c }}{% endfor %}", "n'utilise que"),
    "a call": ("{{ range(3) }}{{ nom }}", "n'utilise que"),
    "a filter": ("{{ nom|upper }}", "|upper"),
    "a calculation": ("{{ nom ~ ville }}", "n'utilise que"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_forbidden_template_is_a_verifier_error_at_its_line(cli, tmp_path: Path, case: str) -> None:
    line, words = BAD[case]
    path = write_letter(tmp_path, "Madame, Monsieur,\n" + line + "\n{{ adresse }} {{ motifs }}")
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1, result
    assert words in result.stderr, result.stderr
    assert f"{path}:{BODY_LINE + 1}" in result.stderr, result.stderr
    assert "inattendue" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("case", ["endif before if", "doubled else", "an attribute", "include"])
def test_a_template_the_verifier_refuses_is_refused_by_lettres_remplir(
    cli, kit_home: Path, tmp_path: Path, case: str
) -> None:
    """The bug: « Tout est en ordre » from the verifier, then « Erreur inattendue »."""
    write_letter(tmp_path, "Madame, Monsieur,\n" + BAD[case][0] + "\n{{ adresse }} {{ motifs }}")
    (kit_home / "config.yaml").write_text(f"dossiers_contenu: ['{tmp_path}']\n", encoding="utf-8")
    result = cli("lettres", "remplir", "essai-modele", "--vierge", "--sortie", str(tmp_path))
    assert result.exit_code == 1
    assert "essai-modele.yaml" in result.stderr and BAD[case][1] in result.stderr
    assert "inattendue" not in result.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_plain_words_with_signs_are_not_html(cli, tmp_path: Path) -> None:
    body = "Revenus < 500 € & loyer > 300 €.\n{{ nom }} {{ adresse }} {{ motifs }}"
    result = cli("demarches", "verifier", str(write_letter(tmp_path, body)))
    assert result.exit_code == 0, result.stderr


# -- the property: accepted means fillable ------------------------------------------------

PIECES = st.sampled_from(
    [
        "Bonjour ",
        "\n",
        "\n\n",
        "a < b & c > d ",
        "{{ nom }}",
        "{{ ville }}",
        "{{ inconnu }}",
        "{% if motifs %}",
        "{% if not ville and nom %}",
        "{% if ville == 'Grenoble' %}",
        "{% if ville in ['a', 'b'] %}",
        "{% elif nom != 'x' %}",
        "{% else %}",
        "{% endif %}",
        "{{ nom|safe }}",
        "{{ nom.x }}",
        "{{ nom[0] }}",
        "{{ ville == 3 }}",
        "{% if nom > 3 %}",
        "{{ nom if ville }}",
        "{% for x in nom %}",
        "{% endfor %}",
        "{% set x = 1 %}",
        "<b>",
        "&lt;i&gt;",
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "#}",
        "{% raw %}",
        "{% endraw %}",
        "{{ 'texte' }}",
        "{{ 3 }}",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(PIECES, min_size=1, max_size=12),
    values=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=40)),
)
def test_a_letter_the_verifier_accepts_fills_blank_and_with_any_values(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[str], values: dict[str, str]
) -> None:
    from cafedemarches.content.loader import load_content
    from cafedemarches.errors import ProblemsError
    from cafedemarches.letters.source import read_letter
    from cafedemarches.letters.template import fill_letter, plain_text
    from cafedemarches.render.letter import letter_html

    folder = tmp_path_factory.mktemp("modele")
    body = "{{ nom }} {{ adresse }} {{ motifs }}\n" + "".join(pieces)
    path = write_letter(folder, body)
    accepted = not load_content([folder]).errors
    event("acceptée" if accepted else "refusée")
    try:
        letter = read_letter(path)  # what `lettres remplir` reads
    except ProblemsError:
        assert not accepted, body  # the same reader refuses it the same way
        return
    assert accepted, body
    for filled in (
        fill_letter(letter, None),
        fill_letter(letter, {f: values.get(f, "") for f in FIELDS}, today=dt.date(2026, 11, 25)),
    ):
        html = letter_html(filled)
        assert "<b>" not in html and "<i>" not in html
        plain_text(filled)


def test_an_accepted_letter_prints_blank_and_filled(cli, kit_home: Path, tmp_path: Path) -> None:
    body = (
        "Madame, Monsieur,\n\n{% if motifs %}Motifs : {{ motifs }}{% elif ville == 'Grenoble' %}"
        "Isère.{% else %}Rien.{% endif %}\n\n{{ nom }}, {{ adresse }}"
    )
    write_letter(tmp_path, body)
    (kit_home / "config.yaml").write_text(f"dossiers_contenu: ['{tmp_path}']\n", encoding="utf-8")
    assert cli("demarches", "verifier").exit_code == 0
    blank = cli("lettres", "remplir", "essai-modele", "--vierge", "--sortie", str(tmp_path))
    assert blank.exit_code == 0, blank.stderr
    values = tmp_path / "v.yaml"
    values.write_text("nom: '<b>{{ x }}'\nadresse: Ici\nville: Grenoble\n", encoding="utf-8")
    out = tmp_path / "rempli.pdf"
    filled = cli(
        "lettres", "remplir", "essai-modele", "--valeurs", str(values), "--sortie", str(out)
    )
    assert filled.exit_code == 0, filled.stderr
    import pypdf

    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "Isère." in text and "<b>{{ x }}" in text


def test_a_letter_missing_a_key_still_gets_its_template_checked(cli, tmp_path: Path) -> None:
    path = write_letter(tmp_path, "Madame,\n{{ nom|safe }} {{ inconnu }}\n{{ adresse }}")
    text = path.read_text(encoding="utf-8").replace("objet: Essai\n", "")
    path.write_text(text, encoding="utf-8")
    result = cli("demarches", "verifier", str(path))
    assert result.exit_code == 1
    assert "il manque la clé « objet »" in result.stderr
    assert "|safe" in result.stderr and f"{path}:{BODY_LINE}" in result.stderr
