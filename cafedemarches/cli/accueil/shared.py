"""What the guided session and its replay share: the options, the output folder and the
take-away sheet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches.cli.run import current
from cafedemarches.content.index import content_folders, unknown_procedure
from cafedemarches.content.translations import sheet_language
from cafedemarches.errors import UserError, os_reason
from cafedemarches.files import Existing
from cafedemarches.render import private
from cafedemarches.render.sheet import sheet_html as render
from cafedemarches.render.sheet import write_sheet
from cafedemarches.tally import staging
from cafedemarches.tally.pending import set_aside_message, status

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
    replace: bool = False  # `--remplacer`: files of the same name in the chosen folder


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


def pending_warning(register: Path) -> str | None:
    """At the start of a session: the staging files of killed imports are removed, and lines
    of the register's pending folder set aside (cut by a crash), that a person should look
    at, are told."""
    staging.sweep_stale(register.parent)
    try:
        set_aside = status(register).set_aside
    except OSError:
        return None
    return set_aside_message(set_aside) if set_aside else None


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
    estimates: tuple[str, ...] = (),
) -> str:
    language = None
    if options.language:
        language = sheet_language(
            options.language, content, content_folders(config.dossiers_contenu)
        )
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
        estimates=estimates,
    )


def write_html(html: str, folder: Path, existing: Existing, mine: Path | None = None) -> Path:
    """The sheet, printed in `folder` (`existing` says what to do with a file of the same
    name: `"next"` takes `vos-demarches-2.pdf`…), or over `mine`, the session's own sheet
    written before; the path written."""
    if mine is not None:
        return write_sheet(html, mine, existing="replace")
    return write_sheet(html, folder / "vos-demarches.pdf", existing=existing)
