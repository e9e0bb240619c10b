"""Where the kit keeps its files, and the site's configuration (config.yaml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cafedemarches.config_rules import (
    FORMULA_STARTS,
    LIMITS,
    SITE_MAX,
    number_error,
    site_error,
    text_error,
)
from cafedemarches.content.cache import fingerprint, read_cached, write_cached
from cafedemarches.errors import UserError, os_reason
from cafedemarches.files import write_text

__all__ = [
    "FORMULA_STARTS",
    "LIMITS",
    "SITE_MAX",
    "Config",
    "Paths",
    "load_config",
    "number_error",
    "save_config",
    "site_error",
    "text_error",
]

APP_NAME = "cafedemarches"
HOME_VARIABLE = "CAFEDEMARCHES_HOME"

CONFIG_KEYS: dict[str, str] = {
    "lieu": "nom du lieu de la permanence (un café, un marché, un centre social…)",
    "association": "nom de l'association, imprimé sur les bilans",
    "dossiers_contenu": "dossiers de fiches et de courriers locaux, en plus de ceux du kit",
    "peremption_mois": "au-delà de combien de mois une fiche non revérifiée est signalée",
    "seuil_publication": "en dessous de ce nombre, les chiffres publiés sont masqués",
}


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.yaml"

    @property
    def tally_file(self) -> Path:
        return self.data_dir / "registre.sqlite3"

    @property
    def cache_dir(self) -> Path:
        """Files the kit can always rebuild (the verifier's results)."""
        if os.environ.get(HOME_VARIABLE):
            return self.data_dir / "cache"
        import platformdirs

        return platformdirs.user_cache_path(APP_NAME, appauthor=False)

    @classmethod
    def from_environment(cls) -> Paths:
        home = os.environ.get(HOME_VARIABLE)
        if home:
            root = Path(home).expanduser()
            return cls(config_dir=root, data_dir=root)
        import platformdirs

        return cls(
            config_dir=platformdirs.user_config_path(APP_NAME, appauthor=False),
            data_dir=platformdirs.user_data_path(APP_NAME, appauthor=False),
        )


@dataclass
class Config:
    lieu: str | None = None
    association: str | None = None
    dossiers_contenu: tuple[Path, ...] = ()
    peremption_mois: int = 12
    seuil_publication: int = 5

    def as_dict(self) -> dict[str, Any]:
        return {
            "lieu": self.lieu,
            "association": self.association,
            "dossiers_contenu": [str(p) for p in self.dossiers_contenu],
            "peremption_mois": self.peremption_mois,
            "seuil_publication": self.seuil_publication,
        }


def load_config(paths: Paths) -> Config:
    """The configuration; every problem of the file at once, with its line.

    Once a file has been validated, its values are kept in the content cache (keyed by the
    file's path, date, size and digest, and by this module's own rules): most commands then
    read them back without loading pydantic (about 80 ms). A changed file is validated again.
    """
    path = paths.config_file
    if not path.exists():
        return Config()

    key = fingerprint([path, Path(__file__), Path(configfile_module_path())], "config")
    values = read_cached(paths.cache_dir, "config", key)
    if not isinstance(values, dict):
        # The check loads pydantic (about 80 ms): only when the file is new or changed.
        from cafedemarches.configfile import validated_values

        values = validated_values(path)
        write_cached(paths.cache_dir, "config", key, values)
    folders = values.get("dossiers_contenu") or []
    if isinstance(folders, str):
        folders = [folders]
    base = path.parent
    return Config(
        lieu=values.get("lieu") or None,
        association=values.get("association") or None,
        dossiers_contenu=tuple((base / Path(str(f)).expanduser()) for f in folders),
        peremption_mois=int(values.get("peremption_mois", 12)),
        seuil_publication=int(values.get("seuil_publication", 5)),
    )


def configfile_module_path() -> str:
    """The file of the config file's model, part of the cache key (found without importing it)."""
    return str(Path(__file__).with_name("configfile.py"))


def save_config(paths: Paths, config: Config) -> None:
    import yaml

    try:
        paths.config_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"Impossible d'écrire la configuration dans {paths.config_file} ({os_reason(exc)}).",
            f"Vérifiez les droits du dossier, ou choisissez-en un autre avec {HOME_VARIABLE}.",
        ) from exc
    write_text(
        paths.config_file,
        "# Configuration de cafedemarches (modifiable avec « cafedemarches config »)\n"
        + yaml.safe_dump(config.as_dict(), allow_unicode=True, sort_keys=False),
        existing="replace",
    )
