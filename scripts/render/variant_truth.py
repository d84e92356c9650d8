"""What a variant form prints in its indicator cells, and the record the reader should give.

With 指标性质 (operator) and 计量单位 (unit) in their own columns a value "≥95%" prints as
"≥" | "95" | "%"; the reader joins them back with a plain "=" left out (issue 13, item 4:
"≥"+"95"+"%" → "≥95%", "="+"100"+"%" → "100%"). A value that is not one bound figure with
its unit (a range, a deadline, words) prints whole in the value cell, its operator cell "定性"
for words and blank otherwise, and comes back as printed.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from declform.normalize.values import parse_value
from declform.output.record import Amounts, Indicator
from scripts.render.variants import VariantSpec, has_medium_term

Record = Mapping[str, Any]
OP_SIGNS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
_SPLIT = re.compile(r"^(?P<op>[≥≤><=]?)(?P<num>[0-9]+(?:\.[0-9]+)?)(?P<unit>[^0-9.]*)$")
QUALITATIVE = "定性"
WIDE_SIGNS = {"≥": "≧", "≤": "≦"}  # U+2267, U+2266: printed by some offices (湛江 2024)
LEVEL_SUFFIXES = {"产出指标": "产出类指标", "效益指标": "效益类指标",
                  "满意度指标": "满意度类指标", "成本指标": "成本类指标"}  # fmt: skip


@dataclass(frozen=True)
class PrintedValue:
    """The cells of one indicator value: operator, figure (or the whole value), unit."""

    op: str
    value: str
    unit: str

    def joined(self) -> str:
        """The value as the reader should report it."""
        op = "" if self.op in ("=", QUALITATIVE) else self.op
        return f"{op}{self.value}{self.unit}"


def split_value(indicator: Record) -> PrintedValue | None:
    """Operator, figure and unit of a single bound value, when the value is exactly that."""
    value = re.sub(r"\s+", "", str(indicator.get("value") or ""))
    parsed = indicator.get("parsed") or {}
    match = _SPLIT.match(value)
    if not match or parsed.get("kind") != "numeric" or parsed.get("op") not in OP_SIGNS:
        return None
    sign = OP_SIGNS[str(parsed["op"])]
    if match["op"] not in ("", sign) or (match["op"] == "" and sign != "="):
        return None
    if (match["unit"] or None) != parsed.get("unit") or float(match["num"]) != float(
        parsed.get("number", "nan")
    ):
        return None
    return PrintedValue(sign, match["num"], match["unit"])


def styled_value(indicator: Record, style: str) -> str:
    """A whole value cell in the drawn style: a single bound figure as ≥95.00(%) or ≧95%;
    every other value as the seed printed it."""
    whole = str(indicator.get("value") or "")
    split = split_value(indicator)
    if split is None or style == "plain":
        return whole
    if style == "decimals":
        unit = f"({split.unit})" if split.unit else ""
        return f"{split.op}{float(split.value):.2f}{unit}"
    if style == "geqq" and split.op in WIDE_SIGNS:
        return WIDE_SIGNS[split.op] + split.value + split.unit
    return whole


def printed_value(indicator: Record, spec: VariantSpec) -> PrintedValue:
    """The value's cells in this layout (op and unit empty when the layout has no column)."""
    has_op, has_unit = "op" in spec.columns, "unit" in spec.columns
    whole = str(indicator.get("value") or "")
    if not (has_op or has_unit):
        return PrintedValue("", styled_value(indicator, spec.value_style), "")
    split = split_value(indicator)
    if split is None:
        kind = (indicator.get("parsed") or {}).get("kind")
        op = QUALITATIVE if has_op and kind in ("qualitative", "text") else ""
        return PrintedValue(op, whole, "")
    if has_op and has_unit:
        return split
    if has_op:
        return PrintedValue(split.op, split.value + split.unit, "")
    bound = "" if split.op == "=" else split.op
    return PrintedValue("", bound + split.value, split.unit)


def printed_title(record: Record, spec: VariantSpec) -> str:
    """The title with its 申报表 printed as the drawn word (填报表, 目标表)."""
    title = str(record.get("title") or "")
    if spec.title_word == "目标表" and "目标申报表" in title:
        return title.replace("目标申报表", "目标表", 1)  # 绩效目标表, not 绩效目标目标表
    return title.replace("申报表", spec.title_word, 1)


def level1_text(indicator: Record, spec: VariantSpec) -> str:
    raw = str(indicator.get("level1_raw") or "")
    return LEVEL_SUFFIXES.get(re.sub(r"\s+", "", raw), raw) if spec.level_suffix else raw


def printed_indicators(record: Record, spec: VariantSpec) -> list[dict[str, Any]]:
    """The indicator rows the layout prints (a lone annual block drops the medium term)."""
    rows = [dict(ind) for ind in record.get("indicators") or []]
    if spec.blocks == "annual_only":
        rows = [ind for ind in rows if ind.get("period") == "annual"]
    return rows


def weight_and_note(rows: Sequence[Record]) -> list[tuple[str, str | None]]:
    """The 权重 and 备注 printed for each row: 100 shared out over each period's rows, and a
    note on the qualitative ones."""
    periods = [str(row.get("period")) for row in rows]
    counts = {period: periods.count(period) for period in periods}
    seen: dict[str, int] = {}
    printed = []
    for row, period in zip(rows, periods, strict=True):
        index, count = seen.get(period, 0), counts[period]
        seen[period] = index + 1
        weight = 100 // count + (1 if index < 100 % count else 0)
        qualitative = (row.get("parsed") or {}).get("kind") in ("qualitative", "text")
        printed.append((str(weight), "定性指标" if qualitative else None))
    return printed


def _supports(cls: type, name: str) -> bool:
    """Whether the record contract in use has this field (perfform/2 added weight, note and
    a funding block's printed unit): the truth fills it only then."""
    return name in getattr(cls, "__dataclass_fields__", {})


def variant_truth(record: Record, spec: VariantSpec) -> dict[str, Any]:
    """The canonical record a reader should produce from the variant drawn for `record`."""
    truth = copy.deepcopy(dict(record))
    if truth.get("title"):
        truth["title"] = printed_title(record, spec)
    if not spec.department_code:
        truth["project"]["department_code"] = None
    if _supports(Amounts, "unit"):
        funding = truth.setdefault("funding", {})
        printed_medium = has_medium_term(record)
        for period in ("medium_term", "annual"):
            block = funding.setdefault(period, {})
            printed = period == "annual" or printed_medium
            block["unit"] = spec.funding_unit if printed else None
    rows = printed_indicators(record, spec)
    indicators = []
    for ind, (weight, note) in zip(rows, weight_and_note(rows), strict=True):
        printed_cells = printed_value(ind, spec)
        joined = printed_cells.joined()
        row = dict(ind)
        row["level1_raw"] = level1_text(ind, spec) if spec.level1_column else None
        if re.sub(r"\s+", "", joined) != re.sub(r"\s+", "", str(ind.get("value") or "")):
            row["value"] = joined
            # a restyled figure means what it meant (≥95.00(%) is ≥95%); a joined one is read
            restyled = not ("op" in spec.columns or "unit" in spec.columns)
            row["parsed"] = ind.get("parsed") if restyled else parse_value(joined)
        if _supports(Indicator, "weight"):
            row["weight"] = weight if "weight" in spec.columns else None
            row["note"] = note if "note" in spec.columns else None
        indicators.append(row)
    truth["indicators"] = indicators
    truth["cells"] = []  # the born-digital PDF's grid is the benchmark's cell truth
    truth["warnings"] = []
    return truth
