"""`accueil --reponses`: a session replayed from an answers file, without questions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cafedemarches.cli.accueil.options import Options
from cafedemarches.cli.accueil.shared import output_folder, sheet_html, write_html
from cafedemarches.cli.context import settings
from cafedemarches.cli.interrupt import note_saved
from cafedemarches.cli.printing import print_file
from cafedemarches.cli.tally_line import save_line
from cafedemarches.content.loader import load_checked_content
from cafedemarches.content.translations import language_or_fail
from cafedemarches.session.answers import read_answers_file
from cafedemarches.session.derived import derived_tally_fields
from cafedemarches.session.engine import outcome
from cafedemarches.tally.entry import build_entry

if TYPE_CHECKING:
    from cafedemarches.tally.model import SessionEntry


def run_replay(answers_file: Path, options: Options) -> None:
    import typer

    html, entry = _prepare_replay(answers_file, options)
    with output_folder(options.output or Path.cwd()) as (folder, _):
        target = write_html(html, folder, "replace-or-next" if options.replace else "next")

    note_saved(str(target))
    typer.echo(f"Feuille « Vos démarches » : {target}")
    if options.print_sheet:
        print_file(target)
    if entry is not None:
        typer.echo(save_line(settings()[0].tally_file, entry))


def _prepare_replay(answers_file: Path, options: Options) -> tuple[str, SessionEntry | None]:
    """The sheet's HTML and, when the file has a `registre` block, the tally entry (built
    before any work, so a refused entry stops the replay before the sheet is written)."""

    paths, config = settings()
    content = load_checked_content(config.dossiers_contenu, strict=False, cache=paths.cache_dir)
    if options.language:
        language_or_fail(options.language)  # an unknown code stops before any work
    replay = read_answers_file(answers_file, content.checklists)
    entry = None
    if replay.tally is not None and options.record:
        # What the block leaves out and the answers say (age bracket, situation) is read there.
        fields = derived_tally_fields(replay.answers)
        fields |= {k: str(v) for k, v in replay.tally.items() if k != "issues"}
        entry = build_entry(
            config.lieu,
            [(c.id, c.theme, replay.issues[c.id]) for c in replay.plan.checklists],
            fields,
        )
    result = outcome(replay.plan, content.catalogue, replay.answers)
    return sheet_html(content, config, result, options), entry
