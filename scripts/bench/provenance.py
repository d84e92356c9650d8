"""Provenance coverage on a corpus: does every value's cell crop hold the text it was read from?

For every header field, amount, goal and indicator cell (level1, level2, name, value) a record
of a corpus file holds, the crop its cell reference names — a box in the frame the reader
looked at — is taken back to the born-digital page the corpus printed: through the inverse of
the page transform the record saved (`transform_matrix`), then the inverse of the corpus's
own map from born-digital raster to scan (`profile_params`, exact ground truth). The PDF's
characters whose centres fall inside are the text the crop shows. A value passes when that
text is there, is the text its cell was read as and the value is what that reading says
(fuzzy ratio ≥ `SAME_TEXT`: OCR slips allowed; `value_read_from`) — or, for a value the OCR
misread beyond that, the crop is the cell the born-digital reading of the same form took the
field from (`at_truth_cell`); no OCR of the crop is needed. A value without a cell
reference fails; a blank field tied to a cell passes. Title, year and filler lines are
printed above the table and have no cell: they are not counted.
The photo profile's paper curl has no exact map, so it is not checked.

    python -m scripts.bench.provenance --corpus /work/corpus0 --out /tmp/provenance
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber
from numpy.typing import NDArray
from rapidfuzz import fuzz

from declform.extract.scan.transform import transform_matrix
from declform.output.dataset.files import record_files
from declform.output.fields import field_kind, value_at, value_paths
from declform.output.record import FormRecord, PageTransform
from declform.output.review.model import ABOVE_TABLE
from declform.output.review.provenance import norm, numbers_in

CHECKED_KINDS = ("header", "amount", "goal", "indicator_level", "indicator_name", "indicator_value")
PROFILES = ("born_digital", "clean", "office_scan", "stamped", "photocopy", "fax", "rotated")
SAME_TEXT = 60.0
SAME_CELL = 0.6
_LEVEL = re.compile(r"^indicators\[(\d+)\]\.(level1|level2)$")
BORN_DIGITAL_DPI = 300.0  # the frame a born-digital record's cells are in

Char = tuple[float, float, str]  # centre x, centre y (PDF points, top-left origin), text


@dataclass(frozen=True)
class PageFrame:
    """How a record's page relates to the born-digital page: the transform the run saved
    (None: born-digital) and the corpus's raster-to-scan map at its dpi."""

    chars: Sequence[Char]
    to_scan: NDArray[np.float64]  # born-digital raster px at `dpi` → source page px
    dpi: float
    transform: PageTransform | None


@dataclass(frozen=True)
class ValueCheck:
    field: str
    kind: str
    ok: bool
    printed: str  # the PDF's text inside the crop
    read: str  # the cell's recorded reading


def crop_in_points(bbox: Sequence[float], frame: PageFrame) -> NDArray[np.float64]:
    """The corners of a cell box (reader frame) on the born-digital page, in PDF points."""
    x0, y0, x1, y1 = bbox
    corners = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], dtype=np.float64).T
    to_reader = np.eye(3) if frame.transform is None else transform_matrix(frame.transform)
    back = np.linalg.inv(to_reader @ frame.to_scan) @ corners
    return (back[:2] / back[2]).T * 72.0 / frame.dpi


def _inside(polygon: NDArray[np.float64], x: float, y: float) -> bool:
    """Whether a point lies inside a convex quadrilateral (corners in order, either turn)."""
    signs = []
    for k in range(4):
        (ax, ay), (bx, by) = polygon[k], polygon[(k + 1) % 4]
        signs.append((bx - ax) * (y - ay) - (by - ay) * (x - ax))
    return all(s >= 0 for s in signs) or all(s <= 0 for s in signs)


def printed_in(polygon: NDArray[np.float64], chars: Sequence[Char]) -> str:
    return "".join(text for x, y, text in chars if _inside(polygon, x, y))


def value_read_from(record: FormRecord, path: str, value: object, read: str) -> bool:
    """Whether `value` is what the reading `read` says: an amount is one of its figures (in
    万元, or printed in 元 or 千元), a level its canonical name or the printed one, any other
    text is found in it (fuzzy: OCR slips and the reader's corrections allowed)."""
    if isinstance(value, float | int):
        return any(abs(figure - value * scale) < 0.01 * scale
                   for figure in numbers_in(read) for scale in (1, 10, 10_000))
    candidates = [str(value)]
    level = _LEVEL.match(path)
    if level is not None:  # the printed level beside the canonical one
        indicator = record.indicators[int(level.group(1))]
        candidates.append(str(getattr(indicator, f"{level.group(2)}_raw") or ""))
    return max(fuzz.partial_ratio(norm(c), norm(read)) for c in candidates) >= SAME_TEXT


def _overlap(a: Sequence[float], b: Sequence[float]) -> float:
    """Intersection over union of two boxes (x0, y0, x1, y1)."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def at_truth_cell(
    polygon: NDArray[np.float64], page: int, path: str, truth: FormRecord | None
) -> bool:
    """Whether the crop is the cell the born-digital reading of the same form (`truth`) took
    this field from (boxes in PDF points overlap by ≥ `SAME_CELL`): the crop's place shown
    without any reading, for a value the OCR misread."""
    cells = [truth.cells[i] for i in truth.provenance.get(path, ())] if truth else []
    if not cells or cells[0].page != page:
        return False
    box = [v * 72.0 / BORN_DIGITAL_DPI for v in cells[0].bbox]
    bounds = (*polygon.min(axis=0), *polygon.max(axis=0))
    return _overlap(bounds, box) >= SAME_CELL


def check_record(
    record: FormRecord, frames: Mapping[int, PageFrame], truth: FormRecord | None = None
) -> list[ValueCheck]:
    """Every checked value of `record`; `truth`, the same form read born-digital, places a
    value whose reading is too far off its printed text to be matched by text."""
    checks = []
    for path in value_paths(record):
        kind = field_kind(path)
        if kind not in CHECKED_KINDS or path in ABOVE_TABLE:
            continue
        cells = [record.cells[i] for i in record.provenance.get(path, ())]
        value = value_at(record, path)
        if not cells:  # a blank tied to no cell is no value; a value without a cell fails
            if value is not None:
                checks.append(ValueCheck(path, kind, False, "", ""))
            continue
        cell = cells[0]
        frame = frames[cell.page]
        polygon = crop_in_points(cell.bbox, frame)
        printed = printed_in(polygon, frame.chars)
        read_there = (fuzz.ratio(norm(printed), norm(cell.text)) >= SAME_TEXT
                      and value is not None and value_read_from(record, path, value, cell.text))
        ok = value is None or (  # a blank's crop holds its (empty) text wherever it is
            bool(printed) and (read_there or at_truth_cell(polygon, cell.page, path, truth))
        )
        checks.append(ValueCheck(path, kind, ok, printed, cell.text))
    return checks


def pdf_chars(pdf: Path) -> dict[int, list[Char]]:
    with pdfplumber.open(pdf) as document:
        return {
            number: [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c["text"])
                     for c in page.chars if c["text"].strip()]
            for number, page in enumerate(document.pages, start=1)
        }


def record_frames(
    record: FormRecord, entry: Mapping[str, Any], profile: str, chars: Mapping[int, list[Char]]
) -> dict[int, PageFrame]:
    transforms = {t.page: t for t in record.page_transforms}
    if profile == "born_digital":
        return {p: PageFrame(chars[p], np.eye(3), BORN_DIGITAL_DPI, None)
                for p in record.source.pages}
    params = entry["profile_params"][profile]
    return {
        p: PageFrame(chars[p], np.asarray(params["pages"][p - 1]["matrix"], dtype=np.float64),
                     float(params["dpi"]), transforms.get(p))
        for p in record.source.pages
    }


def check_folder(
    corpus: Path, manifest: Sequence[Mapping[str, Any]], records_dir: Path, profile: str,
    truths: Mapping[str, Sequence[FormRecord]] | None = None,
) -> list[ValueCheck]:
    """Every checked value of every record in `records_dir` (read from `profile`'s PDFs);
    `truths`: each document's born-digital records, in page order."""
    by_stem = {entry["id"]: entry for entry in manifest}
    checks: list[ValueCheck] = []
    for path in record_files(records_dir):
        record = FormRecord.from_dict(json.loads(path.read_text(encoding="utf-8")))
        entry = by_stem[Path(record.source.path).stem]
        chars = pdf_chars(corpus / entry["files"]["born_digital"])
        same = [t for t in (truths or {}).get(entry["id"], ())
                if t.source.pages == record.source.pages]
        checks.extend(check_record(record, record_frames(record, entry, profile, chars),
                                   same[0] if same else None))
    return checks


def read_folder(records_dir: Path) -> dict[str, list[FormRecord]]:
    """The records of a folder by their source's stem (the corpus document), in page order."""
    found: dict[str, list[FormRecord]] = {}
    for path in record_files(records_dir):
        record = FormRecord.from_dict(json.loads(path.read_text(encoding="utf-8")))
        found.setdefault(Path(record.source.path).stem, []).append(record)
    return {stem: sorted(records, key=lambda r: r.source.pages) for stem, records in found.items()}


def profile_file(corpus: Path, entry: Mapping[str, Any], profile: str) -> Path:
    files = entry["files"]
    return corpus / (files["born_digital"] if profile == "born_digital" else files[profile]["pdf"])


def coverage_table(results: Mapping[str, Sequence[ValueCheck]]) -> str:
    lines = ["| profile | " + " | ".join(CHECKED_KINDS) + " | all |",
             "|---" * (len(CHECKED_KINDS) + 2) + "|"]
    for profile, checks in results.items():
        total, ok = Counter(c.kind for c in checks), Counter(c.kind for c in checks if c.ok)
        cells = [f"{100 * ok[k] / total[k]:.1f} % of {total[k]}" if total[k] else "—"
                 for k in CHECKED_KINDS]
        everything = f"{100 * sum(ok.values()) / max(1, len(checks)):.1f} % of {len(checks)}"
        lines.append(f"| {profile} | " + " | ".join(cells) + f" | {everything} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/corpus0"))
    parser.add_argument("--out", type=Path, required=True, help="records folder per profile")
    parser.add_argument("--profiles", default=",".join(PROFILES))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    manifest = json.loads((args.corpus / "manifest.json").read_text(encoding="utf-8"))
    results: dict[str, list[ValueCheck]] = {}
    for profile in args.profiles.split(","):
        out = args.out / profile
        inputs = [str(profile_file(args.corpus, entry, profile)) for entry in manifest]
        subprocess.run([sys.executable, "-m", "declform", "extract", *inputs, "--out", str(out),
                        "--workers", str(args.workers), "--no-tables", "-q"], check=False)
        truths = read_folder(args.out / "born_digital") if profile != "born_digital" else None
        results[profile] = check_folder(args.corpus, manifest, out, profile, truths)
        misses = [c for c in results[profile] if not c.ok]
        for miss in misses[:10]:
            print(f"  {profile} miss {miss.field}: printed {miss.printed!r}, read {miss.read!r}")
        print(f"{profile}: {len(results[profile]) - len(misses)}/{len(results[profile])}",
              flush=True)
    print(coverage_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
