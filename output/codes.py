"""The codes declform speaks in: process exit codes and record warning codes.

`ExitCode` is what the `declform` command returns; each exception class in
`declform.output.errors` carries one, and only the CLI turns them into the process's status.
`WarningCode` is the `code` of every warning a record carries; the dataset's `warnings` table
and the review site group and filter by it. Both are `str`/`int` enums, so a record's JSON and
a shell's `$?` show the plain value.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class ExitCode(IntEnum):
    OK = 0
    SOME_FAILED = 1  # some input or page failed or holds no form; the rest was extracted
    USAGE = 2  # the command line is wrong, or no argument named an existing input
    INPUT = 3  # nothing could be extracted: no input was readable
    NOT_A_FORM = 4  # nothing could be extracted: the inputs hold no declaration form
    LAYOUT_FILE = 5  # a layout (hint) file is malformed
    ENGINE = 6  # the OCR engine is missing or lacks its language data
    OUTPUT_LOCKED = 7  # another declform run is writing to the output folder
    OUTPUT = 8  # the output folder cannot be created or written
    SOFTWARE = 70  # a bug in declform (as sysexits' EX_SOFTWARE)
    INTERRUPTED = 130  # Ctrl-C; rerun the same command to resume


class WarningCode(StrEnum):
    # the scan path
    LOW_CONFIDENCE = "low_confidence"
    UNREADABLE_CELL = "unreadable_cell"
    PAGE_ROTATED = "page_rotated"
    SEAL_OVER_CELLS = "seal_over_cells"
    SPECK_DROPPED = "speck_dropped"
    # reading the form
    TITLE_UNRECOGNISED = "title_unrecognised"
    FORM_INCOMPLETE = "form_incomplete"
    TITLE_CORRECTED = "title_corrected"
    MISSING_LABEL = "missing_label"
    LABEL_CORRECTED = "label_corrected"
    UNKNOWN_LEVEL = "unknown_level"
    LEVEL_CORRECTED = "level_corrected"
    LEVEL_INFERRED = "level_inferred"
    NAME_CORRECTED = "name_corrected"
    VALUE_CORRECTED = "value_corrected"
    VALUE_UNREADABLE = "value_unreadable"
    OPERATOR_UNREADABLE = "operator_unreadable"
    AMOUNT_CORRECTED = "amount_corrected"
    AMOUNT_UNREADABLE = "amount_unreadable"
    DATE_UNREADABLE = "date_unreadable"
    # the validation rules
    MISSING_REQUIRED_FIELD = "missing_required_field"
    FUNDING_SUM_MISMATCH = "funding_sum_mismatch"
    ANNUAL_EXCEEDS_MEDIUM_TERM = "annual_exceeds_medium_term"
    FISCAL_YEAR_MISMATCH = "fiscal_year_mismatch"
    PERCENT_OUT_OF_RANGE = "percent_out_of_range"
    VALUE_GRAMMAR = "value_grammar"
    COST_INDICATOR_MISMATCH = "cost_indicator_mismatch"
