"""Writing a file so that it is never seen half-written: a temporary file beside it, synced,
then renamed over the target. The file gets the usual permissions (0666 less the umask), as
any other file the user writes, not the private 0600 of a temporary file."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path, PurePosixPath


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def ensure_folder(root: Path, relative: PurePosixPath | str) -> Path:
    """`root/relative` as real folders, created as needed, none of them a symbolic link: a
    link planted inside the output folder (`OUT/tables -> /etc`) must not carry a write out
    of it. OSError (ENOTDIR, ELOOP) when a component is a file or a link."""
    folder = root
    for part in PurePosixPath(relative).parts:
        if part in ("", ".", "..", "/"):
            raise OSError(errno.EINVAL, f"not a folder name inside {root}", part)
        folder = folder / part
        try:
            os.mkdir(folder)
            continue
        except FileExistsError:
            pass
        mode = os.lstat(folder).st_mode
        if stat.S_ISLNK(mode):
            raise OSError(errno.ELOOP, "a symbolic link inside the output folder; not followed",
                          str(folder))
        if not stat.S_ISDIR(mode):
            raise OSError(errno.ENOTDIR, "a file stands where a folder is needed", str(folder))
    return folder


def write_bytes_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write via a temporary file in the same folder and rename over the target; `durable`
    syncs the data to disk before the rename (records, the manifest: what a power cut must not
    take), off for what is cheap to draw again (the review site's images)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temp_name, _FILE_MODE)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
