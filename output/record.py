"""The canonical record (schema "perfform/1"): one per form, the contract analysts build on.

Field names here mirror output/schema.json exactly; `FormRecord.to_dict()` is what gets written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_ID = "perfform/1"

FormType = Literal["project", "department"]
Period = Literal["medium_term", "annual"]
JSONDict = dict[str, Any]


@dataclass(frozen=True)
class Source:
    path: str
    sha256: str
    pages: tuple[int, ...]


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


@dataclass(frozen=True)
class Task:
    category: str | None
    name: str | None
    content: str | None
    total: float | None
    fiscal: float | None
    transfer: float | None


@dataclass(frozen=True)
class CellRecord:
    page: int
    bbox: tuple[float, float, float, float]
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    confidence: float


@dataclass(frozen=True)
class RecordWarning:
    code: str  # a WarningCode where produced; read back from JSON, its plain (equal) value
    message: str
    where: str | None = None


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
    cells: tuple[CellRecord, ...] = ()
    warnings: tuple[RecordWarning, ...] = ()
    schema: str = SCHEMA_ID

    def to_dict(self) -> JSONDict:
        """The JSON shape of the contract, keys in schema order."""
        raw = asdict(self)
        ordered: JSONDict = {"schema": raw.pop("schema")}
        ordered.update(raw)
        ordered["source"]["pages"] = list(self.source.pages)
        ordered["indicators"] = [
            {**ind, "parsed": dict(ind["parsed"]) if ind["parsed"] is not None else None}
            for ind in raw["indicators"]
        ]
        for key in ("tasks", "cells", "warnings"):
            ordered[key] = list(raw[key])
        for cell in ordered["cells"]:
            cell["bbox"] = list(cell["bbox"])
        return ordered

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FormRecord:
        """Inverse of `to_dict` (used to load golden records and previous outputs)."""
        funding = data.get("funding") or {}
        return cls(
            schema=data.get("schema", SCHEMA_ID),
            source=Source(
                path=data["source"]["path"],
                sha256=data["source"]["sha256"],
                pages=tuple(data["source"]["pages"]),
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
            cells=tuple(
                CellRecord(**{**cell, "bbox": tuple(cell["bbox"])})
                for cell in data.get("cells", ())
            ),
            warnings=tuple(RecordWarning(**w) for w in data.get("warnings", ())),
        )
