"""Readers: turn paths, folders, globs and "-" (JSONL on stdin) into Articles.

One module per format (text, html, warc, jsonl); this module only expands the inputs and
dispatches on the file name. An input that cannot be read becomes a `ReadError` with its
(safely shown) name and a one-line reason and reading goes on with the next one: nothing an
input holds escapes as an exception, and what is read is bounded by `Limits`.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from storyfold.read.decode import UnreadableInput, decode_text, looks_binary
from storyfold.read.files import FileKey, glob_matches, is_glob, special_file_error, walk
from storyfold.read.html import extract_html
from storyfold.read.jsonl import read_jsonl_lines
from storyfold.read.limits import (
    DEFAULT_LIMITS,
    BoundedReader,
    Limits,
    is_gzip_name,
    open_decompressed,
    read_bytes,
)
from storyfold.read.safe import repair_text, shown_name
from storyfold.read.text import read_text_file, text_article
from storyfold.read.warc import read_warc
from storyfold.records import Article, ReadError

__all__ = ["Limits", "article_id_for", "read_inputs"]

_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def read_inputs(
    inputs: Sequence[str], *, stdin: TextIO | None = None, limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Article | ReadError]:
    """Articles (and ReadErrors) of every input, in input order; folders are read
    recursively in sorted order and files of unknown type in them are skipped."""
    seen: set[FileKey] = set()
    for name in inputs:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin
            # Bytes when the stream has them: a line is then bounded in bytes, and an
            # undecodable line is that line's error, not the end of the stream.
            lines = getattr(stream, "buffer", stream)
            for item in read_jsonl_lines(lines, source="<stdin>", default_id="stdin",
                                         limits=limits):
                yield _checked(item, limits)
            continue
        yield from _read_name(name, seen, limits)


def _read_name(name: str, seen: set[FileKey], limits: Limits) -> Iterator[Article | ReadError]:
    path = Path(name)
    try:
        st = os.stat(path)
    except OSError as exc:
        st = None
        missing = exc
    if st is not None and stat.S_ISDIR(st.st_mode):
        yield from _read_walk(walk(path, _known), seen, limits)
    elif st is not None and stat.S_ISREG(st.st_mode):
        yield from _once(path, (st.st_dev, st.st_ino), seen, limits, explicit=True)
    elif st is not None:
        yield special_file_error(path, st.st_mode)
    elif is_glob(name):
        yield from _read_glob(name, seen, limits)
    elif os.path.islink(path):
        yield ReadError(shown_name(name), f"unreadable symlink ({missing.strerror})")
    else:
        yield ReadError(shown_name(name), "no such file or directory")


def _read_glob(pattern: str, seen: set[FileKey], limits: Limits) -> Iterator[Article | ReadError]:
    matches = glob_matches(pattern)
    found = False
    if isinstance(matches, tuple):
        base, regex = matches
        root = Path(base)

        def matching(path: Path) -> bool:
            rel = path.relative_to(root).as_posix()
            # A file matches, or lies in a folder that matches (as glob's folder matches
            # are read whole).
            parts = rel.split("/")
            return any(regex.match("/".join(parts[:n])) for n in range(len(parts), 0, -1))

        for item in walk(root, lambda p: matching(p) and _known(p)):
            found = True
            yield from _read_walk(iter([item]), seen, limits)
    else:
        for match in matches:
            found = True
            yield from _read_name(match, seen, limits) if os.path.isdir(match) \
                else _read_matched_file(Path(match), seen, limits)
    if not found:
        yield ReadError(shown_name(pattern), "no files match this pattern")


def _read_matched_file(
    path: Path, seen: set[FileKey], limits: Limits
) -> Iterator[Article | ReadError]:
    try:
        st = os.stat(path)
    except OSError as exc:
        if _known(path):
            yield ReadError(shown_name(path), exc.strerror or str(exc))
        return
    if not stat.S_ISREG(st.st_mode):
        yield special_file_error(path, st.st_mode)
        return
    yield from _once(path, (st.st_dev, st.st_ino), seen, limits, explicit=False)


def _read_walk(items: Iterator[tuple[Path, FileKey] | ReadError], seen: set[FileKey],
               limits: Limits) -> Iterator[Article | ReadError]:
    for item in items:
        if isinstance(item, ReadError):
            yield item
        else:
            yield from _once(item[0], item[1], seen, limits, explicit=False)


def _known(path: Path) -> bool:
    return format_of(path) is not None


def article_id_for(path: Path) -> str:
    """The file name without its known extensions: "a/b/x.html.gz" -> "x"."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem, dot, ext = name.rpartition(".")
    if dot and stem and "." + ext.lower() in _FORMATS:
        return stem
    return name


def format_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return _FORMATS.get(Path(name).suffix)


def _once(path: Path, key: FileKey, seen: set[FileKey], limits: Limits, *,
          explicit: bool) -> Iterator[Article | ReadError]:
    if key in seen:  # one file named twice (or reached through a link) is read once
        return
    seen.add(key)
    for item in read_file(path, explicit=explicit, limits=limits):
        yield _checked(item, limits)


def read_file(path: Path, *, explicit: bool = True,
              limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | ReadError]:
    """Everything in one file. Files of unknown type are read as text (or as HTML when
    they start like HTML) when named explicitly, and skipped otherwise."""
    kind = format_of(path)
    if kind is None and not explicit:
        return
    name = shown_name(path)
    try:
        if kind == "warc":
            yield from read_warc(path, limits)
        elif kind == "jsonl":
            yield from _read_jsonl_file(path, limits)
        elif kind == "html":
            yield extract_html(read_bytes(path, limits.file_bytes),
                               article_id=article_id_for(path), source=name)
        elif kind == "text":
            yield read_text_file(path, article_id=article_id_for(path),
                                 limit=limits.file_bytes)
        else:
            yield _read_unknown(path, limits)
    except UnreadableInput as exc:
        yield ReadError(name, exc.reason)
    except Exception as exc:
        # Whatever else fails while reading this one file was caused by what it holds
        # (a parser's own bug on odd input): it is this file's error, and the run goes on.
        yield ReadError(name, f"unreadable ({type(exc).__name__}: {shown_name(str(exc))[:200]})")


def _checked(item: Article | ReadError, limits: Limits) -> Article | ReadError:
    """Every article as it leaves the readers: text that always encodes (lone surrogates
    replaced) and within the character limit."""
    if isinstance(item, ReadError):
        return ReadError(repair_text(item.path), repair_text(item.error))
    if len(item.raw) > limits.article_chars:
        return ReadError(f"{repair_text(item.source)}#{repair_text(item.id)}",
                         f"article of {len(item.raw):,} characters, over the limit of "
                         f"{limits.article_chars:,} (raise it with --max-article-chars)")
    for field in ("id", "source", "raw", "title", "site", "url", "byline", "published"):
        value = getattr(item, field)
        if isinstance(value, str):
            setattr(item, field, repair_text(value))
    item.metadata = {repair_text(k): repair_text(v) for k, v in item.metadata.items()}
    return item


def _read_unknown(path: Path, limits: Limits) -> Article:
    data = read_bytes(path, limits.file_bytes)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) and not looks_binary(data):
        return extract_html(data, article_id=article_id_for(path), source=shown_name(path))
    text = decode_text(data)
    return text_article(text, article_id=article_id_for(path), source=shown_name(path))


def _read_jsonl_file(path: Path, limits: Limits) -> Iterator[Article | ReadError]:
    name = shown_name(path)
    try:
        with path.open("rb") as raw:
            stream = BoundedReader(open_decompressed(raw, gz=is_gzip_name(path.name)),
                                   limit=limits.stream_bytes, what="JSONL file (after gunzip)",
                                   option="--max-stream-bytes")
            yield from read_jsonl_lines(stream, source=name, default_id=article_id_for(path),
                                        limits=limits)
    except UnreadableInput as exc:
        yield ReadError(name, f"{exc.reason} (lines before it were read)")
    except OSError as exc:
        yield ReadError(name, f"unreadable ({exc.strerror or exc})")
