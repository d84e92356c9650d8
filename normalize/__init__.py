"""Pure text → canonical values: labels, indicator levels, numbers, amounts, dates, values.

Everything here is a pure function of its input (no I/O besides reading the packaged jieba
user dictionary on first use), so it is tested on tiny strings without OCR.
"""

from declform.normalize.amounts import parse_amount, repair_amount_reading
from declform.normalize.dates import parse_date, parse_fiscal_year
from declform.normalize.labels import LABEL_KEYS, canonical_label, label_text
from declform.normalize.parties import parse_department, parse_filler
from declform.normalize.segment import split_label_value
from declform.normalize.text import clean_text, strip_indicator_prefix, trim_edge_marks
from declform.normalize.values import (
    looks_like_figures,
    parse_value,
    repair_value_reading,
    without_stray_mark,
)
from declform.normalize.vocabulary import (
    VocabMatch,
    canonical_level1,
    canonical_level2,
    label_key,
    only_child_level2,
    parent_level1,
)

__all__ = [
    "LABEL_KEYS",
    "VocabMatch",
    "canonical_label",
    "canonical_level1",
    "canonical_level2",
    "clean_text",
    "label_key",
    "label_text",
    "looks_like_figures",
    "only_child_level2",
    "parent_level1",
    "parse_amount",
    "parse_date",
    "parse_department",
    "parse_filler",
    "parse_fiscal_year",
    "parse_value",
    "repair_amount_reading",
    "repair_value_reading",
    "split_label_value",
    "strip_indicator_prefix",
    "trim_edge_marks",
    "without_stray_mark",
]
