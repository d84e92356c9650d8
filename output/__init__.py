"""The contract: the canonical record, its JSON Schema and the writers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from output.errors import DeclformError
from output.record import (
    SCHEMA_ID,
    Amounts,
    CellRecord,
    Filler,
    FormRecord,
    Funding,
    Goals,
    Indicator,
    Project,
    RecordWarning,
    Source,
    Task,
)
from output.rules import check_record
from output.validate import schema_errors, validate_record

if TYPE_CHECKING:
    from output.dataset import DatasetPaths, rebuild_dataset, records_in, write_dataset
    from output.tables import PageRow, to_dataframes

# The dataset side needs pandas, pyarrow and duckdb (~0.6 s to import): loaded on first use so
# that extracting records does not pay for it.
_LAZY = {
    "DatasetPaths": "output.dataset",
    "rebuild_dataset": "output.dataset",
    "records_in": "output.dataset",
    "write_dataset": "output.dataset",
    "PageRow": "output.tables",
    "to_dataframes": "output.tables",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'output' has no attribute {name!r}")


__all__ = [
    "SCHEMA_ID",
    "Amounts",
    "CellRecord",
    "DatasetPaths",
    "DeclformError",
    "Filler",
    "FormRecord",
    "Funding",
    "Goals",
    "Indicator",
    "PageRow",
    "Project",
    "RecordWarning",
    "Source",
    "Task",
    "check_record",
    "rebuild_dataset",
    "records_in",
    "schema_errors",
    "to_dataframes",
    "validate_record",
    "write_dataset",
]
