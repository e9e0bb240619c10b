"""Where the kit keeps its files, and the site's configuration (config.yaml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cafedemarches.errors import UserError, os_reason
from cafedemarches.files import write_text
from cafedemarches.text import hidden_error

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


SITE_MAX = 80
# A cell starting with one of these is a formula in a spreadsheet (tab and CR too, in some of
# them): refused where the site enters, neutralised in every CSV the kit writes.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIMITS: dict[str, tuple[int, int]] = {"peremption_mois": (1, 600), "seuil_publication": (1, 10_000)}


def site_error(value: str) -> str | None:
    """Why `value` cannot be the site's name (French), or None. The one rule, used where the
    name enters: the configuration file, `config --lieu`, the guided session's question and
    the lines of a register being imported."""
    if not value.strip():
        return "le nom du lieu est vide"
    hidden = hidden_error(value)
    if hidden:
        return f"le nom du lieu contient {hidden}"
    if len(value) > SITE_MAX:
        return f"le nom du lieu a {len(value)} caractères, au plus {SITE_MAX}"
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        return "le nom du lieu contient une tabulation, un retour à la ligne ou un caractère de contrôle"
    if value.strip().startswith(FORMULA_STARTS):
        return "le nom du lieu ne doit pas commencer par =, +, - ou @ (un tableur le lirait comme une formule)"
    return None


def text_error(value: str, what: str) -> str | None:
    if len(value) > 200:
        return f"{what} a {len(value)} caractères, au plus 200"
    hidden = hidden_error(value)
    if hidden:
        return f"{what} contient {hidden}"
    if any(ord(c) < 32 for c in value):
        return f"{what} contient une tabulation, un retour à la ligne ou un caractère de contrôle"
    return None


def number_error(key: str, value: int) -> str | None:
    low, high = LIMITS[key]
    if not low <= value <= high:
        return f"doit être un nombre entier de {low} à {high} (trouvé : {value})"
    return None


def _config_model() -> Any:
    """The pydantic model of config.yaml (built on first use: pydantic loads only then)."""
    from typing import Annotated

    from pydantic import AfterValidator, BaseModel, ConfigDict, StrictInt

    def check_site(value: str) -> str:
        error = site_error(value) if value.strip() else None  # empty: not set
        if error:
            raise ValueError(error)
        return value.strip()

    def check_association(value: str) -> str:
        error = text_error(value, "le nom de l'association")
        if error:
            raise ValueError(error)
        return value.strip()

    def bounded(key: str) -> Any:
        def check(value: int) -> int:
            error = number_error(key, value)
            if error:
                raise ValueError(error)
            return value

        return AfterValidator(check)

    class ConfigFile(BaseModel):
        model_config = ConfigDict(extra="forbid")

        lieu: Annotated[str, AfterValidator(check_site)] | None = None
        association: Annotated[str, AfterValidator(check_association)] | None = None
        dossiers_contenu: list[str] | str | None = None
        peremption_mois: Annotated[StrictInt, bounded("peremption_mois")] = 12
        seuil_publication: Annotated[StrictInt, bounded("seuil_publication")] = 5

    return ConfigFile


def load_config(paths: Paths) -> Config:
    """The configuration; every problem of the file at once, with its line.

    Once a file has been validated, its values are kept in the content cache (keyed by the
    file's path, date, size and digest, and by this module's own rules): most commands then
    read them back without loading pydantic (about 80 ms). A changed file is validated again.
    """
    path = paths.config_file
    if not path.exists():
        return Config()
    from cafedemarches.content.cache import fingerprint, read_cached, write_cached

    key = fingerprint([path, Path(__file__)], "config")
    values = read_cached(paths.cache_dir, "config", key)
    if not isinstance(values, dict):
        values = _validated_values(path)
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


def _validated_values(path: Path) -> dict[str, Any]:
    """The values of config.yaml checked by its pydantic model, or every problem at once."""
    from cafedemarches.content.yamlfile import read_file_bytes, read_yaml

    if not read_file_bytes(path).strip():
        return {}
    from cafedemarches.content.validation import validate_model
    from cafedemarches.errors import ProblemsError

    doc = read_yaml(path)
    model, problems = validate_model(doc, _config_model())
    if model is None:
        count = len(problems)
        raise ProblemsError(
            problems,
            f"La configuration a {count} problème{'s' if count > 1 else ''} :",
            "Corrigez le fichier, ou réglez la valeur avec « cafedemarches config ».",
        )
    return dict(model.model_dump())


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
