"""The canonical record (schema "perfform/2"): one per form, the contract analysts build on.

Field names here mirror output/schema.json exactly; `FormRecord.to_dict()` is what gets written.
Records of "perfform/1" are still read (`from_dict`): what 2 added comes back empty. What 2
added: `provenance` (every field → the cells it was read from, as indices into `cells`),
`extras` (label-value pairs the schema has no field for), an indicator's `weight` and `note`,
a funding block's printed `unit`, a cell's `alternatives` (the OCR's next readings), a
warning's `field`, `page` and `bbox`, and `page_transforms` (what the scan path did to a page).
`corrections` (an optional addition within perfform/2, written only when there are some): the
values an auditor corrected, each with the machine's reading it replaced. `source.files` (also
optional, declform 0.3): a record read from a sequence of page files names each page's file.
`line_provenance` (optional, declform 0.4): a value read from a line printed outside the table
(title, 年度, 填报人) → that line's page, box and text; a task's `goal` (期望达到的目标).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from declform.output.where import CellRecord as CellRecord
from declform.output.where import PageTransform as PageTransform
from declform.output.where import PrintedLine as PrintedLine

SCHEMA_ID = "perfform/2"
READABLE_SCHEMAS = frozenset({"perfform/1", SCHEMA_ID})

FormType = Literal["project", "department"]
Period = Literal["medium_term", "annual"]
JSONDict = dict[str, Any]


@dataclass(frozen=True)
class SourceFile:
    """Where one page of a record read from a sequence of page files came from."""

    page: int  # the page's number in the sequence, as in `Source.pages` and cells
    path: str
    sha256: str
    file_page: int  # its page in that file (1 for a single-page image)


@dataclass(frozen=True)
class Source:
    path: str
    sha256: str
    pages: tuple[int, ...]
    # the batch's other inputs holding the same bytes (read once, each with its record)
    same_bytes: tuple[str, ...] = ()
    # a record of a page sequence: each page's file (`path` names the sequence, `sha256` is
    # its digest); empty for a record of one file
    files: tuple[SourceFile, ...] = ()

    def file_of(self, page: int) -> SourceFile | None:
        """The file a page of a sequence came from; None for a record of one file."""
        return next((f for f in self.files if f.page == page), None)


@dataclass(frozen=True)
class Project:
    name: str | None = None
    competent_department: str | None = None
    department_code: str | None = None
    implementing_unit: str | None = None
    attribute: str | None = None
    period: str | None = None


@dataclass(frozen=True)
class Filler:
    name: str | None = None
    phone: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)


@dataclass(frozen=True)
class Amounts:
    """Amounts in 万元; None where the form leaves the cell blank."""

    total: float | None = None
    fiscal: float | None = None
    other: float | None = None
    unit: str | None = None  # the unit the form printed ("元"), None where it names none


@dataclass(frozen=True)
class Funding:
    medium_term: Amounts = field(default_factory=Amounts)
    annual: Amounts = field(default_factory=Amounts)


@dataclass(frozen=True)
class Goals:
    medium_term: str | None = None
    annual: str | None = None


@dataclass(frozen=True)
class Indicator:
    period: Period
    level1: str | None
    level2: str | None
    level1_raw: str | None
    level2_raw: str | None
    name: str | None
    value: str | None
    parsed: Mapping[str, Any] | None
    weight: str | None = None  # 权重, as printed
    note: str | None = None  # 备注, as printed


@dataclass(frozen=True)
class Task:
    category: str | None
    name: str | None
    content: str | None
    total: float | None
    fiscal: float | None
    transfer: float | None
    goal: str | None = None  # 期望达到的目标, where the task table prints it


@dataclass(frozen=True)
class RecordWarning:
    code: str  # a WarningCode where produced; read back from JSON, its plain (equal) value
    message: str
    where: str | None = None  # in words, for people
    field: str | None = None  # the record's field path ("indicators[3].value") where known
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # page pixels, as `cells`


@dataclass(frozen=True)
class Extra:
    """A label and its value that the form prints and the schema has no field for."""

    label: str
    value: str | None
    # indices into `cells`: the label's (several where a value sits under nested labels, as a
    # budget matrix's 部门预算支出 / 基本支出 / 预算金额（万元）, outermost first), then the value's
    cells: tuple[int, ...]


@dataclass(frozen=True)
class Correction:
    """A value an auditor corrected: the record's field holds `corrected`, `machine` is what
    the reader had (output/corrections.py applies them from the verdict journal)."""

    field: str  # field path, as in provenance
    machine: str | int | float | None
    corrected: str | int | float | None
    who: str
    at: str  # ISO 8601 UTC


@dataclass(frozen=True)
class FormRecord:
    source: Source
    form_type: FormType
    title: str | None = None
    fiscal_year: int | None = None
    project: Project = field(default_factory=Project)
    filler: Filler = field(default_factory=Filler)
    funding: Funding = field(default_factory=Funding)
    goals: Goals = field(default_factory=Goals)
    indicators: tuple[Indicator, ...] = ()
    tasks: tuple[Task, ...] = ()
    extras: tuple[Extra, ...] = ()
    provenance: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    # values read outside the table: field path → its lines (`provenance` holds cells only)
    line_provenance: Mapping[str, tuple[PrintedLine, ...]] = field(default_factory=dict)
    page_transforms: tuple[PageTransform, ...] = ()
    cells: tuple[CellRecord, ...] = ()
    warnings: tuple[RecordWarning, ...] = ()
    corrections: tuple[Correction, ...] = ()
    schema: str = SCHEMA_ID

    def to_dict(self) -> JSONDict:
        """The JSON shape of the contract, keys in schema order."""
        raw = asdict(self)
        ordered: JSONDict = {"schema": raw.pop("schema")}
        ordered.update(raw)
        ordered["source"]["pages"] = list(self.source.pages)
        if self.source.same_bytes:
            ordered["source"]["same_bytes"] = list(self.source.same_bytes)
        else:
            del ordered["source"]["same_bytes"]
        if self.source.files:
            ordered["source"]["files"] = [asdict(f) for f in self.source.files]
        else:
            del ordered["source"]["files"]
        ordered["indicators"] = [
            {**ind, "parsed": dict(ind["parsed"]) if ind["parsed"] is not None else None}
            for ind in raw["indicators"]
        ]
        for key in ("tasks", "extras", "page_transforms", "cells", "warnings"):
            ordered[key] = list(raw[key])
        for task in ordered["tasks"]:
            if task["goal"] is None:  # optional: a table printing no goal reads as before
                del task["goal"]
        ordered["provenance"] = {path: list(cells) for path, cells in self.provenance.items()}
        lines = {path: [{**asdict(line), "bbox": list(line.bbox)} for line in printed]
                 for path, printed in self.line_provenance.items()}
        del ordered["line_provenance"]
        if lines:  # optional: a record read from cells alone reads as before
            ordered["line_provenance"] = lines
        for extra in ordered["extras"]:
            extra["cells"] = list(extra["cells"])
        for transform in ordered["page_transforms"]:
            if transform["homography"] is not None:
                transform["homography"] = list(transform["homography"])
            if transform["size"] is not None:
                transform["size"] = list(transform["size"])
        for cell in ordered["cells"]:
            cell["bbox"] = list(cell["bbox"])
            cell["alternatives"] = list(cell["alternatives"])
        for warning in ordered["warnings"]:
            if warning["bbox"] is not None:
                warning["bbox"] = list(warning["bbox"])
        # schema order: the lists of what was read, then where it was read from
        for key in ("extras", "provenance", "line_provenance", "page_transforms", "cells",
                    "warnings"):
            if key in ordered:
                ordered[key] = ordered.pop(key)
        corrections = ordered.pop("corrections")
        if corrections:  # optional: a record nobody corrected reads as before
            ordered["corrections"] = list(corrections)
        return ordered

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FormRecord:
        """Inverse of `to_dict` (used to load golden records and previous outputs)."""
        funding = data.get("funding") or {}
        return cls(
            schema=SCHEMA_ID,  # an older record comes back as this version, its new parts empty
            source=Source(
                path=data["source"]["path"],
                sha256=data["source"]["sha256"],
                pages=tuple(data["source"]["pages"]),
                same_bytes=tuple(data["source"].get("same_bytes", ())),
                files=tuple(SourceFile(**f) for f in data["source"].get("files", ())),
            ),
            form_type=data["form_type"],
            title=data.get("title"),
            fiscal_year=data.get("fiscal_year"),
            project=Project(**(data.get("project") or {})),
            filler=Filler(**(data.get("filler") or {})),
            funding=Funding(
                medium_term=Amounts(**(funding.get("medium_term") or {})),
                annual=Amounts(**(funding.get("annual") or {})),
            ),
            goals=Goals(**(data.get("goals") or {})),
            indicators=tuple(Indicator(**ind) for ind in data.get("indicators", ())),
            tasks=tuple(Task(**task) for task in data.get("tasks", ())),
            extras=tuple(
                Extra(e["label"], e.get("value"), tuple(e.get("cells", ())))
                for e in data.get("extras", ())
            ),
            provenance={
                path: tuple(cells) for path, cells in (data.get("provenance") or {}).items()
            },
            line_provenance={
                path: tuple(PrintedLine(line["page"], tuple(line["bbox"]), line["text"])
                            for line in lines)
                for path, lines in (data.get("line_provenance") or {}).items()
            },
            page_transforms=tuple(
                PageTransform(
                    t["page"], t["rotation"], t["skew"],
                    tuple(t["homography"]) if t.get("homography") is not None else None,
                    (int(t["size"][0]), int(t["size"][1])) if t.get("size") else None,
                )
                for t in data.get("page_transforms", ())
            ),
            cells=tuple(
                CellRecord(**{
                    **cell,
                    "bbox": tuple(cell["bbox"]),
                    "alternatives": tuple(cell.get("alternatives", ())),
                })
                for cell in data.get("cells", ())
            ),
            warnings=tuple(
                RecordWarning(**{**w, "bbox": tuple(w["bbox"]) if w.get("bbox") else None})
                for w in data.get("warnings", ())
            ),
            corrections=tuple(Correction(**c) for c in data.get("corrections", ())),
        )
