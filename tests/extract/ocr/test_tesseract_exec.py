"""Running the `tesseract` program: its OSD report read, its absence explained, one thread."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from declform.extract.ocr import tesseract_exec
from declform.extract.ocr.tesseract import TesseractEngine
from declform.output.codes import ExitCode
from declform.output.errors import EngineError
from tests.extract.ocr.render import render

OSD_REPORT = """Page number: 0
Orientation in degrees: 270
Rotate: 90
Orientation confidence: 4.43
Script: Han
Script confidence: 1.67
"""
MISSING = "declform-no-such-tesseract"


def test_the_osd_report_gives_the_rotation_and_its_confidence() -> None:
    assert tesseract_exec.parse_osd(OSD_REPORT) == (90, 4.43)
    assert tesseract_exec.parse_osd(OSD_REPORT.replace("Rotate: 90", "Rotate: 360")) == (0, 4.43)


@pytest.mark.parametrize(
    "report",
    [
        "",
        "Too few characters. Skipping this page\n",
        "Error during processing.\n",
        OSD_REPORT.replace("Rotate: 90\n", ""),  # no rotation
        OSD_REPORT.replace("Orientation confidence: 4.43\n", ""),  # no confidence
        OSD_REPORT.replace("Rotate: 90", "Rotate: ninety"),
        OSD_REPORT.replace("4.43", "n/a"),
    ],
)
def test_a_report_without_rotation_or_confidence_tells_nothing(report: str) -> None:
    assert tesseract_exec.parse_osd(report) is None


def test_a_missing_binary_gives_an_engine_error_with_the_install_hint() -> None:
    with pytest.raises(EngineError, match=r"not on PATH.*apt-get install tesseract-ocr") as raised:
        tesseract_exec.check(MISSING)
    assert raised.value.exit_code == ExitCode.ENGINE
    with pytest.raises(EngineError, match="apt-get install tesseract-ocr"):
        TesseractEngine(binary=MISSING)


def test_a_binary_that_does_not_run_fails_the_reading_and_leaves_osd_unsure(
    tmp_path: Path,
) -> None:
    with pytest.raises(EngineError, match="tesseract failed"):
        tesseract_exec.read_tsv(MISSING, [tmp_path / "0.png"], 7, tmp_path)
    assert tesseract_exec.osd(np.full((40, 40), 255, np.uint8), binary=MISSING) is None


def test_tesseract_runs_with_one_thread_and_a_timeout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[dict[str, Any]] = []

    def run(command: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        calls.append({"command": command, **options})
        return subprocess.CompletedProcess(command, 0, b"level\tpage_num\n", b"")

    monkeypatch.setattr(subprocess, "run", run)
    tsv = tesseract_exec.read_tsv("tesseract", [tmp_path / "0.png"], 6, tmp_path)
    assert tsv == "level\tpage_num\n"
    (call,) = calls
    assert call["env"]["OMP_THREAD_LIMIT"] == "1"
    assert call["timeout"] > 0
    assert call["command"][call["command"].index("--psm") + 1] == "6"
    assert (tmp_path / "list-6.txt").read_text(encoding="utf-8") == f"{tmp_path / '0.png'}\n"


PAGE_TEXT = [
    "项目名称：城市道路维护与绿化提升工程",
    "主管部门：市住房和城乡建设局",
    "年度绩效目标：完成道路维修改造",
    "预算执行率不低于百分之九十五",
    "群众满意度达到百分之九十以上",
    "资金使用合规，项目按期完工验收",
    "实施期限：二〇二六年一月至十二月",
]


@pytest.mark.tesseract
@pytest.mark.parametrize(
    ("turn", "rotate"),
    [(None, 0), (cv2.ROTATE_90_CLOCKWISE, 270), (cv2.ROTATE_180, 180)],
)
def test_osd_tells_the_rotation_that_makes_rendered_text_upright(
    turn: int | None, rotate: int
) -> None:
    page = render(PAGE_TEXT, size=32)
    if turn is not None:
        page = np.ascontiguousarray(cv2.rotate(page, turn))
    found = tesseract_exec.osd(page)
    assert found is not None
    assert found[0] == rotate
    assert found[1] > 1.0
