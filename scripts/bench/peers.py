"""The peer tools of scripts/bench/run.py, and the worker pools every tool runs in (declform's
workers are scripts/bench/declform_worker.py).

The peers read one page image per job:
img2table (ruled tables; Tesseract chi_sim reads the cells), plain Tesseract on the whole
page, and RapidOCR (detection + recognition) on the whole page. Every worker is limited to
`threads` native threads, so that N workers share N cores without oversubscription.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import resource
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from PIL import Image

PEER_TOOLS = ("img2table", "tesseract", "rapidocr")
RASTER_DPI = 300  # born-digital pages are rasterised at this resolution for the peers
# Chosen once, on 6 pages × 8 variants of a 20-form corpus: --psm 4 found 20 % of the truth
# values and 56 % of the names, --psm 6 only 11 % and 31 % (and nothing on a lone table).
TESSERACT_PSM = 4

CellDict = dict[str, Any]
J = TypeVar("J")
R = TypeVar("R")


@dataclass(frozen=True)
class PageJob:
    """One page of one variant ("born_digital" or a profile) of one document."""

    doc_id: str
    variant: str
    path: str
    page: int


@dataclass(frozen=True)
class PeerReading:
    doc_id: str
    variant: str
    page: int
    text: str
    cells: tuple[CellDict, ...]
    seconds: float
    peak_rss_mib: float
    error: str | None = None


def table_cells(content: Mapping[int, Sequence[Any]], page: int) -> list[CellDict]:
    """img2table's table (row -> one cell object per grid column, a merged cell repeated in
    every slot it covers) as cells with row, col and spans like the truth's."""
    slots: dict[tuple[int, int, int, int], list[tuple[int, int, str]]] = {}
    for row, (_, cells) in enumerate(sorted(content.items())):
        for col, cell in enumerate(cells):
            box = cell.bbox
            slots.setdefault((box.x1, box.y1, box.x2, box.y2), []).append(
                (row, col, cell.value or "")
            )
    out = []
    for covered in slots.values():
        rows = [r for r, _, _ in covered]
        cols = [c for _, c, _ in covered]
        out.append(
            {
                "page": page,
                "row": min(rows),
                "col": min(cols),
                "rowspan": max(rows) - min(rows) + 1,
                "colspan": max(cols) - min(cols) + 1,
                "text": covered[0][2],
            }
        )
    return sorted(out, key=lambda c: (c["row"], c["col"]))


def load_page(path: str, page: int) -> Image.Image:
    """The page as an RGB image: PDFs rasterised at RASTER_DPI, TIFF frames by number."""
    if path.lower().endswith(".pdf"):
        import pypdfium2

        pdf = pypdfium2.PdfDocument(path)
        try:
            rendered: Image.Image = pdf[page - 1].render(scale=RASTER_DPI / 72).to_pil()
            return rendered.convert("RGB")
        finally:
            pdf.close()
    with Image.open(path) as image:
        image.seek(page - 1)
        return image.convert("RGB")


Reader = Callable[[Image.Image, int], tuple[str, list[CellDict]]]


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """img2table's TesseractOCR runs `tesseract --version` onto our stdout: keep it clean."""
    saved = os.dup(1)
    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _img2table_reader() -> Reader:
    from img2table.document import Image as TableImage
    from img2table.ocr import TesseractOCR

    with _quiet_stdout():
        ocr = TesseractOCR(n_threads=1, lang="chi_sim")

    def read(image: Image.Image, page: int) -> tuple[str, list[CellDict]]:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        # detect_rotation deskews: without it img2table finds no table on a skewed scan
        document = TableImage(src=buffer.getvalue(), detect_rotation=True)
        tables = document.extract_tables(ocr=ocr, borderless_tables=False)
        cells = [cell for table in tables for cell in table_cells(table.content, page)]
        return "\n".join(cell["text"] for cell in cells), cells

    return read


def _tesseract_reader() -> Reader:
    import pytesseract

    def read(image: Image.Image, page: int) -> tuple[str, list[CellDict]]:
        text = pytesseract.image_to_string(image, lang="chi_sim", config=f"--psm {TESSERACT_PSM}")
        return str(text), []

    return read


def _rapidocr_reader(threads: int) -> Reader:
    """Whole-page RapidOCR (detection, direction classifier, recognition): the tool a user
    would otherwise pick. Its text boxes are its cells: it finds no table, so the nearest
    cell text (cell CER) is measured on them, the cell structure is not."""
    import numpy as np
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)

    def read(image: Image.Image, page: int) -> tuple[str, list[CellDict]]:
        result, _ = engine(np.asarray(image)[:, :, ::-1], use_cls=True)
        boxes = [{"page": page, "text": str(line[1])} for line in result or []]
        return "\n".join(box["text"] for box in boxes), boxes

    return read


@dataclass
class _WorkerState:
    reader: Reader | None = None
    setup_error: str | None = None


_STATE = _WorkerState()


def init_peer_worker(tool: str, threads: int) -> None:
    """Pool initializer: build the tool once per worker, limited to `threads` threads."""
    os.environ["OMP_THREAD_LIMIT"] = str(threads)  # Tesseract's OpenMP, inherited by its runs
    import cv2

    cv2.setNumThreads(threads)
    builders: dict[str, Callable[[], Reader]] = {
        "img2table": _img2table_reader,
        "tesseract": _tesseract_reader,
        "rapidocr": lambda: _rapidocr_reader(threads),
    }
    try:
        _STATE.reader = builders[tool]()
    except Exception as exc:  # a missing tool is reported per page, not as a crash
        _STATE.setup_error = f"{tool} unavailable: {exc!r}"


def worker_ready(_: int) -> bool:
    return _STATE.reader is not None or _STATE.setup_error is not None


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_page(job: PageJob) -> PeerReading:
    """Run this worker's tool on one page; the time excludes loading the page image."""
    rss = rss_mib
    if _STATE.reader is None:
        error = _STATE.setup_error or "worker not initialised"
        return PeerReading(job.doc_id, job.variant, job.page, "", (), 0.0, rss(), error)
    image = load_page(job.path, job.page)
    started = time.perf_counter()
    try:
        text, cells = _STATE.reader(image, job.page)
    except Exception as exc:  # one unreadable page must not end the benchmark
        seconds = time.perf_counter() - started
        return PeerReading(
            job.doc_id, job.variant, job.page, "", (), seconds, rss(), f"{exc!r}"[:300]
        )
    seconds = time.perf_counter() - started
    return PeerReading(job.doc_id, job.variant, job.page, text, tuple(cells), seconds, rss())


def tool_available(tool: str) -> str | None:
    """None when the tool can run here, else why not (checked without building it)."""
    import importlib.util
    import shutil

    modules = {
        "img2table": "img2table",
        "tesseract": "pytesseract",
        "rapidocr": "rapidocr_onnxruntime",
    }
    if importlib.util.find_spec(modules[tool]) is None:
        return f"python package {modules[tool]} is not installed"
    if tool in ("img2table", "tesseract") and shutil.which("tesseract") is None:
        return "the tesseract binary is not on PATH"
    if tool == "img2table":
        import cv2

        if not hasattr(cv2, "ximgproc"):  # a plain opencv build shadows opencv-contrib's cv2
            return "cv2.ximgproc is missing (img2table needs opencv-contrib-python)"
    return None


# --- the pools every tool runs in, timed apart from their start-up ---------------------------


def run_pool(
    function: Callable[[J], R],
    jobs: Sequence[J],
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    ready: Callable[[int], bool],
) -> tuple[list[R], float, float]:
    """Results in job order, the wall time with worker start-up and warm-up excluded, and
    the wall time of that start-up (until every worker has built its tool and warmed up)."""
    # spawned, not forked: forking a process whose OpenCV or ONNX threads run can deadlock
    context = multiprocessing.get_context("spawn")
    launched = time.perf_counter()
    with ProcessPoolExecutor(workers, context, initializer=initializer, initargs=initargs) as pool:
        list(pool.map(ready, range(workers)))
        started = time.perf_counter()
        results = list(pool.map(function, jobs))
        return results, time.perf_counter() - started, started - launched
