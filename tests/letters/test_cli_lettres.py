"""`lettres liste/voir/remplir` through the real entry point; PDFs read back with pypdf."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdf
import pytest

from cafedemarches.dates import french_date
from tests.letters.conftest import VALUES, write_values


def pdf_text(path: Path) -> tuple[str, int]:
    reader = pypdf.PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_fill_from_values_file_prints_every_value_date_in_french_and_addressee(
    cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    values = write_values(tmp_path / "v.yaml", VALUES)
    out = tmp_path / "lettre.pdf"
    result = cli(
        "lettres", "remplir", "essai-lettre", "--valeurs", str(values), "--sortie", str(out)
    )
    assert result.exit_code == 0, result.stderr
    text, pages = pdf_text(out)
    assert pages == 1
    assert f"À Grenoble, le {french_date(dt.date.today())}" in text
    assert "Service des essais" in text and "Caf de l'Isère" in text
    assert "Recours contre la décision du 2 novembre 2026" in text
    for key in ("nom", "adresse", "numero_allocataire", "motifs"):
        assert VALUES[key] in text
    assert "450 euros" in text and "a < b & c > d" in text
    assert "Pièces jointes" in text and "Copie de la décision" in text
    assert "Lettre recommandée avec accusé de réception" in text
    assert "Une fausse déclaration est punie par la loi." in text
    # The person's own letter: no technical footer; the model and its date in the properties.
    assert "essai-lettre" not in text and "cafedemarches" not in text
    reader = pypdf.PdfReader(out)
    assert reader.metadata is not None and "Lettre d'essai" in (reader.metadata.title or "")
    assert (
        reader.metadata.subject == "Modèle « essai-lettre » vérifié le 25/11/2026 (cafedemarches)"
    )
    assert str(reader.trailer["/Root"]["/Lang"]) == "fr"


def test_shipped_recours_amiable_fills_on_one_page(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cafedemarches.content.index import shipped_folders
    from cafedemarches.letters.source import load_letter

    letter = load_letter("recours-amiable", shipped_folders())
    values = {f.id: f.exemple for f in letter.champs if f.exemple}
    out = tmp_path / "r.pdf"
    result = cli(
        "lettres",
        "remplir",
        "recours-amiable",
        "--valeurs",
        str(write_values(tmp_path / "v.yaml", values)),
        "--sortie",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    text, pages = pdf_text(out)
    assert pages == 1 and "Commission de recours amiable" in text and "1234567" in text


def test_blank_letter_has_dotted_lines_and_a_guide_from_each_aide(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "vierge.pdf"
    result = cli("lettres", "remplir", "essai-lettre", "--vierge", "--sortie", str(out))
    assert result.exit_code == 0, result.stderr
    text, _ = pdf_text(out)
    assert text.count("." * 40) >= 8
    assert "Pour remplir cette lettre à la main" in text
    assert "Comme sur la pièce d'identité." in text and "Les faits, avec leurs dates." in text
    assert "{{" not in text and "Service des essais" in text
    assert "le ...... / ...... / ............" in text  # the date is left blank too


def test_blank_and_values_together_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    values = write_values(tmp_path / "v.yaml", VALUES)
    result = cli("lettres", "remplir", "essai-lettre", "--vierge", "--valeurs", str(values))
    assert result.exit_code == 2


def test_bad_values_file_exits_1_listing_every_problem(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    values = {**VALUES, "numero_allocataire": "12", "date_decision": "30/02/2026", "autre": "x"}
    values.pop("nom")
    out = tmp_path / "x.pdf"
    result = cli(
        "lettres",
        "remplir",
        "essai-lettre",
        "--valeurs",
        str(write_values(tmp_path / "v.yaml", values)),
        "--sortie",
        str(out),
    )
    assert result.exit_code == 1
    assert "4 problèmes" in result.stderr
    for word in ("autre", "« nom »", "numero_allocataire", "date_decision"):
        assert word in result.stderr
    assert not out.exists()
    assert "Traceback" not in result.stderr


def test_unknown_letter_suggests_a_close_id(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("lettres", "remplir", "recours-amiabl", "--vierge")
    assert result.exit_code == 1 and "recours-amiable" in result.stderr


CANARY = "CANARI-SECRET-4242"


@pytest.mark.parametrize(
    "template",
    [
        "<b>gras</b> et <i>italique</i>",
        '<img src="{uri}" alt="x">',
        '<link rel="attachment" href="{uri}">',
        '<a rel="attachment" href="{uri}">pièce</a>',
        "<style>@import url('{uri}');</style>",
        "@import url({uri});",
        "{{{{ nom }}}} {{% include '{path}' %}} {{{{ ''.__class__ }}}}",
        "https://example.org/x.png {uri}",
        "العربية عربي, 12 rue de la Paix",
        "A" * 3900,
    ],
)
def test_injected_values_print_literally_read_no_file_and_attach_nothing(
    cli, tmp_path: Path, template: str
) -> None:  # type: ignore[no-untyped-def]
    canary = tmp_path / "canari.txt"
    canary.write_text(CANARY, encoding="utf-8")
    value = template.format(uri=canary.as_uri(), path=canary)
    values = {**VALUES, "motifs": value, "reference": "<script>x</script>\x07\x1b[2J"}
    out = tmp_path / "lettre.pdf"
    result = cli(
        "lettres",
        "remplir",
        "essai-lettre",
        "--valeurs",
        str(write_values(tmp_path / "v.yaml", values)),
        "--sortie",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    raw = out.read_bytes()
    assert CANARY.encode() not in raw
    reader = pypdf.PdfReader(out)
    assert dict(reader.attachments) == {}
    assert b"/EmbeddedFile" not in raw
    text, _ = pdf_text(out)
    assert CANARY not in text
    if template.startswith("<b>"):
        assert "<b>gras</b> et <i>italique</i>" in text
    if "<img" in template:
        assert '<img src="file:' in text


@pytest.mark.parametrize(
    "value",
    ["06 12 \u202e34 56 78\u202c", "12 rue\u2066 de la Paix\u2069", "avant\0après"],
)
def test_a_value_that_would_print_otherwise_is_refused(cli, tmp_path: Path, value: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 23: a bidi control (or NUL) in a value, typed raw in the file or escaped by
    YAML, is refused with the field or the line, and no PDF is written."""
    out = tmp_path / "lettre.pdf"
    for escaped in (False, True):
        path = write_values(tmp_path / "v.yaml", {**VALUES, "motifs": "à remplacer"})
        # Raw in the file, or written as a YAML escape (« \u202e » between double quotes).
        written = json.dumps(value) if escaped else value
        text = path.read_text(encoding="utf-8").replace("à remplacer", written)
        path.write_text(text, encoding="utf-8")
        result = cli(
            "lettres", "remplir", "essai-lettre", "--valeurs", str(path), "--sortie", str(out)
        )
        assert result.exit_code == 1
        assert "U+" in result.stderr and (
            "sens de l'écriture" in result.stderr or "nul" in result.stderr
        )
        assert not out.exists()


def test_interactive_fill_validates_previews_and_removes_private_folder(  # type: ignore[no-untyped-def]
    cli, scripted, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cafedemarches.render import private

    made: list[Path] = []
    real = private.private_output_dir

    def spy():  # type: ignore[no-untyped-def]
        context = real()
        return _Spy(context, made)

    monkeypatch.setattr(private, "private_output_dir", spy)
    answers = [
        VALUES["nom"],
        VALUES["adresse"],
        VALUES["service"],
        "1234567",
        "2 novembre 2026",
        "450",
        "",
        VALUES["motifs"],
        VALUES["ville"],
        True,
        "fin",
        True,  # erase it without a copy, as the volunteer confirms
    ]
    prompter = scripted(answers)
    result = cli("lettres", "remplir", "essai-lettre")
    assert result.exit_code == 0, result.stderr
    assert "Aperçu de la lettre" in result.stdout
    assert "Recours contre la décision du 2 novembre 2026" in result.stdout
    assert "sera supprimé" in result.stdout and "supprimée" in result.stdout
    assert made and not made[0].exists()
    assert prompter.asked[0].startswith("Nom et prénom")
    assert "(facultatif" in prompter.asked[6]


class _Spy:
    def __init__(self, context, made):  # type: ignore[no-untyped-def]
        self.context, self.made = context, made

    def __enter__(self) -> Path:
        folder: Path = self.context.__enter__()
        assert folder.stat().st_mode & 0o777 == 0o700
        assert len(list(folder.iterdir())) == 0
        self.made.append(folder)
        return folder

    def __exit__(self, *exc: object) -> object:
        assert any(self.made[0].iterdir())  # the PDF was there until the volunteer was done
        return self.context.__exit__(*exc)


def test_prompt_validation_refuses_wrong_values_as_typed(letter) -> None:  # type: ignore[no-untyped-def]
    from cafedemarches.letters.values import prompt_validator

    fields = {f.id: f for f in letter.champs}
    assert prompt_validator(fields["numero_allocataire"])("12 34") == (
        "N'a pas la forme attendue (par exemple 1234567)."
    )
    assert prompt_validator(fields["numero_allocataire"])("1234567") is None
    assert "n'existe pas" in (prompt_validator(fields["date_decision"])("31/02/2026") or "")
    assert prompt_validator(fields["montant"])("douze")
    assert prompt_validator(fields["reference"])("") is None


def test_fill_letter_interactively_for_the_guided_session(tmp_path: Path, letter) -> None:  # type: ignore[no-untyped-def]
    from cafedemarches.letters.fill import fill_letter_interactively
    from cafedemarches.session.prompter import ScriptedPrompter

    answers: list[object] = [
        VALUES["nom"],
        VALUES["adresse"],
        VALUES["service"],
        "1234567",
        "02/11/2026",
        "450",
        "REF-1",
        VALUES["motifs"],
        VALUES["ville"],
        False,
        "corriger",
        VALUES["nom"],
        VALUES["adresse"],
        VALUES["service"],
        "1234567",
        "03/11/2026",
        "450",
        "REF-1",
        VALUES["motifs"],
        VALUES["ville"],
        True,
    ]
    previews: list[str] = []
    path = fill_letter_interactively(
        letter,
        ScriptedPrompter(answers),
        tmp_path,
        preview=previews.append,
        today=dt.date(2026, 11, 25),
    )
    assert path.parent == tmp_path and path.suffix == ".pdf"
    assert len(previews) == 3 and "2 novembre 2026" in previews[1]  # the rules, then twice
    text, _ = pdf_text(path)
    assert "3 novembre 2026" in text and "(référence REF-1)" in text


def test_liste_json_is_one_document_with_every_letter(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("lettres", "liste", "--json")
    assert result.exit_code == 0
    ids = [item["id"] for item in json.loads(result.stdout)]
    assert "recours-amiable" in ids and "essai-lettre" in ids


def test_voir_json_has_the_same_keys_as_the_yaml_file(cli) -> None:  # type: ignore[no-untyped-def]
    import yaml

    from tests.letters.conftest import FIXTURES

    result = cli("lettres", "voir", "essai-lettre", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    source = yaml.safe_load((FIXTURES / "letters" / "essai-lettre.yaml").read_text())
    assert set(source) <= set(data)
    assert data["champs"][3]["motif"] == "^[0-9]{7}$"
    assert data["verifie_le"] == "2026-11-25"


def test_voir_shows_fields_and_template_text_without_markup(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("lettres", "voir", "essai-lettre")
    assert result.exit_code == 0
    assert "numero_allocataire" in result.stdout and "{{ date_decision }}" in result.stdout


def test_lettres_help_does_not_import_pdf_engine() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom cafedemarches.cli.app import main\n"
        "try:\n    main(['lettres', '--help'])\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in ('weasyprint', 'jinja2', 'questionary') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_fresh_process_fill_prints_or_refuses_without_repeating_the_value(  # type: ignore[no-untyped-def]
    tmp_path: Path, kit_home: Path
) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "CAFEDEMARCHES_HOME": str(kit_home)}
    good = write_values(tmp_path / "v.yaml", VALUES)
    out = tmp_path / "l.pdf"
    args = [sys.executable, "-m", "cafedemarches", "lettres", "remplir", "essai-lettre"]
    done = subprocess.run(
        [*args, "--valeurs", str(good), "--sortie", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Marie Dupont" in pdf_text(out)[0]
    bad = write_values(tmp_path / "b.yaml", {**VALUES, "numero_allocataire": "SECRET"})
    failed = subprocess.run(
        [*args, "--valeurs", str(bad), "--sortie", str(out), "--remplacer"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 1 and "numero_allocataire" in failed.stderr
    assert "SECRET" not in failed.stderr + failed.stdout


@pytest.mark.own_cache
def test_a_letter_is_read_back_from_the_cache_until_its_file_changes(tmp_path: Path) -> None:
    import os
    import shutil

    from cafedemarches.content.index import shipped_folders
    from cafedemarches.letters.source import read_letter

    source = next(f for f in shipped_folders() if f.name == "letters") / "recours-amiable.yaml"
    path, cache = tmp_path / "recours-amiable.yaml", tmp_path / "cache"
    shutil.copy(source, path)
    first = read_letter(path, cache)
    assert (cache / "lettre-recours-amiable.pickle").exists()
    assert read_letter(path, cache) == first == read_letter(path)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(first.titre, first.titre.upper()), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same instant
    assert read_letter(path, cache).titre == first.titre.upper()
