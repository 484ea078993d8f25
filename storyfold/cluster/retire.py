"""Retirement and the clock: the stream's date, the horizons, retiring stories and peeling
aged-out members from stories still being fed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyfold.cluster import store
from storyfold.cluster.index import unindex_doc
from storyfold.cluster.model import _Doc, _Story

if TYPE_CHECKING:
    from storyfold.cluster.clusterer import StoryClusterer


def today(sc: StoryClusterer) -> int | None:
    """The stream's date (see CLOCK_SPAN): None before any dated arrival."""
    return sc._today


def arrivals(sc: StoryClusterer) -> int:
    """Articles placed so far (the arrival number of the latest one)."""
    return sc._order


def advance(sc: StoryClusterer, day: int) -> None:
    """Move the stream's date on for a dated arrival, and retire what falls behind it.

    The date follows the newest arrival, except that a jump of more than a window waits
    for a second article that makes it (one typo dated years ahead retires nothing)."""
    sc._recent_days.append(day)
    now = sc._today
    jump = now is not None and day > now + sc.window_days
    new = sorted(sc._recent_days)[-2] if jump else day  # a jump, once two articles make it
    if now is None or new > now:
        sc._today = new
        retire_old(sc)


def horizons(sc: StoryClusterer) -> tuple[int | None, int | None]:
    """(day, arrival number) before which an article is out of the window: two
    windows behind the stream's date (see CLOCK_SPAN), `idle_arrivals` behind the
    latest arrival."""
    today = sc._today
    day = None if today is None else today - 2 * sc.window_days
    order = sc._order - sc.idle_arrivals if sc.idle_arrivals else None
    return day, order


def retire_old(sc: StoryClusterer) -> None:
    """Move stories that ended more than a window ago out of memory and the index, and
    peel the members that did from stories still being fed (run when the stream's date
    advances: a scan of the live stories, plus the members of those it peels)."""
    horizon = horizons(sc)[0]
    if horizon is None:
        return
    for story in list(sc._stories.values()):
        if story.aged_last is not None and story.aged_last < horizon:
            retire(sc, story)
        elif story.aged_first is not None and story.aged_first < horizon:
            peel(sc, story)
    release_stops(sc)


def retire_idle(sc: StoryClusterer) -> None:
    """Retire stories whose latest member arrived more than `idle_arrivals` arrivals
    ago, and peel the members that did from stories still being fed (run every
    `idle_arrivals // 4` arrivals: a scan of the live stories, which are at most about
    1.25 x `idle_arrivals`, plus the members of those it peels, themselves at most the
    held articles; so O(1) per arrival amortised)."""
    horizon = horizons(sc)[1]
    assert horizon is not None
    for story in list(sc._stories.values()):
        if story.newest < horizon:
            retire(sc, story)
        elif story.oldest < horizon:
            peel(sc, story)
    release_stops(sc)


def release_stops(sc: StoryClusterer) -> None:
    """Index stop-features again once they were stopped longer ago than the horizons
    (a scan of the stop-features, run with the retirement scans). A feature still
    common fills its posting list and stops again, so no list outgrows MAX_POSTINGS."""
    day_h, order_h = horizons(sc)
    stale = [
        k
        for k, (order, day) in sc._stop.items()
        if (order_h is not None and order < order_h)
        or (day_h is not None and day is not None and day < day_h)
    ]
    for k in stale:
        del sc._stop[k]


def retire(sc: StoryClusterer, story: _Story) -> None:
    """Move a story out of memory, both indexes and the document frequencies (its ids,
    peeled ones included, stay in the result as one group)."""
    group = story.gone
    story.gone = []
    group.extend((d.order, d.id) for d in story.members)
    if sc.keep_retired:
        sc._retired.append(group)
    for d in story.members:
        release(sc, d)
    story.members.clear()
    store.drop(sc, story)


def release(sc: StoryClusterer, doc: _Doc) -> None:
    """Take a departing article out of the article-level index and the document
    frequencies. Its entries in other articles' neighbour profiles (and so in their
    stories' profile sums) stay: they are keyed by arrival number, hold no reference
    to it, and are dropped as those articles go."""
    unindex_doc(sc, doc)
    if doc.counted is not None:
        sc.df.forget(doc.counted)
        doc.counted = None


def peel(sc: StoryClusterer, story: _Story) -> None:
    """Retire the members of a live story that are out of the window, the rest staying.

    A member leaves at the horizons whole stories retire at (`_horizons`): its date two
    windows behind the newest date, or its arrival `idle_arrivals` behind the latest.
    So a story retires as a whole exactly when every member has aged out, and a story
    fed for months holds what a story of its recent members alone would. Leaving
    releases what the member held (its share of the centroid and profile sum, its
    index entries and document frequencies); its id stays with the story (`gone`).
    Refinement then sees only the live members: the story's centroid follows its
    recent coverage."""
    day_h, order_h = horizons(sc)
    live: list[_Doc] = []
    old: list[_Doc] = []
    for d in story.members:
        aged = (day_h is not None and d.age is not None and d.age < day_h) or (
            order_h is not None and d.order < order_h
        )
        (old if aged else live).append(d)
    if not live:
        retire(sc, story)
        return
    if old:
        for d in old:
            store.unsum(sc, d, story)
            release(sc, d)
            if sc.keep_retired:
                story.gone.append((d.order, d.id))
            d.story = -1
        story.members = live
        # The story index keeps only what live members need: postings of features no
        # live member has any more would otherwise grow with the story's whole past.
        keep = {k for d in live for k in d.keys}
        for k in story.indexed - keep:
            posting = sc._index.get(k)
            if posting is not None:
                posting.discard(story.id)
                if not posting:
                    del sc._index[k]
        story.indexed &= keep
        # Re-check for splits when the live story has doubled again.
        story.checked_size = min(story.checked_size, len(live))
        # Extents of the live members: the window test follows the story's recent
        # coverage, and the next peel comes when its oldest live member ages out.
        # (Left alone when nothing aged out, e.g. extents only stale because a member
        # moved away, so a stream where nothing ages is placed exactly as before; such
        # a story is re-scanned at each scan, at the cost of its members.)
        days = [d.day for d in live if d.day is not None]
        story.first = min(days) if days else None
        story.last = max(days) if days else None
        ages = [d.age for d in live if d.age is not None]
        story.aged_first = min(ages) if ages else None
        story.aged_last = max(ages) if ages else None
        story.oldest = min(d.order for d in live)
