"""Cells where OCR merged a label with its value ("中期资金总额:150.00").

jieba, with the forms' domain terms in normalize/data/userdict.txt (labels, level names,
units), cuts the cell into words; every word boundary is a candidate end of the label. The
longest prefix that `canonical_label` recognises exactly wins; a fuzzily recognised prefix
is used only when no exact one exists. The value must be visibly separate from the label
(a colon, a space, or a digit/Latin character right after it; only a colon or a space after
labels of three characters or fewer), so indicator names that merely start with a label word
("实施单位满意度", "项目(工程)完工时间") are not split.

jieba's dictionary is loaded once per process, on first use (`dictionary.jieba_dictionary`,
which the OCR's word model reads too), with its log silenced (it logs its loading to stderr
by default).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from declform.normalize.dictionary import jieba_dictionary
from declform.normalize.labels import canonical_label
from declform.normalize.text import clean_text, squash
from declform.normalize.vocabulary import VocabMatch, label_key

_SEPARATORS = ":：;；,，、 "
_VALUE_START = re.compile(r"^(?:[:：]|\s|[0-9０-９A-Za-z.\-$¥￥])")
# Short labels (项目, 合计, 填报人) also begin indicator names ("项目2026年计划拨付…"):
# after them only a colon or a space counts as the label's end.
_SEPARATED = re.compile(r"^[:：\s]")
_SHORT_LABEL = 3


@cache
def _tokenizer() -> Any:
    """jieba's dictionary with the forms' domain terms added (a copy: the OCR's word model
    scores with jieba's own dictionary alone)."""
    import jieba

    base = jieba_dictionary()
    tokenizer = jieba.Tokenizer()
    # a copy of the loaded word frequencies takes 5 ms where loading them again takes 550
    tokenizer.FREQ, tokenizer.total = dict(base.FREQ), base.total
    tokenizer.initialized = True
    userdict = resources.files("declform.normalize").joinpath("data", "userdict.txt")
    with resources.as_file(userdict) as path:
        tokenizer.load_userdict(str(path))
    return tokenizer


def tokenize(text: str) -> list[str]:
    """jieba words of the text with the domain dictionary; joining them gives the text back."""
    return [str(word) for word in _tokenizer().cut(text, HMM=False)]


def split_label_value(text: str) -> tuple[VocabMatch, str] | None:
    """(label, value) when the cell starts with a form label followed by its value."""
    cleaned = clean_text(text) if isinstance(text, str) else None
    if cleaned is None:
        return None
    whole = canonical_label(cleaned)
    if whole is not None and whole.exact:
        return None  # the cell is a label with its notes: "中期目标 (2026年—2028年)"
    exact: tuple[VocabMatch, str] | None = None
    fuzzy: tuple[VocabMatch, str] | None = None
    end = 0
    for word in tokenize(cleaned):
        end += len(word)
        rest = cleaned[end:]
        if not rest or not label_key(cleaned[:end]) or not _VALUE_START.match(rest):
            continue
        value = clean_text(rest.lstrip(_SEPARATORS))
        match = canonical_label(cleaned[:end])
        if match is None or value is None or not squash(value):
            continue
        if len(label_key(cleaned[:end])) <= _SHORT_LABEL and not _SEPARATED.match(rest):
            continue
        if match.exact:
            exact = (match, value)
        elif fuzzy is None or match.score > fuzzy[0].score:
            fuzzy = (match, value)
    return exact or fuzzy
