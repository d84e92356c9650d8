"""Canonical record (dict) -> the table layout of the real printed form it came from.

Values are drawn as printed text: *_raw indicator levels, names and values as recorded,
amounts with two decimals, dates as "2023年1月28日".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from scripts.render.indicators import (
    SideColumns,
    pair_level1_groups,
    single_side_blocks,
    write_indicator_rows,
)
from scripts.render.table import FormTable, HeaderLine, TableBuilder, consecutive_groups

Record = Mapping[str, Any]

PROJECT_MEDIUM_ANNUAL = "project_medium_annual"
PROJECT_ANNUAL = "project_annual"
DEPARTMENT = "department"
LAYOUTS = (PROJECT_MEDIUM_ANNUAL, PROJECT_ANNUAL, DEPARTMENT)


def _section(record: Record, *keys: str) -> Mapping[str, Any]:
    node: Any = record
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


def _amount(value: Any) -> str:
    if value is None:
        return ""
    printed = f"{float(value):.2f}"
    if float(printed) != float(value):  # the form printed more decimals (e.g. 9.2989万元)
        printed = f"{float(value):.6f}".rstrip("0")
    return printed


def _date_cn(iso: str) -> str:
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.year}年{day.month}月{day.day}日"


def _department(project: Mapping[str, Any]) -> str:
    name = project.get("competent_department") or ""
    code = project.get("department_code")
    return f"{name} ({code})".strip() if code else str(name)


def choose_layout(record: Record) -> str:
    """Which printed form a record comes from; the medium-term form needs medium-term data."""
    if record.get("form_type") == "department":
        return DEPARTMENT
    indicators = record.get("indicators") or []
    has_medium = (
        any(ind.get("period") == "medium_term" for ind in indicators)
        or any(v is not None for v in _section(record, "funding", "medium_term").values())
        or bool(_section(record, "goals").get("medium_term"))
    )
    return PROJECT_MEDIUM_ANNUAL if has_medium else PROJECT_ANNUAL


def _header(record: Record) -> tuple[HeaderLine, ...]:
    lines: list[HeaderLine] = []
    if record.get("title"):
        lines.append(HeaderLine(str(record["title"]), size=16, bold=True))
    if record.get("fiscal_year") is not None:
        lines.append(HeaderLine(f"({record['fiscal_year']}年度)", size=12))
    filler = _section(record, "filler")
    if filler.get("date"):
        lines.append(HeaderLine(f"填报日期: {_date_cn(str(filler['date']))}", 10.5, align="left"))
    person = " ".join(str(filler[k]) for k in ("name", "phone") if filler.get(k))
    if person:
        lines.append(HeaderLine(f"填报人及联系电话: {person}", 10.5, align="left"))
    return tuple(lines)


def _project_header_rows(b: TableBuilder, record: Record, label_span: int, left: int) -> None:
    """项目名称 / 主管部门及代码 / 项目属性 rows; `left` = width of the left value cell."""
    project = _section(record, "project")
    value_col = label_span
    right_label = value_col + left
    right_span = b.n_cols - right_label - 1
    b.add(0, "项目名称", colspan=label_span, bold=True)
    b.add(value_col, project.get("name"), colspan=b.n_cols - value_col)
    b.next_row()
    for label, value, right, right_value in (
        ("主管部门及代码", _department(project), "实施单位", project.get("implementing_unit")),
        ("项目属性", project.get("attribute"), "项目期", project.get("period")),
    ):
        b.add(0, label, colspan=label_span, bold=True)
        b.add(value_col, value, colspan=left)
        b.add(right_label, right, bold=True)
        b.add(right_label + 1, right_value, colspan=right_span)
        b.next_row()


_FUNDING_ROWS = (("total", "资金总额:"), ("fiscal", "其中:财政拨款"), ("other", "其他资金"))


def _indicators(record: Record, period: str) -> list[Mapping[str, Any]]:
    return [ind for ind in record.get("indicators") or [] if ind.get("period") == period]


def project_medium_annual(record: Record) -> FormTable:
    """8-column landscape form with 中期 and 年度 side by side (2026 style)."""
    b = TableBuilder(8)
    _project_header_rows(b, record, label_span=2, left=3)
    medium, annual = (
        _section(record, "funding", "medium_term"),
        _section(record, "funding", "annual"),
    )
    b.add(0, "项目资金(万元)", colspan=2, rowspan=3, bold=True)
    for key, label in _FUNDING_ROWS:
        b.add(2, "中期" + label if key == "total" else label, colspan=2)
        b.add(4, _amount(medium.get(key)))
        b.add(5, "年度" + label if key == "total" else label, colspan=2)
        b.add(7, _amount(annual.get(key)))
        b.next_row()
    year = record.get("fiscal_year")
    goals = _section(record, "goals")
    b.add(0, "总体目标", rowspan=2, bold=True)
    b.add(1, f"中期目标({year}年—{year + 2}年)" if year else "中期目标", colspan=4, bold=True)
    b.add(5, "年度目标", colspan=3, bold=True)
    b.next_row()
    b.add(1, goals.get("medium_term"), colspan=4, align="left")
    b.add(5, goals.get("annual"), colspan=3, align="left")
    b.next_row()
    top = b.row
    # the annual side shares the 一级 column: 7 headings after 绩效指标, not 8
    for col, label in enumerate(
        ("一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"), start=1
    ):
        b.add(col, label, bold=True)
    b.next_row()
    sides = (
        SideColumns(level2=(2, 1), name=(3, 1), value=(4, 1)),
        SideColumns(level2=(5, 1), name=(6, 1), value=(7, 1)),
    )
    blocks = [
        list(pair)
        for pair in pair_level1_groups(
            _indicators(record, "medium_term"), _indicators(record, "annual")
        )
    ]
    used = write_indicator_rows(b, 1, sides, blocks)
    b.put(top, 0, "绩效指标", rowspan=used + 1, bold=True)
    return _finish(
        b,
        PROJECT_MEDIUM_ANNUAL,
        record,
        (0.055, 0.09, 0.115, 0.19, 0.13, 0.115, 0.19, 0.115),
        landscape=True,
    )


def project_annual(record: Record) -> FormTable:
    """5-column portrait form with annual columns only (2023 style, 指标k: prefixes)."""
    b = TableBuilder(5)
    _project_header_rows(b, record, label_span=1, left=2)
    annual = _section(record, "funding", "annual")
    b.add(0, "项目资金(万元)", rowspan=3, bold=True)
    for key, label in _FUNDING_ROWS:
        b.add(1, "年度" + label if key == "total" else label, colspan=2)
        b.add(3, _amount(annual.get(key)), colspan=2)
        b.next_row()
    b.add(0, "年度总体目标", bold=True)
    b.add(1, _section(record, "goals").get("annual"), colspan=4, align="left")
    b.next_row()
    top = b.row
    for col, label in enumerate(("一级指标", "二级指标", "三级指标", "指标值"), start=1):
        b.add(col, label, bold=True)
    b.next_row()
    side = SideColumns(level2=(2, 1), name=(3, 1), value=(4, 1), numbered=True)
    used = write_indicator_rows(b, 1, (side,), single_side_blocks(_indicators(record, "annual")))
    b.put(top, 0, "绩效指标", rowspan=used + 1, bold=True)
    return _finish(b, PROJECT_ANNUAL, record, (0.17, 0.15, 0.19, 0.31, 0.18), landscape=False)


def department(record: Record) -> FormTable:
    """6-column portrait 部门整体支出 form: task table, 年度总体目标, 年度绩效指标."""
    b = TableBuilder(6)
    b.add(0, "部门(单位名称)", bold=True)
    b.add(1, _department(_section(record, "project")), colspan=5)
    b.next_row()
    return department_task_rows(b, record)


def department_task_rows(b: TableBuilder, record: Record, *, task_sums: bool = True) -> FormTable:
    """The department form from its task table down (年度主要任务, 年度总体目标, 年度绩效指标),
    the 金额合计 row under the tasks where `task_sums`."""
    tasks: list[Mapping[str, Any]] = list(record.get("tasks") or [])
    b.add(0, "年度主要任务", rowspan=2 + len(tasks) + int(task_sums), bold=True)
    b.add(1, "任务名称", rowspan=2, bold=True)
    b.add(2, "主要内容", rowspan=2, bold=True)
    b.add(3, "预算申请(万元)", colspan=3, bold=True)
    b.next_row()
    for col, label in ((3, "总额"), (4, "财政拨款"), (5, "转移性资金")):
        b.add(col, label, bold=True)
    b.next_row()
    # blank categories never merge: an empty cell says nothing about its neighbour
    for run in consecutive_groups(tasks, lambda t: t.get("category") or id(t)):
        b.add(1, run[0].get("category"), rowspan=len(run))
        for task in run:
            b.add(2, task.get("name"), align="left")
            for col, key in ((3, "total"), (4, "fiscal"), (5, "transfer")):
                b.add(col, _amount(task.get(key)))
            b.next_row()
    if task_sums:
        annual = _section(record, "funding", "annual")
        b.add(1, "金额合计", colspan=2, bold=True)
        for col, key in ((3, "total"), (4, "fiscal"), (5, "other")):
            b.add(col, _amount(annual.get(key)))
        b.next_row()
    b.add(0, "年度总体目标", bold=True)
    b.add(1, _section(record, "goals").get("annual"), colspan=5, align="left")
    b.next_row()
    top = b.row
    for col, label, span in (
        (1, "一级指标", 1),
        (2, "二级指标", 1),
        (3, "三级指标", 2),
        (5, "指标值", 1),
    ):
        b.add(col, label, colspan=span, bold=True)
    b.next_row()
    side = SideColumns(level2=(2, 1), name=(3, 2), value=(5, 1))
    used = write_indicator_rows(b, 1, (side,), single_side_blocks(_indicators(record, "annual")))
    b.put(top, 0, "年度绩效指标", rowspan=used + 1, bold=True)
    return _finish(b, DEPARTMENT, record, (0.13, 0.13, 0.33, 0.135, 0.135, 0.14), landscape=False)


def _finish(
    b: TableBuilder, kind: str, record: Record, weights: tuple[float, ...], *, landscape: bool
) -> FormTable:
    b.check_covered()
    return FormTable(
        kind=kind,
        landscape=landscape,
        col_weights=weights,
        header=_header(record),
        cells=tuple(sorted(b.cells, key=lambda c: (c.row, c.col))),
        n_rows=b.row,
    )


def build_table(record: Record, layout: str | None = None) -> FormTable:
    """The form layout for a record; `layout` (one of LAYOUTS) overrides the choice."""
    kind = layout or choose_layout(record)
    builders = {
        PROJECT_MEDIUM_ANNUAL: project_medium_annual,
        PROJECT_ANNUAL: project_annual,
        DEPARTMENT: department,
    }
    if kind not in builders:
        raise ValueError(f"unknown layout {kind!r}; choose one of {', '.join(LAYOUTS)}")
    return builders[kind](record)
