"""The story store: opening, joining, leaving, merging and dropping stories, and the
move log (`moved`) that `StoryClusterer.moves` reports."""

from __future__ import annotations

from operator import sub
from typing import TYPE_CHECKING

from storyfold.cluster.index import index_keys, unindex_story
from storyfold.cluster.model import _Doc, _Story
from storyfold.cluster.scoring import _ZEROS, _add_into, _dot, _padd

if TYPE_CHECKING:
    from storyfold.cluster.clusterer import StoryClusterer


# A centroid entry this small after a member left is float residue of x - x: dropped, so a
# story's vectors hold only its members' features (and `sim` sees no phantom overlap).
ZERO = 1e-9


def new_move_log(sc: StoryClusterer) -> None:
    """Start the move log afresh (an arrival or a settle begins): `moves` then reports
    what changes from here on."""
    sc._moved.clear()
    sc._moved_gone.clear()


def live_stories(sc: StoryClusterer) -> list[_Story]:
    """The live stories, in the order they were opened."""
    return list(sc._stories.values())


def story(sc: StoryClusterer, story_id: int) -> _Story | None:
    """The live story of that id (None once it merged away, emptied or retired)."""
    return sc._stories.get(story_id)


def held_docs(sc: StoryClusterer) -> list[_Doc]:
    """The articles held in live stories, story by story, each in member order."""
    return [d for s in sc._stories.values() for d in s.members]


def find_doc(sc: StoryClusterer, article_id: str) -> _Doc:
    """The held article of that id (KeyError when it is not held)."""
    for d in held_docs(sc):
        if d.id == article_id:
            return d
    raise KeyError(article_id)


def retired_groups(sc: StoryClusterer) -> list[list[tuple[int, str]]]:
    """(arrival number, id) of each retired story's members (a copy; empty with
    `keep_retired=False`)."""
    return [list(g) for g in sc._retired]


def open_story(sc: StoryClusterer, doc: _Doc) -> _Story:
    story = _Story(id=sc._next_story)
    sc._next_story += 1
    sc._stories[story.id] = story
    attach(sc, doc, story)
    return story


def attach(sc: StoryClusterer, doc: _Doc, story: _Story) -> None:
    for c in range(3):
        v = doc.vecs[c]
        s = story.sums[c]
        d = _dot(v, s)
        story.norms2[c] += 2.0 * d + (1.0 if v else 0.0)
        story.counts[c] += 1 if v else 0
        _add_into(s, v)
    for o, x in doc.prof.items():
        _padd(story, o, x)
    story.members.append(doc)
    sc._moved.setdefault(doc, doc.story)
    doc.story = story.id
    if doc.order > story.newest:
        story.newest = doc.order
    if not story.oldest or doc.order < story.oldest:
        story.oldest = doc.order
    if doc.day is not None:
        story.first = doc.day if story.first is None else min(story.first, doc.day)
        story.last = doc.day if story.last is None else max(story.last, doc.day)
    if doc.age is not None:
        age = doc.age
        story.aged_first = age if story.aged_first is None else min(story.aged_first, age)
        story.aged_last = age if story.aged_last is None else max(story.aged_last, age)
    index_keys(sc, story, doc.keys)


def detach(sc: StoryClusterer, doc: _Doc, story: _Story) -> None:
    unsum(sc, doc, story)
    story.members.remove(doc)
    sc._moved.setdefault(doc, doc.story)
    doc.story = -1
    if not story.members:
        drop(sc, story)
    # Index entries of a departed member stay: a superset of postings only costs a
    # wasted candidate, and keeps detaching O(|article|).


def unsum(sc: StoryClusterer, doc: _Doc, story: _Story) -> None:
    """Take `doc` out of `story`'s centroid sums, norms, counts and profile sum."""
    for c in range(3):
        v = doc.vecs[c]
        s = story.sums[c]
        d = _dot(v, s)
        story.norms2[c] = max(0.0, story.norms2[c] - 2.0 * d + (1.0 if v else 0.0))
        story.counts[c] -= 1 if v else 0
        # s[k] -= x in C; entries left at (about) zero are then dropped (positions of
        # the kept entries do not move, so the centroid's order is as before).
        left = list(map(sub, map(s.get, v, _ZEROS), v.values()))
        s.update(zip(v, left, strict=True))
        if min(left, default=1.0) <= ZERO:
            for k, x in zip(v, left, strict=True):
                if x <= ZERO:
                    del s[k]
    for o, x in doc.prof.items():
        _padd(story, o, -x)


def drop(sc: StoryClusterer, story: _Story) -> None:
    unindex_story(sc, story)
    story.alive = False
    sc._stories.pop(story.id, None)
    if story.gone:
        # Its last live member moved to another story: the peeled members stay a story
        # of their own in the result (they were never judged to belong elsewhere).
        sc._retired.append(story.gone)
        story.gone = []


def merge(sc: StoryClusterer, keep: _Story, gone: _Story) -> _Story:
    if len(gone.members) > len(keep.members):
        keep, gone = gone, keep
    for doc in list(gone.members):
        attach(sc, doc, keep)
    gone.members.clear()
    if gone.gone:
        for _, article_id in gone.gone:  # reported by `moves`, like the live members
            sc._moved_gone[article_id] = keep.id
        # Peeled ids follow the merged story; the longer list is kept and the shorter
        # appended (each id is copied O(log n) times over any sequence of merges).
        if len(gone.gone) > len(keep.gone):
            keep.gone, gone.gone = gone.gone, keep.gone
        keep.gone.extend(gone.gone)
        gone.gone = []
    drop(sc, gone)
    return keep
