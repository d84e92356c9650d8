"""A record and a drawn `VariantSpec` → the `FormTable` of that variant of the project form.

Column 0 holds the indicator section's block name(s), column 1 the 一级指标; then one run of
the spec's indicator columns (two runs when the blocks sit side by side). The header rows above
share those columns: a label takes `L` columns (1, or 2 in a wide table) and its value the rest,
two label-value pairs to a row where the form pairs them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scripts.render.indicators import pair_level1_groups, single_side_blocks
from scripts.render.plan import _amount, _date_cn, _section
from scripts.render.table import Align, FormTable, HeaderLine, TableBuilder, consecutive_groups
from scripts.render.variant_truth import (
    level1_text,
    printed_indicators,
    printed_title,
    printed_value,
    weight_and_note,
)
from scripts.render.variants import VariantSpec, has_medium_term

Record = Mapping[str, Any]
Group = list[Mapping[str, Any]]
Extra = tuple[str, str | None]  # a row's printed weight and note
VARIANT = "variant"
WEIGHTS = {"block": 0.075, "level1": 0.09, "level2": 0.1, "name": 0.22, "value": 0.13,
           "op": 0.065, "unit": 0.075, "weight": 0.06, "note": 0.1}  # fmt: skip
MEDIUM_BLOCK_NAMES = {"中期目标": "中期绩效指标", "实施期目标": "实施期绩效指标",
                      "长期目标": "长期绩效指标", "项目总目标": "中期绩效指标"}  # fmt: skip


UNIT_FACTORS = {"元": 10000, "千元": 10}  # per 万元


def printed_amount(value: Any, unit: str, grouping: bool = False) -> str:
    """An amount (万元) as the form prints it in `unit`, thousands grouped or not."""
    if value is None:
        return ""
    if unit in UNIT_FACTORS:
        text = f"{round(float(value) * UNIT_FACTORS[unit], 2):.2f}"
    else:
        text = _amount(value)
    if grouping:
        whole, _, decimals = text.partition(".")
        text = f"{int(whole):,}" + (f".{decimals}" if decimals else "")
    return text


def _department(record: Record, spec: VariantSpec) -> str:
    project = _section(record, "project")
    name = str(project.get("competent_department") or "")
    code = project.get("department_code")
    return f"{name} ({code})" if spec.department_code and code else name


class _Rows:
    """Header rows over `n` columns: label `L` wide, one pair or two pairs per row."""

    def __init__(self, builder: TableBuilder) -> None:
        self.b = builder
        self.n = builder.n_cols
        self.L = 1 if self.n < 8 else 2
        self.mid = self.L + (self.n - 2 * self.L) // 2

    def full(self, text: str, *, bold: bool = False) -> None:
        self.b.add(0, text, colspan=self.n, bold=bold)
        self.b.next_row()

    def single(self, label: str, value: Any) -> None:
        self.b.add(0, label, colspan=self.L, bold=True)
        self.b.add(self.L, value, colspan=self.n - self.L, align="left")
        self.b.next_row()

    def pair(self, left: tuple[str, Any], right: tuple[str, Any], below: bool = False) -> None:
        if below:  # a row of the two labels, the values in the row under them
            half = self.n // 2
            for row in (0, 1):
                self.b.add(0, left[row], colspan=half, bold=row == 0)
                self.b.add(half, right[row], colspan=self.n - half, bold=row == 0)
                self.b.next_row()
            return
        self.b.add(0, left[0], colspan=self.L, bold=True)
        self.b.add(self.L, left[1], colspan=self.mid - self.L)
        self.b.add(self.mid, right[0], colspan=self.L, bold=True)
        self.b.add(self.mid + self.L, right[1], colspan=self.n - self.mid - self.L)
        self.b.next_row()

    def quad(self, first: int, cells: Sequence[Any]) -> None:
        """sub-label, amount, sub-label, amount right of a block label ending at `first`."""
        half = (self.n - first) // 2
        self.b.add(first, cells[0], colspan=half - 1)
        self.b.add(first + half - 1, cells[1])
        self.b.add(first + half, cells[2], colspan=self.n - first - half - 1)
        self.b.add(self.n - 1, cells[3])
        self.b.next_row()


def _header_rows(rows: _Rows, record: Record, spec: VariantSpec) -> None:
    labels, project = spec.labels, _section(record, "project")
    if spec.title_place == "inside" and record.get("title"):
        rows.full(printed_title(record, spec), bold=True)
    if spec.year_place == "inside" and record.get("fiscal_year") is not None:
        rows.full(spec.year_format.format(y=record["fiscal_year"]))
    rows.single(labels["name"], project.get("name"))
    department = labels["department"] + ("及代码" if spec.department_code else "")
    below = spec.header_values_below
    rows.pair((department, _department(record, spec)),
              (labels["implementing"], project.get("implementing_unit")), below)  # fmt: skip
    rows.pair((labels["attribute"], project.get("attribute")),
              (labels["period"], project.get("period")), below)  # fmt: skip


def _funding_rows(rows: _Rows, record: Record, spec: VariantSpec, medium: bool) -> None:
    labels = spec.labels

    def amount(value: Any) -> str:
        return printed_amount(value, spec.funding_unit, spec.amount_grouping)

    annual = _section(record, "funding", "annual")
    block = f"{labels['funding_block']}（{spec.funding_unit}）"
    rows.b.add(0, block, colspan=rows.L, rowspan=3 if medium else 2, bold=True)
    if medium:
        term = _section(record, "funding", "medium_term")
        for key, left, right in (("total", labels["medium_total"], labels["annual_total"]),
                                 ("fiscal", labels["fiscal"], labels["fiscal"]),
                                 ("other", labels["other"], labels["other"])):  # fmt: skip
            amounts = (amount(term.get(key)), amount(annual.get(key)))
            rows.quad(rows.L, (left, amounts[0], right, amounts[1]))
        return
    rows.b.add(rows.L, labels["annual_total"], colspan=(rows.n - rows.L) // 2)
    rows.b.add(rows.L + (rows.n - rows.L) // 2, amount(annual.get("total")),
               colspan=rows.n - rows.L - (rows.n - rows.L) // 2)  # fmt: skip
    rows.b.next_row()
    rows.quad(rows.L, (labels["fiscal"], amount(annual.get("fiscal")),
                       labels["other"], amount(annual.get("other"))))  # fmt: skip


def _goal_rows(rows: _Rows, record: Record, spec: VariantSpec, medium: bool) -> None:
    labels, goals = spec.labels, _section(record, "goals")
    if medium and spec.goals_side_by_side:
        b, half = rows.b, rows.L + (rows.n - rows.L) // 2
        b.add(0, labels["goal_block"], colspan=rows.L, rowspan=2, bold=True)
        b.add(rows.L, labels["medium_goal"], colspan=half - rows.L, bold=True)
        b.add(half, labels["annual_goal"], colspan=rows.n - half, bold=True)
        b.next_row()
        b.add(rows.L, goals.get("medium_term"), colspan=half - rows.L, align="left")
        b.add(half, goals.get("annual"), colspan=rows.n - half, align="left")
        b.next_row()
        return
    if medium:
        rows.single(labels["medium_goal"], goals.get("medium_term"))
    rows.single(labels["annual_goal"], goals.get("annual"))


def first_side(spec: VariantSpec) -> int:
    """The first column of the indicator columns: after the block name and 一级指标."""
    return 2 if spec.level1_column else 1


def _heading(kind: str, spec: VariantSpec) -> str:
    return spec.labels[f"{kind}_head"]


def _cell_texts(ind: Mapping[str, Any], spec: VariantSpec, extra: Extra) -> dict[str, str]:
    printed = printed_value(ind, spec)
    return {"name": str(ind.get("name") or ""), "value": printed.value, "op": printed.op,
            "unit": printed.unit, "weight": extra[0], "note": extra[1] or ""}  # fmt: skip


def _write_groups(
    b: TableBuilder,
    spec: VariantSpec,
    sides: Sequence[int],
    blocks: Sequence[Sequence[Group]],
    extras: Mapping[int, Extra],
) -> int:
    """Rows of 一级 blocks (one group per side; a side starts at column `sides[i]`);
    `extras` holds each row's weight and note by the row's id()."""
    start, kinds = b.row, spec.columns
    if not blocks:
        blocks = [[[] for _ in sides]]
    for block in blocks:
        height = max(1, *(len(group) for group in block))
        first = next((group[0] for group in block if group), None)
        if spec.level1_column:
            b.put(b.row, 1, level1_text(first, spec) if first else "", rowspan=height)
        for group, left in zip(block, sides, strict=True):
            row = b.row
            for run in consecutive_groups(group, lambda i: i.get("level2_raw")):
                b.put(row, left, str(run[0].get("level2_raw") or ""), rowspan=len(run))
                for ind in run:
                    texts = _cell_texts(ind, spec, extras[id(ind)])
                    for offset, kind in enumerate(kinds[1:], start=1):
                        align: Align = "left" if kind == "name" else "center"
                        b.put(row, left + offset, texts[kind], align=align)
                    row += 1
            for blank in range(row, b.row + height):
                for offset in range(len(kinds)):
                    b.put(blank, left + offset, "")
        b.next_row(height)
    return b.row - start


def _headings(
    b: TableBuilder, spec: VariantSpec, sides: Sequence[int], *, level1: bool = True
) -> None:
    if level1 and spec.level1_column:
        b.add(1, _heading("level1", spec), bold=True)
    for left in sides:
        for offset, kind in enumerate(spec.columns):
            b.add(left + offset, _heading(kind, spec), bold=True)
    b.next_row()


def _indicator_rows(b: TableBuilder, record: Record, spec: VariantSpec) -> None:
    rows = printed_indicators(record, spec)
    extras = {id(row): extra for row, extra in zip(rows, weight_and_note(rows), strict=True)}
    medium = [i for i in rows if i.get("period") == "medium_term"]
    annual = [i for i in rows if i.get("period") == "annual"]
    medium_name = MEDIUM_BLOCK_NAMES[spec.labels["medium_goal"]]
    block = spec.labels["indicator_block"]
    k, left = len(spec.columns), first_side(spec)
    if spec.blocks == "side_by_side":
        top = b.row
        if spec.level1_column:
            b.add(1, _heading("level1", spec), rowspan=2, bold=True)
        b.add(left, medium_name, colspan=k, bold=True)
        b.add(left + k, "年度绩效指标", colspan=k, bold=True)
        b.next_row()
        _headings(b, spec, (left, left + k), level1=False)
        pairs = [list(p) for p in pair_level1_groups(medium, annual)]
        used = _write_groups(b, spec, (left, left + k), pairs, extras)
        b.put(top, 0, block, rowspan=used + 2, bold=True)
        return
    parts = [(medium_name, medium), ("年度绩效指标", annual)]
    if spec.blocks == "annual_only":
        parts = [("年度绩效指标" if spec.block_horizon_word else block, annual)]
    outer = b.row
    for name, group in parts:
        top = b.row
        if spec.block_name_place == "row" and spec.blocks == "stacked":
            b.add(1, name, colspan=b.n_cols - 1, bold=True)
            b.next_row()
        _headings(b, spec, (left,))
        _write_groups(b, spec, (left,), single_side_blocks(group), extras)
        if spec.block_name_place == "column" or spec.blocks == "annual_only":
            b.put(top, 0, name, rowspan=b.row - top, bold=True)
    if spec.block_name_place == "row" and spec.blocks == "stacked":
        b.put(outer, 0, block, rowspan=b.row - outer, bold=True)


def _lines(record: Record, spec: VariantSpec) -> tuple[list[HeaderLine], list[HeaderLine]]:
    above: list[HeaderLine] = []
    if spec.title_place == "above" and record.get("title"):
        above.append(HeaderLine(printed_title(record, spec), size=16, bold=True))
    if spec.year_place == "above" and record.get("fiscal_year") is not None:
        above.append(HeaderLine(spec.year_format.format(y=record["fiscal_year"]), size=12))
    filler, project = _section(record, "filler"), _section(record, "project")
    unit = project.get("competent_department") or project.get("implementing_unit")
    lines = [HeaderLine(f"填报单位（盖章）：{unit}", 10.5, align="left")] if unit else []
    if filler.get("name") or filler.get("phone"):
        person = f"填报人：{filler.get('name') or ''}    联系电话：{filler.get('phone') or ''}"
        lines.append(HeaderLine(person, 10.5, align="left"))
    if filler.get("date"):
        lines.append(HeaderLine(f"填报日期：{_date_cn(str(filler['date']))}", 10.5, align="left"))
    if spec.filler_place == "above":
        return above + lines, []
    return above, lines


def build_variant_table(record: Record, spec: VariantSpec) -> FormTable:
    """The variant layout of a project record."""
    k = len(spec.columns)
    n_cols = first_side(spec) + (2 * k if spec.blocks == "side_by_side" else k)
    b = TableBuilder(n_cols)
    rows = _Rows(b)
    medium = has_medium_term(record)
    _header_rows(rows, record, spec)
    _funding_rows(rows, record, spec, medium)
    _goal_rows(rows, record, spec, medium)
    _indicator_rows(b, record, spec)
    b.check_covered()
    side_by_side = spec.blocks == "side_by_side"
    kinds = ["block", *(["level1"] if spec.level1_column else []), *spec.columns,
             *(spec.columns if side_by_side else ())]  # fmt: skip
    above, below = _lines(record, spec)
    return FormTable(
        kind=VARIANT,
        landscape=spec.landscape,
        col_weights=tuple(WEIGHTS[kind] for kind in kinds),
        header=tuple(above),
        cells=tuple(sorted(b.cells, key=lambda c: (c.row, c.col))),
        n_rows=b.row,
        body_size=spec.body_size,
        footer=tuple(below),
    )
