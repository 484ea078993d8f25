"""JSONL: one article a line with `id` and `text` or `html`, optionally `title`, `url`,
`published`, `site`. A bad line is a ReadError named "<file>:<line number>"; the other
lines are still read."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlparse

from storyfold.read.decode import UnreadableInput
from storyfold.read.html import extract_html
from storyfold.read.text import text_article
from storyfold.records import Article, ReadError


def read_jsonl_lines(
    lines: Iterable[str | bytes], *, source: str, default_id: str
) -> Iterator[Article | ReadError]:
    """Articles of the JSONL `lines` (text or raw bytes); `source` names the file or stream."""
    seen_any = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        seen_any = True
        where = f"{source}:{number}"
        try:
            record = json.loads(line.decode("utf-8") if isinstance(line, bytes) else line)
            yield _article(record, where=where, source=source, fallback_id=f"{default_id}-{number}")
        except UnicodeDecodeError:
            yield ReadError(where, "line is not UTF-8")
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
        except UnreadableInput as exc:
            yield ReadError(where, exc.reason)
    if not seen_any:
        yield ReadError(source, "empty file")


def _article(record: Any, *, where: str, source: str, fallback_id: str) -> Article:
    if not isinstance(record, dict):
        raise UnreadableInput("a JSONL line must be a JSON object")
    article_id = _string(record.get("id")) or fallback_id
    url = _string(record.get("url"))
    text, html = record.get("text"), record.get("html")
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
    text = str(value).strip()
    return text or None
