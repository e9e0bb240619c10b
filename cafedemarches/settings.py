"""Where the kit keeps its files, and the site's configuration (config.yaml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cafedemarches.errors import UserError

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


def _positive_int(value: Any, key: str, path: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UserError(
            f"{path} : « {key} » doit être un nombre entier positif (trouvé : {value!r}).",
            "Corrigez le fichier ou utilisez « cafedemarches config ».",
        )
    return value


def load_config(paths: Paths) -> Config:
    path = paths.config_file
    if not path.exists():
        return Config()
    from cafedemarches.content.yamlfile import read_plain_yaml

    raw = read_plain_yaml(path)
    if raw is None:
        return Config()
    if not isinstance(raw, dict):
        raise UserError(f"{path} : le fichier de configuration doit être une liste de clés.")
    unknown = sorted(set(raw) - set(CONFIG_KEYS))
    if unknown:
        raise UserError(
            f"{path} : clé inconnue « {unknown[0]} ».",
            "Clés possibles : " + ", ".join(CONFIG_KEYS) + ".",
        )
    folders = raw.get("dossiers_contenu") or []
    if isinstance(folders, str):
        folders = [folders]
    base = path.parent
    return Config(
        lieu=_optional_text(raw.get("lieu")),
        association=_optional_text(raw.get("association")),
        dossiers_contenu=tuple((base / Path(str(f)).expanduser()) for f in folders),
        peremption_mois=_positive_int(raw.get("peremption_mois", 12), "peremption_mois", path),
        seuil_publication=_positive_int(raw.get("seuil_publication", 5), "seuil_publication", path),
    )


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def save_config(paths: Paths, config: Config) -> None:
    import yaml

    try:
        paths.config_dir.mkdir(parents=True, exist_ok=True)
        tmp = paths.config_file.with_suffix(".tmp")
        tmp.write_text(
            "# Configuration de cafedemarches (modifiable avec « cafedemarches config »)\n"
            + yaml.safe_dump(config.as_dict(), allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        tmp.replace(paths.config_file)
    except OSError as exc:
        raise UserError(
            f"Impossible d'écrire la configuration dans {paths.config_file} ({exc.strerror}).",
            f"Vérifiez les droits du dossier, ou choisissez-en un autre avec {HOME_VARIABLE}.",
        ) from exc
