"""Checking one layout document (a YAML mapping) key by key into a Layout: an unknown key, a
missing one, a label outside the vocabulary or a value of the wrong kind fails with the file and
the key named (LayoutFileError), at start, before any page is read."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

from declform.layouts.spec import (
    ABOVE_TABLE_FIELDS,
    HEADER_FIELDS,
    INDICATOR_ROLES,
    OPTIONAL_ROLES,
    PERIODS,
    TASK_COLUMNS,
    GoalRule,
    HeaderField,
    IndicatorSide,
    Layout,
    MatchRule,
    TaskRule,
)
from declform.output.errors import LayoutFileError


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

    def children(self, allowed: tuple[str, ...]) -> Iterator[tuple[str, _Reader]]:
        """Each key with its mapping, whose own keys must be among `allowed`."""
        for sub in self.data:
            reader = self.child(sub)
            assert reader is not None  # `sub` is one of the keys
            reader.unknown_keys(allowed)
            yield sub, reader

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
        for field_name, spec in head.children(("label", "split_code")):
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
        for period, spec in goal_reader.children(("label", "value")):
            direction = spec.text("value", ("right", "below"))
            goals.append(GoalRule(period, label(spec, "label"), direction))  # type: ignore[arg-type]

    sides: list[IndicatorSide] = []
    if (ind := top.child("indicators", required=False)) is not None:
        ind.unknown_keys(PERIODS)
        for period, spec in ind.children(INDICATOR_ROLES + OPTIONAL_ROLES):
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
