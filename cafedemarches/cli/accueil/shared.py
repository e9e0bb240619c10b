"""What the guided session and its replay share: the options, the output folder and the
take-away sheet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches.cli.run import current
from cafedemarches.content.index import unknown_procedure
from cafedemarches.content.translations import sheet_language
from cafedemarches.errors import UserError, os_reason
from cafedemarches.render import private
from cafedemarches.render.sheet import sheet_html as render
from cafedemarches.render.sheet import write_sheet

if TYPE_CHECKING:
    from cafedemarches.content.loader import Content
    from cafedemarches.content.models import Checklist
    from cafedemarches.session.engine import Outcome
    from cafedemarches.settings import Config


@dataclass
class Options:
    procedures: list[str]
    output: Path | None
    record: bool
    large: bool
    print_sheet: bool
    save_answers: Path | None = None
    language: str | None = None  # the sheet's second language (`--langue`), or None


@contextmanager
def output_folder(chosen: Path | None) -> Iterator[tuple[Path, bool]]:
    """The folder for PDFs: the one chosen with --sortie, else a private one removed at exit."""
    if chosen is not None:
        try:
            chosen.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Impossible de créer le dossier {chosen} ({os_reason(exc)}).") from exc
        yield chosen, False
        return

    with private.private_output_dir() as folder:
        yield folder, True


def pick_checklists(content: Content, ids: list[str]) -> list[Checklist]:
    unknown = [i for i in ids if i not in content.checklists]
    if unknown:
        raise unknown_procedure(unknown[0], content.checklists)
    return [content.checklists[i] for i in dict.fromkeys(ids)]


def sheet_html(
    content: Content,
    config: Config,
    result: Outcome,
    options: Options,
    first_name: str | None = None,
    done: frozenset[str] = frozenset(),
    made_letters: list[str] | None = None,
) -> str:
    language = None
    if options.language:
        language = sheet_language(options.language, content)
    return render(
        result,
        letters=content.letters,
        day=current().today(),
        content_version=content.version,
        site=config.lieu,
        first_name=first_name,
        done_steps=done,
        large=options.large,
        made_letters=made_letters,
        language=language,
    )


def write_html(html: str, folder: Path) -> Path:
    target = folder / "vos-demarches.pdf"
    try:
        return write_sheet(html, target)
    except OSError as exc:
        raise UserError(
            f"Impossible d'écrire {target} ({os_reason(exc)}).",
            "Choisissez un autre dossier avec --sortie.",
        ) from exc
