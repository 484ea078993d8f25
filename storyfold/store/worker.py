"""The background fold: place newly ingested articles in stories and re-fold only the
stories whose members changed.

One step (`fold_pending`):
1. take the articles not yet placed (in ingest order, up to `limit`);
2. gather the *window* they can meet: stored articles dated within two clusterer windows
   of them, plus the latest UNDATED_WINDOW undated ones, plus every member of a story one
   of those is in (a story is re-clustered whole or not at all);
3. clean, sentence-split and cluster the window with the library's own stages
   (`clean.clean_article`, `clean.clean_corpus`, `cluster.cluster_articles`, which settles
   the batch at its end): the clusterer state is rebuilt from the stored articles, never
   unpickled;
4. map the new groups onto the stored stories (a group keeps the id of the stored story
   it shares most members with), run the per-story stages (`pipeline.fold_story`) on the
   groups whose members changed, and write everything in one transaction, after checking
   that no other worker wrote a fold meanwhile (else the step is redone).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from storyfold import clean, passages
from storyfold.cluster import WINDOW_DAYS, cluster_articles
from storyfold.pipeline import fold_story
from storyfold.records import Article, Story
from storyfold.sentences import split_sentences
from storyfold.store.db import Store
from storyfold.store.ingest import row_article
from storyfold.store.models import ArticleRow, ChangeRow, MetaRow, StoryEntityRow, StoryRow

log = logging.getLogger("storyfold.worker")

# Articles placed per step: a step re-clusters its window, so bigger steps amortise that.
STEP_ARTICLES = 2000
# Undated articles carry no time to bound the window by: the latest this many meet a new
# arrival (ECB+ dev, 535 undated articles, fits whole, as in one `fold`).
UNDATED_WINDOW = 3000
# Dated articles this many days either side of an arrival's date meet it (the clusterer
# retires stories two windows behind its date).
REACH_DAYS = 2 * WINDOW_DAYS


@dataclass
class FoldResult:
    placed: int = 0
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)


class Conflict(RuntimeError):
    """Another worker wrote a fold while this one computed: the step is redone."""


def fold_pending(store: Store, *, limit: int = STEP_ARTICLES, attempts: int = 5) -> FoldResult:
    """One step of the background fold (see the module docstring); FoldResult().placed is
    0 when nothing was pending."""
    for _ in range(attempts):
        try:
            return _step(store, limit)
        except Conflict:
            continue
    raise RuntimeError("the fold kept meeting concurrent folds; giving up this round")


def fold_all(store: Store) -> FoldResult:
    """Steps until nothing is pending (what `storyfold ingest` runs after storing)."""
    total = FoldResult()
    while True:
        step = fold_pending(store)
        if not step.placed:
            return total
        total.placed += step.placed
        total.created += step.created
        total.updated += step.updated
        total.removed += step.removed


def _step(store: Store, limit: int) -> FoldResult:
    with store.session() as session:
        generation = store.generation(session)
        pending = list(session.scalars(
            select(ArticleRow).where(ArticleRow.placed.is_(False))
            .order_by(ArticleRow.seq).limit(limit)
        ))
        if not pending:
            return FoldResult()
        window = _window(session, pending)
        rows = sorted({r.seq: r for r in [*window, *pending]}.values(), key=lambda r: r.seq)
        old_members: dict[int, set[str]] = defaultdict(set)
        for r in rows:
            if r.story_id is not None:
                old_members[r.story_id].add(r.id)
        articles = [row_article(r) for r in rows]
        groups = _cluster(articles)
        plan = _assign(groups, old_members)
        by_id = {a.id: a for a in articles}
        # One per touched group, in plan order (new stories have no key to index them by).
        folded = [fold_story("story", [by_id[i] for i in members])
                  for _key, members in plan.touched]
        return _write(store, generation, rows, plan, folded)


def _window(session: Session, pending: list[ArticleRow]) -> list[ArticleRow]:
    days = [r.day for r in pending if r.day is not None]
    clauses = []
    if days:
        clauses.append(and_(ArticleRow.day >= min(days) - REACH_DAYS,
                            ArticleRow.day <= max(days) + REACH_DAYS))
    undated_from = session.scalar(
        select(ArticleRow.seq).where(ArticleRow.day.is_(None), ArticleRow.placed.is_(True))
        .order_by(ArticleRow.seq.desc()).offset(UNDATED_WINDOW - 1).limit(1)
    )
    clauses.append(and_(ArticleRow.day.is_(None), ArticleRow.seq >= (undated_from or 0)))
    near = list(session.scalars(
        select(ArticleRow).where(ArticleRow.placed.is_(True), or_(*clauses))
    ))
    stories = {r.story_id for r in near if r.story_id is not None}
    if stories:
        near += session.scalars(select(ArticleRow).where(ArticleRow.story_id.in_(stories)))
    return near


def _cluster(articles: list[Article]) -> list[list[str]]:
    for article in articles:
        clean.clean_article(article)
    clean.clean_corpus(articles)
    for article in articles:
        article.sentences = split_sentences(article.text)
    # Copies sharing a passage join as in `fold` (storyfold.passages).
    return passages.join_shared(articles, cluster_articles(articles))


@dataclass
class _Plan:
    # (stored story id, or None for a new story; member ids) of groups whose members changed
    touched: list[tuple[int | None, list[str]]]
    removed: list[int]


def _assign(groups: list[list[str]], old: dict[int, set[str]]) -> _Plan:
    """Each stored story's id goes to the new group holding most of its members (largest
    overlaps first); a group left without one is a new story, a stored story left without a
    group is removed. Touched: groups whose members differ from their stored story's."""
    where = {i: s for s, ids in old.items() for i in ids}
    overlaps: list[tuple[int, int, int]] = []
    for g, ids in enumerate(groups):
        counts: dict[int, int] = defaultdict(int)
        for i in ids:
            if i in where:
                counts[where[i]] += 1
        overlaps += [(-n, s, g) for s, n in counts.items()]
    overlaps.sort()
    owner: dict[int, int] = {}
    taken: set[int] = set()
    for _, s, g in overlaps:
        if g not in owner and s not in taken:
            owner[g] = s
            taken.add(s)
    plan = _Plan([], sorted(set(old) - taken))
    for g, ids in enumerate(groups):
        key = owner.get(g)
        if key is None or set(ids) != old[key]:
            plan.touched.append((key, ids))
    return plan


def _write(store: Store, generation: int, rows: list[ArticleRow], plan: _Plan,
           folded: list[tuple[Story, list[Article]]]) -> FoldResult:
    now = datetime.now(UTC)
    result = FoldResult(placed=sum(1 for r in rows if not r.placed))
    with store.session() as session, session.begin():
        meta = session.execute(
            select(MetaRow).where(MetaRow.key == "generation").with_for_update()
        ).scalar_one_or_none()
        if (meta.value if meta else 0) != generation:
            raise Conflict
        if meta is None:
            meta = MetaRow(key="generation", value=0)
            session.add(meta)
        meta.value = generation + 1
        revision = meta.value
        seq_of = {r.id: r.seq for r in rows}
        for sid in plan.removed:
            session.execute(update(ArticleRow).where(ArticleRow.story_id == sid)
                            .values(story_id=None))
            session.execute(delete(StoryEntityRow).where(StoryEntityRow.story_id == sid))
            session.execute(delete(StoryRow).where(StoryRow.id == sid))
            session.add(ChangeRow(story_id=sid, action="removed", at=now))
            result.removed.append(sid)
        for (key, _ids), (story, members) in zip(plan.touched, folded, strict=True):
            row = session.get(StoryRow, key) if key is not None else None
            action = "updated"
            if row is None:
                row = StoryRow(first_seen=now)
                _fill_story(row, story, members, now, revision)
                session.add(row)
                session.flush()  # its id, for the story's own record
                action = "created"
            story.id = f"story-{row.id}"
            _fill_story(row, story, members, now, revision)
            (result.created if action == "created" else result.updated).append(row.id)
            session.execute(delete(StoryEntityRow).where(StoryEntityRow.story_id == row.id))
            names: dict[str, str] = {}
            for entity in story.entities:
                names.setdefault(entity.name[:512], entity.type)
            session.add_all(StoryEntityRow(story_id=row.id, name=n, type=t)
                            for n, t in names.items())
            session.add(ChangeRow(story_id=row.id, action=action, at=now))
            for article in members:
                session.execute(update(ArticleRow).where(ArticleRow.seq == seq_of[article.id])
                                .values(story_id=row.id, placed=True,
                                        folded=_article_record(article)))
    return result


def _fill_story(row: StoryRow, story: Story, members: list[Article], now: datetime,
                revision: int) -> None:
    dates = sorted(a.published for a in members if a.published)
    sites = sorted({a.site for a in members if a.site})
    row.title = story.title
    row.size = len(members)
    row.sites = " " + " ".join(sites) + " " if sites else ""
    words = [story.title or ""] + [e.name for e in story.entities]
    words += [v.form for e in story.entities for v in e.variants]
    row.search = " ".join(words).lower()
    row.first_published = dates[0] if dates else None
    row.last_published = dates[-1] if dates else None
    row.updated_at = now
    row.revision = revision
    row.data = story.to_dict()


def _article_record(article: Article) -> dict[str, Any]:
    record = article.to_dict()
    record.pop("raw", None)  # kept once, in its own column
    return record


class Worker:
    """A daemon thread running `fold_pending` whenever `notify` is called, and every
    `poll` seconds anyway (another process may have ingested into the same store)."""

    def __init__(self, store: Store, *, poll: float = 2.0) -> None:
        self.store = store
        self.poll = poll
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="storyfold-worker", daemon=True)
        self.idle = threading.Event()

    def start(self) -> None:
        self._thread.start()

    def notify(self) -> None:
        self.idle.clear()
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=60)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                while not self._stop.is_set() and fold_pending(self.store).placed:
                    pass
            except Exception:  # a failed step is retried on the next wake; the log says why
                log.exception("fold step failed")
            self.idle.set()
            self._wake.wait(self.poll)
