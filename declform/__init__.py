"""declform: Chinese performance-target forms (绩效目标申报表) from PDFs and scans into records.

The pipeline's stages live in the folders of the repository, in the order a page travels:
`declform.extract` (sources, scan, grid, OCR, the batch), `declform.layouts` (which cell is which
field), `declform.normalize` (text → values) and `declform.output` (record, rules, dataset,
review). The names below are the short public API; everything else may move between releases.

    >>> import declform
    >>> result = declform.extract_file("form.pdf")          # doctest: +SKIP
    >>> records = declform.read_records("out/")             # doctest: +SKIP
    >>> tables = declform.to_dataframes(records)            # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from declform.output.codes import ExitCode, WarningCode
from declform.output.errors import (
    DeclformError,
    EngineError,
    InputError,
    LayoutFileError,
    OutputError,
    OutputLockedError,
    RecordInvalidError,
    UsageError,
)
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

__version__ = "0.6.0"

if TYPE_CHECKING:
    from declform.extract.pipeline import FileResult, PageOutcome, extract_file
    from declform.output.dataset.build import read_records
    from declform.output.dataset.tables import to_dataframes

# pandas, pyarrow and duckdb (~0.6 s to import) load only when the dataset side is used; the
# pipeline (OpenCV, pdfplumber, ~0.4 s) only when a file is read — so that `declform` starts at
# once and a Ctrl-C while it starts reaches the command's handler, not an import
_LAZY = {
    "FileResult": "declform.extract.pipeline",
    "PageOutcome": "declform.extract.pipeline",
    "extract_file": "declform.extract.pipeline",
    "read_records": "declform.output.dataset.build",
    "to_dataframes": "declform.output.dataset.tables",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = [
    "SCHEMA_ID",
    "Amounts",
    "CellRecord",
    "DeclformError",
    "EngineError",
    "ExitCode",
    "FileResult",
    "Filler",
    "FormRecord",
    "Funding",
    "Goals",
    "Indicator",
    "InputError",
    "LayoutFileError",
    "OutputError",
    "OutputLockedError",
    "PageOutcome",
    "Project",
    "RecordInvalidError",
    "RecordWarning",
    "Source",
    "Task",
    "UsageError",
    "WarningCode",
    "__version__",
    "extract_file",
    "read_records",
    "to_dataframes",
]
