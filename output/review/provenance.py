"""Which table cell each value of a record came from, found again by its text.

A record keeps every cell (page, bbox, row, col, text) but not which field was read from which
cell: the schema is a fixed contract. So the review page matches values back to cells — a header
value to the cell holding its text next to (or under) its printed label, an indicator to the row
whose name cell reads the same and the value cell right of it. Matching is by text and neighbours,
never by coordinates, so it works for every layout; a value that matches no cell has no crop.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from declform.output.record import CellRecord, FormRecord

Side = Literal["left", "right"]

_SPACE = re.compile(r"\s+")
_INDICATOR_PREFIX = re.compile(r"^指标\d+:")  # "指标1：" after NFKC and whitespace removal
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
ADJACENT_LABEL = 3  # a label word in the cell just left of or just above the value
NEARBY_LABEL = 1  # a label word elsewhere in the value's row (left of it) or column (above it)


@dataclass(frozen=True)
class HeaderSpec:
    path: str
    labels: tuple[str, ...]  # printed label words, any of which may name the value
    side: Side | None = None  # of equal candidates: medium term is printed left of annual
    amount: bool = False
    # a field printed in the same column or row as another one (财政拨款 under its period's
    # 资金总额): without that one located, the field is not looked for (no medium column)
    anchor: str | None = None


_MEDIUM_TOTAL = "funding.medium_term.total"
_ANNUAL_TOTAL = "funding.annual.total"
HEADER_SPECS: tuple[HeaderSpec, ...] = (
    HeaderSpec("project.name", ("项目名称",)),
    HeaderSpec("project.competent_department", ("主管部门", "部门")),
    HeaderSpec("project.department_code", ("代码", "部门")),
    HeaderSpec("project.implementing_unit", ("实施单位",)),
    HeaderSpec("project.attribute", ("项目属性",)),
    HeaderSpec("project.period", ("项目期", "项目日期")),
    HeaderSpec(_MEDIUM_TOTAL, ("中期资金总额",), "left", True),
    HeaderSpec("funding.medium_term.fiscal", ("财政拨款",), "left", True, _MEDIUM_TOTAL),
    HeaderSpec("funding.medium_term.other", ("其他资金",), "left", True, _MEDIUM_TOTAL),
    HeaderSpec(_ANNUAL_TOTAL, ("年度资金总额", "金额合计", "总额"), "right", True),
    HeaderSpec("funding.annual.fiscal", ("财政拨款", "金额合计"), "right", True, _ANNUAL_TOTAL),
    HeaderSpec(
        "funding.annual.other", ("其他资金", "转移性资金", "金额合计"), "right", True, _ANNUAL_TOTAL
    ),
    HeaderSpec("goals.medium_term", ("中期目标",), "left"),
    HeaderSpec("goals.annual", ("年度目标", "年度总体目标"), "right"),
)


@dataclass(frozen=True)
class Provenance:
    """Field path ("project.name", "indicators[3].value", "tasks[0].name") → its cell."""

    values: Mapping[str, CellRecord]
    labels: Mapping[str, CellRecord]  # header field path → the printed label cell beside it


def norm(text: str | None) -> str:
    """The comparison form of a text: NFKC (full-width → ASCII), no whitespace, lower case."""
    if not text:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


def numbers_in(text: str) -> list[float]:
    return [float(match.replace(",", "")) for match in _NUMBER.findall(text)]


def text_score(value: str, cell_text: str) -> int:
    """3: the same text; 2: the cell holds the value; 1: the value holds the cell's text (a
    value joined from several cells); 0: unrelated. Both in `norm` form."""
    if not value or not cell_text:
        return 0
    if value == cell_text:
        return 3
    if value in cell_text:
        return 2
    if cell_text in value and len(cell_text) >= max(4, len(value) // 3):
        return 1
    return 0


def _rows_overlap(a: CellRecord, b: CellRecord) -> bool:
    return a.row < b.row + b.rowspan and b.row < a.row + a.rowspan


def _cols_overlap(a: CellRecord, b: CellRecord) -> bool:
    return a.col < b.col + b.colspan and b.col < a.col + a.colspan


class _Table:
    """The record's cells with neighbour queries (row/col indexes are per page)."""

    def __init__(self, cells: Sequence[CellRecord]) -> None:
        self.cells = sorted(cells, key=lambda c: (c.page, c.row, c.col))
        self.pages: dict[int, list[CellRecord]] = {}
        for cell in self.cells:
            self.pages.setdefault(cell.page, []).append(cell)
        # every text is compared many times (each field against each cell): normalised once
        self._texts = {id(cell): norm(cell.text) for cell in self.cells}
        self._names = {key: _INDICATOR_PREFIX.sub("", text) for key, text in self._texts.items()}
        self._context: dict[int, tuple[str, str]] = {}

    def text(self, cell: CellRecord) -> str:
        return self._texts[id(cell)]

    def name_text(self, cell: CellRecord) -> str:
        """The text without a printed "指标1:" prefix."""
        return self._names[id(cell)]

    def same_row(self, cell: CellRecord) -> list[CellRecord]:
        return [c for c in self.pages[cell.page] if _rows_overlap(c, cell)]

    def left_of(self, cell: CellRecord) -> list[CellRecord]:
        return [c for c in self.same_row(cell) if c.col + c.colspan <= cell.col]

    def right_of(self, cell: CellRecord) -> list[CellRecord]:
        return [c for c in self.same_row(cell) if c.col >= cell.col + cell.colspan]

    def above(self, cell: CellRecord) -> list[CellRecord]:
        return [c for c in self.pages[cell.page] if c.row < cell.row and _cols_overlap(c, cell)]

    def adjacent_labels(self, cell: CellRecord) -> list[CellRecord]:
        left = [c for c in self.left_of(cell) if c.col + c.colspan == cell.col]
        up = [c for c in self.above(cell) if c.row + c.rowspan == cell.row]
        return left + up

    def context(self, cell: CellRecord) -> tuple[str, str]:
        """(texts of the adjacent label cells, texts of its row to the left and column above)."""
        if id(cell) not in self._context:
            adjacent = "|".join(self.text(c) for c in self.adjacent_labels(cell))
            nearby = "|".join(self.text(c) for c in self.left_of(cell) + self.above(cell))
            self._context[id(cell)] = (adjacent, nearby)
        return self._context[id(cell)]


def label_score(table: _Table, cell: CellRecord, labels: Iterable[str]) -> int:
    adjacent, nearby = table.context(cell)
    return sum(
        ADJACENT_LABEL if word in adjacent else NEARBY_LABEL if word in nearby else 0
        for word in (norm(label) for label in labels)
    )


def _header_value(record: FormRecord, path: str) -> str | float | None:
    value: object = record
    for part in path.split("."):
        value = getattr(value, part)
    return value if isinstance(value, str | float | int) else None


def _in_line(cell: CellRecord, anchor: CellRecord) -> bool:
    return cell.page == anchor.page and (_cols_overlap(cell, anchor) or _rows_overlap(cell, anchor))


def _header_cell(
    table: _Table, spec: HeaderSpec, value: str | float | None, anchor: CellRecord | None
) -> CellRecord | None:
    scored: list[tuple[int, CellRecord]] = []
    wanted = norm(str(value)) if value is not None else ""
    for cell in table.cells:
        if anchor is not None and (cell is anchor or not _in_line(cell, anchor)):
            continue  # in line with the anchor, never the anchor itself (equal amounts)
        text = table.text(cell)
        if value is None:  # a blank value: the empty cell right beside its label
            matched, needs_label = (1, ADJACENT_LABEL) if not text else (0, 0)
        elif spec.amount:  # numbers repeat (0.00, equal totals): only a labelled one counts
            same = any(abs(n - float(value)) < 1e-6 for n in numbers_in(cell.text))
            matched, needs_label = (3, NEARBY_LABEL) if same else (0, 0)
        else:
            matched, needs_label = text_score(wanted, text), 0
        if not matched:
            continue  # the label test scans the table: only for cells the text allows
        labelled = label_score(table, cell, spec.labels)
        if labelled >= needs_label:
            scored.append((matched + labelled, cell))
    if not scored:
        return None
    best = max(score for score, _ in scored)
    tied = [cell for score, cell in scored if score == best]
    if spec.side == "right":
        return max(tied, key=lambda c: (c.col, -c.page, -c.row))
    if spec.side == "left":
        return min(tied, key=lambda c: (c.col, c.page, c.row))
    return tied[0]


def _first(
    cells: Iterable[CellRecord],
    wanted: str,
    used: set[int],
    text_of: Callable[[CellRecord], str],
) -> CellRecord | None:
    """The cell whose text best matches `wanted` among those not taken yet; reading order
    breaks ties."""
    best: tuple[int, CellRecord] | None = None
    for cell in cells:
        points = text_score(wanted, text_of(cell))
        if points and id(cell) not in used and (best is None or points > best[0]):
            best = (points, cell)
    return best[1] if best is not None else None


def _level_cell(table: _Table, row_cell: CellRecord, raw: str | None) -> CellRecord | None:
    wanted = norm(raw)
    if not wanted:
        return None
    # the nearest one: on a medium+annual form the annual 二级 column sits right of the medium one
    left = sorted(table.left_of(row_cell), key=lambda c: -c.col)
    return next((c for c in left if text_score(wanted, table.text(c)) >= 2), None)


def _locate_indicators(table: _Table, record: FormRecord, found: dict[str, CellRecord]) -> None:
    used: set[int] = set()
    for index, indicator in enumerate(record.indicators):
        name, value = norm(indicator.name), norm(indicator.value)
        name_cell = _first(table.cells, name, used, table.name_text)
        value_cell: CellRecord | None = None
        if name_cell is not None:
            right = table.right_of(name_cell)
            # an unreadable value was dropped: its cell is still the one right of the name
            value_cell = _first(right, value, used, table.text) or next(
                (c for c in right if id(c) not in used), None
            )
        elif value:
            value_cell = _first(table.cells, value, used, table.text)
        row_cell = name_cell or value_cell
        if row_cell is None:
            continue
        for role, cell in (("name", name_cell), ("value", value_cell)):
            if cell is not None:
                used.add(id(cell))
                found[f"indicators[{index}].{role}"] = cell
        for role, raw in (("level1", indicator.level1_raw), ("level2", indicator.level2_raw)):
            if (level := _level_cell(table, row_cell, raw)) is not None:
                found[f"indicators[{index}].{role}"] = level


def _locate_tasks(table: _Table, record: FormRecord, found: dict[str, CellRecord]) -> None:
    used: set[int] = set()
    for index, task in enumerate(record.tasks):
        name = norm(task.name)
        name_cell = _first(table.cells, name, used, table.text)
        if name_cell is None:
            continue
        used.add(id(name_cell))
        found[f"tasks[{index}].name"] = name_cell
        if (category := _level_cell(table, name_cell, task.category)) is not None:
            found[f"tasks[{index}].category"] = category
        last_col = name_cell.col
        for role, amount in (
            ("total", task.total),
            ("fiscal", task.fiscal),
            ("transfer", task.transfer),
        ):
            if amount is None:
                continue
            cell = next(
                (
                    c
                    for c in table.right_of(name_cell)
                    if c.col > last_col and any(abs(n - amount) < 1e-6 for n in numbers_in(c.text))
                ),
                None,
            )
            if cell is not None:
                found[f"tasks[{index}].{role}"] = cell
                last_col = cell.col


def locate_fields(record: FormRecord) -> Provenance:
    """The cell each header value, indicator and task was read from: the record's own
    provenance where it has one (perfform/2), else the most likely cell by its text (records
    of perfform/1, and the label cells beside the values)."""
    table = _Table(record.cells)
    values: dict[str, CellRecord] = {}
    labels: dict[str, CellRecord] = {}
    for spec in HEADER_SPECS:
        anchor = values.get(spec.anchor) if spec.anchor else None
        if spec.anchor and anchor is None:
            continue
        cell = _header_cell(table, spec, _header_value(record, spec.path), anchor)
        if cell is None:
            continue
        values[spec.path] = cell
        wanted = [norm(word) for word in spec.labels]
        label = next(
            (c for c in table.adjacent_labels(cell) if any(w in table.text(c) for w in wanted)),
            None,
        )
        if label is not None:
            labels[spec.path] = label
    _locate_indicators(table, record, values)
    _locate_tasks(table, record, values)
    for path, cells in record.provenance.items():
        read = [record.cells[i] for i in cells if i < len(record.cells)]
        if read:
            values[path] = _spanned(read)  # what the reader knew, never a guess
    return Provenance(values, labels)


def _spanned(cells: Sequence[CellRecord]) -> CellRecord:
    """The first cell, or where a value was joined from several cells of its page and row
    (≥ | 95 | %), one cell spanning them all, so that its crop shows all it was read from."""
    first = cells[0]
    joined = [c for c in cells if c.page == first.page and c.row == first.row]
    if len(joined) < 2:
        return first
    left = min(joined, key=lambda c: c.col)
    right = max(joined, key=lambda c: c.col + c.colspan)
    return CellRecord(
        page=first.page,
        bbox=(
            min(c.bbox[0] for c in joined),
            min(c.bbox[1] for c in joined),
            max(c.bbox[2] for c in joined),
            max(c.bbox[3] for c in joined),
        ),
        row=first.row,
        col=left.col,
        rowspan=first.rowspan,
        colspan=right.col + right.colspan - left.col,
        text=" ".join(c.text for c in sorted(joined, key=lambda c: c.col)),
        confidence=min(c.confidence for c in joined),
        alternatives=first.alternatives,
    )
