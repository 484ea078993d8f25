"""Limits on what one input may make storyfold read, and the streams that enforce them.

Every limit is checked while reading (a gzip bomb stops after the limit's worth of output,
not after it has been inflated), so memory follows the limits, not the input. Defaults are
generous for news (a long article is 50,000 characters, a large page a few MB) and each is
an option of `storyfold fold` / `stream`.
"""

from __future__ import annotations

import gzip
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from storyfold.read.decode import UnreadableInput

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """What one input may make storyfold read (bytes are counted after gunzip)."""

    # One text or HTML document (a file, after gunzip).
    file_bytes: int = 16 * MIB
    # All bytes of one container (a .warc/.jsonl file or stdin), after gunzip.
    stream_bytes: int = 1024 * MIB
    # One JSONL line, and one WARC record (headers and block).
    line_bytes: int = 16 * MIB
    record_bytes: int = 16 * MIB
    # Characters of one article's text: longer ones are refused, not cut (a cut text would
    # be folded as if whole). The per-story stages grow faster than linearly with length:
    # 300,000 characters already take seconds.
    article_chars: int = 200_000

    def __post_init__(self) -> None:
        for name in ("file_bytes", "stream_bytes", "line_bytes", "record_bytes",
                     "article_chars"):
            if getattr(self, name) < 1:
                raise ValueError(f"Limits.{name} must be at least 1")


DEFAULT_LIMITS = Limits()


class LimitExceeded(UnreadableInput):
    """An input over one of the `Limits`; the reason names the limit and its option."""


def over(what: str, limit: int, option: str) -> LimitExceeded:
    return LimitExceeded(f"{what} over the limit of {limit:,} bytes (raise it with {option})")


class BoundedReader:
    """A binary stream that raises `LimitExceeded` once more than `limit` bytes were read
    in total, or more than `window` bytes since the last `reset()` (one record's worth),
    and turns gzip's failures into `UnreadableInput` with a plain reason."""

    def __init__(self, raw: BinaryIO, *, limit: int, what: str, option: str,
                 window: int | None = None, window_what: str = "", window_option: str = "") -> None:
        self.raw = raw
        self.limit = limit
        self.what = what
        self.option = option
        self.window = window
        self.window_what = window_what
        self.window_option = window_option
        self.total = 0
        self.since_reset = 0
        self.tail = b""  # the last bytes read, to check how a stream ends

    def reset(self) -> None:
        self.since_reset = 0

    def _count(self, data: bytes) -> bytes:
        if data:
            self.tail = (self.tail + data[-4:])[-4:]
        self.total += len(data)
        self.since_reset += len(data)
        if self.total > self.limit:
            raise over(self.what, self.limit, self.option)
        if self.window is not None and self.since_reset > self.window:
            raise over(self.window_what, self.window, self.window_option)
        return data

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            # Never unbounded: at most one byte over the tightest limit, which then raises.
            size = self.limit - self.total + 1
            if self.window is not None:
                size = min(size, self.window - self.since_reset + 1)
        return self._count(guarded(self.raw.read, size))

    def readline(self, size: int | None = -1) -> bytes:
        cap = self.limit - self.total + 1
        if self.window is not None:
            cap = min(cap, self.window - self.since_reset + 1)
        if size is None or size < 0 or size > cap:
            size = max(cap, 1)
        return self._count(guarded(self.raw.readline, size))

    def tell(self) -> int:
        return self.total

    def close(self) -> None:
        self.raw.close()


def guarded(read: object, size: int) -> bytes:
    try:
        data: bytes = read(size)  # type: ignore[operator]
    except EOFError as exc:
        raise UnreadableInput("truncated gzip file (cut before its end)") from exc
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise UnreadableInput(f"corrupt gzip file ({exc})") from exc
    return data


def is_gzip_name(name: str) -> bool:
    return name.lower().endswith(".gz")


def open_decompressed(raw: BinaryIO, *, gz: bool) -> BinaryIO:
    """`raw`, gunzipped while it is read when `gz` (or when it starts with gzip magic)."""
    if not gz:
        head = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
        gz = head == b"\x1f\x8b"
    return gzip.GzipFile(fileobj=raw, mode="rb") if gz else raw  # type: ignore[return-value]


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes, gunzipped while read when its name ends in .gz (or it starts with
    gzip magic); more than `limit` bytes (after gunzip) raise `LimitExceeded`, so a bomb
    stops after `limit` bytes of output."""
    limit = DEFAULT_LIMITS.file_bytes if limit is None else limit
    try:
        with path.open("rb") as raw:
            gz = is_gzip_name(path.name)
            if not gz and os.fstat(raw.fileno()).st_size > limit:  # refused before reading
                raise over("file", limit, "--max-file-bytes")
            stream = BoundedReader(open_decompressed(raw, gz=gz), limit=limit,
                                   what="file (after gunzip)" if gz else "file",
                                   option="--max-file-bytes")
            data = stream.read()
            if gz and not data:
                stream.read(1)  # an empty gzip member still has to end properly
            return data
    except IsADirectoryError as exc:
        raise UnreadableInput("is a directory") from exc
    except OSError as exc:
        raise UnreadableInput(exc.strerror or str(exc)) from exc
