"""Reading a YAML configuration document into a pydantic model, with errors that name the field.

The policy and the purposes catalogue are both data an admin edits; a mistake in either must fail
loudly at start-up with the path of the bad field, never weaken the guardrail silently.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from guardrails.errors import GuardrailError

ModelT = TypeVar("ModelT", bound=BaseModel)


def read_config_text(
    path: str | Path | None, default_file: str, error: type[GuardrailError]
) -> tuple[str, str]:
    """The text of ``path``, or of the shipped ``guardrails/data/<default_file>``; and its name."""
    source = str(path) if path is not None else f"guardrails/data/{default_file}"
    try:
        if path is None:
            return resources.files("guardrails.data").joinpath(default_file).read_text(), source
        return Path(path).read_text(encoding="utf-8"), source
    except OSError as exc:
        raise error(f"cannot read {source}: {exc.strerror or exc}") from exc


def parse_config(raw: str, source: str, model: type[ModelT], error: type[Exception]) -> ModelT:
    """Validate YAML text against ``model``; ``error`` names every bad field."""
    try:
        document = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise error(f"{source} is not valid YAML: {exc}") from exc
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise error(f"{source} must hold a mapping at the top level")
    try:
        return model.model_validate(document)
    except ValidationError as exc:
        problems = "; ".join(f"{field}: {message}" for field, message in field_problems(exc))
        raise error(f"invalid {source}: {problems}") from exc


def field_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(dotted field name, what is wrong) for each error: a file's message names the field, and
    a form shows the message next to the input of that name."""
    return [
        (".".join(str(part) for part in err["loc"]) or "(top level)", err["msg"])
        for err in exc.errors()
    ]
