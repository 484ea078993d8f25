"""Throughput, scaling and memory of storyfold's streaming clustering vs. MinHash LSH.

    .venv/bin/python bench/bench_cluster.py            # 50k articles + 10k/20k/40k scaling
    .venv/bin/python bench/bench_cluster.py --quick    # small smoke run (~3k articles)

Corpus: the dev articles (ECB+, the Clough reuse texts, the five seeds) repeated in rounds
until it holds --size articles. Each round is re-dated 30 days after the previous one (so
the time window matters and old stories retire), every copy gets a date within 3 days of
its story's date, 5% of words dropped and 2% of adjacent words swapped (so copies are not
exact), and the stream is shuffled within each day. Story labels are not used.

All methods see the same articles in the same run:
* storyfold: `StoryClusterer.add` per article (feature extraction included), the
  streaming default (incremental refinement on).
* storyfold + neighbour lists: the same with the shared-neighbour channel that
  `cluster_articles` turns on for a batch (it pays off only with the closing `settle`).
* MinHashLSH (datasketch): MinHash of word 5-gram shingles (128 permutations,
  `update_batch`), `query` then `insert` per article, threshold 0.5.
The throughput comparison runs them over the same stream alternating in chunks of 1,000
articles, so all see the same load on a shared machine; wall and CPU time are reported.
Prints articles/s of each and the ratios, time per article at 10k/20k/40k (streaming
default), and the peak resident memory after the storyfold run (ru_maxrss, which includes
the corpus itself). What the clusterer holds (articles, live stories, document-frequency
entries, index postings) is printed half-way and at the end of the stream, and for the
same articles undated with a small idle horizon: flat, not growing with the stream. The
same for a running topic (`running_stream`: one dev story fed every day for 30 windows
among noise, dated and undated), whose story keeps receiving articles: its aged-out members
leave memory while their ids stay in it.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from devdata import data_dir  # noqa: E402

from storyfold.cluster import SNN_WEIGHT, StoryClusterer  # noqa: E402
from storyfold.records import Article  # noqa: E402


def base_texts() -> list[tuple[str, str]]:
    """(group, text): group ties copies of one dev story together so they share a date."""
    out: list[tuple[str, str]] = []
    ddir = data_dir()
    if ddir is not None:
        for name, key in (("ecbplus_dev.jsonl", "story"), ("clough_reuse_dev.jsonl", "task")):
            path = ddir / name
            if path.exists():
                for line in path.open(encoding="utf-8"):
                    row = json.loads(line)
                    out.append((f"{name}:{row[key]}", row["text"]))
    for f in sorted((ROOT / "examples" / "seeds").glob("*.txt")):
        out.append(("seeds", f.read_text(encoding="utf-8")))
    if not out:
        sys.exit("no dev data found (set STORYFOLD_DATA)")
    return out


def perturb(text: str, rnd: random.Random) -> str:
    lines = []
    for line in text.split("\n"):
        words = [w for w in line.split(" ") if rnd.random() >= 0.05]
        for i in range(len(words) - 1):
            if rnd.random() < 0.02:
                words[i], words[i + 1] = words[i + 1], words[i]
        lines.append(" ".join(words))
    return "\n".join(lines)


def build_corpus(size: int, seed: int = 7) -> list[Article]:
    rnd = random.Random(seed)
    base = base_texts()
    start = date(2020, 1, 1)
    articles: list[tuple[str, int, Article]] = []
    n = 0
    rounds = 0
    while n < size:
        group_day = {g: rnd.randrange(0, 20) for g, _ in base}
        for i, (group, text) in enumerate(base):
            if n >= size:
                break
            day = start + timedelta(days=rounds * 30 + group_day[group] + rnd.randrange(0, 4))
            art = Article(
                id=f"r{rounds}-{i}",
                source="bench",
                raw="",
                text=perturb(text, rnd),
                published=day.isoformat(),
            )
            articles.append((day.isoformat(), rnd.randrange(1 << 30), art))
            n += 1
        rounds += 1
    articles.sort(key=lambda t: (t[0], t[1]))  # date order, shuffled within a day
    return [a for _, _, a in articles]


def held_state(clusterer: StoryClusterer) -> str:
    """What a clusterer holds in memory: articles and live stories, document-frequency
    entries (and the documents counted), story-index postings, article-index postings."""
    postings = sum(map(len, clusterer._index.values()))
    doc_postings = sum(map(len, clusterer._doc_index.values()))
    return (f"held {clusterer.held():>6} articles in {len(clusterer._stories):>5} live stories, "
            f"DF {len(clusterer.df.df):>6} entries (n={clusterer.df.n}), "
            f"index {postings:>6} postings, article index {doc_postings}")


def run_storyfold(
    articles: list[Article], marks: tuple[int, ...] = (), **options: Any
) -> tuple[float, int, dict[int, str]]:
    """Cluster `articles` one by one; returns seconds, stories and, after each of the
    first `marks` articles, what the clusterer holds (taken outside the timed part)."""
    clusterer = StoryClusterer(**options)
    states: dict[int, str] = {}
    secs = 0.0
    start = 0
    for end in (*sorted(m for m in marks if m < len(articles)), len(articles)):
        t = time.perf_counter()
        for a in articles[start:end]:
            clusterer.add(a)
        secs += time.perf_counter() - t
        states[end] = held_state(clusterer)
        start = end
    return secs, len(clusterer.stories()), states


def running_stream(days: int = 300, noise: int = 3, seed: int = 11) -> list[Article]:
    """A running topic: each day one copy of a text of the largest dev story (cycling,
    perturbed, ids "run-<day>") among `noise` copies of random other dev texts, all dated
    that day. The topic is fed more often than the window for `days` days."""
    rnd = random.Random(seed)
    base = base_texts()
    sizes: dict[str, int] = {}
    for g, _ in base:
        sizes[g] = sizes.get(g, 0) + 1
    topic = max(sizes, key=lambda g: (sizes[g], g))
    own = [t for g, t in base if g == topic]
    others = [t for g, t in base if g != topic]
    out: list[Article] = []
    start = date(2020, 1, 1)
    for d in range(days):
        day = (start + timedelta(days=d)).isoformat()
        batch = [Article(id=f"run-{d}", source="bench", raw="",
                         text=perturb(own[d % len(own)], rnd), published=day)]
        batch += [Article(id=f"noise-{d}-{j}", source="bench", raw="",
                          text=perturb(rnd.choice(others), rnd), published=day)
                  for j in range(noise)]
        rnd.shuffle(batch)
        out.extend(batch)
    return out


def run_running(articles: list[Article], label: str, **options: Any) -> None:
    """Print what is held a quarter, half-way and at the end of a running-topic stream,
    and how the topic's articles come out (all in one story, or not)."""
    clusterer = StoryClusterer(**options)
    n = len(articles)
    for i, a in enumerate(articles, 1):
        clusterer.add(a)
        if i in (n // 4, n // 2, n):
            run_ids = {a.id for a in articles[:i] if a.id.startswith("run-")}
            groups = [g for g in clusterer.stories() if run_ids & set(g)]
            biggest = max(len(run_ids & set(g)) for g in groups)
            live = max((sum(d.id.startswith("run-") for d in s.members)
                        for s in clusterer._stories.values()), default=0)
            print(f"memory running topic, {label}, after {i:>5} articles: "
                  f"{held_state(clusterer)}; topic: {biggest}/{len(run_ids)} in its largest "
                  f"story ({len(groups)} stories), at most {live} held in one live story")


def _minhash_add(lsh: Any, mh_cls: Any, a: Article) -> None:
    words = a.text.split()
    shingles = {" ".join(words[i : i + 5]).encode("utf-8") for i in range(len(words) - 4)}
    m = mh_cls(num_perm=128)
    if shingles:
        m.update_batch(list(shingles))
    lsh.query(m)
    lsh.insert(a.id, m)


def run_both(articles: list[Article], chunk: int = 1000) -> dict[str, float]:
    """The methods over the same stream, alternating in chunks so that all see the same
    machine load (a shared machine makes back-to-back runs incomparable): storyfold's
    streaming default ("sf"), storyfold with the neighbour channel that `cluster_articles`
    turns on for a batch ("nb"), and MinHash LSH ("mh"). Returns wall and CPU seconds."""
    from datasketch import MinHash, MinHashLSH

    clusterers = {"sf": StoryClusterer(), "nb": StoryClusterer(snn_weight=SNN_WEIGHT)}
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    out = {f"{k}_{t}": 0.0 for k in ("sf", "nb", "mh") for t in ("wall", "cpu")}
    for start in range(0, len(articles), chunk):
        part = articles[start : start + chunk]
        for name, clusterer in clusterers.items():
            w, c = time.perf_counter(), time.process_time()
            for a in part:
                clusterer.add(a)
            out[f"{name}_wall"] += time.perf_counter() - w
            out[f"{name}_cpu"] += time.process_time() - c
        w, c = time.perf_counter(), time.process_time()
        for a in part:
            _minhash_add(lsh, MinHash, a)
        out["mh_wall"] += time.perf_counter() - w
        out["mh_cpu"] += time.process_time() - c
    out["stories"] = float(len(clusterers["sf"].stories()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small smoke run")
    ap.add_argument("--size", type=int, default=50_000)
    args = ap.parse_args()
    size = 3_000 if args.quick else args.size
    scales = (500, 1_000, 2_000) if args.quick else (10_000, 20_000, 40_000)

    t = time.perf_counter()
    corpus = build_corpus(max(size, *scales))
    print(f"corpus: {len(corpus)} articles built in {time.perf_counter() - t:.1f}s")

    # Wall and CPU time: on a shared machine one run's wall time can swing by half when
    # another job starts or stops; CPU time of this single-threaded process does not.
    per_article: dict[int, tuple[float, float]] = {}
    for n in scales:
        gc.collect()
        cpu = time.process_time()
        secs, _, _ = run_storyfold(corpus[:n])
        cpu = time.process_time() - cpu
        per_article[n] = (secs / n, cpu / n)
        print(f"scaling: {n:>6} articles  {secs:7.2f}s  {1e3 * secs / n:.3f} ms/article "
              f"({1e3 * cpu / n:.3f} ms CPU)")
    first, last = per_article[scales[0]], per_article[scales[-1]]
    print(f"scaling: time/article at {scales[-1]} = {last[0] / first[0]:.2f}x wall, "
          f"{last[1] / first[1]:.2f}x CPU that at {scales[0]} (bar 1.5x)")

    gc.collect()
    articles = corpus[:size]
    sf_secs, stories, states = run_storyfold(articles, marks=(size // 2,))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"storyfold alone: {len(articles)} articles {sf_secs:7.2f}s "
          f"{len(articles) / sf_secs:8.0f} articles/s ({stories} stories)")
    # Memory is bounded by the window, not the stream: the same held state at half and end.
    for n_seen, state in states.items():
        print(f"memory after {n_seen:>6} articles: {state}")
    # An undated stream is bounded by the idle horizon instead. The corpus repeats each
    # dev story once a round (~580 arrivals), so a story goes idle only with a horizon below
    # that: 200 here (a story fed more often than its horizon is never retired).
    undated = [
        Article(id=a.id, source=a.source, raw=a.raw, text=a.text)
        for a in corpus[: min(size, 6_000)]
    ]
    idle = 200
    n_u = len(undated)
    _, _, states = run_storyfold(undated, marks=(n_u // 3, 2 * n_u // 3), idle_arrivals=idle)
    for n_seen, state in states.items():
        print(f"memory undated, idle_arrivals={idle}, after {n_seen:>5} articles: {state}")
    # A running topic (one story fed every day for 30 windows, among noise): held state
    # stays flat because aged-out members leave the live story (their ids stay in it).
    running = running_stream()
    run_running(running, "dated")
    undated = [Article(id=a.id, source=a.source, raw=a.raw, text=a.text) for a in running]
    run_running(undated, f"undated, idle_arrivals={idle}", idle_arrivals=idle)
    r = run_both(articles)
    n = len(articles)
    print(f"storyfold:  {n} articles {r['sf_wall']:7.2f}s wall {n / r['sf_wall']:8.0f} articles/s"
          f"  ({r['sf_cpu']:.2f}s CPU)")
    print(f"storyfold + neighbour lists: {r['nb_wall']:7.2f}s wall "
          f"{n / r['nb_wall']:8.0f} articles/s  ({r['nb_cpu']:.2f}s CPU)")
    print(f"minhashlsh: {n} articles {r['mh_wall']:7.2f}s wall {n / r['mh_wall']:8.0f} articles/s"
          f"  ({r['mh_cpu']:.2f}s CPU)")
    print(f"ratio storyfold/minhash throughput: {r['mh_wall'] / r['sf_wall']:.2f} wall, "
          f"{r['mh_cpu'] / r['sf_cpu']:.2f} CPU (bar >= 1.0)")
    print(f"ratio storyfold+neighbour lists/minhash: {r['mh_wall'] / r['nb_wall']:.2f} wall, "
          f"{r['mh_cpu'] / r['nb_cpu']:.2f} CPU")
    print(f"peak memory (ru_maxrss after storyfold run): {peak_mb:.0f} MB (bar < 2048 MB)")


if __name__ == "__main__":
    main()
