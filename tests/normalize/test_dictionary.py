"""jieba's dictionary from its fast cache: the same frequencies, or jieba's own loading."""

from __future__ import annotations

from pathlib import Path

from declform.normalize.dictionary import (
    cache_path,
    jieba_dictionary,
    read_frequencies,
    write_frequencies,
)


def test_frequencies_come_back_as_written(tmp_path: Path) -> None:
    freq = {"项目": 200000, "绩效": 31, "a": 0, "满意度": 7}
    write_frequencies(tmp_path / "f.bin", freq, 200038)
    loaded = read_frequencies(tmp_path / "f.bin")
    assert loaded == (freq, 200038)
    assert list(loaded[0]) == list(freq)  # in jieba's order, too


def test_a_missing_or_cut_cache_is_not_read(tmp_path: Path) -> None:
    assert read_frequencies(tmp_path / "none.bin") is None
    write_frequencies(tmp_path / "f.bin", {"项目": 2, "绩效": 3}, 5)
    whole = (tmp_path / "f.bin").read_bytes()
    for cut in (whole[:10], whole[:-2], b"something else entirely"):
        (tmp_path / "f.bin").write_bytes(cut)
        assert read_frequencies(tmp_path / "f.bin") is None


def test_the_cache_is_named_by_the_dictionary_and_version(tmp_path: Path) -> None:
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("项目 3 n\n", encoding="utf-8")
    first = cache_path(dictionary, "0.42.1")
    assert cache_path(dictionary, "0.42.2") != first
    dictionary.write_text("项目 3 n\n绩效 2 n\n", encoding="utf-8")
    assert cache_path(dictionary, "0.42.1") != first


def test_the_loaded_dictionary_is_jiebas_own() -> None:
    import jieba

    own = jieba.Tokenizer()
    own.initialize()
    fast = jieba_dictionary()
    assert fast.FREQ == own.FREQ and fast.total == own.total
    assert fast.lcut("绩效目标申报表", HMM=False) == own.lcut("绩效目标申报表", HMM=False)
