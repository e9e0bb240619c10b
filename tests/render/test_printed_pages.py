"""Printed pages a person can use (issue #10, items 9 and 10): blanks long enough to write on,
a signature never alone, large print 1.5 times larger on the sheet and the letters, warnings
printed as warnings, and the sheet read in order (first steps, papers, the rest).

Widths and sizes are read back from WeasyPrint's layout boxes, the same layout the PDF gets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from cafedemarches.content.index import shipped_folders
from cafedemarches.content.loader import Content, load_content
from cafedemarches.content.models import Letter
from cafedemarches.letters.template import fill_letter
from cafedemarches.render.letter import letter_html
from cafedemarches.render.sheet import sheet_html
from cafedemarches.session.engine import Outcome, Plan, outcome

PX_TO_MM = 25.4 / 96  # a CSS pixel


@cache
def shipped() -> Content:
    return load_content(shipped_folders(), deep=False)


def layout(html: str) -> Any:
    """The laid-out document, exactly as render_pdf lays it out before writing."""
    import weasyprint

    from cafedemarches.render import pdf

    return weasyprint.HTML(
        string=html, base_url=pdf.assets_url(), url_fetcher=pdf.safe_url_fetcher()
    ).render(
        font_config=pdf._font_config(),
        stylesheets=[pdf._base_stylesheet()],
        presentational_hints=False,
    )


def boxes(document: Any) -> Iterator[tuple[int, Any]]:
    """(page number, box) for every box of every page."""
    for number, page in enumerate(document.pages, start=1):
        yield from ((number, box) for box in page._page_box.descendants())


def has_class(box: Any, name: str) -> bool:
    element = getattr(box, "element", None)
    return element is not None and name in (element.get("class") or "").split()


def letters() -> list[Letter]:
    return list(shipped().letters.values())


@pytest.mark.parametrize("letter", letters(), ids=lambda letter: letter.id)
def test_every_text_blank_is_long_enough_to_write_an_address_by_hand(letter: Letter) -> None:
    document = layout(letter_html(fill_letter(letter, None)))
    widths: dict[int, float] = {}
    texts: dict[int, str] = {}
    in_window: set[int] = set()
    for _, box in boxes(document):
        if has_class(box, "destinataire"):
            in_window |= {id(b.element) for b in box.descendants() if has_class(b, "a-remplir")}
        if has_class(box, "a-remplir") and box.element_tag == "span":
            key = id(box.element)
            widths[key] = widths.get(key, 0.0) + box.width * PX_TO_MM
            texts[key] = box.element.text or ""
    text_blanks = [w for k, w in widths.items() if "/" not in texts[k] and k not in in_window]
    assert text_blanks, "a blank letter has blanks to fill"
    # An address written by hand takes about 90 mm (« 8 avenue Jean Jaurès, 38100 Grenoble »).
    assert min(text_blanks) >= 90
    # In the envelope window (85 mm wide), a blank still takes most of its width.
    assert all(widths[k] >= 70 for k in in_window if k in widths)
    dates = [w for k, w in widths.items() if "/" in texts[k]]
    assert all(w >= 30 for w in dates)


def signature_pages(document: Any) -> list[tuple[int, bool]]:
    """For the page holding « Signature : », whether a line of the body is on it too."""
    label = [n for n, box in boxes(document) if has_class(box, "signature-libelle")]
    body = {n for n, box in boxes(document) if has_class(box, "corps")}
    return [(n, n in body) for n in set(label)]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "gros"])
@pytest.mark.parametrize("letter", letters(), ids=lambda letter: letter.id)
def test_the_signature_never_starts_a_page_alone(letter: Letter, large: bool) -> None:
    for values in (None, {f.id: "Texte assez long " * 3 for f in letter.champs}):
        filled = fill_letter(letter, values, today=dt.date(2026, 11, 29))
        document = layout(letter_html(filled, large_print=large))
        for page, with_body in signature_pages(document):
            assert with_body, f"« Signature : » seule en page {page}"


def font_size(document: Any, css_class: str) -> float:
    for _, box in boxes(document):
        if has_class(box, css_class):
            return float(box.style["font_size"])
    raise AssertionError(f"no .{css_class} in the document")


def text_size(document: Any, tag: str) -> float:
    for _, box in boxes(document):
        if getattr(box, "element_tag", None) == tag and box.element is not None:
            return float(box.style["font_size"])
    raise AssertionError(f"no <{tag}> in the document")


def three_procedures() -> Outcome:
    content = shipped()
    plan = Plan(tuple(content.checklists[i] for i in ("rsa", "prime-activite", "aide-logement")))
    answers = {
        "age": 34,
        "en_couple": False,
        "enfants_a_charge": 1,
        "enceinte": False,
        "etudiant": False,
        "travaille": True,
        "independant": False,
        "nationalite": "francaise",
        "logement": "locataire",
        "bail": "signe",
    }
    return outcome(plan, content.catalogue, answers)


def sheet(result: Outcome, *, large: bool = False) -> str:
    content = shipped()
    return sheet_html(
        result,
        letters=content.letters,
        day=dt.date(2026, 11, 29),
        content_version="essai",
        large=large,
    )


def test_large_print_is_one_and_a_half_times_the_normal_size_on_sheet_and_letters() -> None:
    result = three_procedures()
    normal, large = layout(sheet(result)), layout(sheet(result, large=True))
    for tag in ("li", "h2", "h3"):
        assert text_size(large, tag) >= 1.5 * text_size(normal, tag) - 0.01
    letter = shipped().letters["attestation-hebergement"]
    filled = fill_letter(letter, None)
    normal, large = layout(letter_html(filled)), layout(letter_html(filled, large_print=True))
    for css_class in ("corps", "objet", "guide", "avertissement", "signature"):
        assert font_size(large, css_class) >= 1.5 * font_size(normal, css_class) - 0.01


def test_a_warning_is_printed_in_the_warning_box_never_with_a_box_to_tick() -> None:
    content = shipped()
    plan = Plan((content.checklists["aide-logement"],))
    answers = {"age": 30, "logement": "locataire", "bail": "famille"}
    answers.update({"en_couple": False, "enfants_a_charge": 0, "etudiant": False})
    result = outcome(plan, content.catalogue, plan.effective(answers))
    warning = next(s for r in result.procedures for s in r.steps if s.attention)
    html = sheet(result)
    box_section = html.split('<section class="warnings"', 1)
    assert len(box_section) == 2, "the sheet has a warning box"
    inside = box_section[1].split("</section>", 1)[0]
    assert warning.texte.replace("'", "&#39;") in inside
    before = box_section[0] + box_section[1].split("</section>", 1)[1]
    assert warning.texte.replace("'", "&#39;") not in before  # never again as a step


def test_the_sheet_reads_first_steps_then_papers_then_the_rest(tmp_path: Path) -> None:
    from cafedemarches.render.sheet import write_sheet

    result = three_procedures()
    target = write_sheet(sheet(result), tmp_path / "feuille.pdf")
    reader = PdfReader(target)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    first, papers, rest = (text.index(h) for h in ("D'abord", "Les papiers", "Ensuite"))
    assert first < papers < rest
    # Each procedure's first step is under « D'abord », and printed once only.
    for procedure in result.procedures:
        step = next(s for s in procedure.steps if not s.attention).texte
        assert first < text.index(step) < papers
        assert text.count(step) == 1
    # Three procedures used to take 5 pages; the same type size now fits in 4.
    assert len(reader.pages) <= 4


def large_print_spy(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each letter PDF written from now on adds whether it was in large print."""
    from cafedemarches.render import letter as render_letter

    seen: list[bool] = []
    real = render_letter.write_letter_pdf

    def spy(filled: Any, target: Path, *, large_print: bool = False, **options: Any) -> Path:
        seen.append(large_print)
        return real(filled, target, large_print=large_print, **options)

    monkeypatch.setattr(render_letter, "write_letter_pdf", spy)
    return seen


def test_letters_of_a_session_are_in_large_print_when_the_sheet_is(
    monkeypatch: pytest.MonkeyPatch,
    kit_home: Path,
    kit_run: Any,
    scripted: Any,
    cli: Any,
    tmp_path: Path,
) -> None:
    from cafedemarches.cli.accueil import interactive as guided

    fixtures = Path(__file__).parent.parent / "fixtures" / "contenu"
    (kit_home / "config.yaml").write_text(
        f"lieu: Café d'essai\ndossiers_contenu: ['{fixtures}']\n", encoding="utf-8"
    )
    kit_run.which = lambda name: None  # no printer, no viewer
    seen = large_print_spy(monkeypatch)
    script = ["essai-famille", guided.DONE, "heberge", 1, guided.LETTER]
    scripted([*script, "vierge:attestation-hebergement", guided.SHEET])
    result = cli("accueil", "--sans-registre", "--gros-caracteres", "--sortie", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert seen == [True]
    assert (tmp_path / "attestation-hebergement-vierge.pdf").is_file()


def test_lettres_remplir_prints_in_large_print_when_asked(
    monkeypatch: pytest.MonkeyPatch, kit_home: Path, cli: Any, tmp_path: Path
) -> None:
    seen = large_print_spy(monkeypatch)
    target = tmp_path / "lettre.pdf"
    args = ("lettres", "remplir", "attestation-hebergement", "--vierge", "--sortie", str(target))
    assert cli(*args).exit_code == 0
    assert cli(*args, "--gros-caracteres", "--remplacer").exit_code == 0
    assert seen == [False, True]
    assert target.is_file()
