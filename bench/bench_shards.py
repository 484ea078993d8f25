"""Time-sharded clustering (`storyfold.shards`) against one pass over the same articles.

    .venv/bin/python bench/bench_shards.py              # 50,000 articles, 2 processes
    .venv/bin/python bench/bench_shards.py 20000 --jobs 4

The corpus is `bench_cluster.py`'s (dev articles repeated in rounds 30 days apart,
perturbed, dated). One pass: `cluster_articles` over all of it in this process. Sharded:
`cluster_sharded`, shards of SHARD_DAYS (120) days plus two windows of overlap, `--jobs`
processes. Prints wall and CPU time of both (CPU: this process and its workers), the
speed-up, how far the sharded stories agree with the one pass (B-cubed, the one pass as
reference: 1.000 is the same stories), and both against the corpus groups (round x dev
story; ad hoc, as in score_stream.py).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_cluster import base_texts, build_corpus
from eval_cluster import bcubed

from storyfold.cluster import cluster_articles
from storyfold.features import parse_day
from storyfold.shards import SHARD_DAYS, cluster_sharded, time_shards


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("size", type=int, nargs="?", default=50_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--shard-days", type=int, default=SHARD_DAYS)
    args = ap.parse_args()
    base = base_texts()
    corpus = build_corpus(args.size)[: args.size]
    gold = {}
    for a in corpus:
        r, i = a.id[1:].split("-")
        gold[a.id] = f"{r}:{base[int(i)][0]}"
    shards = time_shards([parse_day(a.published) for a in corpus], args.shard_days)
    print(f"{len(corpus)} articles; {len(shards)} shards of {args.shard_days} days "
          f"(+ overlap), {sum(map(len, shards))} placements")

    w, c = time.perf_counter(), cpu()
    single = cluster_articles(corpus)
    single_wall, single_cpu = time.perf_counter() - w, cpu() - c
    w, c = time.perf_counter(), cpu()
    sharded = cluster_sharded(corpus, shard_days=args.shard_days, jobs=args.jobs)
    shard_wall, shard_cpu = time.perf_counter() - w, cpu() - c

    print(f"one pass: {single_wall:.1f} s wall, {single_cpu:.1f} s CPU, "
          f"{len(corpus) / single_wall:.0f} articles/s, {len(single)} stories")
    print(f"sharded ({args.jobs} processes): {shard_wall:.1f} s wall, {shard_cpu:.1f} s CPU, "
          f"{len(corpus) / shard_wall:.0f} articles/s, {len(sharded)} stories")
    print(f"speed-up (wall): {single_wall / shard_wall:.2f}x")
    reference = {i: n for n, g in enumerate(single) for i in g}
    p, r, f = bcubed(sharded, reference)
    print(f"sharded vs one pass (B-cubed): P={p:.3f} R={r:.3f} F1={f:.3f}")
    for name, groups in (("one pass", single), ("sharded", sharded)):
        p, r, f = bcubed(groups, gold)
        print(f"{name} vs corpus groups: P={p:.3f} R={r:.3f} F1={f:.3f}")


if __name__ == "__main__":
    main()
