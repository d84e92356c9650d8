"""How much of the seeds' indicator values `parse_value` understands.

Collects every distinct 指标值 cell from the seed texts (tab-separated OCR output of real forms),
prints how many there are, how they split across parsed kinds, the share left as plain `text`,
and the accuracy of `parse_value` on the hand-labelled samples in tests/normalize/data/.

    .venv/bin/python -m scripts.seeds.value_coverage [SEEDS_DIR] [--dump FILE]

SEEDS_DIR defaults to $DECLFORM_SEEDS, else ../shared/seeds beside the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from declform.normalize import canonical_level1, canonical_level2, clean_text, parse_value
from declform.normalize.text import strip_indicator_prefix
from scripts import REPO

LABEL_DIR = REPO / "tests" / "normalize" / "data"
# Hand-labelled seed values, and hand-labelled constructed values for shapes the seeds lack
# (ranges, full-width digits, > and <, operator words).
LABEL_FILES = ("value_labels.tsv", "value_labels_constructed.tsv")
HEADER_CELLS = {"一级指标", "二级指标", "三级指标", "指标值", "绩效指标", "绩效 指标", "一级指"}


def default_seeds_dir() -> Path:
    env = os.environ.get("DECLFORM_SEEDS")
    return Path(env) if env else REPO.parent / "shared" / "seeds"


def indicator_tables(text: str) -> Iterator[tuple[int, list[list[str]]]]:
    """(number of 指标值 columns, rows as cell lists) for every indicator block in a seed file.

    A block opens on a row holding 三级指标/指标值 (or a 绩效指标 row with a level-1 cell) and
    closes on the first truly empty line; tab-only lines inside tables are kept.
    """
    rows: list[list[str]] | None = None
    periods = 1
    for line in text.splitlines():
        cells = [clean_text(cell) or "" for cell in line.split("\t")]
        if rows is None:
            if "三级指标" in cells or "指标值" in cells:
                rows, periods = [], max(1, cells.count("指标值"))
            elif cells and cells[0].replace(" ", "") == "绩效指标" and len(cells) > 2:
                rows, periods = [cells], 1
            continue
        if not line.strip("\r\n"):
            yield periods, rows
            rows = None
            continue
        rows.append(cells)
    if rows is not None:
        yield periods, rows


def _is_level(cell: str) -> bool:
    return canonical_level1(cell) is not None or canonical_level2(cell) is not None


def _is_name(cell: str) -> bool:
    """Printed "指标1: …" cells are names even when the value column is empty."""
    return strip_indicator_prefix(cell) != clean_text(cell)


def row_values(cells: list[str], periods: int) -> list[str]:
    """The value cells of one indicator row, read from the right: value, name, [level], …"""
    kept: list[str] = []
    for cell in cells:
        if cell and cell not in HEADER_CELLS and (not kept or kept[-1] != cell):
            kept.append(cell)
    values: list[str] = []
    for _ in range(periods):
        while kept and _is_level(kept[-1]) and len(kept) > 1:
            kept.pop()
        if not kept or _is_name(kept[-1]) or _is_level(kept[-1]):
            break
        values.append(kept.pop())
        if kept:
            kept.pop()  # the indicator name belonging to that value
    return values[::-1]


def collect_values(texts: Iterable[str]) -> list[str]:
    """Distinct indicator values in first-seen order."""
    seen: dict[str, None] = {}
    for text in texts:
        for periods, rows in indicator_tables(text):
            for cells in rows:
                for value in row_values(cells, periods):
                    seen.setdefault(value, None)
    return list(seen)


def read_labels(path: Path) -> list[tuple[str, dict[str, object]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header != ["value", "expected"]:
            raise SystemExit(f"{path}: unexpected header {header}")
        return [(row[0], json.loads(row[1])) for row in reader if row]


def labelled_failures(
    labels: list[tuple[str, dict[str, object]]],
) -> list[tuple[str, dict[str, object], dict[str, object]]]:
    failures = []
    for value, expected in labels:
        got = parse_value(value)
        if got != expected:
            failures.append((value, expected, got))
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=default_seeds_dir())
    parser.add_argument("--dump", type=Path, help="write value<TAB>parsed JSON lines here")
    args = parser.parse_args(argv)
    files = sorted(args.seeds.glob("*.txt"))
    if not files:
        print(f"no seed files in {args.seeds}", file=sys.stderr)
        return 1
    values = collect_values(f.read_text(encoding="utf-8") for f in files)
    parsed = [parse_value(v) for v in values]
    kinds = Counter(str(p["kind"]) for p in parsed)
    ops = Counter(str(p["op"]) for p in parsed if p["kind"] == "numeric")
    print(f"seed files: {len(files)}")
    print(f"distinct indicator values: {len(values)}")
    for kind, count in kinds.most_common():
        print(f"  {kind:<12} {count:5d}  {count / len(values):6.1%}")
    print("  numeric ops: " + ", ".join(f"{op} {n}" for op, n in ops.most_common()))
    print(f"falling back to text: {kinds['text'] / len(values):.1%}")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for value, result in zip(values, parsed, strict=True):
                out.write(f"{value}\t{json.dumps(result, ensure_ascii=False)}\n")
    for name in LABEL_FILES:
        if not (LABEL_DIR / name).exists():
            continue
        labels = read_labels(LABEL_DIR / name)
        failures = labelled_failures(labels)
        accuracy = 1 - len(failures) / len(labels)
        print(f"labelled sample {name}: {len(labels)} values, accuracy {accuracy:.1%}")
        for value, expected, got in failures:
            print(f"  MISS {value!r}: expected {expected}, got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
