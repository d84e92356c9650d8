"""Render canonical records as born-digital PDFs that look like the real printed forms.

    python -m scripts.render.form record.json... --out DIR [--font serif] [--layout NAME]

Each JSON file holds one record or a list of records; the PDF is named after the file
(`<stem>.pdf`, or `<stem>_<n>.pdf` for the n-th record of a list). The layout is chosen
from the record (see `render_layout.choose_layout`) unless --layout names one of
project_medium_annual, project_annual, department.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from declform.output.errors import DeclformError, InputError
from scripts.render.pdf import draw_form
from scripts.render.pdf_plan import FONT_FILES
from scripts.render.plan import LAYOUTS, build_table
from scripts.render.variant_department import (
    DEPARTMENT_VARIANT,
    DepartmentSpec,
    build_department_table,
)
from scripts.render.variant_plan import build_variant_table
from scripts.render.variants import VariantSpec


def render_record(
    record: Mapping[str, Any],
    out_path: Path,
    *,
    font: str = "sans",
    layout: str | None = None,
) -> None:
    """Draw `record` (the `FormRecord.to_dict()` shape) as a PDF at `out_path`.

    `font` is "sans" (WenQuanYi Zen Hei) or "serif" (AR PL UMing, 宋体-like); `layout`
    overrides the automatic choice with one of `render_layout.LAYOUTS`.
    """
    form = build_table(record, layout)
    title = record.get("title")
    draw_form(form, Path(out_path), font, title=str(title) if title else None)


def render_variant(
    record: Mapping[str, Any], spec: Mapping[str, Any], out_path: Path, *, font: str = "sans"
) -> None:
    """Draw `record` in the variant layout `spec` (a `VariantSpec.to_dict()`, or a
    `DepartmentSpec.to_dict()` for a department form)."""
    form = (
        build_department_table(record, DepartmentSpec.from_dict(spec))
        if spec.get("form") == DEPARTMENT_VARIANT
        else build_variant_table(record, VariantSpec.from_dict(spec))
    )
    title = record.get("title")
    draw_form(form, Path(out_path), font, title=str(title) if title else None)


def _load_records(path: Path) -> list[Mapping[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read a JSON record ({exc})", path=str(path)) from exc
    records = data if isinstance(data, list) else [data]
    if not all(isinstance(r, Mapping) for r in records):
        raise InputError("expected a record object or a list of record objects", path=str(path))
    return records


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("records", nargs="+", type=Path, help="record JSON files")
    parser.add_argument("--out", required=True, type=Path, help="output directory")
    parser.add_argument("--font", choices=sorted(FONT_FILES), default="sans")
    parser.add_argument("--layout", choices=LAYOUTS, default=None)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        for path in args.records:
            records = _load_records(path)
            for n, record in enumerate(records, start=1):
                name = f"{path.stem}.pdf" if len(records) == 1 else f"{path.stem}_{n}.pdf"
                render_record(record, args.out / name, font=args.font, layout=args.layout)
                print(args.out / name)
    except DeclformError as exc:
        print(f"render_form: {exc}\n{exc.advice}", file=sys.stderr)
        return int(exc.exit_code)
    return 0


if __name__ == "__main__":
    sys.exit(main())
