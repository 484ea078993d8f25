"""Time-sharded clustering: shards, the join, and stories that cross a shard boundary."""

from __future__ import annotations

import pytest
from test_cluster import QUAKE_A, QUAKE_B, _articles, _as_sets, _dated

from storyfold.cluster import cluster_articles
from storyfold.shards import cluster_sharded, join, time_shards


def test_time_shards_overlap_and_carry_undated_articles() -> None:
    days = [0, 10, 59, 60, 75, 80, None, 130]
    # Shard k spans [60 k, 60 (k + 1) + 20): days 60 and 75 are in the overlap of shards
    # 0 and 1, day 130 in that of 1 and 2; the undated article goes with day 80.
    assert time_shards(days, 60, 20) == [[0, 1, 2, 3, 4], [3, 4, 5, 6, 7], [7]]
    assert time_shards([None, None], 60, 20) == [[0, 1]]
    assert time_shards([], 60, 20) == []
    # An overlap longer than a shard puts an article in several earlier shards.
    assert time_shards([0, 25], 10, 20) == [[0, 1], [1], [1]]
    with pytest.raises(ValueError):
        time_shards([0], 0)


def test_join_unites_stories_that_share_an_article() -> None:
    shards = [["a", "b"], ["c"], ["b", "d"], ["e", "c"], ["f"]]
    assert join(shards) == [["a", "b", "d"], ["c", "e"], ["f"]]


def test_a_story_that_crosses_a_shard_boundary_comes_out_whole() -> None:
    # Quake A reported over days 57..63 (a shard boundary at day 60), quake B 200 days on,
    # and quake A's copies again in another season: three stories.
    arts = (
        [_dated(_articles(QUAKE_B[:1], "first")[0], 0)]
        + [_dated(a, 57 + 2 * i) for i, a in enumerate(_articles(QUAKE_A, "a"))]
        + [_dated(a, 200 + i) for i, a in enumerate(_articles(QUAKE_B, "b"))]
        + [_dated(a, 400 + i) for i, a in enumerate(_articles(QUAKE_A, "late"))]
    )
    expected = {
        frozenset(f"a{i}" for i in range(4)),
        frozenset({"first0"}),
        frozenset(f"b{i}" for i in range(4)),
        frozenset(f"late{i}" for i in range(4)),
    }
    assert _as_sets(cluster_articles(arts)) == expected
    assert _as_sets(cluster_sharded(arts, shard_days=60, jobs=1)) == expected
    # Without the overlap the boundary cuts quake A in two: the overlap is what joins it.
    cut = _as_sets(cluster_sharded(arts, shard_days=60, overlap_days=0, jobs=1))
    assert frozenset({"a0", "a1"}) in cut and frozenset({"a2", "a3"}) in cut
    # In worker processes: the same stories, in input order.
    assert cluster_sharded(arts, shard_days=60, jobs=2) == cluster_sharded(
        arts, shard_days=60, jobs=1
    )


def test_undated_articles_cluster_in_one_shard() -> None:
    arts = _articles(QUAKE_A, "a") + _articles(QUAKE_B, "b")
    assert cluster_sharded(arts, jobs=1) == cluster_articles(arts)
