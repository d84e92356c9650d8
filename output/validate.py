"""Validation of records against output/schema.json before anything is written."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from declform.output.errors import RecordInvalidError
from declform.output.record import SCHEMA_ID


@cache
def schema() -> dict[str, Any]:
    text = resources.files("declform.output").joinpath("schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema())


def schema_errors(document: Any) -> list[str]:
    """Every violation as 'json.path: message', empty when the document is valid."""
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(_validator().iter_errors(document), key=lambda e: e.json_path)
    ]


def validate_record(document: Any, *, path: str | None = None) -> None:
    """Raise RecordInvalidError (a declform bug) when the record breaks the schema."""
    errors = schema_errors(document)
    if errors:
        problems = "; ".join(errors[:5])
        raise RecordInvalidError(f"record violates {SCHEMA_ID}: {problems}", path=path)
