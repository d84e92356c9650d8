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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from declform.normalize.values import parse_value
from scripts.render.variants import VariantSpec

Record = Mapping[str, Any]
OP_SIGNS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
_SPLIT = re.compile(r"^(?P<op>[≥≤><=]?)(?P<num>[0-9]+(?:\.[0-9]+)?)(?P<unit>[^0-9.]*)$")
QUALITATIVE = "定性"
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


def printed_value(indicator: Record, spec: VariantSpec) -> PrintedValue:
    """The value's cells in this layout (op and unit empty when the layout has no column)."""
    whole = str(indicator.get("value") or "")
    has_op, has_unit = "op" in spec.columns, "unit" in spec.columns
    split = split_value(indicator) if (has_op or has_unit) else None
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


def level1_text(indicator: Record, spec: VariantSpec) -> str:
    raw = str(indicator.get("level1_raw") or "")
    return LEVEL_SUFFIXES.get(raw, raw) if spec.level_suffix else raw


def printed_indicators(record: Record, spec: VariantSpec) -> list[dict[str, Any]]:
    """The indicator rows the layout prints (a lone annual block drops the medium term)."""
    rows = [dict(ind) for ind in record.get("indicators") or []]
    if spec.blocks == "annual_only":
        rows = [ind for ind in rows if ind.get("period") == "annual"]
    return rows


def variant_truth(record: Record, spec: VariantSpec) -> dict[str, Any]:
    """The canonical record a reader should produce from the variant drawn for `record`."""
    truth = copy.deepcopy(dict(record))
    if not spec.department_code:
        truth["project"]["department_code"] = None
    indicators = []
    for ind in printed_indicators(record, spec):
        printed = printed_value(ind, spec)
        joined = printed.joined()
        row = dict(ind)
        row["level1_raw"] = level1_text(ind, spec)
        if re.sub(r"\s+", "", joined) != re.sub(r"\s+", "", str(ind.get("value") or "")):
            row["value"] = joined
            row["parsed"] = parse_value(joined)
        indicators.append(row)
    truth["indicators"] = indicators
    truth["cells"] = []  # the born-digital PDF's grid is the benchmark's cell truth
    truth["warnings"] = []
    return truth
