"""Refinement: merge near misses, split stories that grew (leave-one-out re-placement and
a spectral bisection), settle a batch, re-weigh a stream at a read point."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from storyfold.cluster import index, neighbours, scoring, store
from storyfold.cluster.config import (
    ALWAYS_BISECT,
    DOC_POSTINGS,
    MERGE_CANDIDATES,
    REWEIGH,
    SETTLE_MERGE_MIN,
    SETTLE_NEIGHBOURS,
    SETTLE_ROUNDS,
    SNN_WEIGHT,
    SPLIT_GROWTH,
    SPLIT_MAX_MEMBERS,
)
from storyfold.cluster.model import _Doc, _Story
from storyfold.cluster.scoring import _add_into, _dot, _set_profile, _shadow, expected_cosine

if TYPE_CHECKING:
    from storyfold.cluster.clusterer import StoryClusterer


def refine(sc: StoryClusterer, story: _Story, scored: list[tuple[float, int]]) -> None:
    # Merge: the story the article touched against the stories it nearly joined.
    # Only near misses are checked (the article scored at least 3/4 of the bar to join
    # them): a story-to-story comparison costs as much as scoring many articles.
    for sim, sid in scored[:MERGE_CANDIDATES]:
        other = sc._stories.get(sid)
        if other is None or other is story or not story.alive:
            continue
        if sim < 0.75 * scoring.bar(sc, sc.threshold, 1, sid):
            continue
        bar = scoring.bar(sc, sc.merge_threshold, len(story.members), other.id)
        if scoring.sim_stories(sc, story, other) >= bar:
            story = store.merge(sc, story, other)
    # Split: amortised, each time the story has grown by SPLIT_GROWTH.
    if story.alive and len(story.members) >= max(3, story.checked_size * SPLIT_GROWTH):
        story.checked_size = len(story.members)
        recheck(sc, story)


def recheck(sc: StoryClusterer, story: _Story) -> None:
    # Leave-one-out: members that fit the rest of the story worse than another story.
    cohesive = True
    for doc in list(story.members):
        if len(story.members) < 2 or not story.alive:
            break
        own = scoring.sim_doc(sc, doc, story, exclude=True)
        if own < scoring.bar(sc, sc.merge_threshold, 1, story.id, exclude=True):
            cohesive = False
        else:
            continue  # fits the rest as well as merging stories must: it stays
        own_bar = scoring.bar(sc, sc.threshold, 1, story.id, exclude=True)
        # A member below the merge bar is offered its best other story even when it
        # still clears the attach bar: an article that joined early, before the story
        # of its own incident existed, fits that story better once it has grown.
        if not reassign(sc, doc, story, own, own_bar) and own < 0.5 * sc.threshold:
            store.detach(sc, doc, story)
            store.open_story(sc, doc)
    # The bisection runs whether or not every member fits the rest: near-copies vouch
    # for each other (each member of two glued stories fits the rest well through its
    # own copies), so "every member fits" cannot tell one story from two glued ones.
    # The split bar decides. (Only below SPLIT_MAX_MEMBERS: a cost bound.)
    if (ALWAYS_BISECT or not cohesive) and story.alive and (
        6 <= len(story.members) <= SPLIT_MAX_MEMBERS
    ):
        bisect(sc, story)


def reassign(sc: StoryClusterer, doc: _Doc, story: _Story, own: float, own_bar: float) -> bool:
    """Move `doc` to the story it fits best, if that is not its own. Fit is similarity
    over the bar for the story's size, so a small and a big story compare fairly."""
    scored = index.candidates(sc, doc, skip=story.id)
    if not scored:
        return False
    best, sid = scored[0]
    bar = scoring.bar(sc, sc.threshold, 1, sid)
    if best < bar or best * own_bar <= own * bar:
        return False
    store.detach(sc, doc, story)
    store.attach(sc, doc, sc._stories[sid])
    return True


def settle(sc: StoryClusterer, rounds: int = SETTLE_ROUNDS) -> int:
    """Re-place every held article where it fits best (a k-means style pass over live
    stories, at the cost of scoring each article once a round), round after round
    until nothing moves or `rounds` is reached. For batch use, after the last arrival;
    returns how many articles moved. With the neighbour channel, neighbour lists are
    first recomputed over all held articles: each streaming list saw only the past of
    its article and a bounded sample of it, and the batch is now whole."""
    if REWEIGH:
        reweigh(sc)
    # A stream leaves the neighbour channel off between read points (it did not pay
    # for its cost there); a read point is a batch of the held articles, where it does.
    borrowed = SETTLE_NEIGHBOURS and not sc.snn_weight and not sc._preset
    if borrowed:
        sc.snn_weight = SNN_WEIGHT
        for s in sc._stories.values():
            for d in s.members:
                scoring.fill_flat(sc, d)
    if sc.snn_weight and not sc._preset:
        neighbours.refresh_profiles(sc)
    store.new_move_log(sc)
    try:
        merge_settled(sc)
        return settle_rounds(sc, rounds)
    finally:
        if borrowed:
            sc.snn_weight = 0.0
            for s in sc._stories.values():
                s.psum = {}
                s.pnorm2 = 0.0
                for d in s.members:
                    scoring.fill_flat(sc, d)
                    _set_profile(d, {d.order: 1.0})


def merge_settled(sc: StoryClusterer) -> int:
    """Join stories of SETTLE_MERGE_MIN members or more whose centroids clear the attach
    bar for their sizes (see SETTLE_MERGE_MIN); biggest first. Returns how many merged."""
    merged = 0
    big = [s for s in sc._stories.values() if len(s.members) >= SETTLE_MERGE_MIN]
    big.sort(key=lambda s: len(s.members), reverse=True)
    for story in big:
        if not story.alive:
            continue
        keys = list(dict.fromkeys(k for d in story.members for k in d.keys))
        for sid in index.candidate_ids(sc, keys, story.members[0].day, skip=story.id):
            other = sc._stories.get(sid)
            if other is None or other is story or len(other.members) < SETTLE_MERGE_MIN:
                continue
            bar = scoring.bar(sc, sc.threshold, len(story.members), other.id)
            if scoring.sim_stories(sc, story, other) >= bar:
                story = store.merge(sc, story, other)
                merged += 1
    return merged


def settle_rounds(sc: StoryClusterer, rounds: int) -> int:
    moved = 0
    for _ in range(rounds):
        moved_now = 0
        for story in list(sc._stories.values()):
            for doc in list(story.members):
                if not story.alive:
                    break
                if len(story.members) < 2:
                    # A lone article joins the story it now fits, if any: it may
                    # have arrived before that story had grown to its bar.
                    moved_now += reassign(sc, doc, story, 0.0, 1.0)
                    break
                own = scoring.sim_doc(sc, doc, story, exclude=True)
                own_bar = scoring.bar(sc, sc.threshold, 1, story.id, exclude=True)
                moved_now += reassign(sc, doc, story, own, own_bar)
        moved += moved_now
        if not moved_now:
            break
    return moved


def reweigh(sc: StoryClusterer) -> None:
    """Weigh every held article again with the document frequencies as they are now,
    and rebuild the stories' centroids and the story index from the new vectors.

    In a stream each article was weighed with the frequencies of its arrival: the
    first ones against a handful of documents, where every word is rare, so early
    vectors over-weigh common words and the stories built from them carry that to
    every read point. A batch primes the frequencies with the whole batch and has
    nothing to redo (its articles keep no counts). O(held articles), as `settle`."""
    docs = [d for s in sc._stories.values() for d in s.members]
    if not docs or any(d.tf is None or d.counted is None for d in docs):
        return
    for d in docs:
        assert d.tf is not None and d.counted is not None
        a, b = len(d.tf[0]), len(d.tf[1])
        keys = d.counted
        channels = [(keys[:a], d.tf[0]), (keys[a : a + b], d.tf[1]), (keys[a + b :], d.tf[2])]
        if sc.snn_weight:
            index.unindex_doc(sc, d)
        d.vecs, d.keys = scoring.vectors(sc, channels)
        scoring.fill_flat(sc, d)
    for story in sc._stories.values():
        index.unindex_story(sc, story)
        story.sums = ({}, {}, {})
        story.norms2 = [0.0, 0.0, 0.0]
        story.counts = [0, 0, 0]
        for d in story.members:
            for c in range(3):
                v = d.vecs[c]
                sums = story.sums[c]
                story.norms2[c] += 2.0 * _dot(v, sums) + (1.0 if v else 0.0)
                story.counts[c] += 1 if v else 0
                _add_into(sums, v)
            index.index_keys(sc, story, d.keys)
    if sc.snn_weight:
        for d in sorted(docs, key=lambda d: d.order):
            for k in d.keys:
                if k in sc._stop:
                    continue
                docs_of = sc._doc_index.setdefault(k, [])
                docs_of.append(d)
                if len(docs_of) > DOC_POSTINGS:
                    del docs_of[0]


def bisect(sc: StoryClusterer, story: _Story) -> None:
    """Split `story` in two when its best halves are less alike than the split bar
    asks (two incidents of one kind glued by a bridging article)."""
    halves = best_halves(sc, story)
    if halves is None or split_ratio(sc, halves) >= 1.0:
        return
    smaller = min(halves[0][0], halves[1][0], key=len)
    for d in smaller:
        store.detach(sc, d, story)
    new = store.open_story(sc, smaller[0])
    for d in smaller[1:]:
        store.attach(sc, d, new)


def best_halves(
    sc: StoryClusterer, story: _Story
) -> tuple[tuple[list[_Doc], _Story], tuple[list[_Doc], _Story]] | None:
    """The best two halves of `story`, two articles or more each, with their scratch
    centroids; None below four members. The story is left as it is.

    A normalised spectral cut of the members' similarity graph (`spectral_cut`):
    it finds two dense groups joined by a few links, the shape of two incidents glued
    by a bridging article. 2-means seeded by the member least like the story, used
    before, tends to cut that outlier and a few more from the rest instead (streaming
    on ECB+, twelve shuffles: 0.916 -> 0.924; see bench/README.md)."""
    side = spectral_cut(scoring.pair_matrix(sc, story.members))
    if side is None:
        return None
    ga = [d for d, inside in zip(story.members, side, strict=True) if inside]
    gb = [d for d, inside in zip(story.members, side, strict=True) if not inside]
    return (ga, _shadow(ga)), (gb, _shadow(gb))


def split_ratio(
    sc: StoryClusterer, halves: tuple[tuple[list[_Doc], _Story], tuple[list[_Doc], _Story]]
) -> float:
    """How alike two halves are, over the split bar for their sizes (below 1: split)."""
    (ga, ha), (gb, hb) = halves
    bar = (
        expected_cosine(sc.split_threshold, len(ga), len(gb))
        if sc.size_aware
        else sc.split_threshold
    )
    return scoring.sim_stories(sc, ha, hb) / bar


def spectral_cut(sim: np.ndarray) -> np.ndarray | None:
    """One side (a boolean mask) of the normalised cut of the similarity graph `sim`, each
    side two articles or more; None when there is no such cut.

    The sweep over the second eigenvector of the normalised Laplacian (Shi and Malik
    2000): members in the order of that vector, the prefix with the lowest normalised cut
    (the links cut, over each side's total links) wins. O(m^2) after the eigenvector."""
    m = len(sim)
    if m < 4:
        return None
    deg = sim.sum(axis=1) + 1e-9  # (an article linked to nothing keeps a finite degree)
    inv_root = 1.0 / np.sqrt(deg)
    laplacian = np.eye(m) - inv_root[:, None] * sim * inv_root[None, :]
    _, vectors = np.linalg.eigh(laplacian)
    order = np.argsort(vectors[:, 1] * inv_root, kind="stable")
    ordered = sim[np.ix_(order, order)]
    # Links inside each prefix (both directions) and the prefix's volume, all at once.
    within = 2.0 * np.cumsum(np.tril(ordered, -1).sum(axis=1))
    volume = np.cumsum(deg[order])
    total = volume[-1]
    cut = volume - within
    sizes = slice(1, m - 2)  # prefixes of 2 .. m - 2 articles: two or more on each side
    ncut = cut[sizes] / volume[sizes] + cut[sizes] / (total - volume[sizes])
    best = int(np.argmin(ncut)) + 2
    side = np.zeros(m, dtype=bool)
    side[order[:best]] = True
    return side

