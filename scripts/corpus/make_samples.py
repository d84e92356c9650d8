"""Regenerate samples/ (the PDFs `make demo` extracts) from golden records, byte-for-byte.

Usage: python -m scripts.corpus.make_samples [--out samples]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pypdf import PdfWriter

from scripts import REPO
from scripts.render.form import render_record

GOLDEN = REPO / "tests" / "golden"
# (sample file, golden records in page order, font): one of each layout, plus a file holding
# several forms whose first indicator table runs onto a second page
SAMPLES = (
    ("jingkaiqu-2026-project.pdf", ("000_9acdd438bb5be3a7-3",), "serif"),
    ("lasa-2023-annual-project.pdf", ("003_27ce3556bcc24381-1",), "sans"),
    ("department-2023.pdf", ("department-kejiju-2023",), "serif"),
    (
        "batch-three-forms.pdf",
        ("000_9acdd438bb5be3a7-44", "000_9acdd438bb5be3a7-8", "003_27ce3556bcc24381-6"),
        "sans",
    ),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "samples")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, goldens, font in SAMPLES:
        parts = []
        for stem in goldens:
            record = json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
            part = args.out / f".{stem}.part.pdf"
            render_record(record, part, font=font)
            parts.append(part)
        target = args.out / name
        if len(parts) == 1:
            parts[0].replace(target)
            continue
        writer = PdfWriter()
        for part in parts:
            writer.append(str(part))
            part.unlink()
        writer.add_metadata({"/Producer": "declform scripts/corpus/make_samples.py"})
        with target.open("wb") as stream:
            writer.write(stream)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
