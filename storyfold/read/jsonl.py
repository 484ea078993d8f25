"""JSONL: one article a line with `id` and `text` or `html`, optionally `title`, `url`,
`published`, `site`. A bad line is a ReadError named "<file>:<line number>"; the other
lines are still read."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any
from urllib.parse import urlparse

from storyfold.read.decode import UnreadableInput
from storyfold.read.html import extract_html
from storyfold.read.limits import DEFAULT_LIMITS, BoundedReader, Limits
from storyfold.read.safe import repair_text
from storyfold.read.text import text_article
from storyfold.records import Article, ReadError


def read_jsonl_lines(
    lines: Iterable[str | bytes] | IO[Any] | BoundedReader, *, source: str, default_id: str,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Article | ReadError]:
    """Articles of the JSONL `lines` (a stream, read one bounded line at a time, or an
    iterable of lines, text or raw bytes); `source` names the file or stream."""
    seen_any = False
    for number, line in enumerate(_bounded_lines(lines, limits), start=1):
        where = f"{source}:{number}"
        if line is None:
            seen_any = True
            yield ReadError(where, f"line over the limit of {limits.line_bytes:,} bytes "
                                   "(raise it with --max-line-bytes)")
            continue
        if not line.strip():
            continue
        seen_any = True
        try:
            record = json.loads(line.decode("utf-8") if isinstance(line, bytes) else line)
            yield _article(record, where=where, source=source, fallback_id=f"{default_id}-{number}")
        except UnicodeDecodeError:
            yield ReadError(where, "line is not UTF-8")
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
        except RecursionError:
            yield ReadError(where, "malformed JSON (nested too deeply)")
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            yield ReadError(where, f"malformed JSON ({str(exc)[:200]})")
        except UnreadableInput as exc:
            yield ReadError(where, exc.reason)
    if not seen_any:
        yield ReadError(source, "empty file")


def _bounded_lines(
    lines: Iterable[str | bytes] | IO[Any] | BoundedReader, limits: Limits
) -> Iterator[str | bytes | None]:
    """The lines of `lines`, None for one over `limits.line_bytes` (its rest is skipped in
    chunks: memory stays within the limit however long the line is). Text streams are
    bounded in characters, which is at least as tight."""
    limit = limits.line_bytes
    if not hasattr(lines, "readline"):
        for line in lines:
            yield None if len(line) > limit else line
        return
    while True:
        line = lines.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or _ends_line(line):
            yield line
            continue
        yield None  # reported before its rest is skipped (the file may end inside it)
        while line and not _ends_line(line):
            line = lines.readline(1 << 20)


def _ends_line(line: str | bytes) -> bool:
    return line.endswith("\n") if isinstance(line, str) else line.endswith(b"\n")


def _article(record: Any, *, where: str, source: str, fallback_id: str) -> Article:
    if not isinstance(record, dict):
        raise UnreadableInput("a JSONL line must be a JSON object")
    article_id = _string(record.get("id")) or fallback_id
    url = _string(record.get("url"))
    text, html = record.get("text"), record.get("html")
    # JSON escapes can spell lone surrogates ("\\ud800"): replaced here, before any
    # parser or writer meets them.
    text = repair_text(text) if isinstance(text, str) else text
    html = repair_text(html) if isinstance(html, str) else html
    if isinstance(text, str) and text.strip():
        article = text_article(
            text.replace("\r\n", "\n"), article_id=article_id, source=url or source
        )
        article.metadata["format"] = "jsonl"
        article.title = None  # cleaning finds a title line; a `title` field wins below
    elif isinstance(html, str) and html.strip():
        article = extract_html(html, article_id=article_id, source=url or source, url=url)
    else:
        raise UnreadableInput("no `text` or `html` field with content")
    # Fields given in the record are the publisher's own: they win over guesses.
    if _string(record.get("title")):
        article.title = _string(record.get("title"))
    article.url = url or article.url
    article.published = _string(record.get("published")) or article.published
    site = _string(record.get("site"))
    article.site = site or article.site or (urlparse(url).hostname if url else None)
    return article


def _string(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        return None  # a list or object where a name belongs is no name
    text = repair_text(str(value)).strip()
    return text or None
