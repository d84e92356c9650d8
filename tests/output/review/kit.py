"""Tiny records for review tests: cells by (row, col, rowspan, colspan, text), boxes on a raster."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from declform.output import CellRecord, FormRecord, Indicator, RecordWarning, Source

COL_WIDTH = 100.0
ROW_HEIGHT = 40.0
TOP = 100.0

CellSpec = tuple[int, int, int, int, str]  # row, col, rowspan, colspan, text


def cells(specs: Sequence[CellSpec], page: int = 1, confidence: float = 1.0) -> tuple[CellRecord, ...]:
    return tuple(
        CellRecord(
            page=page, row=row, col=col, rowspan=rowspan, colspan=colspan, text=text,
            bbox=(col * COL_WIDTH, TOP + row * ROW_HEIGHT,
                  (col + colspan) * COL_WIDTH, TOP + (row + rowspan) * ROW_HEIGHT),
            confidence=confidence,
        )
        for row, col, rowspan, colspan, text in specs
    )


def indicator(name: str | None, value: str | None, level1: str = "产出指标", level2: str = "数量指标",
              period: str = "annual", **raw: Any) -> Indicator:
    return Indicator(
        period=period,  # type: ignore[arg-type]
        level1=level1, level2=level2,
        level1_raw=raw.get("level1_raw", level1), level2_raw=raw.get("level2_raw", level2),
        name=name, value=value, parsed=None,
    )


def record(table: Sequence[CellRecord], *, path: str = "form.pdf", sha256: str = "ab" * 32,
           pages: tuple[int, ...] = (1,), warnings: Sequence[RecordWarning] = (), **fields: Any) -> FormRecord:
    return FormRecord(
        source=Source(path=path, sha256=sha256, pages=pages),
        form_type=fields.pop("form_type", "project"),
        cells=tuple(table), warnings=tuple(warnings), **fields,
    )


# an annual-only project form, as printed (拉萨市部门项目支出预算绩效目标表)
ANNUAL_FORM: list[CellSpec] = [
    (0, 0, 1, 1, "项目名称"), (0, 1, 1, 4, "百家科技"),
    (1, 0, 1, 1, "主管部门及代码"), (1, 1, 1, 2, "拉萨市科技局 (009909878)"), (1, 3, 1, 1, "实施单位"), (1, 4, 1, 1, "高新科"),
    (2, 0, 3, 1, "项目资金(万元)"), (2, 1, 1, 2, "年度资金总额:"), (2, 3, 1, 2, "1100.00"),
    (3, 1, 1, 2, "其中:财政拨款"), (3, 3, 1, 2, "1100.00"),
    (4, 1, 1, 2, "其他资金"), (4, 3, 1, 2, ""),
    (5, 0, 1, 1, "年度总体目标"), (5, 1, 1, 4, "完成认定备案工作。"),
    (6, 0, 4, 1, "绩效指标"), (6, 1, 1, 1, "一级指标"), (6, 2, 1, 1, "二级指标"), (6, 3, 1, 1, "三级指标"), (6, 4, 1, 1, "指标值"),
    (7, 1, 3, 1, "产出指标"), (7, 2, 2, 1, "数量指标 (必填)"), (7, 3, 1, 1, "指标1：认定企业数量"), (7, 4, 1, 1, "≥7家"),
    (8, 3, 1, 1, "指标2：选派科技人员"), (8, 4, 1, 1, ""),
    (9, 2, 1, 1, "质量指标"), (9, 3, 1, 1, "评审合格率"), (9, 4, 1, 1, "≥90%"),
]
