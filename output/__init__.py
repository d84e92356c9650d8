"""The contract: the canonical record, its JSON Schema and the writers."""

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
from output.validate import schema_errors, validate_record

__all__ = [
    "SCHEMA_ID",
    "Amounts",
    "CellRecord",
    "DeclformError",
    "Filler",
    "FormRecord",
    "Funding",
    "Goals",
    "Indicator",
    "Project",
    "RecordWarning",
    "Source",
    "Task",
    "schema_errors",
    "validate_record",
]
