"""The one exception tree of declform.

Every class carries the process exit code the CLI maps it to and one sentence of advice.
Messages name the file, page and cell where they are known.
"""

from __future__ import annotations

import re

from declform.output.codes import ExitCode

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+|0x[0-9a-fA-F]{6,}")


def describe(error: object) -> str:
    """An exception (or any cause) as words for a failure reason: its type and message, with
    no memory address (`<PDFObjRef at 0x7f…>`), so identical runs give identical reasons."""
    if isinstance(error, BaseException):
        message = str(error).strip()
        text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    else:
        text = str(error)
    return _ADDRESS.sub("", text)[:500]


class DeclformError(Exception):
    """Root of every error declform raises on purpose."""

    exit_code: ExitCode = ExitCode.SOME_FAILED
    advice: str = "See the message above; report a bug if the input looks like a normal form."

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        page: int | None = None,
        cell: str | None = None,
    ) -> None:
        self.path = path
        self.page = page
        self.cell = cell
        where = ", ".join(
            part
            for part in (
                path,
                f"page {page}" if page is not None else None,
                f"cell {cell}" if cell is not None else None,
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class UsageError(DeclformError):
    """The command line names something that is not there or cannot be used."""

    exit_code = ExitCode.USAGE
    advice = "Check the command line (declform COMMAND --help)."


class InputError(DeclformError):
    """The input file cannot be read as a document (missing, corrupt, encrypted, unsupported)."""

    exit_code = ExitCode.INPUT
    advice = (
        "Check that the file is a readable, unencrypted document: PDF, OFD, image, .xlsx or .docx."
    )


class LayoutFileError(DeclformError):
    """A layout YAML file is malformed; raised when layouts are loaded."""

    exit_code = ExitCode.LAYOUT_FILE
    advice = "Fix the named key in the layout file."


class EngineError(DeclformError):
    """An OCR engine is missing, lacks its language data, or failed on a page."""

    exit_code = ExitCode.ENGINE
    advice = "Install the engine (run scripts/bootstrap.sh) or choose another with --engine."


class RecordInvalidError(DeclformError):
    """A record violates output/schema.json: always a bug in declform, never in the input."""

    exit_code = ExitCode.SOFTWARE
    advice = "This is a bug in declform; please report it with the input file."


class OutputLockedError(DeclformError):
    """Another declform run holds the output folder's lock."""

    exit_code = ExitCode.OUTPUT_LOCKED
    advice = "Wait for the other run to finish, or choose another --out folder."


class OutputError(DeclformError):
    """The output folder or a file in it cannot be created or written."""

    exit_code = ExitCode.OUTPUT
    advice = "Check that the output folder is writable and the disk has space."


class ManifestError(DeclformError):
    """The batch manifest (OUT/.declform/) is damaged or holds impossible values."""

    exit_code = ExitCode.OUTPUT
    advice = (
        "The records are untouched. Move OUT/.declform aside (keep it for a bug report) and "
        "rerun the same command: every input is read again and its records rewritten in place."
    )
