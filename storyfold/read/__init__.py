"""Readers: turn paths, folders, globs and "-" (JSONL on stdin) into Articles.

One module per format (text, html, warc, jsonl); this module only expands the inputs and
dispatches on the file name. An input that cannot be read becomes a `ReadError` with a
reason and reading goes on with the next one.
"""

from __future__ import annotations

import glob
import gzip
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from storyfold.read.decode import UnreadableInput, decode_text, looks_binary, read_bytes
from storyfold.read.html import extract_html
from storyfold.read.jsonl import read_jsonl_lines
from storyfold.read.text import read_text_file, text_article
from storyfold.read.warc import read_warc
from storyfold.records import Article, ReadError

__all__ = ["article_id_for", "read_inputs"]

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
_GLOB_CHARS = frozenset("*?[")


def read_inputs(
    inputs: Sequence[str], *, stdin: TextIO | None = None
) -> Iterator[Article | ReadError]:
    """Articles (and ReadErrors) of every input, in input order; folders are read
    recursively in sorted order and files of unknown type in them are skipped."""
    seen: set[Path] = set()
    for name in inputs:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin
            yield from read_jsonl_lines(stream, source="<stdin>", default_id="stdin")
            continue
        path = Path(name)
        if path.is_dir():
            for file in _folder_files(path):
                yield from _once(file, seen, explicit=False)
        elif path.exists():
            yield from _once(path, seen, explicit=True)
        elif _GLOB_CHARS & set(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                yield ReadError(name, "no files match this pattern")
            for match in map(Path, matches):
                files = _folder_files(match) if match.is_dir() else [match]
                for file in files:
                    yield from _once(file, seen, explicit=False)
        else:
            yield ReadError(name, "no such file or directory")


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


def _folder_files(folder: Path) -> list[Path]:
    """Files of known formats under `folder`, skipping hidden files and folders."""
    files = []
    for file in sorted(folder.rglob("*")):
        parts = file.relative_to(folder).parts
        if any(p.startswith(".") for p in parts) or not file.is_file():
            continue
        if format_of(file) is not None:
            files.append(file)
    return files


def _once(path: Path, seen: set[Path], *, explicit: bool) -> Iterator[Article | ReadError]:
    key = path.resolve()
    if key in seen:
        return
    seen.add(key)
    yield from read_file(path, explicit=explicit)


def read_file(path: Path, *, explicit: bool = True) -> Iterator[Article | ReadError]:
    """Everything in one file. Files of unknown type are read as text (or as HTML when
    they start like HTML) when named explicitly, and skipped otherwise."""
    kind = format_of(path)
    if kind is None and not explicit:
        return
    try:
        if kind == "warc":
            yield from read_warc(path)
        elif kind == "jsonl":
            yield from _read_jsonl_file(path)
        elif kind == "html":
            yield extract_html(read_bytes(path), article_id=article_id_for(path), source=str(path))
        elif kind == "text":
            yield read_text_file(path, article_id=article_id_for(path))
        else:
            yield _read_unknown(path)
    except UnreadableInput as exc:
        yield ReadError(str(path), exc.reason)


def _read_unknown(path: Path) -> Article:
    data = read_bytes(path)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) and not looks_binary(data):
        return extract_html(data, article_id=article_id_for(path), source=str(path))
    text = decode_text(data)
    return text_article(text, article_id=article_id_for(path), source=str(path))


def _read_jsonl_file(path: Path) -> Iterator[Article | ReadError]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as stream:
            yield from read_jsonl_lines(stream, source=str(path), default_id=article_id_for(path))
    except EOFError:
        yield ReadError(str(path), "truncated gzip file (lines before the cut were read)")
    except (OSError, zlib.error) as exc:
        yield ReadError(str(path), f"unreadable ({exc})")
