"""Layout files: one YAML per form variant, loaded and checked once at start.

What a layout says (the types below) and where layouts come from (the shipped ones, a user's
folder); the check of one YAML document is layouts/spec_check.py.
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
from typing import Literal

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


def load_layout_file(path: Path, known_labels: frozenset[str]) -> Layout:
    """One layout file, read and checked (LayoutFileError names the file and key)."""
    # imported here: the checker builds the types above, so it imports this module
    from declform.layouts.spec_check import parse_layout

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
