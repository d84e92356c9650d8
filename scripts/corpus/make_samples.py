"""Regenerate samples/ (what `make demo` extracts) from golden records: the born-digital PDFs
byte-for-byte, and two scans of one golden form (a stamped office scan and a phone photo)
taken from the seed-0 corpus, as JPEG to keep them small.

Usage: python -m scripts.corpus.make_samples [--out samples] [--no-scans]
"""

from __future__ import annotations

import argparse
import json
import tempfile
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


# (sample file, corpus profile, corpus document): the seed-0 corpus's page of golden form
# 000_9acdd438bb5be3a7-84 under a red seal and signature, and photographed
SCANS = (
    ("scan-stamped-office.jpg", "stamped", "002-single", 82),
    ("phone-photo.jpg", "photo", "002-single", 75),
)


def write_scans(out: Path, workers: int = 2) -> None:
    from PIL import Image

    from scripts.corpus.build import make_corpus
    from scripts.corpus.profiles import PROFILES

    with tempfile.TemporaryDirectory(prefix="declform-samples-") as folder:
        corpus = Path(folder)
        make_corpus(corpus, 20, PROFILES, 0, workers)  # as `python -m scripts.corpus --seed 0`
        for name, profile, document, quality in SCANS:
            with Image.open(corpus / profile / f"{document}.png") as page:
                dpi = page.info.get("dpi", (200, 200))
                page.convert("RGB").save(out / name, quality=quality, dpi=dpi)
            print(f"wrote {out / name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "samples")
    parser.add_argument("--no-scans", action="store_true", help="only the born-digital PDFs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.no_scans:
        write_scans(args.out)
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
