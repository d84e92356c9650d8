"""Layout files: one YAML per form variant, loaded and checked once at start.

A layout names label keys (the closed vocabulary of normalize.canonical_label), never coordinates;
the geometry is found on each grid by anchors/ and read by read_*.py.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NoReturn

import yaml

from declform.output.errors import LayoutFileError

HEADER_FIELDS = (
    "project.name",
    "project.competent_department",
    "project.implementing_unit",
    "project.attribute",
    "project.period",
)
ABOVE_TABLE_FIELDS = ("filler", "fill_date")
PERIODS = ("medium_term", "annual")
INDICATOR_ROLES = ("level1", "level2", "name", "value")
# columns a block may print besides the four: the value's operator (≥ ≤ = 定性) and unit
OPTIONAL_ROLES = ("operator", "unit", "weight", "note")
ROLE_HEADINGS = {
    "level1": "level1_header",
    "level2": "level2_header",
    "name": "level3_header",
    "value": "value_header",
    "operator": "operator_header",
    "unit": "unit_header",
    "weight": "weight_header",
    "note": "note_header",
}
TASK_COLUMNS = ("category", "name", "total", "fiscal", "transfer")


@dataclass(frozen=True)
class MatchRule:
    title_any: tuple[str, ...]
    title_none: tuple[str, ...]
    labels_all: tuple[str, ...]
    labels_none: tuple[str, ...]


@dataclass(frozen=True)
class HeaderField:
    field: str
    label: str
    split_code: bool = False


@dataclass(frozen=True)
class GoalRule:
    period: str
    label: str
    value: Literal["right", "below"]


@dataclass(frozen=True)
class IndicatorSide:
    """Occurrence (1 = leftmost) of each column heading that one period reads; a block the
    reader found itself names its heading cells instead, by (row, col) on the form's first
    page, since stacked blocks repeat every heading."""

    period: str
    occurrences: Mapping[str, int]
    heading_cells: Mapping[str, tuple[int, int]] | None = None


@dataclass(frozen=True)
class TaskRule:
    columns: Mapping[str, str]
    total_row: str | None  # the 金额合计 row's label; None: the table has no sums row


@dataclass(frozen=True)
class Layout:
    id: str
    form_type: Literal["project", "department"]
    description: str
    match: MatchRule
    header: tuple[HeaderField, ...]
    above_table: Mapping[str, str]
    funding: Mapping[str, str]
    goals: tuple[GoalRule, ...]
    indicators: tuple[IndicatorSide, ...]
    tasks: TaskRule | None
    source: str


class _Reader:
    """Typed access to one YAML mapping that names the file and key on every failure."""

    def __init__(self, data: Any, source: str, key: str = "") -> None:
        self.source = source
        self.key = key
        if not isinstance(data, Mapping):
            self.fail("must be a mapping")
        self.data: Mapping[str, Any] = data

    def fail(self, problem: str, sub: str | None = None) -> NoReturn:
        key = ".".join(k for k in (self.key, sub) if k) or "<top>"
        raise LayoutFileError(f"key {key!r} {problem}", path=self.source)

    def child(self, sub: str, *, required: bool = True) -> _Reader | None:
        if sub not in self.data:
            if required:
                self.fail("is missing", sub)
            return None
        return _Reader(self.data[sub], self.source, f"{self.key}.{sub}" if self.key else sub)

    def text(self, sub: str, choices: tuple[str, ...] | None = None) -> str:
        value = self.data.get(sub)
        if not isinstance(value, str) or not value:
            self.fail("must be a non-empty string", sub)
        if choices is not None and value not in choices:
            self.fail(f"must be one of {', '.join(choices)}", sub)
        return str(value)

    def texts(self, sub: str) -> tuple[str, ...]:
        value = self.data.get(sub, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail("must be a list of strings", sub)
        return tuple(value)

    def unknown_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in allowed:
                self.fail(f"is not a known key (allowed: {', '.join(allowed)})", str(key))


def parse_layout(data: Any, source: str, known_labels: frozenset[str]) -> Layout:
    """Check one layout document; raise LayoutFileError naming the file and key."""
    top = _Reader(data, source)
    top.unknown_keys(
        (
            "id",
            "form_type",
            "description",
            "match",
            "header",
            "above_table",
            "funding",
            "goals",
            "indicators",
            "tasks",
        )
    )

    def label(reader: _Reader, sub: str) -> str:
        value = reader.text(sub)
        if value not in known_labels:
            reader.fail(f"names unknown label {value!r}", sub)
        return value

    match = top.child("match")
    assert match is not None
    for key in ("labels_all", "labels_none"):
        for name in match.texts(key):
            if name not in known_labels:
                match.fail(f"names unknown label {name!r}", key)
    rule = MatchRule(
        match.texts("title_any"),
        match.texts("title_none"),
        match.texts("labels_all"),
        match.texts("labels_none"),
    )

    header: list[HeaderField] = []
    if (head := top.child("header", required=False)) is not None:
        head.unknown_keys(HEADER_FIELDS)
        for field_name in head.data:
            spec = head.child(field_name)
            assert spec is not None
            spec.unknown_keys(("label", "split_code"))
            header.append(
                HeaderField(field_name, label(spec, "label"), bool(spec.data.get("split_code")))
            )

    above: dict[str, str] = {}
    if (above_reader := top.child("above_table", required=False)) is not None:
        above_reader.unknown_keys(ABOVE_TABLE_FIELDS)
        above = {name: label(above_reader, name) for name in above_reader.data}

    funding: dict[str, str] = {}
    if (fund := top.child("funding", required=False)) is not None:
        fund.unknown_keys(PERIODS)
        funding = {period: label(fund, period) for period in fund.data}

    goals: list[GoalRule] = []
    if (goal_reader := top.child("goals", required=False)) is not None:
        goal_reader.unknown_keys(PERIODS)
        for period in goal_reader.data:
            spec = goal_reader.child(period)
            assert spec is not None
            spec.unknown_keys(("label", "value"))
            direction = spec.text("value", ("right", "below"))
            goals.append(GoalRule(period, label(spec, "label"), direction))  # type: ignore[arg-type]

    sides: list[IndicatorSide] = []
    if (ind := top.child("indicators", required=False)) is not None:
        ind.unknown_keys(PERIODS)
        for period in ind.data:
            spec = ind.child(period)
            assert spec is not None
            spec.unknown_keys(INDICATOR_ROLES + OPTIONAL_ROLES)
            occurrences: dict[str, int] = {}
            for role in INDICATOR_ROLES + OPTIONAL_ROLES:
                value = spec.data.get(role)
                if value is None and role in OPTIONAL_ROLES:
                    continue
                if not isinstance(value, int) or value < 1:
                    spec.fail("must be a positive integer (heading occurrence)", role)
                occurrences[role] = int(value)
            sides.append(IndicatorSide(period, occurrences))

    tasks: TaskRule | None = None
    if (task_reader := top.child("tasks", required=False)) is not None:
        task_reader.unknown_keys(("columns", "total_row"))
        columns = task_reader.child("columns")
        assert columns is not None
        columns.unknown_keys(TASK_COLUMNS)
        tasks = TaskRule(
            {name: label(columns, name) for name in columns.data}, label(task_reader, "total_row")
        )

    return Layout(
        id=top.text("id"),
        form_type=top.text("form_type", ("project", "department")),  # type: ignore[arg-type]
        description=str(top.data.get("description", "")),
        match=rule,
        header=tuple(header),
        above_table=above,
        funding=funding,
        goals=tuple(goals),
        indicators=tuple(sides),
        tasks=tasks,
        source=source,
    )


def load_layout_file(path: Path, known_labels: frozenset[str]) -> Layout:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LayoutFileError(f"is not valid YAML: {exc}", path=str(path)) from exc
    return parse_layout(data, str(path), known_labels)


# `declform extract --layouts DIR`: a user's own hint files, in this variable so that every
# worker process (local or on a cluster) reads the same ones
USER_LAYOUTS_ENV = "DECLFORM_LAYOUTS"


def user_layouts(folder: Path) -> tuple[Layout, ...]:
    """The *.yaml hint files of a user's folder, each checked (LayoutFileError names the file
    and key); an id that repeats a shipped layout's replaces it."""
    from declform.normalize import LABEL_KEYS

    if not folder.is_dir():
        raise LayoutFileError("is not a folder of layout files", path=str(folder))
    return tuple(
        load_layout_file(path, frozenset(LABEL_KEYS)) for path in sorted(folder.glob("*.yaml"))
    )


def active_layouts() -> tuple[Layout, ...]:
    """The shipped layouts, with the user's from $DECLFORM_LAYOUTS before them."""
    folder = os.environ.get(USER_LAYOUTS_ENV)
    return _with_user_layouts(folder) if folder else builtin_layouts()


@cache
def _with_user_layouts(folder: str) -> tuple[Layout, ...]:
    own = user_layouts(Path(folder))
    ids = {layout.id for layout in own}
    return own + tuple(layout for layout in builtin_layouts() if layout.id not in ids)


@cache
def builtin_layouts() -> tuple[Layout, ...]:
    """The layouts shipped in layouts/data/, checked once per process."""
    from declform.normalize import LABEL_KEYS

    folder = resources.files("declform.layouts").joinpath("data")
    loaded = [
        load_layout_file(Path(str(entry)), frozenset(LABEL_KEYS))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml")
    ]
    ids = [layout.id for layout in loaded]
    if len(set(ids)) != len(ids):
        raise LayoutFileError(f"duplicate layout ids: {ids}", path=str(folder))
    return tuple(loaded)
