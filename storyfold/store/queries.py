"""Read queries behind the JSON API and the pages: the story list (filters, sorts, keyset
paging), entities, sources (sites) and the change log. Plain dicts out, so a page and its
JSON twin show the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, distinct, func, or_, select
from sqlalchemy.orm import Session

from storyfold.store.models import ArticleRow, ChangeRow, StoryEntityRow, StoryRow

PAGE = 50
CHANGES_PAGE = 500
# Sorts of the story list: name -> (column, descending). Ties and paging go by id.
SORTS: dict[str, tuple[Any, bool]] = {
    "new": (StoryRow.id, True),  # newest story first (the default)
    "old": (StoryRow.id, False),
    "size": (StoryRow.size, True),
    "latest": (func.coalesce(StoryRow.last_published, ""), True),  # latest article date
    "earliest": (func.coalesce(StoryRow.first_published, ""), False),
    "updated": (StoryRow.revision, True),  # most recently re-folded
}


class BadCursor(ValueError):
    """A paging cursor this sort did not hand out."""


@dataclass
class StoryFilter:
    """What the story list shows: a search, filters on entity, site, size and dates (a
    story is kept when its articles' dates overlap [since, until]; ISO dates compare as
    text), and a sort."""

    q: str | None = None
    entity: str | None = None
    site: str | None = None
    min_size: int = 1
    max_size: int | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "new"

    def conditions(self) -> list[ColumnElement[bool]]:
        conds: list[ColumnElement[bool]] = [StoryRow.size >= self.min_size]
        if self.max_size is not None:
            conds.append(StoryRow.size <= self.max_size)
        if self.q:
            conds.append(StoryRow.search.contains(self.q.lower(), autoescape=True))
        if self.site:
            conds.append(StoryRow.sites.contains(f" {self.site} ", autoescape=True))
        if self.entity:
            conds.append(StoryRow.id.in_(select(StoryEntityRow.story_id)
                                         .where(StoryEntityRow.name == self.entity)))
        if self.since:
            conds.append(StoryRow.last_published >= self.since)
        if self.until:
            # "~" sorts after every character of an ISO date, so "2024-05-01" keeps
            # "2024-05-01T10:00".
            conds.append(StoryRow.first_published <= self.until + "~")
        return conds


def story_list(session: Session, f: StoryFilter, after: str | None = None,
               limit: int = PAGE) -> dict[str, Any]:
    """One page of the story list; `next` is the cursor of the following page (None at the
    end). The cursor is the last row's sort value and id, so paging is keyset, not offset."""
    column, desc = SORTS[f.sort]
    conds = f.conditions()
    total = session.scalar(select(func.count(StoryRow.id)).where(*conds)) or 0
    if after is not None:
        conds.append(_after(f.sort, column, desc, after))
    order = [column.desc(), StoryRow.id.desc()] if desc else [column.asc(), StoryRow.id.asc()]
    if column is StoryRow.id:
        order = order[:1]
    rows = session.execute(
        select(StoryRow.id, StoryRow.title, StoryRow.size, StoryRow.first_published,
               StoryRow.last_published, StoryRow.revision, column.label("key"))
        .where(*conds).order_by(*order).limit(limit)).all()
    stories = [{"id": r.id, "title": r.title, "size": r.size,
                "first_published": r.first_published, "last_published": r.last_published}
               for r in rows]
    nxt = None
    if len(rows) == limit:
        last = rows[-1]
        nxt = str(last.id) if column is StoryRow.id else f"{last.key}~{last.id}"
    return {"total": total, "sort": f.sort, "stories": stories, "next": nxt}


def _after(sort: str, column: Any, desc: bool, cursor: str) -> ColumnElement[bool]:
    if column is StoryRow.id:
        if not _small_int(cursor):
            raise BadCursor(cursor)
        last_id = int(cursor)
        return StoryRow.id < last_id if desc else StoryRow.id > last_id
    value, sep, last = cursor.rpartition("~")
    if not sep or not _small_int(last):
        raise BadCursor(cursor)
    key: Any = value
    if sort in ("size", "updated"):
        if not _small_int(value):
            raise BadCursor(cursor)
        key = int(value)
    last_id = int(last)
    if desc:
        return or_(column < key, and_(column == key, StoryRow.id < last_id))
    return or_(column > key, and_(column == key, StoryRow.id > last_id))


def _small_int(text: str) -> bool:
    # ASCII digits only ("²".isdigit() is true) and within a 32-bit column.
    return text.isascii() and text.isdigit() and int(text) <= 2**31 - 1


def entities(session: Session, q: str | None, page: int, limit: int = PAGE
             ) -> dict[str, Any]:
    """Entities by how many stories name them (most first), optionally those whose name
    holds `q`; `page` counts from 1."""
    stories = func.count(StoryEntityRow.story_id).label("stories")
    query = select(StoryEntityRow.name, func.min(StoryEntityRow.type).label("type"), stories)
    count = select(func.count(distinct(StoryEntityRow.name)))
    if q:
        cond = func.lower(StoryEntityRow.name).contains(q.lower(), autoescape=True)
        query, count = query.where(cond), count.where(cond)
    rows = session.execute(query.group_by(StoryEntityRow.name)
                           .order_by(stories.desc(), StoryEntityRow.name)
                           .offset((page - 1) * limit).limit(limit)).all()
    total = session.scalar(count) or 0
    return {"total": total, "page": page,
            "entities": [{"name": r.name, "type": r.type, "stories": r.stories} for r in rows],
            "next": page + 1 if page * limit < total else None}


def entity(session: Session, name: str, limit: int = 200) -> dict[str, Any] | None:
    """One entity: its type, the spellings stories saw (with whether they look garbled),
    and the stories naming it (newest first)."""
    rows = session.execute(
        select(StoryRow.id, StoryRow.title, StoryRow.size, StoryRow.last_published,
               StoryRow.data, StoryEntityRow.type)
        .join(StoryEntityRow, StoryEntityRow.story_id == StoryRow.id)
        .where(StoryEntityRow.name == name).order_by(StoryRow.id.desc()).limit(limit)).all()
    if not rows:
        return None
    total = session.scalar(select(func.count(StoryEntityRow.story_id))
                           .where(StoryEntityRow.name == name)) or 0
    variants: dict[str, dict[str, Any]] = {}
    for r in rows:
        for e in r.data.get("entities", []):
            if e.get("name", "")[:512] != name:
                continue
            for v in e.get("variants", []):
                seen = variants.setdefault(v["form"], {"form": v["form"], "articles": 0,
                                                       "garbled": False, "why": v.get("why")})
                seen["articles"] += len(v.get("articles", []))
                seen["garbled"] = seen["garbled"] or bool(v.get("garbled"))
    return {"name": name, "type": rows[0].type, "total": total,
            "variants": sorted(variants.values(), key=lambda v: (-v["articles"], v["form"])),
            "stories": [{"id": r.id, "title": r.title, "size": r.size,
                         "last_published": r.last_published} for r in rows]}


def sources(session: Session, q: str | None, page: int, limit: int = PAGE) -> dict[str, Any]:
    """Sites by how many articles they sent (most first), with how many stories those are in."""
    n = func.count(ArticleRow.seq).label("articles")
    query = (select(ArticleRow.site, n,
                    func.count(distinct(ArticleRow.story_id)).label("stories"),
                    func.min(ArticleRow.published).label("first"),
                    func.max(ArticleRow.published).label("latest"))
             .where(ArticleRow.site.is_not(None)))
    count = select(func.count(distinct(ArticleRow.site))).where(ArticleRow.site.is_not(None))
    if q:
        cond = func.lower(ArticleRow.site).contains(q.lower(), autoescape=True)
        query, count = query.where(cond), count.where(cond)
    rows = session.execute(query.group_by(ArticleRow.site).order_by(n.desc(), ArticleRow.site)
                           .offset((page - 1) * limit).limit(limit)).all()
    total = session.scalar(count) or 0
    return {"total": total, "page": page,
            "sources": [{"site": r.site, "articles": r.articles, "stories": r.stories,
                         "first_published": r.first, "last_published": r.latest}
                        for r in rows],
            "next": page + 1 if page * limit < total else None}


def source(session: Session, site: str, limit: int = 200) -> dict[str, Any] | None:
    """One site: its articles (newest first), each with its story and how provenance
    placed it (source, copy, rewrite...), and counts of those relations."""
    rows = session.execute(
        select(ArticleRow.id, ArticleRow.title, ArticleRow.published, ArticleRow.story_id,
               ArticleRow.folded)
        .where(ArticleRow.site == site).order_by(ArticleRow.seq.desc()).limit(limit)).all()
    if not rows:
        return None
    total = session.scalar(select(func.count(ArticleRow.seq)).where(ArticleRow.site == site))
    titles = dict(session.execute(
        select(StoryRow.id, StoryRow.title)
        .where(StoryRow.id.in_({r.story_id for r in rows if r.story_id is not None}))).all())
    relations: dict[str, int] = {}
    articles = []
    for r in rows:
        relation = (r.folded or {}).get("relation")
        relations[relation or "unplaced"] = relations.get(relation or "unplaced", 0) + 1
        articles.append({"id": r.id, "title": r.title or (r.folded or {}).get("title"),
                         "published": r.published, "story_id": r.story_id,
                         "story_title": titles.get(r.story_id), "relation": relation,
                         "fidelity": (r.folded or {}).get("fidelity")})
    return {"site": site, "total": total, "relations": relations, "articles": articles}


def parse_since(since: str | None) -> tuple[int | None, datetime | None]:
    """A changes cursor: a sequence number a previous answer gave as `next`, or an ISO
    8601 time (changes at or after it). ValueError when it is neither."""
    if since is None or since == "":
        return 0, None
    if since.isascii() and since.isdigit():
        if int(since) > 2**31 - 1:  # the column is a 32-bit integer on PostgreSQL
            raise ValueError("cursor out of range")
        return int(since), None
    when = datetime.fromisoformat(since.replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError("a time needs its offset (Z or +HH:MM)")
    return None, when.astimezone(UTC)  # stored times are UTC


def changes(session: Session, since: str | None, limit: int = CHANGES_PAGE) -> dict[str, Any]:
    """Story changes after the cursor `since` (oldest first): created, updated, removed,
    with the story's title and size as they are now; `next` is the cursor to ask with next
    time (the same one when nothing changed)."""
    seq, when = parse_since(since)
    query = select(ChangeRow.seq, ChangeRow.story_id, ChangeRow.action, ChangeRow.at,
                   StoryRow.title, StoryRow.size).outerjoin(StoryRow,
                                                            StoryRow.id == ChangeRow.story_id)
    if seq is not None:
        query = query.where(ChangeRow.seq > seq)
    if when is not None:
        query = query.where(ChangeRow.at >= when)
    rows = session.execute(query.order_by(ChangeRow.seq).limit(limit)).all()
    if rows:
        nxt = rows[-1].seq
    elif seq is not None:
        nxt = seq
    else:
        nxt = session.scalar(select(func.max(ChangeRow.seq))) or 0
    return {"changes": [{"seq": r.seq, "story_id": r.story_id, "action": r.action,
                         "at": _iso(r.at), "title": r.title if r.action != "removed" else None,
                         "size": r.size if r.action != "removed" else None} for r in rows],
            "next": str(nxt), "more": len(rows) == limit}


def _iso(at: datetime) -> str:
    # SQLite gives back naive datetimes (stored as UTC); PostgreSQL aware ones.
    return at.isoformat() if at.tzinfo else at.isoformat() + "+00:00"
