"""jieba's word dictionary, loaded once per process and from a cache that loads fast.

Both users of jieba read its dictionary: the label/value splitter (`segment`, with the forms'
domain terms added to a copy) and the OCR's word model (`extract/ocr/lexicon.py`). jieba
keeps the 498,000 word frequencies in a marshal cache that takes ~0.55 CPU-s to load, paid
by every batch worker before its first page. Here they are cached once more, as one file of
the frequencies' bytes and the words' UTF-8 text, which loads in ~0.2 CPU-s (issue 17): a
string split and a dict of the words zipped with an int64 array. The cache sits beside
jieba's own (the temporary folder), is named by jieba's version and dictionary file, written
atomically, and read only when whole; anything else falls back to jieba's loading. It holds
data only: reading it runs no code, as marshal or pickle would.
"""

from __future__ import annotations

import array
import contextlib
import logging
import os
import struct
import tempfile
import zlib
from functools import cache
from pathlib import Path
from typing import Any

_HEADER = struct.Struct("<8sqqq")  # magic, word count, total frequency, bytes of the words
_MAGIC = b"dfjieba2"


def cache_path(dictionary: Path, version: str) -> Path:
    """Where the fast copy of `dictionary` (jieba's dict.txt at `version`) is kept."""
    stat = dictionary.stat()
    key = zlib.crc32(f"{version}:{dictionary}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return Path(tempfile.gettempdir()) / f"declform-jieba-{key:08x}.bin"


def write_frequencies(path: Path, freq: dict[str, int], total: int) -> None:
    """Write the word frequencies to `path` atomically (a temporary file, then renamed)."""
    counts = array.array("q", freq.values())
    words = "\n".join(freq).encode("utf-8")
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as out:
        out.write(_HEADER.pack(_MAGIC, len(counts), total, len(words)))
        out.write(counts.tobytes())
        out.write(words)
    os.replace(temporary, path)


def read_frequencies(path: Path) -> tuple[dict[str, int], int] | None:
    """The word frequencies and their total from `path`; None when it is missing, of
    another format or not whole."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < _HEADER.size:
        return None
    magic, count, total, size = _HEADER.unpack_from(data)
    counts_end = _HEADER.size + 8 * count
    if magic != _MAGIC or count < 0 or len(data) != counts_end + size:
        return None
    counts = array.array("q")
    counts.frombytes(data[_HEADER.size : counts_end])
    try:
        words = data[counts_end:].decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    if len(words) != count:
        return None
    return dict(zip(words, counts, strict=True)), int(total)


@cache
def jieba_dictionary() -> Any:
    """jieba's tokenizer with its own dictionary, loaded once per process."""
    import jieba  # deferred: importing jieba is slow

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    try:
        packaged = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
        path: Path | None = cache_path(packaged, jieba.__version__)
    except (OSError, AttributeError, TypeError):  # jieba moved its dictionary: load as it does
        path = None
    loaded = read_frequencies(path) if path is not None else None
    if loaded is not None:
        tokenizer.FREQ, tokenizer.total = loaded
        tokenizer.initialized = True
        return tokenizer
    tokenizer.initialize()
    if path is not None:
        # a read-only temporary folder: jieba's own cache serves every load instead
        with contextlib.suppress(OSError):
            write_frequencies(path, tokenizer.FREQ, tokenizer.total)
    return tokenizer


def word_score(text: str) -> float:
    """The log-probability of `text`'s best segmentation into jieba's words (a unigram word
    model, as the OCR's lexicon scores lines): higher where the characters form words."""
    tokenizer = jieba_dictionary()
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(text, tokenizer.get_DAG(text), route)
    return float(route[0][0]) if text else 0.0
