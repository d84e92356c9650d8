"""A content being read in a batch: the pages this run wants of it, the reads in so far, and
the tasks still missing (page reads, then the assembly). The scheduler (extract/batch/
scheduler.py) decides which inputs become jobs and feeds their results back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from declform.extract.batch.manifest_records import ContentKey
from declform.extract.batch.selection import PageSelection
from declform.extract.batch.sequence_jobs import SequenceParts
from declform.extract.batch.tasks import AssembleTask, PageTask, Task
from declform.extract.pipeline import PageRead


@dataclass
class Job:
    """One content (sha256, size) being extracted; `paths` are the inputs that hold it."""

    key: ContentKey
    paths: list[Path]
    pages: int | None = None
    wanted: tuple[int, ...] = ()  # the pages this run reads (all, unless --pages)
    reads: dict[int, PageRead] = field(default_factory=dict)
    pages_read: int = 0
    assembling: bool = False
    late: list[Path] = field(default_factory=list)  # same bytes, arrived during assembly
    sequence: SequenceParts | None = None  # a page sequence's files (None: one file)

    def plan(self, pages: int, selection: PageSelection | None) -> None:
        """The document has `pages` pages: this run wants all, or those --pages selects."""
        self.pages = pages
        self.wanted = selection.pages_of(pages) if selection else tuple(range(1, pages + 1))

    def page_tasks(self, path: str, engine: str) -> list[Task]:
        """The page reads still missing, or the assembly when none is."""
        missing = [n for n in self.wanted if n not in self.reads]
        if not missing:
            return [self.assembly()]
        if self.sequence is not None:  # each page is read from its own file
            return [PageTask(str(file), n, engine)
                    for file, n in map(self.sequence.locate, missing)]
        return [PageTask(path, n, engine) for n in missing]

    def assembly(self) -> AssembleTask:
        """The task that turns the job's page reads into records."""
        self.assembling = True
        return AssembleTask(
            path=str(self.paths[0]),
            sha256=self.key[0],
            reads=tuple(self.reads[n] for n in sorted(self.reads)),
            also=tuple(str(p) for p in self.paths[1:]),
            files=self.sequence.files() if self.sequence is not None else (),
        )
