"""What a layout reads off a grid: the printed fields of one form, before source and cells."""

from __future__ import annotations

from dataclasses import dataclass, field

from declform.layouts.grid import Cell, Grid, TextLine
from declform.normalize import parse_amount, repair_amount_reading
from declform.output import Filler, Funding, Goals, Indicator, Project, RecordWarning, Task
from declform.output.codes import WarningCode


@dataclass(frozen=True)
class ExtraField:
    """A value the form prints under labels the schema has no field for (项目负责人; a budget
    figure under 部门预算支出 / 基本支出 / 预算金额（万元）): the label cells, outermost first,
    and the value's cell (None where the form left it blank)."""

    labels: tuple[Cell, ...]
    value: Cell | None

    @property
    def label(self) -> str:
        return "/".join(" ".join(cell.text.split()) for cell in self.labels)


@dataclass(frozen=True)
class FormFields:
    layout_id: str
    form_type: str
    title: str | None
    fiscal_year: int | None
    project: Project
    filler: Filler
    funding: Funding
    goals: Goals
    indicators: tuple[Indicator, ...]
    tasks: tuple[Task, ...]
    warnings: tuple[RecordWarning, ...]
    grids: tuple[Grid, ...]
    # field path (e.g. "project.name", "indicators[3].value") → the cell it was read from
    provenance: dict[str, Cell] = field(default_factory=dict)
    # values printed beside the fields the schema holds, under labels of their own
    extras: tuple[ExtraField, ...] = ()
    # field path → the lines outside the table it was read from (a title, 年度 or 填报人 line)
    lines: dict[str, tuple[TextLine, ...]] = field(default_factory=dict)
    # every cell the reader used (labels, block names, a budget block, the fields' cells)
    claimed: frozenset[Cell] = frozenset()


class Findings:
    """Warnings and provenance collected while one layout reads one form."""

    def __init__(self) -> None:
        self.warnings: list[RecordWarning] = []
        self.provenance: dict[str, Cell] = {}
        self.lines: dict[str, tuple[TextLine, ...]] = {}

    def warn(
        self,
        code: WarningCode,
        message: str,
        cell: Cell | None = None,
        where: str | None = None,
        field: str | None = None,
    ) -> None:
        if where is None and cell is not None:
            where = cell_where(cell)
        page = cell.page if cell is not None else None
        bbox = tuple(round(v, 1) for v in cell.bbox.as_tuple()) if cell is not None else None
        self.warnings.append(RecordWarning(code, message, where, field, page, bbox))  # type: ignore[arg-type]

    def amount(
        self, text: str | None, path: str, cell: Cell | None, ocr: bool = True
    ) -> float | None:
        """The amount printed in `text`; an unreadable one is a warning and None, not a guess.
        Only an OCR reading is put right (a printed 'O' for 0); a text layer is as printed."""
        try:
            return parse_amount(text)
        except ValueError:
            if not ocr:
                self.warn(WarningCode.AMOUNT_UNREADABLE, f"{path}: {text!r} is not an amount", cell)
                return None
        repaired = repair_amount_reading(text or "")
        try:
            amount = parse_amount(repaired)
        except ValueError:
            self.warn(WarningCode.AMOUNT_UNREADABLE, f"{path}: {text!r} is not an amount", cell)
            return None
        self.warn(WarningCode.AMOUNT_CORRECTED, f"{path}: {text!r} read as {repaired!r}", cell)
        return amount

    def trace(self, path: str, cell: Cell | None) -> None:
        if cell is not None:
            self.provenance[path] = cell

    def trace_printed(self, path: str, places: tuple[Cell | TextLine, ...]) -> None:
        """A value read from a cell, or from lines printed outside the table."""
        lines = tuple(p for p in places if isinstance(p, TextLine))
        if lines:
            self.lines[path] = lines
        elif places and isinstance(places[0], Cell):
            self.provenance[path] = places[0]


def cell_where(cell: Cell) -> str:
    return f"page {cell.page} row {cell.row} col {cell.col}"
