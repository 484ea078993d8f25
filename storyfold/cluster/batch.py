"""Batch clustering: `cluster_articles` feeds a `StoryClusterer` in date order and settles."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from storyfold.cluster.clusterer import StoryClusterer
from storyfold.cluster.config import BATCH_SNN_WEIGHT, SETTLE_ROUNDS, SNN_WEIGHT, ClusterConfig
from storyfold.cluster.neighbours import batch_profiles
from storyfold.features import article_features
from storyfold.records import Article


def _arrival_order(articles: Sequence[Article], days: Sequence[int | None]) -> list[int]:
    """Published date order when known; an undated article keeps its place after the
    dated article before it in the input."""
    keyed: list[tuple[float, int]] = []
    carry = -math.inf
    for i, day in enumerate(days):
        if day is not None:
            carry = float(day)
        keyed.append((carry, i))
    keyed.sort()
    return [i for _, i in keyed]



def cluster_articles(
    articles: Sequence[Article],
    config: ClusterConfig | None = None,
    *,
    prime_df: bool = True,
    settle_rounds: int = SETTLE_ROUNDS,
    **changes: Any,
) -> list[list[str]]:
    """Group `articles` into stories (lists of article ids, in input order).

    Articles are fed to a `StoryClusterer` in published-date order (input order when
    undated). With `prime_df` the whole batch's document frequencies are counted first,
    so the first arrivals are weighed with the same IDF as the last. A batch also turns
    on the neighbour channel: with refinement, neighbour lists kept as articles arrive and
    recomputed over the whole batch by the closing `settle`; without refinement, profiles
    over the whole batch before the first placement (`batch_profiles`). `settle_rounds`
    caps the closing re-placement passes (0: none, as in a stream that never ends).
    `config` and `changes` (its fields by name, e.g. `refine=False`) are the clusterer's
    (`ClusterConfig`); a `config` given is used as it is, else the neighbour channel's
    weight is the batch's (SNN_WEIGHT, BATCH_SNN_WEIGHT without refinement) unless given.
    """
    feats = [article_features(a) for a in articles]
    batch_weight = config is None and "snn_weight" not in changes
    config = ClusterConfig.of(config, **changes)
    refine = config.refine
    if batch_weight:
        if not refine and prime_df:
            config = ClusterConfig.of(config, snn_weight=BATCH_SNN_WEIGHT)
        elif refine:
            config = ClusterConfig.of(config, snn_weight=SNN_WEIGHT)
    clusterer = StoryClusterer(config)
    if prime_df:
        for f in feats:
            clusterer.observe(f)
        if not refine and clusterer.snn_weight:
            # Placed once, an article cannot wait for the evidence that arrives after it;
            # the batch already holds it.
            profiles = batch_profiles(clusterer, feats)
            clusterer.set_profiles({a.id: p for a, p in zip(articles, profiles, strict=True)})
    for i in _arrival_order(articles, [f.day for f in feats]):
        clusterer.add_features(articles[i].id, feats[i], count_df=not prime_df)
    if refine and settle_rounds:
        # A batch has an end: let every article, including the early arrivals, take the
        # story it fits best now that all stories are known.
        clusterer.settle(settle_rounds)
    position = {a.id: i for i, a in enumerate(articles)}
    groups = [sorted(g, key=position.__getitem__) for g in clusterer.stories()]
    groups.sort(key=lambda g: position[g[0]])
    return groups
