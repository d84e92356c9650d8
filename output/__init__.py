"""The contract: the canonical record, its JSON Schema and the writers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from declform.output.errors import DeclformError
from declform.output.lazy import lazy_attributes
from declform.output.record import (
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
from declform.output.rules import check_record
from declform.output.validate import schema_errors, validate_record

if TYPE_CHECKING:
    from declform.output.dataset.build import (
        DatasetPaths,
        read_records,
        rebuild_dataset,
        write_dataset,
    )
    from declform.output.dataset.tables import PageRow, to_dataframes

# The dataset side needs pandas, pyarrow and duckdb (~0.6 s to import): loaded on first use so
# that extracting records does not pay for it.
_LAZY = {
    "DatasetPaths": "declform.output.dataset.build",
    "rebuild_dataset": "declform.output.dataset.build",
    "read_records": "declform.output.dataset.build",
    "write_dataset": "declform.output.dataset.build",
    "PageRow": "declform.output.dataset.tables",
    "to_dataframes": "declform.output.dataset.tables",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


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
    "read_records",
    "rebuild_dataset",
    "schema_errors",
    "to_dataframes",
    "validate_record",
    "write_dataset",
]
