"""Expanding the command line's inputs (files, folders, globs) into the files to read, and
accounting for everything else found on the way.

Every file under an input folder is either an input or `Refused` with a reason: an unsupported
format, not a regular file (a FIFO or device would block the first read forever), a dangling
link, a link loop, an unreadable folder, the same file reached twice. The output folder (and
any folder holding another declform run's `.declform/`) is never walked: its records, crops and
page images are declform's own, not the archive's. Links are followed (an archive may link
its folders together), each folder at most once, so a loop ends.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from declform.extract.sources.pdf import SUPPORTED_SUFFIXES

RefusedKind = Literal["unsupported", "not-regular", "unreadable", "link-loop",
                      "dangling-link", "duplicate", "own-output"]
_MANIFEST_FOLDER = ".declform"  # as extract/batch/manifest.py (sources may not import batch)


@dataclass(frozen=True)
class InputFile:
    """A file to read, and where it sits under the argument that found it (its records go to
    the same relative place under --out)."""

    path: Path
    relative: PurePosixPath


@dataclass(frozen=True)
class Refused:
    """A file found but not read, and why (shown, kept in the manifest and the dataset)."""

    path: Path
    kind: RefusedKind
    reason: str


@dataclass(frozen=True)
class Expansion:
    files: tuple[InputFile, ...]
    refused: tuple[Refused, ...]
    unmatched: tuple[str, ...]  # arguments that name nothing


def _kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


class _Scan:
    def __init__(self, exclude: Path | None) -> None:
        self.files: list[InputFile] = []
        self.refused: list[Refused] = []
        self._seen: dict[tuple[int, int], Path] = {}  # file identity → first path found
        self._folders: set[tuple[int, int]] = set()
        self._exclude = _identity(exclude) if exclude is not None else None

    def refuse(self, path: Path, kind: RefusedKind, reason: str) -> None:
        self.refused.append(Refused(path, kind, reason))

    def target(self, path: Path) -> os.stat_result | None:
        """The stat of what `path` leads to, or None after refusing it (dangling, loop)."""
        try:
            return os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.refuse(path, "link-loop", "symbolic link loop")
            elif exc.errno == errno.ENOENT and os.path.islink(path):
                self.refuse(path, "dangling-link", f"dangling link to {os.readlink(path)}")
            else:
                self.refuse(path, "unreadable", f"cannot read ({exc.strerror or exc})")
            return None

    def add_file(self, path: Path, mode: int, identity: tuple[int, int],
                 relative: PurePosixPath, named: bool) -> None:
        """`named`: given on the command line (tried whatever its suffix; the walk already
        keeps out of the output folder, a named file is checked)."""
        if not stat.S_ISREG(mode):
            self.refuse(path, "not-regular", f"{_kind_of(mode)}, not read")
            return
        if named and self._exclude is not None and _inside(path, self._exclude):
            self.refuse(path, "own-output", "inside the output folder, not read")
            return
        if not named and path.suffix.lower() not in SUPPORTED_SUFFIXES:
            shown = path.suffix.lower() or "no extension"
            self.refuse(
                path,
                "unsupported",
                f"unsupported format ({shown}): not a PDF, image, workbook, Word or OFD document",
            )
            return
        if identity in self._seen:
            self.refuse(path, "duplicate", f"the same file as {self._seen[identity]}, read once")
            return
        self._seen[identity] = path
        self.files.append(InputFile(path, relative))

    def walk(self, root: Path) -> None:
        """Every file under `root`, in path order. A plain file costs no system call beyond
        its folder's listing (type and inode come with it); links and special files are
        stat'ed — a link to a folder is followed once, a FIFO or device never opened."""
        found: list[tuple[Path, int, tuple[int, int], PurePosixPath]] = []
        stack = [(root, PurePosixPath())]
        while stack:
            folder, relative = stack.pop()
            info = self.target(folder)
            if info is None:
                continue
            identity = (info.st_dev, info.st_ino)
            if identity in self._folders or identity == self._exclude:
                if identity in self._folders and folder != root:
                    self._refuse_folder_link(folder)
                continue
            self._folders.add(identity)
            if folder != root and (folder / _MANIFEST_FOLDER).is_dir():
                continue  # another declform output folder: its files are not the archive's
            try:
                entries = list(os.scandir(folder))
            except OSError as exc:
                self.refuse(folder, "unreadable", f"unreadable folder ({exc.strerror or exc})")
                continue
            for entry in entries:
                path, inner = folder / entry.name, relative / entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((path, inner))
                    continue
                if entry.is_file(follow_symlinks=False):
                    found.append((path, stat.S_IFREG, (info.st_dev, entry.inode()), inner))
                    continue
                target = self.target(path)  # a link (followed), or a FIFO, socket, device
                if target is None:
                    continue
                if stat.S_ISDIR(target.st_mode):
                    stack.append((path, inner))
                else:
                    found.append((path, target.st_mode, (target.st_dev, target.st_ino), inner))
        for path, mode, file_identity, inner in sorted(found, key=lambda item: item[0]):
            self.add_file(path, mode, file_identity, inner, named=False)

    def _refuse_folder_link(self, folder: Path) -> None:
        target = Path(os.path.realpath(folder))
        if target in Path(os.path.realpath(folder.parent)).parents or target == Path(
            os.path.realpath(folder.parent)
        ):
            self.refuse(folder, "link-loop", f"symbolic link loop (back to {target})")
        else:
            self.refuse(folder, "duplicate", f"a link to {target}, a folder already read")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _inside(path: Path, folder: tuple[int, int]) -> bool:
    """Whether `path` lies in the folder of this identity (checked on the resolved path)."""
    return any(_identity(parent) == folder for parent in Path(os.path.realpath(path)).parents)


def scan_inputs(arguments: Iterable[str], exclude: Path | None = None) -> Expansion:
    """Inputs in argument order (folders recursed in name order, globs expanded), what was
    refused, and the arguments that matched nothing. `exclude`: the output folder."""
    scan = _Scan(exclude)
    unmatched: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if os.path.lexists(path):
            info = scan.target(path)
            if info is not None and stat.S_ISDIR(info.st_mode):
                before = len(scan.files) + len(scan.refused)
                scan.walk(path)
                if len(scan.files) + len(scan.refused) == before:
                    unmatched.append(argument)
            elif info is not None:  # named on the command line: tried whatever its suffix
                scan.add_file(path, info.st_mode, (info.st_dev, info.st_ino),
                              PurePosixPath(path.name), named=True)
        elif matches := sorted(glob.glob(argument, recursive=True)):
            for match in map(Path, matches):
                info = scan.target(match)
                if info is not None and not stat.S_ISDIR(info.st_mode):
                    scan.add_file(match, info.st_mode, (info.st_dev, info.st_ino),
                                  PurePosixPath(match.name), named=True)
        else:
            unmatched.append(argument)
    return Expansion(tuple(scan.files), tuple(scan.refused), tuple(unmatched))


def expand_inputs(arguments: Iterable[str]) -> tuple[list[Path], list[str]]:
    """The files to read and the arguments that matched nothing (what is refused is left
    out: callers that account for it use `scan_inputs`)."""
    expansion = scan_inputs(arguments)
    return [f.path for f in expansion.files], list(expansion.unmatched)
