"""Where a batch's records go and how they are written, checked and removed.

Each input path owns one stem, claimed in the manifest (extract/batch/claims.py); its records
are `OUT/<stem>.json` or `OUT/<stem>-<k>.json`. Every folder on the way is created without
following a symbolic link. A record file is trusted only for what it says it is: reused when
its `source.sha256` is the input's content, deleted as stale only when its `source.path` is the
input the manifest names — so neither a collision nor a tampered manifest can make the batch
hand out another file's record or delete one.
"""

from __future__ import annotations

import errno
import json
import logging
import os
from dataclasses import replace
from pathlib import Path, PurePosixPath

from declform.extract.batch.manifest import Manifest
from declform.extract.batch.manifest_check import confined
from declform.extract.batch.manifest_records import ContentKey, InputEntry
from declform.extract.batch.naming import record_names, relative_stem
from declform.output.atomic import ensure_folder, write_text_atomic
from declform.output.corrections import FolderCorrections, records_locked
from declform.output.errors import DeclformError, OutputError, describe
from declform.output.json_writer import read_record, record_json
from declform.output.record import FormRecord

log = logging.getLogger(__name__)

# A write failing with these stops the whole batch: every next record would fail the same way.
STOP_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


def write_failure(exc: OSError, out_dir: Path) -> str:
    """Why a record could not be written, as an input's failure reason; OutputError when the
    disk is full or read-only (the batch stops: every next write would fail the same way)."""
    where = exc.filename or out_dir
    if exc.errno in STOP_ERRNOS:
        raise OutputError(
            f"cannot write records ({exc.strerror}); the batch stopped — free space or make "
            "the folder writable, then rerun the same command to resume",
            path=str(where),
        ) from exc
    return f"cannot write its record {where} ({exc.strerror or describe(exc)})"


def record_source(path: Path) -> tuple[str, str] | None:
    """(source.path, source.sha256) of a record file, None when it is not a readable record."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        source = data["source"]
        return str(source["path"]), str(source["sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class RecordWriter:
    def __init__(self, out_dir: Path, manifest: Manifest,
                 relative: dict[Path, PurePosixPath]) -> None:
        self.out_dir, self._manifest, self._relative = out_dir, manifest, relative
        self._stems: dict[Path, str] = {}

    def name_after(self, path: Path, relative: PurePosixPath) -> None:
        """Records of `path` (a page sequence's name) go where an input at `relative` would."""
        self._relative[path] = relative

    def stem(self, path: Path, key: ContentKey, forms: int = 2) -> str:
        """The input's stem: the one it holds in the manifest, else its mirrored relative path
        (or the first free variant of it, or the stem of the same content's gone input)."""
        stem = self._stems.get(path)
        if stem is None:
            wanted = relative_stem(self._relative.get(path, PurePosixPath(path.name)))
            stem = self._manifest.claims.claim(
                str(path), wanted, lambda candidate: self._busy(path, key, candidate, forms),
                lambda owner: self._moved(owner, key),
            )
            self._stems[path] = stem
        return stem

    def names(self, path: Path, key: ContentKey, forms: int) -> tuple[str, ...]:
        return record_names(self.stem(path, key), forms) if forms else ()

    def _moved(self, owner: str, key: ContentKey) -> bool:
        """Whether input `owner` is gone and held this content: this input is it, moved."""
        entry = self._manifest.input_entry(owner)
        return entry is not None and entry.key == key and not os.path.lexists(owner)

    def _busy(self, path: Path, key: ContentKey, stem: str, forms: int) -> bool:
        """A file at one of the stem's names that is not this input's own record (a file the
        user put there, a record of an input from before the manifest knew names)."""
        names = (*record_names(stem, 1), *record_names(stem, max(forms, 2)))
        return any(self._foreign(path, key, name) for name in names)

    def _foreign(self, path: Path, key: ContentKey, name: str) -> bool:
        """Whether the file at `name` belongs to someone else: neither listed for this input
        nor a record of it, nor a record of this content whose input is gone (moved here)."""
        target = self.out_dir / name
        if not os.path.lexists(target):
            return False
        entry = self._manifest.input_entry(str(path))
        if entry is not None and name in entry.outputs:
            return False
        source = record_source(target)
        if source is None:
            return True
        return source[0] != str(path) and not (
            source[1] == key[0] and not os.path.lexists(source[0])
        )

    def matches(self, names: tuple[str, ...], path: Path | None, sha256: str) -> bool:
        """Whether every named record is there and was made from this content (and, when
        `path` is given, for this input)."""
        for name in names:
            source = record_source(self.out_dir / name) if confined(name) else None
            if source is None or source[1] != sha256 or (path is not None and
                                                         source[0] != str(path)):
                return False
        return True

    def write(self, path: Path, key: ContentKey, records: tuple[str, ...]) -> tuple[str, ...]:
        """Write an input's records; their names. OSError when one cannot be written (the
        caller fails this input, or stops the batch for STOP_ERRNOS)."""
        names = self.names(path, key, len(records))
        if any(self._foreign(path, key, name) for name in names):
            # a file this input does not own stands at one of its names (its stem was
            # claimed for fewer forms): claim a stem whose every name is free, never overwrite
            self._manifest.claims.release(str(path))
            del self._stems[path]
            names = record_names(self.stem(path, key, len(records)), len(records))
        with records_locked(self.out_dir, only_with_journal=True):  # the review app too
            corrections = FolderCorrections.load(self.out_dir)
            for name, text in zip(names, records, strict=True):
                if name in corrections.by_record:  # an auditor's correction outlives a re-read
                    record = FormRecord.from_dict(json.loads(text))
                    text = record_json(corrections.apply(name, record))
                parent = PurePosixPath(name).parent
                folder = ensure_folder(self.out_dir, parent) if parent.parts else self.out_dir
                write_text_atomic(folder / PurePosixPath(name).name, text)
        return names

    def copy_from(
        self, donors: list[InputEntry], path: Path, key: ContentKey, forms: int
    ) -> tuple[tuple[str, ...], str] | None:
        """Records for `path` copied from another input with the same bytes (a renamed or
        moved file, a copy), with its own source path; their names and the donor's path, or
        None when no donor's records are whole and made from this content. OSError when a
        copy cannot be written."""
        for donor in donors:
            if len(donor.outputs) != forms or not self.matches(donor.outputs, None, key[0]):
                continue
            try:
                records = [read_record(self.out_dir / name) for name in donor.outputs]
                # a copy beside its donor: each names the other; a moved file names nothing
                present = Path(donor.path).exists()
                texts = tuple(
                    record_json(_with_source(r, str(path), (donor.path,) if present else ()))
                    for r in records
                )
            except (DeclformError, OSError, ValueError, KeyError, TypeError):
                continue  # a damaged or edited donor: try the next, else extract again
            names = self.write(path, key, texts)
            if present:
                with records_locked(self.out_dir, only_with_journal=True):
                    for name, record in zip(donor.outputs, records, strict=True):
                        named = _with_source(record, donor.path, (str(path),))
                        if named != record:
                            write_text_atomic(self.out_dir / name, record_json(named))
            return names, donor.path
        return None

    def drop_stale(self, path: Path, keep: tuple[str, ...]) -> None:
        """Delete the records an earlier run wrote for this input that `keep` does not
        replace — only files inside OUT that are records of this very input."""
        previous = self._manifest.input_entry(str(path))
        for name in previous.outputs if previous is not None else ():
            if name in keep or not confined(name):
                continue
            target = self.out_dir / name
            source = record_source(target)
            if source is not None and source[0] == str(path):
                try:
                    target.unlink(missing_ok=True)
                except OSError as exc:  # a stale record left is no loss: say so, go on
                    log.warning("cannot remove the stale record %s (%s)", target,
                                exc.strerror or describe(exc))


def _with_source(record: FormRecord, path: str, same_bytes: tuple[str, ...]) -> FormRecord:
    """`record` as the record of `path`, naming `same_bytes` among the inputs holding its
    bytes (its own path never)."""
    others = (*record.source.same_bytes, *same_bytes)
    kept = tuple(dict.fromkeys(other for other in others if other != path))
    return replace(record, source=replace(record.source, path=path, same_bytes=kept))
