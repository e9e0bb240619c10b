"""`cafedemarches accueil`, through the real entry point: replay and a scripted session."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from cafedemarches.cli.accueil import interactive as guided
from cafedemarches.cli.run import Run
from cafedemarches.session.prompter import ScriptedPrompter


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.fixture(autouse=True)
def no_printer(kit_run: Run) -> None:
    kit_run.which = lambda name: None  # no printer, no viewer


def answers_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reponses.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_replay_writes_the_take_away_sheet(cli, with_fixture_content, tmp_path: Path) -> None:
    path = answers_file(
        tmp_path,
        (
            "demarches: [essai-logement, essai-famille]\n"
            "reponses: {e_age: 22, e_logement: heberge, e_etudiant: true, e_enfants: 1}\n"
        ),
    )
    result = cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    sheet = tmp_path / "out" / "vos-demarches.pdf"
    text = pdf_text(sheet)
    assert "Vos démarches" in text
    assert "Attestation d" in text  # the host's attestation, from the catalogue
    assert "Pour :" in text  # merged list says which procedure needs each paper
    assert not PdfReader(sheet).attachments


def test_replay_lists_every_problem_at_once(cli, with_fixture_content, tmp_path: Path) -> None:
    path = answers_file(
        tmp_path,
        (
            "demarches: [essai-logement, inconnue]\n"
            "reponses: {e_age: vingt, e_logement: chateau, pas_une_question: 1}\n"
        ),
    )
    result = cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path))
    assert result.exit_code == 1
    for expected in ("démarche inconnue « inconnue »", "e_age", "chateau", "pas_une_question"):
        assert expected in result.stderr, result.stderr
    assert f"{path}:2:" in result.stderr
    assert "Traceback" not in result.stderr


def test_replay_with_a_missing_answer_names_the_question(
    cli, with_fixture_content, tmp_path: Path
) -> None:
    path = answers_file(tmp_path, "demarches: [essai-logement]\nreponses: {e_age: 20}\n")
    result = cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path))
    assert result.exit_code == 1
    assert "réponse manquante" in result.stderr and "e_logement" in result.stderr


def test_replay_records_the_tally_block(cli, with_fixture_content, tmp_path: Path) -> None:
    path = answers_file(
        tmp_path,
        (
            "demarches: [essai-logement]\nreponses: {e_age: 40, e_logement: locataire}\n"
            "registre:\n  issues: {essai-logement: faite}\n  duree: 15_30\n  orientation: aucune\n"
            "  autonomie: autonome\n  premiere_visite: oui\n  tranche_age: 40_59\n  statut: en_emploi\n"
        ),
    )
    assert cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(cli("registre", "exporter").stdout)))
    assert len(rows) == 1
    assert rows[0]["demarche"] == "essai-logement" and rows[0]["issue"] == "faite"
    assert rows[0]["lieu"] == "Café d'essai" and rows[0]["theme"] == "logement"


def test_without_a_terminal_the_session_says_so_instead_of_hanging(
    cli, with_fixture_content
) -> None:
    result = cli("accueil")
    assert result.exit_code == 1
    assert "Pas de terminal" in result.stderr


def test_scripted_session_prints_sheet_and_records_one_line(
    cli, scripted, with_fixture_content, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    prompter = scripted(
        [
            "essai-logement",  # choose the procedure (the site is already set)
            guided.DONE,
            40,
            "locataire",  # questions
            guided.CHANGE,  # results: change one answer
            "e_logement",
            "heberge",
            guided.NAME,  # a first name on the sheet only
            "Awa",
            guided.SHEET,
            "issue:essai-logement",  # the tally line: change some fields, then save
            "faite",
            "champ:orientation",
            "caf",
            "champ:autonomie",
            "partiellement_autonome",
            "champ:premiere_visite",
            "oui",
            "champ:tranche_age",
            "25_39",
            "champ:statut",
            "sans_emploi",
            "\0enregistrer",
        ]
    )
    result = cli("accueil", "--sortie", str(out))
    assert result.exit_code == 0, result.stderr
    assert prompter.answers == []
    text = pdf_text(out / "vos-demarches.pdf")
    assert "Awa, vos démarches" in text
    assert "Attestation d" in text  # hébergée after the review change
    rows = list(csv.DictReader(io.StringIO(cli("registre", "exporter").stdout)))
    assert [(r["demarche"], r["issue"], r["orientation"], r["statut"]) for r in rows] == [
        ("essai-logement", "faite", "caf", "sans_emploi")
    ]
    assert "Awa" not in (cli("registre", "exporter").stdout)


def test_practice_session_records_nothing(
    cli, scripted, with_fixture_content, tmp_path: Path
) -> None:
    scripted(["essai-logement", guided.DONE, 40, "locataire", guided.SHEET])
    result = cli("accueil", "--sans-registre", "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert cli("registre", "exporter").stdout.strip().count("\n") == 0


def test_private_folder_is_removed_at_the_end(
    cli, scripted, with_fixture_content, monkeypatch
) -> None:
    from cafedemarches.render import private

    made: list[Path] = []
    real = private.private_output_dir

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        context = real(*args, **kwargs)
        folder = context.__enter__()
        made.append(folder)
        assert oct(folder.stat().st_mode & 0o777) == "0o700"

        class Wrapper:
            def __enter__(self) -> Path:
                return folder

            def __exit__(self, *exc: object) -> object:
                return context.__exit__(*exc)

        return Wrapper()

    monkeypatch.setattr(private, "private_output_dir", spy)
    scripted(["essai-logement", guided.DONE, 40, "locataire", guided.SHEET, "fin", True])
    result = cli("accueil", "--sans-registre")
    assert result.exit_code == 0, result.stderr
    assert made and not made[0].exists()


def test_sheet_is_a_tagged_french_pdf_with_a_title(
    cli, with_fixture_content, tmp_path: Path
) -> None:
    path = answers_file(
        tmp_path, "demarches: [essai-logement]\nreponses: {e_age: 40, e_logement: locataire}\n"
    )
    assert cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path)).exit_code == 0
    reader = PdfReader(tmp_path / "vos-demarches.pdf")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "Vos démarches"


def test_large_print_sheet_uses_more_pages(cli, with_fixture_content, tmp_path: Path) -> None:
    path = answers_file(
        tmp_path,
        (
            "demarches: [essai-logement, essai-famille]\n"
            "reponses: {e_age: 22, e_logement: heberge, e_etudiant: true, e_enfants: 2}\n"
        ),
    )
    assert cli("accueil", "--reponses", str(path), "--sortie", str(tmp_path / "n")).exit_code == 0
    assert (
        cli(
            "accueil", "--reponses", str(path), "--sortie", str(tmp_path / "g"), "--gros-caracteres"
        ).exit_code
        == 0
    )
    normal = len(PdfReader(tmp_path / "n" / "vos-demarches.pdf").pages)
    large = len(PdfReader(tmp_path / "g" / "vos-demarches.pdf").pages)
    assert large > normal


def test_suggested_letter_can_be_printed_blank_at_the_end(
    cli, scripted, with_fixture_content, tmp_path: Path
) -> None:
    scripted(
        [
            "essai-famille",
            guided.DONE,
            "heberge",
            1,
            guided.LETTER,
            "vierge:attestation-hebergement",
            guided.SHEET,
        ]
    )
    result = cli("accueil", "--sans-registre", "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    text = pdf_text(tmp_path / "attestation-hebergement-vierge.pdf")
    assert "....." in text or "…" in text


def test_nothing_typed_during_a_session_is_left_on_disk(
    cli, scripted, with_fixture_content, kit_home: Path, tmp_path: Path, monkeypatch
) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    canary = "Zoé-Canari"
    scripted(
        [
            "essai-famille",
            guided.DONE,
            "heberge",
            1,
            guided.NAME,
            canary,
            guided.LETTER,
            "remplir:attestation-hebergement",
            # the host's attestation: every field carries the canary where it is free text
            "Caf de l'Isère",
            canary,
            "14/05/1970",
            "Lyon",
            f"8 rue {canary}",
            canary,
            "03/09/1995",
            "01/06/2026",
            "à titre gratuit",
            "Grenoble",
            True,  # create the PDF
            guided.SHEET,
            "fin",  # no printer nor viewer: offered to copy the documents, no copy
            True,  # « effacer sans copier ? » yes
            "\0enregistrer",
        ]
    )
    result = cli("accueil")
    assert result.exit_code == 0, result.stderr
    leftovers = [p for p in [*scratch.rglob("*"), *kit_home.rglob("*")] if p.is_file()]
    for path in leftovers:
        assert canary.encode() not in path.read_bytes(), path
    assert not any(scratch.iterdir())  # the private folder is gone


def test_saved_answers_replay_to_the_same_sheet(
    cli, scripted, with_fixture_content, tmp_path: Path
) -> None:
    saved = tmp_path / "seance.yaml"
    scripted(["essai-logement", guided.DONE, 20, "heberge", True, guided.SHEET])
    result = cli(
        "accueil",
        "--sans-registre",
        "--sortie",
        str(tmp_path / "a"),
        "--enregistrer-reponses",
        str(saved),
    )
    assert result.exit_code == 0, result.stderr
    assert "e_etudiant: true" in saved.read_text(encoding="utf-8")
    assert cli("accueil", "--reponses", str(saved), "--sortie", str(tmp_path / "b")).exit_code == 0
    assert pdf_text(tmp_path / "a" / "vos-demarches.pdf") == pdf_text(
        tmp_path / "b" / "vos-demarches.pdf"
    )


def test_dont_know_runs_the_reperage_and_suggests_procedures(
    cli, scripted, with_fixture_content, kit_home: Path, tmp_path: Path
) -> None:
    reperage = Path(__file__).parent.parent / "fixtures" / "reperage"
    (kit_home / "config.yaml").write_text(
        f"lieu: Café d'essai\ndossiers_contenu: ['{with_fixture_content}', '{reperage}']\n",
        encoding="utf-8",
    )
    prompter = scripted(
        [
            guided.DONT_KNOW,
            True,
            False,  # repérage: pays rent, no children
            ["essai-logement"],  # keep the suggestion
            45,
            "locataire",
            guided.SHEET,
        ]
    )
    result = cli("accueil", "--sans-registre", "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    # the reason, under the list to tick, for the procedure the cursor is on
    assert prompter.described == {"essai-logement": "Paie un loyer → aide au logement."}
    assert "À regarder avec la personne : 1 démarche" in result.stdout
    assert "Bail" in pdf_text(tmp_path / "vos-demarches.pdf")
    assert prompter.answers == []


def test_replay_refused_for_a_missing_site_creates_no_output_folder(
    cli, with_fixture_content, kit_home: Path, tmp_path: Path
) -> None:
    config = kit_home / "config.yaml"
    config.write_text(config.read_text("utf-8").replace("lieu: Café d'essai\n", ""), "utf-8")
    path = answers_file(
        tmp_path,
        (
            "demarches: [essai-logement]\nreponses: {e_age: 40, e_logement: locataire}\n"
            "registre:\n  issues: {essai-logement: faite}\n  duree: 15_30\n"
        ),
    )
    out = tmp_path / "x"
    result = cli("accueil", "--reponses", str(path), "--sortie", str(out))
    assert result.exit_code == 1
    assert "config --lieu" in result.stderr, result.stderr
    assert not out.exists()


def test_without_printer_or_viewer_the_documents_can_be_copied_to_a_named_folder(
    cli, scripted, with_fixture_content, tmp_path: Path
) -> None:
    from cafedemarches.cli.printing import COPY

    key = tmp_path / "cle-usb"
    key.mkdir()
    (key / "vos-demarches.pdf").write_bytes(b"someone else's")  # never overwritten
    # « C'est bon » makes the sheet; with no printer nor viewer, copying it is offered.
    scripted(["essai-logement", guided.DONE, 40, "locataire", guided.SHEET, COPY, str(key), "fin"])
    result = cli("accueil", "--sans-registre")
    assert result.exit_code == 0, result.stderr
    assert f"Copié dans {key} : vos-demarches-2.pdf" in result.stdout
    assert "Vos démarches" in pdf_text(key / "vos-demarches-2.pdf")
    assert (key / "vos-demarches.pdf").read_bytes() == b"someone else's"


def test_the_copy_folder_is_checked_like_sortie(tmp_path: Path) -> None:
    from cafedemarches.cli.printing import _copy_folder_problem

    assert _copy_folder_problem(str(tmp_path)) is None
    assert _copy_folder_problem(str(tmp_path / "nouveau")) is None  # made at copy time
    assert not (tmp_path / "nouveau").exists()
    assert "n'existe pas" in (_copy_folder_problem(str(tmp_path / "a" / "b")) or "")
    (tmp_path / "f").write_text("x")
    assert "n'est pas un dossier" in (_copy_folder_problem(str(tmp_path / "f")) or "")


ENTER = object()


class _KeepsDefaults(ScriptedPrompter):
    """Presses Enter (the default) where the script says ENTER; notes the documents menu's
    and the confirmations' defaults."""

    defaults: list[object]

    def select(self, message, choices, **kw):  # type: ignore[no-untyped-def]
        if message.startswith("Les documents"):
            self.defaults.append(kw.get("default"))
        if self.answers and self.answers[0] is ENTER:
            self._next(message)
            return str(kw.get("default"))
        return super().select(message, choices, **kw)

    def confirm(self, message, **kw):  # type: ignore[no-untyped-def]
        self.defaults.append(kw.get("default"))
        if self.answers and self.answers[0] is ENTER:
            self._next(message)
            return bool(kw.get("default", True))
        return super().confirm(message, **kw)


def test_without_printer_or_viewer_the_default_copies_and_never_erases_the_sheet(
    cli, kit_run, with_fixture_content, tmp_path: Path
) -> None:
    from cafedemarches.cli.printing import COPY

    key = tmp_path / "cle-usb"
    key.mkdir()
    # « fin » first: asked « effacer sans copier ? », Enter says no; Enter then copies, and
    # the end comes once the copy is made, without a question
    script = ["essai-logement", guided.DONE, 40, "locataire", guided.SHEET, "fin", ENTER]
    prompter = _KeepsDefaults([*script, ENTER, str(key), "fin"])
    prompter.defaults = []
    kit_run.prompter_factory = lambda: prompter
    result = cli("accueil", "--sans-registre")
    assert result.exit_code == 0, result.stderr
    assert prompter.defaults == [COPY, False, COPY, "fin"]
    assert any(m.startswith("Effacer vos-demarches.pdf sans copier") for m in prompter.asked)
    assert (key / "vos-demarches.pdf").exists()
