"""The one way declform runs the `tesseract` program: cell reading (TSV) and orientation (OSD).

Every call is a subprocess with one OpenMP thread (pages already run in parallel workers, and
OpenMP inside Tesseract only adds contention), a timeout, and its failure turned into an
`EngineError` naming what to install, or into "cannot tell" where the caller has a fallback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from declform.output.errors import EngineError

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-chi-sim, or run scripts/bootstrap.sh"
BINARY = "tesseract"
_TIMEOUT = 600.0  # seconds for one process (a page's cells, or one OSD)


def _run(command: Sequence[str], timeout: float = _TIMEOUT) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, capture_output=True, env=env, check=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError) as error:
        raise EngineError(f"tesseract failed: {error}") from error
    return done.stdout.decode("utf-8", errors="replace")


def check(binary: str = BINARY) -> None:
    """EngineError, with an install hint, unless Tesseract runs and has chi_sim."""
    if shutil.which(binary) is None:
        raise EngineError(f"the tesseract binary is not on PATH: {INSTALL_HINT}")
    try:
        done = subprocess.run([binary, "--list-langs"], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        raise EngineError(f"tesseract does not run ({error}): {INSTALL_HINT}") from error
    listing = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    if "chi_sim" not in listing.split():
        raise EngineError(f"tesseract lacks the chi_sim language data: {INSTALL_HINT}")


def read_tsv(binary: str, images: Sequence[Path], psm: int, folder: Path) -> str:
    """TSV for a list of images read by one process, each image a page of its own."""
    listing = folder / f"list-{psm}.txt"
    listing.write_text("".join(f"{path}\n" for path in images), encoding="utf-8")
    return _run(
        [
            binary,
            str(listing),
            "stdout",
            "-l",
            "chi_sim",
            "--psm",
            str(psm),
            "-c",
            "tessedit_do_invert=0",
            "tsv",
        ]
    )


def parse_osd(text: str) -> tuple[int, float] | None:
    """(clockwise rotation needed, confidence) from OSD's report, None if it has neither."""
    fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
    try:
        return int(fields["Rotate"]) % 360, float(fields["Orientation confidence"])
    except (KeyError, ValueError):
        return None


def osd(grey: NDArray[np.uint8], binary: str = BINARY) -> tuple[int, float] | None:
    """Tesseract's orientation detection on an image; None when it cannot tell or fails."""
    with tempfile.TemporaryDirectory(prefix="declform-osd-") as folder:
        path = Path(folder, "page.png")
        cv2.imwrite(str(path), grey)
        try:
            report = _run([binary, str(path), "stdout", "--psm", "0", "-l", "osd"], timeout=120)
        except EngineError:
            return None
    return parse_osd(report)
