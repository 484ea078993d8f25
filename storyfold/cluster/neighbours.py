"""The shared-neighbour channel: neighbour lists kept as articles arrive, and exact ones
over a whole batch."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyfold.cluster.config import (
    BATCH_NEIGHBOURS,
    DOC_POSTINGS,
    MAX_POSTINGS,
    NEIGHBOUR_SCORED,
    NEIGHBOURS,
    THRESHOLD,
)
from storyfold.cluster.model import _Doc
from storyfold.cluster.scoring import _first, _padd, _set_profile, _vote_weight, make_doc, sim_pair
from storyfold.features import Features

if TYPE_CHECKING:
    from storyfold.cluster.clusterer import StoryClusterer


def neighbours(sc: StoryClusterer, doc: _Doc) -> None:
    """Find `doc`'s nearest held articles, fill its profile, and enter `doc` into the
    profiles of those it is nearer to than their current farthest neighbour.

    Bounded per arrival: candidates come from an article-level index whose postings keep
    only the most recent DOC_POSTINGS articles per feature, NEIGHBOUR_SCORED of them are
    scored, and at most NEIGHBOURS profiles change."""
    if not sc.snn_weight:
        return
    index = sc._doc_index
    stop = sc._stop
    votes: Counter[_Doc] = Counter()
    for k in doc.keys:
        posting = index.get(k)
        if posting and k not in stop:
            votes.update(posting)  # counted in C
    day = doc.day
    window = sc.window_days
    scored: list[tuple[float, _Doc]] = []
    for other, _ in votes.most_common(NEIGHBOUR_SCORED):
        if day is not None and other.day is not None and abs(other.day - day) > window:
            continue
        sim = sim_pair(sc, doc, other)
        if sim >= THRESHOLD:  # (see `_nearest_profiles`)
            scored.append((sim, other))
    scored.sort(key=_first, reverse=True)
    prof = doc.prof
    for sim, other in scored[:NEIGHBOURS]:
        prof[other.order] = sim
        doc.pn2 += sim * sim
        # Symmetric update: `doc` enters `other`'s profile if it beats the farthest.
        oprof = other.prof
        story = sc._stories.get(other.story)
        if len(oprof) > NEIGHBOURS:
            # Its own entry (1.0) is never below a neighbour's, so a plain min (in C)
            # finds the farthest neighbour; on a tie at 1.0 the check below skips.
            far = min(oprof, key=oprof.__getitem__)
            if oprof[far] >= sim:
                continue
            fsim = oprof.pop(far)
            other.pn2 -= fsim * fsim
            if story is not None:
                _padd(story, far, -fsim)
        oprof[doc.order] = sim
        other.pn2 += sim * sim
        if story is not None:
            _padd(story, doc.order, sim)
    for k in doc.keys:
        if k in stop:
            continue
        posting = index.get(k)
        if posting is None:
            index[k] = [doc]
        else:
            posting.append(doc)
            if len(posting) > DOC_POSTINGS:
                del posting[0]


def refresh_profiles(sc: StoryClusterer) -> None:
    """Replace every held article's streaming neighbour list by its exact one among the
    held articles (see `_nearest_profiles`), and rebuild the stories' profile sums."""
    docs = [d for s in sc._stories.values() for d in s.members]
    for d, prof in zip(docs, _nearest_profiles(sc, docs), strict=True):
        _set_profile(d, prof)
    for story in sc._stories.values():
        story.psum = {}
        story.pnorm2 = 0.0
        for d in story.members:
            for o, x in d.prof.items():
                _padd(story, o, x)


def _nearest_profiles(clusterer: StoryClusterer, docs: Sequence[_Doc]) -> list[dict[int, float]]:
    """Exact-ish neighbour profiles among `docs`: for each, {its order: 1, order of each of
    its BATCH_NEIGHBOURS most similar docs: similarity}. Candidates come from an inverted
    index over salient features (posting lists longer than MAX_POSTINGS skipped, as in the
    clusterer's own index) and at most 4 x BATCH_NEIGHBOURS are scored per doc: about the
    cost of placing the batch."""
    index: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        for k in d.keys:
            index.setdefault(k, []).append(i)
    profiles: list[dict[int, float]] = []
    for i, d in enumerate(docs):
        votes: dict[int, float] = {}
        for rank, k in enumerate(d.keys):
            posting = index[k]
            if len(posting) > MAX_POSTINGS:
                continue  # a stop-feature
            w = _vote_weight(rank)
            for j in posting:
                votes[j] = votes.get(j, 0.0) + w
        votes.pop(i, None)
        near = heapq.nlargest(4 * BATCH_NEIGHBOURS, votes, key=votes.__getitem__)
        top = heapq.nlargest(
            BATCH_NEIGHBOURS, ((sim_pair(clusterer, d, docs[j]), j) for j in near)
        )
        profile = {d.order: 1.0}
        # Only articles that could join `d`'s story (the pairwise attach bar THRESHOLD)
        # are its neighbours: below it two articles are of one kind, not of one story,
        # and in a small batch, where a story has a report or two, the ten nearest reach
        # into the other incident of the same kind and glue the two (ECB+, batch folds of
        # the first 100 articles of shuffles 1-3: 0.897 / 0.932 / 0.904 with every
        # neighbour above 0, 0.905 / 0.932 / 0.914 with this bar; all 535 0.960 / 0.965 /
        # 0.962 -> 0.968 / 0.966 / 0.959; WCXB dev multi-article stories 1 -> 0).
        profile.update((docs[j].order, sim) for sim, j in top if sim >= THRESHOLD)
        profiles.append(profile)
    return profiles


def batch_profiles(clusterer: StoryClusterer, feats: Sequence[Features]) -> list[dict[int, float]]:
    """Neighbour profiles over a whole batch of features, before any is placed (keys are
    positions in the batch, plus one)."""
    order = clusterer._order
    docs = [make_doc(clusterer, str(i), f) for i, f in enumerate(feats)]
    clusterer._order = order  # scratch vectors: arrival numbering is left alone
    return _nearest_profiles(clusterer, docs)

