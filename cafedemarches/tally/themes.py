"""The service-public theme of each procedure, read from the checklists (key `theme`)."""

from __future__ import annotations

from cafedemarches.content.index import procedure_headers, procedure_themes, shipped_folders
from cafedemarches.settings import Paths, load_config


def themes(paths: Paths | None = None) -> dict[str, str]:
    """Procedure id -> theme, for every checklist the kit can use (shipped and local)."""

    paths = paths or Paths.from_environment()
    config = load_config(paths)
    return procedure_themes([*shipped_folders(), *config.dossiers_contenu], paths.cache_dir)


def titles(paths: Paths | None = None) -> dict[str, str]:
    """Procedure id -> its title, for the summary's tables."""

    paths = paths or Paths.from_environment()
    config = load_config(paths)
    headers = procedure_headers([*shipped_folders(), *config.dossiers_contenu], paths.cache_dir)
    return {key: header["titre"] for key, header in headers.items()}


def content_version(paths: Paths | None = None) -> str:
    """The version of the content, printed in the summary's footer."""
    # Loading every checklist is pydantic's work (about 80 ms): only the summary's PDF asks.
    from cafedemarches.content.loader import load_content

    paths = paths or Paths.from_environment()
    config = load_config(paths)
    return load_content(
        [*shipped_folders(), *config.dossiers_contenu], deep=False, cache=paths.cache_dir
    ).version
