"""Idempotent ingest: articles as read are stored once (by id, URL or identical text) and
marked for the worker; `add_articles` returns only after the batch is committed, so an
acknowledged article survives a crash."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storyfold.features import parse_day
from storyfold.records import Article
from storyfold.store.db import Store
from storyfold.store.models import ArticleRow

_SPACE = re.compile(r"\s+")


@dataclass
class IngestResult:
    """Ids stored by this call, and ids of articles already stored (with the stored id
    they duplicate: the same id, URL or text)."""

    stored: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"stored": self.stored,
                "duplicates": [{"id": i, "of": of} for i, of in self.duplicates]}


def text_hash(article: Article) -> str:
    """Identity of an article's text: whitespace runs collapsed, so a re-crawl that only
    re-wraps lines is the same article."""
    text = _SPACE.sub(" ", article.raw or article.text).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_articles(store: Store, articles: Iterable[Article]) -> IngestResult:
    """Store `articles` (as read, not cleaned) in one transaction; duplicates are skipped."""
    batch = [_without_nul(a) for a in articles]
    result = IngestResult()
    with store.session() as session:
        try:
            rows = _new_rows(session, batch, result)
            session.add_all(rows)
            session.commit()
        except IntegrityError:
            # Another writer stored one of these between our check and our insert: go
            # again one by one, each in its own savepoint.
            session.rollback()
            result = IngestResult()
            for article in batch:
                _add_one(session, article, result)
            session.commit()
    return result


def _add_one(session: Session, article: Article, result: IngestResult) -> None:
    rows = _new_rows(session, [article], result)
    if not rows:
        return
    try:
        with session.begin_nested():
            session.add(rows[0])
    except IntegrityError:
        result.stored.remove(article.id)
        result.duplicates.append((article.id, article.id))


def _new_rows(session: Session, batch: list[Article], result: IngestResult) -> list[ArticleRow]:
    hashes = [text_hash(a) for a in batch]
    ids = {a.id for a in batch}
    urls = {a.url for a in batch if a.url}
    known: dict[str, str] = {}  # id, url or hash -> the stored article's id
    if batch:
        found = session.execute(
            select(ArticleRow.id, ArticleRow.url, ArticleRow.text_hash).where(
                or_(ArticleRow.id.in_(ids), ArticleRow.url.in_(urls),
                    ArticleRow.text_hash.in_(hashes))
            )
        )
        for stored_id, url, digest in found:
            known[f"id:{stored_id}"] = stored_id
            if url:
                known[f"url:{url}"] = stored_id
            known[f"hash:{digest}"] = stored_id
    now = datetime.now(UTC)
    rows: list[ArticleRow] = []
    for article, digest in zip(batch, hashes, strict=True):
        keys = [f"id:{article.id}", f"hash:{digest}"] + ([f"url:{article.url}"] if article.url
                                                         else [])
        same = next((known[k] for k in keys if k in known), None)
        if same is not None:
            result.duplicates.append((article.id, same))
            continue
        for k in keys:
            known[k] = article.id
        rows.append(ArticleRow(
            id=article.id, url=article.url, text_hash=digest, source=article.source,
            raw=article.raw or article.text, title=article.title, site=article.site,
            byline=article.byline, published=article.published,
            day=parse_day(article.published), meta=dict(article.metadata),
            received_at=now, placed=False, story_id=None, folded=None,
        ))
        result.stored.append(article.id)
    return rows


def _without_nul(article: Article) -> Article:
    """PostgreSQL text cannot hold NUL characters (SQLite can): they are dropped on both,
    so one store behaves like the other."""
    for name in ("id", "source", "raw", "text", "title", "site", "url", "byline", "published"):
        value = getattr(article, name)
        if isinstance(value, str) and "\x00" in value:
            setattr(article, name, value.replace("\x00", ""))
    article.metadata = {k.replace("\x00", ""): v.replace("\x00", "")
                        for k, v in article.metadata.items()}
    return article


def row_article(row: ArticleRow) -> Article:
    """The article as it was read, for the worker to clean and cluster again."""
    return Article(id=row.id, source=row.source, raw=row.raw, title=row.title, site=row.site,
                   url=row.url, byline=row.byline, published=row.published,
                   metadata=dict(row.meta or {}))
