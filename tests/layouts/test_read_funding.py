"""A project form's funding block: totals and shares, their unit, and a scan's misreadings of
them settled by the form's own redundancy."""

from __future__ import annotations

from dataclasses import replace

from declform.layouts import identify, read_form
from declform.layouts.fields import FormFields
from declform.layouts.grid import Grid
from declform.layouts.read_funding import printed_unit
from tests.layouts.gridkit import make_grid, row_major

E = ("", 1, 1)
INDICATORS = [
    [("绩效指标", 1, 2), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("指标值", 1, 1)],
    [("产出指标", 1, 1), ("数量指标", 1, 1), ("培训人次", 1, 1), ("≥100人次", 1, 1)],
]


def _grid(rows: list[list[tuple[str, int, int]]], alternatives: dict[str, tuple[str, ...]]) -> Grid:
    grid = make_grid(row_major([*rows, *INDICATORS]), above=["某区2026年项目支出绩效目标表"])
    cells = tuple(replace(c, alternatives=alternatives.get(c.text, ())) for c in grid.cells)
    return replace(grid, cells=cells)


def _read(
    rows: list[list[tuple[str, int, int]]], alternatives: dict[str, tuple[str, ...]] | None = None
) -> FormFields:
    grid = _grid(rows, alternatives or {})
    match = identify(grid)
    assert match is not None
    return read_form([grid], match)


def test_a_unit_note_whose_opening_bracket_the_scan_lost_still_gives_the_unit() -> None:
    assert printed_unit("资金投入千元)") == "千元" and printed_unit("项目资金元）") == "元"
    assert printed_unit("资金投入(千元)") == "千元" and printed_unit("千元以上的项目") is None
    rows = [
        [("项目名称", 1, 1), ("规划编制费", 3, 1)],
        [("资金投入千元)", 1, 3), ("年度资金总额", 1, 1), ("1,056.00", 2, 1)],
        [("其中：当年财政拨款", 1, 1), ("1,056.00", 2, 1)],
        [("其中：其他资金", 1, 1), ("", 2, 1)],
    ]
    funding = _read(rows).funding.annual
    assert (funding.total, funding.fiscal, funding.unit) == (105.6, 105.6, "千元")


def test_a_misread_amount_is_settled_by_the_reading_the_funding_adds_up_to() -> None:
    """A speck read as a glyph before the total ("编23.7"): without it the reading is the
    total the fiscal share and the other funds add up to, so it is taken, with a warning."""
    rows = [
        [("项目名称", 1, 1), ("育儿补贴补助资金", 3, 1)],
        [("资金投入(万元)", 1, 3), ("当年资金总额", 1, 1), ("编23.7", 2, 1)],
        [("其中：财政拨款", 1, 1), ("20.70", 2, 1)],
        [("其他资金", 1, 1), ("3.00", 2, 1)],
    ]
    form = _read(rows)
    assert (form.funding.annual.total, form.funding.annual.fiscal) == (23.7, 20.7)
    assert [w.code for w in form.warnings if "annual.total" in w.message] == ["amount_corrected"]
    # the fiscal share the same way, from a next reading
    rows[1][2], rows[2][1] = ("23.70", 2, 1), ("缴2O.7", 2, 1)
    assert _read(rows, {"缴2O.7": ("缴20.7",)}).funding.annual.fiscal == 20.7
    # no reading adds up: unreadable, left blank — never the figure the sum would give
    rows[1][2], rows[2][1] = ("编23.7", 2, 1), ("20.00", 2, 1)
    form = _read(rows)
    assert form.funding.annual.total is None
    assert any(w.code == "amount_unreadable" and "编23.7" in w.message for w in form.warnings)


def test_shares_that_do_not_add_up_take_the_next_reading_that_makes_them() -> None:
    """A fax's 3 read as 8 in the fiscal share (28.7 under a total of 23.7), next reading
    23.7: the funding adds up with it, so it is taken, with a warning."""
    rows = [
        [("项目名称", 1, 1), ("育儿补贴补助资金", 3, 1)],
        [("资金投入(万元)", 1, 3), ("当年资金总额", 1, 1), ("23.70", 2, 1)],
        [("其中：财政拨款", 1, 1), ("28.70", 2, 1)],
        [("其他资金", 1, 1), ("", 2, 1)],
    ]
    form = _read(rows, {"28.70": ("23.70", "26.70")})
    assert (form.funding.annual.total, form.funding.annual.fiscal) == (23.7, 23.7)
    assert any(w.code == "amount_corrected" and "'28.70'" in w.message for w in form.warnings)
    # no next reading adds up, or the total's would as well: as read
    assert _read(rows, {"28.70": ("26.70",)}).funding.annual.fiscal == 28.7
    both = _read(rows, {"28.70": ("23.70",), "23.70": ("28.70",)}).funding.annual
    assert (both.total, both.fiscal) == (23.7, 28.7)
