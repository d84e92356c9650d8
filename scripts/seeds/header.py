"""The rows above the indicator table: project, funding and goals, read by their labels.

Every row is read as labels followed by their values (项目属性 | 补助资金 | 项目期 | 2023年):
a value belongs to the nearest label on its left. A row with two values for one label, a value
before any label, or a label of another row kind is rejected — those are the rows where the
OCR shifted or lost a label, and taking a value from them would be a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from declform.normalize.amounts import parse_amount
from declform.normalize.parties import parse_department
from declform.output.record import Amounts, Funding, Goals, Project
from scripts.seeds.cells import Row, label_of, split_label_value
from scripts.seeds.split import SeedConversionError
from scripts.seeds.table import ANNUAL, MEDIUM, Period

_ROW_KINDS = {
    "project_name": ("project_name",),
    "parties": ("competent_department", "implementing_unit"),
    "attributes": ("attribute", "period"),
    "funding": ("funding", "medium_total", "annual_total", "fiscal", "other"),
    "goals": ("goals", "medium_goal", "annual_goal"),
}
_KIND_OF_KEY = {key: kind for kind, keys in _ROW_KINDS.items() for key in keys}
_CAPTIONS = {"funding", "goals"}  # section captions: labels without a value of their own


@dataclass(frozen=True)
class Slot:
    key: str
    index: int  # cell index of the label
    value: str | None


def read_labelled_row(row: Row, kind: str) -> list[Slot]:
    """(label, value) slots of a row in print order; captions and blank values included."""
    slots: list[Slot] = []
    values: list[str | None] = []
    for index, text in row.filled:
        match = label_of(text)
        value: str | None = None
        if match is None:
            split = split_label_value(text)
            if split is not None:
                match, value = split
        if match is not None and _KIND_OF_KEY.get(match.key) != kind:
            raise SeedConversionError(
                f"line {row.line}: label {text!r} does not belong in a {kind!r} row"
            )
        if match is not None:
            slots.append(Slot(match.key, index, None))
            values.append(value)
            continue
        if not slots or slots[-1].key in _CAPTIONS:
            if kind == "funding" and not slots:
                continue  # the section caption column ("项目预算执行情况(万元)")
            raise SeedConversionError(f"line {row.line}: value {text!r} before any label")
        value = text
        if values[-1] is not None:
            raise SeedConversionError(
                f"line {row.line}: two values for {slots[-1].key}: {values[-1]!r}, {value!r}"
            )
        values[-1] = value
    return [Slot(slot.key, slot.index, value) for slot, value in zip(slots, values, strict=True)]


def row_kind(row: Row) -> str | None:
    for _, text in row.filled:
        match = label_of(text)
        if match is None:
            split = split_label_value(text)
            match = split[0] if split is not None else None
        if match is not None:
            return _KIND_OF_KEY.get(match.key)
    return None


def _amount(row: Row, text: str | None) -> float | None:
    try:
        return parse_amount(text)
    except ValueError:
        raise SeedConversionError(f"line {row.line}: funding amount {text!r} unparseable") from None


@dataclass
class _FundingReader:
    annual_only: bool
    amounts: dict[tuple[Period, str], float | None] = field(default_factory=dict)
    last_total: Period | None = None
    # Totals whose label ends its row with no value: blank, or cut off at the page edge.
    open_ended: set[Period] = field(default_factory=set)

    def read(self, row: Row) -> None:
        slots = [s for s in read_labelled_row(row, "funding") if s.key != "funding"]
        totals = [s for s in slots if s.key in ("medium_total", "annual_total")]
        if len(totals) == 1:
            self.last_total = MEDIUM if totals[0].key == "medium_total" else ANNUAL
        elif totals:
            self.last_total = None  # both totals in one row: fiscal/other rows pair up too
        seen: dict[str, int] = {}
        last_filled = row.filled[-1][0] if row.filled else -1
        for slot in slots:
            field_name, period = self._target(row, slot, slots, seen)
            if field_name == "total" and slot.value is None and slot.index == last_filled:
                self.open_ended.add(period)
            amount = _amount(row, slot.value)
            previous = self.amounts.get((period, field_name))
            if previous is not None and amount is not None and previous != amount:
                raise SeedConversionError(f"line {row.line}: {slot.key} given twice")
            if previous is None:
                self.amounts[(period, field_name)] = amount

    def _target(
        self, row: Row, slot: Slot, slots: Sequence[Slot], seen: dict[str, int]
    ) -> tuple[str, Period]:
        if slot.key == "medium_total":
            return "total", MEDIUM
        if slot.key == "annual_total":
            return "total", ANNUAL
        occurrence = seen[slot.key] = seen.get(slot.key, -1) + 1
        if sum(1 for s in slots if s.key == slot.key) == 2:
            return slot.key, (MEDIUM, ANNUAL)[occurrence]
        if self.annual_only:
            return slot.key, ANNUAL
        if self.last_total is None:
            raise SeedConversionError(f"line {row.line}: cannot tell whose {slot.key} row this is")
        return slot.key, self.last_total

    def funding(self) -> Funding:
        def amounts(period: Period) -> Amounts:
            get = self.amounts.get
            return Amounts(get((period, "total")), get((period, "fiscal")), get((period, "other")))

        return Funding(medium_term=amounts(MEDIUM), annual=amounts(ANNUAL))


@dataclass
class _GoalReader:
    annual_only: bool
    headings: dict[Period, int] = field(default_factory=dict)
    texts: dict[Period, list[str]] = field(default_factory=lambda: {MEDIUM: [], ANNUAL: []})

    def read(self, row: Row) -> None:
        used: set[Period] = set()
        for index, text in row.filled:
            match = label_of(text)
            if match is not None and match.key in ("medium_goal", "annual_goal"):
                self.headings[MEDIUM if match.key == "medium_goal" else ANNUAL] = index
                continue
            if match is not None and _KIND_OF_KEY.get(match.key) == "goals":
                continue
            if match is not None:
                raise SeedConversionError(f"line {row.line}: label {text!r} among the goals")
            period = self._side(row, index)
            if period in used:
                raise SeedConversionError(f"line {row.line}: two goal texts for one period")
            used.add(period)
            self.texts[period].append(text)

    def _side(self, row: Row, index: int) -> Period:
        if self.annual_only:
            return ANNUAL
        distances = sorted((abs(index - column), p) for p, column in self.headings.items())
        if not distances or (len(distances) == 2 and distances[0][0] == distances[1][0]):
            raise SeedConversionError(f"line {row.line}: cannot tell whose goal this text is")
        return distances[0][1]

    def goals(self) -> Goals:
        medium, annual = (" ".join(self.texts[p]) or None for p in (MEDIUM, ANNUAL))
        return Goals(medium_term=medium, annual=annual)


@dataclass(frozen=True)
class HeaderPart:
    project: Project
    funding: Funding
    goals: Goals
    open_ended_totals: frozenset[Period] = frozenset()


def parse_header_rows(rows: Sequence[Row], annual_only: bool) -> HeaderPart:
    fields: dict[str, str | None] = {}
    funding, goals = _FundingReader(annual_only), _GoalReader(annual_only)
    in_goals = False
    for row in rows:
        kind = row_kind(row)
        if kind is None and not in_goals:
            raise SeedConversionError(f"line {row.line}: row without a label above the goals")
        in_goals = kind in (None, "goals") and (in_goals or kind == "goals")
        if kind == "funding":
            funding.read(row)
        elif in_goals:
            goals.read(row)
        elif kind is not None:
            for slot in read_labelled_row(row, kind):
                if fields.get(slot.key) is not None and slot.value is not None:
                    raise SeedConversionError(f"line {row.line}: {slot.key} given twice")
                fields[slot.key] = fields.get(slot.key) or slot.value
    if "project_name" not in fields:
        raise SeedConversionError("no 项目名称 row")
    department, code = parse_department(fields.get("competent_department"))
    project = Project(
        name=fields.get("project_name"),
        competent_department=department,
        department_code=code,
        implementing_unit=fields.get("implementing_unit"),
        attribute=fields.get("attribute"),
        period=fields.get("period"),
    )
    return HeaderPart(project, funding.funding(), goals.goals(), frozenset(funding.open_ended))
