"""What the guided session and its replay share: the output folder and the take-away sheet
(the options are `opening.Options`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches.cli.accueil.options import Options
from cafedemarches.cli.run import current
from cafedemarches.content.index import content_folders, unknown_procedure
from cafedemarches.content.translations import sheet_language
from cafedemarches.errors import UserError, os_reason
from cafedemarches.files import Existing
from cafedemarches.render import private
from cafedemarches.render.sheet import sheet_html as render
from cafedemarches.render.sheet import write_sheet

if TYPE_CHECKING:
    from cafedemarches.content.loader import Content
    from cafedemarches.content.models import Checklist
    from cafedemarches.session.engine import Outcome
    from cafedemarches.settings import Config


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
    estimates: tuple[str, ...] = (),
) -> str:
    language = None
    if options.language:
        language = sheet_language(
            options.language,
            content,
            content_folders(config.dossiers_contenu),
            cache=current().paths.cache_dir,
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
