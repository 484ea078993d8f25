"""Time-sharded story clustering: a dated batch cut into time windows (shards) that are
clustered independently, each in its own process here (each on its own worker, on a
distributed engine), and joined where the windows overlap.

Why the join is enough: an article can only join a story whose date range it comes within
WINDOW_DAYS of, and stories retire two windows behind the stream's date (see
`storyfold.cluster`), so what happens to a story depends only on the articles near it in
time. Consecutive shards share `overlap_days` (two windows by default): an article in an
overlap is clustered in both shards, and stories that share an article are joined
(union-find), so a story that crosses a shard boundary comes out whole.

Undated articles carry no time: each goes with the dated article before it in the input
(as `cluster_articles` orders arrivals), and all of them into the first shard when none
before it is dated.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from storyfold.cluster import WINDOW_DAYS, cluster_articles
from storyfold.disjoint import DisjointSets
from storyfold.features import parse_day
from storyfold.records import Article

# A shard spans this many days of dates plus the overlap. The overlap (two windows, 20
# days) is clustered twice, so short shards pay for it: on the 50k-article bench stream
# (`bench/bench_shards.py`, 2 processes) 120-day shards were 1.37x faster than one pass
# and 60-day shards 0.96x (22% and 45% of the articles placed twice).
SHARD_DAYS = 120


def time_shards(
    days: Sequence[int | None], shard_days: int = SHARD_DAYS, overlap_days: int | None = None
) -> list[list[int]]:
    """Positions of the articles in each shard (input order kept), given each article's
    day (None: undated). Shard k holds the days [start + k * shard_days, start + (k + 1)
    * shard_days + overlap_days); empty shards are left out."""
    if shard_days < 1:
        raise ValueError(f"shard_days must be at least 1, not {shard_days}")
    overlap = 2 * WINDOW_DAYS if overlap_days is None else overlap_days
    if overlap < 0:
        raise ValueError(f"overlap_days cannot be negative, not {overlap}")
    dated = [d for d in days if d is not None]
    if not dated:
        return [list(range(len(days)))] if days else []
    start = min(dated)
    shards: dict[int, list[int]] = {}
    carry = start  # an undated article goes with the dated article before it
    for i, day in enumerate(days):
        if day is not None:
            carry = day
        offset = carry - start
        k = offset // shard_days
        shards.setdefault(k, []).append(i)
        # The first `overlap` days of shard k are also the tail of shards k - 1, k - 2, ...
        back = 1
        while k - back >= 0 and offset - (k - back + 1) * shard_days < overlap:
            shards.setdefault(k - back, []).append(i)
            back += 1
    return [sorted(shards[k]) for k in sorted(shards)]


def join(groups: Iterable[Sequence[str]]) -> list[list[str]]:
    """Stories from several shards, joined where they share an article: each article id
    once, stories in order of their first id's first appearance."""
    sets: DisjointSets[str] = DisjointSets()
    for group in groups:
        for x in group:
            sets.add(x)
        for x in group[1:]:
            sets.union(x, group[0])
    return sets.groups()


def cluster_sharded(
    articles: Sequence[Article],
    *,
    shard_days: int = SHARD_DAYS,
    overlap_days: int | None = None,
    jobs: int | None = None,
    **options: Any,
) -> list[list[str]]:
    """Group `articles` into stories like `cluster_articles(articles, **options)`, one time
    shard at a time, `jobs` shards at once (default: one per core, up to 4), joined where
    the shards overlap (by default two of the clusterer's windows). Stories are lists of
    article ids in input order; ids must be unique (as `fold` makes them), since the join
    matches articles by id."""
    days = [parse_day(a.published) for a in articles]
    if overlap_days is None:  # two windows, of the window the shards cluster with
        overlap_days = 2 * int(options.get("window_days", WINDOW_DAYS))
    shards = time_shards(days, shard_days, overlap_days)
    # What clustering reads of an article, so a worker is not sent its raw page.
    light = [
        Article(id=a.id, source=a.source, raw="", text=a.text, title=a.title,
                published=a.published)
        for a in articles
    ]
    tasks = [[light[i] for i in shard] for shard in shards]
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 4)
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        results = [cluster_articles(task, **options) for task in tasks]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(cluster_articles, task, **options) for task in tasks]
            results = [f.result() for f in futures]
    position = {a.id: i for i, a in enumerate(articles)}
    groups = [sorted(g, key=position.__getitem__) for g in join(g for r in results for g in r)]
    groups.sort(key=lambda g: position[g[0]])
    return groups
