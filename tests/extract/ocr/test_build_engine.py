"""build_engine checks an engine's presence up front and says how to install it."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from typing import Any

import pytest

from declform.extract.ocr import DEFAULT_ENGINE, ENGINES, build_engine
from declform.extract.ocr.tesseract import parse_tsv, tsv_lines
from declform.output.codes import ExitCode
from declform.output.errors import EngineError


def test_the_default_engine_is_one_of_the_engines() -> None:
    assert DEFAULT_ENGINE in ENGINES


def test_an_unknown_engine_names_the_choices() -> None:
    with pytest.raises(EngineError, match="rapidocr, tesseract"):
        build_engine("abbyy")


def test_a_missing_tesseract_binary_gives_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: None)
    with pytest.raises(EngineError, match=r"not on PATH.*apt-get install tesseract-ocr") as raised:
        build_engine("tesseract")
    assert raised.value.exit_code == ExitCode.ENGINE


def test_tesseract_without_chi_sim_gives_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    def list_langs(command: list[str], **_: Any) -> subprocess.CompletedProcess[bytes]:
        listing = b'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (2):\neng\nosd\n'
        return subprocess.CompletedProcess(command, 0, listing, b"")

    monkeypatch.setattr(shutil, "which", lambda _: "/usr/bin/tesseract")
    monkeypatch.setattr(subprocess, "run", list_langs)
    with pytest.raises(EngineError, match=r"chi_sim.*tesseract-ocr-chi-sim"):
        build_engine("tesseract")


def test_a_missing_rapidocr_gives_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == "rapidocr_onnxruntime" else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(EngineError, match="pip install rapidocr-onnxruntime"):
        build_engine("rapidocr")


TSV = "\n".join(
    [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "1\t1\t0\t0\t0\t0\t0\t0\t214\t70\t-1\t",
        "4\t1\t1\t1\t1\t0\t16\t18\t173\t41\t-1\t",
        "5\t1\t1\t1\t1\t1\t16\t18\t60\t41\t90\t项目",
        "5\t1\t1\t1\t1\t2\t80\t14\t109\t45\t70\t名称",
        "5\t2\t1\t1\t1\t1\t18\t23\t141\t30\t84.5\t150.00",
        "5\t2\t1\t1\t2\t1\t18\t70\t100\t30\t60\t万元",
        "5\t2\t1\t1\t3\t1\t18\t110\t100\t30\t-1\t ",
    ]
)


def test_tesseract_tsv_becomes_lines_per_page() -> None:
    pages = tsv_lines(parse_tsv(TSV))
    assert sorted(pages) == [1, 2]
    (first,) = pages[1]
    assert first.text == "项目 名称"
    assert first.bbox == (16, 14, 189, 59)
    assert first.confidence == pytest.approx(0.8)
    assert [line.text for line in pages[2]] == ["150.00", "万元"]
