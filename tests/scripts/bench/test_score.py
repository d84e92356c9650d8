"""The benchmark's measures on known answers."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from scripts.bench.score import Tally, match_indicators, score_cells, score_record
from tests.paths import GOLDEN

GOLDEN_RECORD = GOLDEN / "000_9acdd438bb5be3a7-3.json"


@pytest.fixture()
def truth() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(GOLDEN_RECORD.read_text(encoding="utf-8"))
    return loaded


def test_identical_record_scores_perfectly(truth: dict[str, Any]) -> None:
    rates = score_record(truth, truth).rates()
    assert rates["header_exact"] == rates["indicator_f1"] == rates["value_exact"] == 1.0
    assert rates["parsed_exact"] == rates["form_type"] == 1.0
    assert rates["cer"] == 0.0


def test_missing_record_scores_zero(truth: dict[str, Any]) -> None:
    rates = score_record(truth, None).rates()
    assert rates["indicator_recall"] == 0.0 and rates["header_exact"] == 0.0
    assert rates["cer"] == 1.0 and rates["indicator_precision"] is None


def test_known_errors_give_known_rates(truth: dict[str, Any]) -> None:
    predicted = copy.deepcopy(truth)
    n = len(truth["indicators"])
    predicted["project"]["name"] = predicted["project"]["name"] + "X"  # 1 of 12 header fields
    predicted["indicators"][0]["value"] = "乏" + predicted["indicators"][0]["value"][1:]
    del predicted["indicators"][1]  # a missed row
    predicted["indicators"].append({**truth["indicators"][2], "level2": "质量指标", "name": "多余"})
    tally = score_record(truth, predicted)
    assert tally.header_right == 11
    assert (tally.truth_rows, tally.predicted_rows, tally.matched_rows) == (n, n, n - 1)
    assert tally.value_exact == n - 2
    missed = truth["indicators"][1]
    assert tally.char_errors == 1 + len((missed["name"] + missed["value"]).replace(" ", ""))
    rates = tally.rates()
    assert rates["indicator_recall"] == pytest.approx((n - 1) / n)


def test_whitespace_is_ignored_in_header_fields(truth: dict[str, Any]) -> None:
    predicted = copy.deepcopy(truth)
    predicted["project"]["name"] = " ".join(truth["project"]["name"])
    assert score_record(truth, predicted).header_right == 12


def test_whitespace_is_ignored_in_values_and_their_parsed_text(truth: dict[str, Any]) -> None:
    predicted = copy.deepcopy(truth)
    row = next(r for r in predicted["indicators"] if "text" in r["parsed"])
    row["value"] = " ".join(row["value"])
    row["parsed"] = {**row["parsed"], "text": row["value"]}
    tally = score_record(truth, predicted)
    assert tally.value_exact == tally.parsed_exact == len(truth["indicators"])
    row["parsed"] = {**row["parsed"], "kind": "text"}
    assert score_record(truth, predicted).parsed_exact == len(truth["indicators"]) - 1


def test_full_width_punctuation_reads_as_its_ascii_twin(truth: dict[str, Any]) -> None:
    predicted = copy.deepcopy(truth)
    predicted["project"]["name"] = truth["project"]["name"] + "，"
    expected = copy.deepcopy(truth)
    expected["project"]["name"] = truth["project"]["name"] + ","
    assert score_record(expected, predicted).header_right == 12
    assert score_record(truth, predicted).header_right == 11


def test_rows_need_same_period_and_level2() -> None:
    row = {"period": "annual", "level2": "数量指标", "name": "参加宣传的人数", "value": "≥300人次"}
    other_period = {**row, "period": "medium_term"}
    close_name = {**row, "name": "参加宣传的人教"}
    assert match_indicators([row], [other_period]) == [(row, None)]
    assert match_indicators([row], [other_period, close_name]) == [(row, close_name)]


def test_cell_structure_counts_spans() -> None:
    truth = [{"page": 1, "row": 0, "col": 0, "rowspan": 1, "colspan": 2},
             {"page": 1, "row": 1, "col": 0, "rowspan": 3, "colspan": 1}]
    predicted = [{"page": 1, "row": 0, "col": 0, "rowspan": 1, "colspan": 2},
                 {"page": 1, "row": 1, "col": 0, "rowspan": 2, "colspan": 1}]
    assert score_cells(truth, predicted) == (2, 1)


def test_tallies_add_up(truth: dict[str, Any]) -> None:
    total = Tally()
    total.add(score_record(truth, truth))
    total.add(score_record(truth, None))
    assert total.rates()["indicator_recall"] == 0.5
    assert total.forms == 2
