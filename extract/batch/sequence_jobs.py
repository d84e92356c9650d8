"""A page sequence on its way through a batch: its files' page counts as their probes come in,
where each file's pages stand in the sequence, and what became of each file when the sequence
was assembled (its pages' outcomes, the forms it begins, the file whose form it continues).

Each file keeps its own entry in the manifest (content, pages, records its pages went into);
the sequence's own entry, under its name, holds the records (extract/batch/sequences.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from declform.extract.batch.manifest_records import ContentKey, PageEntry
from declform.extract.batch.sequences import PageSequence
from declform.extract.page_sequence import CONTINUES
from declform.extract.pipeline import PageOutcome
from declform.output.record import SourceFile


@dataclass
class SequenceParts:
    sequence: PageSequence
    keys: dict[Path, ContentKey]  # each file's content
    counts: dict[Path, int] = field(default_factory=dict)  # pages per file, once probed
    failures: dict[Path, str] = field(default_factory=dict)  # files that cannot be opened

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(path for path in self.sequence.paths if path in self.keys)

    @property
    def probed(self) -> bool:
        return all(path in self.counts for path in self.paths)

    def probe(self, path: Path, pages: int | None, failure: str | None = None) -> None:
        """A file's page count, or why it cannot be opened (it then stands for one page,
        failed, so that it is reported and the sequence read again next time)."""
        self.counts[path] = pages or 1
        if failure is not None:
            self.failures[path] = failure

    def files(self) -> tuple[SourceFile, ...]:
        """Every page of the sequence with its file and its page in that file."""
        pages: list[SourceFile] = []
        for path in self.paths:
            sha256 = self.keys[path][0]
            for number in range(1, self.counts[path] + 1):
                pages.append(SourceFile(len(pages) + 1, str(path), sha256, number))
        return tuple(pages)

    def place(self, path: Path, page: int) -> int:
        """A file's page as a page of the sequence."""
        offset = 0
        for member in self.paths:
            if member == path:
                return offset + page
            offset += self.counts[member]
        raise KeyError(path)

    def locate(self, page: int) -> tuple[Path, int]:
        """A page of the sequence as (its file, its page in the file)."""
        offset = 0
        for member in self.paths:
            if page <= offset + self.counts[member]:
                return member, page - offset
            offset += self.counts[member]
        raise KeyError(page)


@dataclass(frozen=True)
class MemberResult:
    """One file of an assembled sequence: its pages' outcomes (numbered in the file), the
    records it begins and those its pages went into, the file whose form it continues."""

    path: Path
    key: ContentKey
    pages: tuple[PageOutcome, ...]
    begun: tuple[int, ...]  # the records it begins: indices into the sequence's records
    records: tuple[int, ...]  # every record its pages went into
    continues: str | None


def split_outcomes(
    parts: SequenceParts, outcomes: Sequence[PageOutcome], record_files: Sequence[Sequence[str]]
) -> list[MemberResult]:
    """The sequence's page outcomes dealt out to its files; `record_files`: the files of each
    record's pages, first page first (its `source.files`)."""
    files = {f.page: f for f in parts.files()}
    by_path: dict[str, list[PageOutcome]] = {str(path): [] for path in parts.paths}
    for outcome in sorted(outcomes, key=lambda o: o.page):
        file = files[outcome.page]
        by_path[file.path].append(PageOutcome(file.file_page, outcome.status, outcome.reason))
    return [
        MemberResult(
            path, parts.keys[path], tuple(by_path[str(path)]),
            tuple(i for i, paths in enumerate(record_files) if paths and paths[0] == str(path)),
            tuple(i for i, paths in enumerate(record_files) if str(path) in paths),
            continued_from(by_path[str(path)]),
        )
        for path in parts.paths
    ]  # fmt: skip


def continued_from(pages: Sequence[PageOutcome | PageEntry]) -> str | None:
    """The file whose form a file's pages continue before any form of its own begins, from
    their reason (a blank page before them does not matter)."""
    for page in pages:
        status = page.status if isinstance(page, PageOutcome) else page.detail
        if status == "continuation" and page.reason and page.reason.startswith(CONTINUES):
            return page.reason[len(CONTINUES):]
        if status == "form":
            return None
    return None
