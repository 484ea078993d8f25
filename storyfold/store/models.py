"""The store's tables (SQLAlchemy 2 declarative models).

Articles keep what was read (so the worker can clean and cluster them again beside new
arrivals) and what the story stages made of them (`folded`, the report's article record).
A story keeps its report record (`data`) plus the columns the story list filters and sorts
on. `changes` is the log `GET /api/stories/changes?since=` reads; `meta` holds the fold
generation the worker checks before it writes (two workers never interleave a fold).
There is no clusterer state beside this: it is rebuilt from the stored window of articles.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(512), unique=True)
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    text_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(String(255), index=True)
    byline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(64))
    day: Mapped[int | None] = mapped_column(Integer, index=True)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    placed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="SET NULL"), index=True
    )
    folded: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class StoryRow(Base):
    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, index=True)
    sites: Mapped[str] = mapped_column(Text, default="")  # " a.com b.org " for LIKE
    search: Mapped[str] = mapped_column(Text, default="")  # lower-cased title and names
    first_published: Mapped[str | None] = mapped_column(String(64), index=True)
    last_published: Mapped[str | None] = mapped_column(String(64), index=True)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revision: Mapped[int] = mapped_column(Integer, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class StoryEntityRow(Base):
    __tablename__ = "story_entities"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(512), primary_key=True)
    type: Mapped[str] = mapped_column(String(32))


Index("ix_story_entities_name", StoryEntityRow.name)


class ChangeRow(Base):
    __tablename__ = "changes"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[int] = mapped_column(Integer, index=True)  # no FK: removed stories too
    action: Mapped[str] = mapped_column(String(16))  # "created", "updated", "removed"
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MetaRow(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
