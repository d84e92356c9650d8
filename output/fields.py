"""A record's values by field path: the vocabulary provenance, warnings, verdicts and
corrections share (`project.name`, `funding.annual.total`, `indicators[3].value`,
`tasks[0].name`).

`value_paths` lists every value an auditor can judge, `value_at` reads one, `with_value` returns
the record with one replaced (an indicator's `parsed` follows its value, as the reader parses
it), `field_kind` groups paths for filters and sampling. Pure.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Literal

from declform.normalize import parse_value
from declform.output.record import FormRecord

# the audit sampler's strata (output/review/audit_values.py on the audit branch) use these too
FieldKind = Literal[
    "header", "amount", "goal", "indicator_level", "indicator_name", "indicator_value",
    "indicator_other", "task",
]  # fmt: skip
FIELD_KINDS: tuple[FieldKind, ...] = (
    "header", "amount", "goal", "indicator_level", "indicator_name", "indicator_value",
    "indicator_other", "task",
)  # fmt: skip
Value = str | int | float | None

HEADER_PATHS: tuple[str, ...] = (
    "title",
    "fiscal_year",
    "project.name",
    "project.competent_department",
    "project.department_code",
    "project.implementing_unit",
    "project.attribute",
    "project.period",
    "filler.name",
    "filler.phone",
    "filler.date",
    "funding.medium_term.total",
    "funding.medium_term.fiscal",
    "funding.medium_term.other",
    "funding.annual.total",
    "funding.annual.fiscal",
    "funding.annual.other",
    "goals.medium_term",
    "goals.annual",
)
INDICATOR_PARTS = ("level1", "level2", "name", "value", "weight", "note")
TASK_PARTS = ("category", "name", "content", "total", "fiscal", "transfer", "goal")
_INDICATOR_KINDS: dict[str, FieldKind] = {
    "level1": "indicator_level", "level2": "indicator_level", "name": "indicator_name",
    "value": "indicator_value",
}  # fmt: skip
_OPTIONAL_PARTS = frozenset({"weight", "note"})
_ITEM = re.compile(r"^(indicators|tasks)\[(\d+)\]\.(\w+)$")


class UnknownFieldError(KeyError):
    """A field path no value of this record has (a typo, an index past the end)."""


def value_paths(record: FormRecord) -> list[str]:
    """Every judgeable value of the record, in page order: the header, then each indicator's
    levels, name and value (weight and note where printed), then each task's cells."""
    paths = list(HEADER_PATHS)
    for index, indicator in enumerate(record.indicators):
        for part in INDICATOR_PARTS:
            path = f"indicators[{index}].{part}"
            # weight and note: only where the form has such a column (most print neither)
            blank = getattr(indicator, part) is None and path not in record.provenance
            if not (part in _OPTIONAL_PARTS and blank):
                paths.append(path)
    for index in range(len(record.tasks)):
        paths += [f"tasks[{index}].{part}" for part in TASK_PARTS]
    return paths


def field_kind(path: str) -> FieldKind:
    item = _ITEM.match(path)
    if item is not None:
        collection, _, part = item.groups()
        if collection == "tasks":
            return "task"
        return _INDICATOR_KINDS.get(part, "indicator_other")
    if path.startswith("funding."):
        return "amount"
    return "goal" if path.startswith("goals.") else "header"


def _item(record: FormRecord, path: str) -> tuple[str, int, str] | None:
    item = _ITEM.match(path)
    if item is None:
        return None
    collection, index, part = item.group(1), int(item.group(2)), item.group(3)
    items = record.indicators if collection == "indicators" else record.tasks
    parts = INDICATOR_PARTS if collection == "indicators" else TASK_PARTS
    if index >= len(items) or part not in parts:
        raise UnknownFieldError(path)
    return collection, index, part


def value_at(record: FormRecord, path: str) -> Value:
    """The value at a field path; UnknownFieldError when the record has no such value."""
    item = _item(record, path)
    if item is not None:
        collection, index, part = item
        holder: Any = getattr(record, collection)[index]
        return getattr(holder, part)  # type: ignore[no-any-return]
    if path not in HEADER_PATHS:
        raise UnknownFieldError(path)
    value: Any = record
    for part in path.split("."):
        value = getattr(value, part)
    return value  # type: ignore[no-any-return]


def with_value(record: FormRecord, path: str, value: Value) -> FormRecord:
    """The record with the value at `path` replaced; an indicator's value carries its parse."""
    item = _item(record, path)
    if item is not None:
        collection, index, part = item
        items = list(getattr(record, collection))
        changes: dict[str, Any] = {part: value}
        if collection == "indicators" and part == "value":
            changes["parsed"] = parse_value(str(value)) if value is not None else None
        items[index] = replace(items[index], **changes)
        if collection == "indicators":
            return replace(record, indicators=tuple(items))
        return replace(record, tasks=tuple(items))
    if path not in HEADER_PATHS:
        raise UnknownFieldError(path)
    *parents, leaf = path.split(".")
    replaced: FormRecord = _replace_nested(record, parents, leaf, value)
    return replaced


def _replace_nested(holder: Any, parents: list[str], leaf: str, value: Value) -> Any:
    if not parents:
        return replace(holder, **{leaf: value})
    child = getattr(holder, parents[0])
    return replace(holder, **{parents[0]: _replace_nested(child, parents[1:], leaf, value)})
