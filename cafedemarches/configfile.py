"""The model of config.yaml, checked with pydantic: imported only when the file is new or has
changed (`settings.load_config` keeps the checked values in the content cache)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictInt

from cafedemarches.config_rules import number_error, site_error, text_error
from cafedemarches.content.validation import validate_model
from cafedemarches.content.yamlfile import read_file_bytes, read_yaml
from cafedemarches.errors import ProblemsError


def _check_site(value: str) -> str:
    error = site_error(value) if value.strip() else None  # empty: not set
    if error:
        raise ValueError(error)
    return value.strip()


def _check_association(value: str) -> str:
    error = text_error(value, "le nom de l'association")
    if error:
        raise ValueError(error)
    return value.strip()


def _bounded(key: str) -> Any:
    def check(value: int) -> int:
        error = number_error(key, value)
        if error:
            raise ValueError(error)
        return value

    return AfterValidator(check)


class ConfigFile(BaseModel):
    """config.yaml: every key optional, none unknown."""

    model_config = ConfigDict(extra="forbid")

    lieu: Annotated[str, AfterValidator(_check_site)] | None = None
    association: Annotated[str, AfterValidator(_check_association)] | None = None
    dossiers_contenu: list[str] | str | None = None
    peremption_mois: Annotated[StrictInt, _bounded("peremption_mois")] = 12
    seuil_publication: Annotated[StrictInt, _bounded("seuil_publication")] = 5


def validated_values(path: Path) -> dict[str, Any]:
    """The values of config.yaml checked by its model, or every problem at once."""
    if not read_file_bytes(path).strip():
        return {}
    doc = read_yaml(path)
    model, problems = validate_model(doc, ConfigFile)
    if model is None:
        count = len(problems)
        raise ProblemsError(
            problems,
            f"La configuration a {count} problème{'s' if count > 1 else ''} :",
            "Corrigez le fichier, ou réglez la valeur avec « cafedemarches config ».",
        )
    return dict(model.model_dump())
