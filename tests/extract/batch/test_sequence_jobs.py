"""Dealing a page sequence's outcomes out to its files."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from declform.extract.batch.sequence_jobs import SequenceParts, continued_from, split_outcomes
from declform.extract.batch.sequences import PageSequence
from declform.extract.pipeline import PageOutcome
from declform.extract.sources.files import InputFile


def _parts(counts: dict[str, int]) -> SequenceParts:
    files = tuple(InputFile(Path(name), PurePosixPath(name)) for name in counts)
    parts = SequenceParts(PageSequence(Path("s_{n}.tif"), PurePosixPath("s.tif"), files),
                          {Path(name): (name, 1) for name in counts})
    for name, count in counts.items():
        parts.probe(Path(name), count)
    return parts


def test_pages_are_placed_and_located_through_the_files() -> None:
    parts = _parts({"s_1.tif": 2, "s_2.tif": 1, "s_3.tif": 3})
    assert parts.place(Path("s_3.tif"), 2) == 5
    assert parts.locate(5) == (Path("s_3.tif"), 2)
    assert [(Path(f.path).name, f.file_page) for f in parts.files()][2:4] == [
        ("s_2.tif", 1), ("s_3.tif", 1)]


def test_outcomes_and_records_are_dealt_to_their_files() -> None:
    parts = _parts({"s_1.tif": 2, "s_2.tif": 2})
    outcomes = [PageOutcome(1, "form"), PageOutcome(2, "form"),
                PageOutcome(3, "not_a_form", "blank"),
                PageOutcome(4, "continuation", "continues the form of s_1.tif page 2")]
    # two forms on page 2 (two tables): records are tied to files by their own pages
    members = split_outcomes(parts, outcomes, [["s_1.tif"], ["s_1.tif"], ["s_1.tif", "s_2.tif"]])
    first, second = members
    assert [p.page for p in second.pages] == [1, 2]  # numbered in the file
    assert (first.begun, first.records) == ((0, 1, 2), (0, 1, 2))
    assert (second.begun, second.records) == ((), (2,))
    assert second.continues == "s_1.tif page 2"  # past the blank page before it
    assert continued_from([PageOutcome(1, "form"), *outcomes[3:]]) is None
