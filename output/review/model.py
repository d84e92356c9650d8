"""What the review page shows of one form: its values as rows, each with the cells its crop
shows and the doubts that flag it (a low-confidence cell, a warning on one of its cells). Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from declform.output.codes import WarningCode
from declform.output.record import CellRecord, FormRecord, PrintedLine, RecordWarning
from declform.output.review.provenance import Provenance, locate_fields
from declform.output.thresholds import LOW_CONFIDENCE

CORRECTED_CODES = frozenset({
    WarningCode.LABEL_CORRECTED, WarningCode.LEVEL_CORRECTED, WarningCode.NAME_CORRECTED,
    WarningCode.VALUE_CORRECTED,
})
# printed above the table: a record written before `line_provenance` has no crop for them
ABOVE_TABLE = frozenset({"title", "fiscal_year", "filler.name", "filler.phone", "filler.date"})
CellPlace = tuple[int, int, int]  # (page, row, col), as warnings print it
Box = tuple[float, float, float, float]
Section = Literal["header", "indicator", "task"]
_PAGE = re.compile(r"page (\d+)")
_ROW_COL = re.compile(r"row (\d+) col (\d+)")
_PERIODS = {"medium_term": "中期 medium term", "annual": "年度 annual"}

HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "标题 title"),
    ("fiscal_year", "年度 fiscal year"),
    ("project.name", "项目名称 project name"),
    ("project.competent_department", "主管部门 competent department"),
    ("project.department_code", "代码 department code"),
    ("project.implementing_unit", "实施单位 implementing unit"),
    ("project.attribute", "项目属性 attribute"),
    ("project.period", "项目期 period"),
    ("filler.name", "填报人 filler"),
    ("filler.phone", "电话 phone"),
    ("filler.date", "填报日期 date"),
    ("funding.medium_term.total", "中期资金总额 medium-term total"),
    ("funding.medium_term.fiscal", "中期财政拨款 medium-term fiscal"),
    ("funding.medium_term.other", "中期其他资金 medium-term other"),
    ("funding.annual.total", "年度资金总额 annual total"),
    ("funding.annual.fiscal", "年度财政拨款 annual fiscal"),
    ("funding.annual.other", "年度其他资金 annual other"),
    ("goals.medium_term", "中期目标 medium-term goal"),
    ("goals.annual", "年度目标 annual goal"),
)


@dataclass(frozen=True)
class ReviewRow:
    key: str  # the field path, or "indicators[3]" / "tasks[0]" for a whole row
    section: Section
    texts: tuple[str, ...]  # the columns shown
    crop: tuple[CellRecord, ...]  # the cells the crop covers, all on one page; () → no crop
    warnings: tuple[int, ...]  # indexes into record.warnings
    low_confidence: float | None  # the lowest confidence among its cells, when below the bar
    corrected: bool

    @property
    def flagged(self) -> bool:
        return bool(self.warnings) or self.low_confidence is not None


@dataclass(frozen=True)
class FormReview:
    record: FormRecord
    rows: tuple[ReviewRow, ...]
    loose_warnings: tuple[int, ...]  # warnings no row shows (page-wide, labels of headings)
    flagged_places: frozenset[CellPlace]  # cells drawn in the warning colour on the page

    def section(self, name: Section) -> list[ReviewRow]:
        return [row for row in self.rows if row.section == name]

    @property
    def flagged_count(self) -> int:
        return sum(row.flagged for row in self.rows) + len(self.loose_warnings)

    @property
    def low_confidence_count(self) -> int:
        return sum(cell.confidence < LOW_CONFIDENCE for cell in self.record.cells)


def warning_places(warning: RecordWarning) -> list[CellPlace]:
    """The cells a warning names: "page 2 row 5 col 3" in `where`, or for a page-wide warning
    (a seal over cells) the "row R col C" list in its message."""
    where = warning.where or ""
    page = _PAGE.search(where)
    if page is None:
        return []
    pairs = _ROW_COL.findall(where) or _ROW_COL.findall(warning.message)
    return [(int(page.group(1)), int(row), int(col)) for row, col in pairs]


def place_of(cell: CellRecord) -> CellPlace:
    return (cell.page, cell.row, cell.col)


def union_box(cells: Sequence[CellRecord | PrintedLine]) -> Box:
    return (
        min(c.bbox[0] for c in cells),
        min(c.bbox[1] for c in cells),
        max(c.bbox[2] for c in cells),
        max(c.bbox[3] for c in cells),
    )


def show(value: object) -> str:
    """A value as the page prints it: blank as an em dash, numbers without float noise."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return repr(value).removesuffix(".0")  # 1100.0 → 1100, 0.0365 stays
    return str(value)


def show_parsed(parsed: Mapping[str, Any] | None) -> str:
    if not parsed:
        return "—"
    kind = parsed.get("kind", "")
    details = ", ".join(
        f"{key} {show(value)}"
        for key, value in parsed.items()
        if key != "kind" and value is not None
    )
    return f"{kind}: {details}" if details else str(kind)


def _field(record: FormRecord, path: str) -> object:
    value: object = record
    for part in path.split("."):
        value = getattr(value, part)
    return value


OUTSIDE_TABLE = -1  # the row and column of a crop box around lines printed outside the table


def line_cell(record: FormRecord, path: str) -> CellRecord | None:
    """A value read from lines outside the table (a title or 年度 line above it), as one box
    around them on the page of the first, for its crop; None for a value read from cells."""
    lines = record.line_provenance.get(path, ())
    same = [line for line in lines if lines and line.page == lines[0].page]
    if not same:
        return None
    box = union_box(same)
    text = " ".join(line.text for line in same)
    return CellRecord(same[0].page, box, OUTSIDE_TABLE, OUTSIDE_TABLE, 1, 1, text, 1.0)


def _same_page(cells: Sequence[CellRecord | None]) -> tuple[CellRecord, ...]:
    present = [cell for cell in cells if cell is not None]
    return tuple(cell for cell in present if cell.page == present[0].page) if present else ()


class _Builder:
    def __init__(self, record: FormRecord, provenance: Provenance) -> None:
        self.record = record
        self.found = provenance
        self.by_place: dict[CellPlace, list[int]] = {}
        for index, warning in enumerate(record.warnings):
            for place in warning_places(warning):
                self.by_place.setdefault(place, []).append(index)
        self.shown: set[int] = set()

    def row(
        self,
        key: str,
        section: Section,
        texts: tuple[str, ...],
        crop: tuple[CellRecord, ...],
        checked: Sequence[CellRecord | None],
    ) -> ReviewRow:
        cells = [cell for cell in (*crop, *checked) if cell is not None]
        warnings = sorted({i for cell in cells for i in self.by_place.get(place_of(cell), [])})
        self.shown.update(warnings)
        lowest = min((cell.confidence for cell in cells), default=1.0)
        return ReviewRow(
            key=key,
            section=section,
            texts=texts,
            crop=crop,
            warnings=tuple(warnings),
            low_confidence=lowest if lowest < LOW_CONFIDENCE else None,
            corrected=any(self.record.warnings[i].code in CORRECTED_CODES for i in warnings),
        )

    def header(self) -> list[ReviewRow]:
        values, labels = self.found.values, self.found.labels
        return [
            self.row(
                path,
                "header",
                (label, show(_field(self.record, path))),
                _same_page([values.get(path) or line_cell(self.record, path)]),
                [labels.get(path)],
            )
            for path, label in HEADER_FIELDS
        ]

    def indicators(self) -> list[ReviewRow]:
        rows = []
        for index, ind in enumerate(self.record.indicators):
            key = f"indicators[{index}]"
            cell = {role: self.found.values.get(f"{key}.{role}") for role in _ROLES}
            levels = [
                show(level) + (f" ({raw})" if raw and raw != level else "")
                for level, raw in ((ind.level1, ind.level1_raw), (ind.level2, ind.level2_raw))
            ]
            texts = (_PERIODS[ind.period], *levels, show(ind.name), show(ind.value))
            texts += (show_parsed(ind.parsed),)
            crop = _same_page([cell["name"], cell["value"]])
            rows.append(self.row(key, "indicator", texts, crop, [cell["level1"], cell["level2"]]))
        return rows

    def tasks(self) -> list[ReviewRow]:
        rows = []
        for index, task in enumerate(self.record.tasks):
            key = f"tasks[{index}]"
            roles = ("name", "total", "fiscal", "transfer")
            crop = _same_page([self.found.values.get(f"{key}.{role}") for role in roles])
            texts = tuple(show(v) for v in (
                task.category, task.name, task.content, task.total, task.fiscal, task.transfer,
                task.goal,
            ))
            category = self.found.values.get(f"{key}.category")
            rows.append(self.row(key, "task", texts, crop, [category]))
        return rows


_ROLES = ("name", "value", "level1", "level2")


def review_form(record: FormRecord) -> FormReview:
    builder = _Builder(record, locate_fields(record))
    rows = (*builder.header(), *builder.indicators(), *builder.tasks())
    loose = tuple(i for i in range(len(record.warnings)) if i not in builder.shown)
    flagged = frozenset(place for place in builder.by_place)
    return FormReview(record, rows, loose, flagged)
