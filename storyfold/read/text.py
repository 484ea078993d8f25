"""Plain-text files -> Article. The first line becomes the title when it reads as a
headline; cleaning later decides finally (it also sees breadcrumbs and bylines)."""

from __future__ import annotations

from pathlib import Path

from storyfold.clean_shapes import looks_like_headline
from storyfold.read.decode import decode_text
from storyfold.read.limits import read_bytes
from storyfold.read.safe import shown_name
from storyfold.records import Article


def read_text_file(path: Path, *, article_id: str, limit: int | None = None) -> Article:
    text = decode_text(read_bytes(path, limit))
    return text_article(text, article_id=article_id, source=shown_name(path))


def text_article(text: str, *, article_id: str, source: str) -> Article:
    article = Article(id=article_id, source=source, raw=text)
    article.title = guess_title(text)
    article.metadata["format"] = "text"
    return article


def guess_title(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip() if looks_like_headline(line.strip()) else None
    return None
