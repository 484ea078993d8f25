"""The story index: posting lists from salient features to stories, stop-features, and
the candidate stories of an arrival."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from storyfold.cluster.config import MAX_CANDIDATES, MAX_POSTINGS
from storyfold.cluster.model import _Doc, _Story
from storyfold.cluster.scoring import _ZEROS, _second, _vote_weight, sim_doc

if TYPE_CHECKING:
    from storyfold.cluster.clusterer import StoryClusterer


def stop_features(sc: StoryClusterer) -> set[str]:
    """The features stopped now (see `index_keys`): neither queried nor extended."""
    return set(sc._stop)


def posting(sc: StoryClusterer, key: str) -> set[int]:
    """Ids of the stories indexed under `key` (a copy; empty for a stop-feature)."""
    return set(sc._index.get(key, ()))


def indexed_docs(sc: StoryClusterer) -> list[_Doc]:
    """Every article named in the article-level index (the neighbour channel's), once."""
    seen: dict[int, _Doc] = {}
    for docs in sc._doc_index.values():
        for d in docs:
            seen.setdefault(id(d), d)
    return list(seen.values())


def unindex_doc(sc: StoryClusterer, doc: _Doc) -> None:
    index = sc._doc_index
    for k in doc.keys:
        posting = index.get(k)
        if posting is not None and doc in posting:
            posting.remove(doc)
            if not posting:
                del index[k]


def unindex_story(sc: StoryClusterer, story: _Story) -> None:
    """Take `story` out of every posting it is in (it is dropped, or re-weighed)."""
    index = sc._index
    for k in story.indexed:
        posting = index.get(k)
        if posting is not None:
            posting.discard(story.id)
            if not posting:
                del index[k]
    story.indexed = set()


def in_window(sc: StoryClusterer, day: int | None, story: _Story) -> bool:
    if day is None or story.first is None or story.last is None:
        return True
    return story.first - sc.window_days <= day <= story.last + sc.window_days


def candidate_ids(
    sc: StoryClusterer, keys: Iterable[str], day: int | None, skip: int = -1
) -> list[int]:
    votes: dict[int, float] = {}
    get = votes.get
    index = sc._index
    for rank, k in enumerate(keys):
        posting = index.get(k)
        if not posting:  # (a stop-feature has no posting: `_index_keys` deletes it)
            continue
        # votes[sid] += w for every story in the posting, as one C-level dict.update
        # (a posting holds each story once, so reading all before writing is the same
        # as the per-story loop, in the same order and with the same float sums).
        w = _vote_weight(rank).__add__
        votes.update(zip(posting, map(w, map(get, posting, _ZEROS)), strict=True))
    votes.pop(skip, None)
    # sorted()[:n] is what heapq.nlargest is documented to equal (ties keep insertion
    # order) and, sorting in C with a C key, cheaper at these sizes.
    best = sorted(votes.items(), key=_second, reverse=True)[: MAX_CANDIDATES * 2]
    out: list[int] = []
    for sid, _ in best:
        story = sc._stories.get(sid)
        if story is not None and in_window(sc, day, story):
            out.append(sid)
            if len(out) >= MAX_CANDIDATES:
                break
    return out


def candidates(sc: StoryClusterer, doc: _Doc, skip: int = -1) -> list[tuple[float, int]]:
    """(similarity, story id) of candidate stories, best first."""
    scored = [
        (sim_doc(sc, doc, sc._stories[sid]), sid)
        for sid in candidate_ids(sc, doc.keys, doc.day, skip)
    ]
    scored.sort(reverse=True)
    return scored


def index_keys(sc: StoryClusterer, story: _Story, keys: Iterable[str]) -> None:
    index = sc._index
    stop = sc._stop
    for k in keys:
        if k in stop or k in story.indexed:
            continue
        posting = index.get(k)
        if posting is None:
            posting = index[k] = set()
        elif len(posting) >= MAX_POSTINGS:
            stop[k] = (sc._order, sc._today)
            del index[k]
            continue
        posting.add(story.id)
        story.indexed.add(k)
