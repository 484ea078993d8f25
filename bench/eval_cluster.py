"""Quality of storyfold's story clustering on ECB+ (B-cubed P/R/F1, ARI) and sanity checks.

    .venv/bin/python bench/eval_cluster.py            # full report
    .venv/bin/python bench/eval_cluster.py --sweep    # also a threshold sweep per mode

Reports, for shuffles with seeds 1, 2, 3, the default mode (streaming + refinement) and
refinement off; the five seed articles (must be one story, with or without page clutter);
and a split-half check: ECB+ topics 1-12 vs 13-25, threshold picked on one half and scored
on the other, both ways, next to the shipped default.
Labels are read here only to score; storyfold never sees them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devdata import data_dir  # noqa: E402

from storyfold import cluster, pipeline  # noqa: E402
from storyfold.records import Article, Placement, Settled  # noqa: E402


def load_ecb(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def bcubed(
    groups: Sequence[Sequence[str]], gold: Mapping[str, Hashable]
) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 over the items of `gold` (item -> any label)."""
    cluster_of = {i: n for n, g in enumerate(groups) for i in g}
    gold_size = Counter(gold.values())
    pair = Counter((cluster_of[i], gold[i]) for i in gold)
    csize = Counter(cluster_of[i] for i in gold)
    p = r = 0.0
    for i in gold:
        both = pair[(cluster_of[i], gold[i])]
        p += both / csize[cluster_of[i]]
        r += both / gold_size[gold[i]]
    p /= len(gold)
    r /= len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ari(groups: Sequence[Sequence[str]], gold: dict[str, str]) -> float:
    cluster_of = {i: n for n, g in enumerate(groups) for i in g}
    ids = list(gold)
    try:
        from sklearn.metrics import adjusted_rand_score
    except ImportError:  # pragma: no cover
        return float("nan")
    return float(adjusted_rand_score([gold[i] for i in ids], [cluster_of[i] for i in ids]))


def run(
    rows: list[dict[str, str]],
    seed: int,
    *,
    refine: bool,
    threshold: float | None = None,
    **options: Any,
) -> tuple[list[list[str]], float]:
    order = list(rows)
    random.Random(seed).shuffle(order)
    arts = [Article(id=r["id"], source=r["id"], raw=r["text"], text=r["text"]) for r in order]
    t = time.perf_counter()
    groups = cluster.cluster_articles(arts, refine=refine, threshold=threshold, **options)
    return groups, time.perf_counter() - t


def stream_run(rows: list[dict[str, str]], seed: int) -> list[list[str]]:
    order = list(rows)
    random.Random(seed).shuffle(order)
    arts = (Article(id=r["id"], source=r["id"], raw=r["text"], text=r["text"]) for r in order)
    story_of: dict[str, int] = {}
    for placed in pipeline.stream(arts):
        assert isinstance(placed, Placement | Settled)
        if isinstance(placed, Placement):
            story_of[placed.article_id] = placed.story
        story_of.update(placed.moved)
    groups: dict[int, list[str]] = {}
    for article_id, story in story_of.items():
        groups.setdefault(story, []).append(article_id)
    return list(groups.values())


def seeds_check(seed_dir: Path) -> list[str]:
    lines = []
    files = sorted(seed_dir.glob("*.txt"))
    for label, strip in (("as-is", False), ("clutter-stripped", True)):
        arts = []
        for f in files:
            text = f.read_text(encoding="utf-8")
            if strip:  # drop short lines: menus, bylines, widgets
                text = "\n".join(ln for ln in text.splitlines() if len(ln.split()) >= 8)
            arts.append(Article(id=f.stem, source=str(f), raw=text, text=text))
        for refine in (True, False):
            groups = cluster.cluster_articles(arts, refine=refine)
            lines.append(
                f"seeds {label:16s} refine={refine!s:5s}: {len(groups)} stor"
                f"{'y' if len(groups) == 1 else 'ies'} {[len(g) for g in groups]}"
            )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sweep", action="store_true", help="threshold sweep per mode")
    ap.add_argument(
        "--shuffles", type=int, default=3, help="shuffled orders per mode (seeds 1..N)"
    )
    args = ap.parse_args()
    ddir = data_dir()
    if ddir is None:
        sys.exit("ecbplus_dev.jsonl not found (set STORYFOLD_DATA)")
    rows = load_ecb(ddir / "ecbplus_dev.jsonl")
    gold = {r["id"]: r["story"] for r in rows}
    print(f"ECB+ dev: {len(rows)} articles, {len(set(gold.values()))} stories")
    seeds = range(1, args.shuffles + 1)
    for refine in (True, False):
        f1s = []
        for seed in seeds:
            groups, secs = run(rows, seed, refine=refine)
            p, r, f = bcubed(groups, gold)
            f1s.append(f)
            print(
                f"refine={refine!s:5s} seed={seed}: P={p:.3f} R={r:.3f} F1={f:.3f} "
                f"ARI={ari(groups, gold):.3f} stories={len(groups)} ({secs:.2f}s)"
            )
        print(f"refine={refine!s:5s} mean F1={sum(f1s) / len(f1s):.3f} min {min(f1s):.3f}")
    # Refinement off *and* no batch look-ahead: each article placed once as it arrives,
    # seeing only the articles before it (what `StoryClusterer(refine=False)` does).
    f1s = [
        bcubed(run(rows, seed, refine=False, snn_weight=0.0)[0], gold)[2] for seed in seeds
    ]
    print(
        "refine=False, no batch neighbour profiles (pure streaming): "
        + " ".join(f"{f:.3f}" for f in f1s)
        + f" mean F1={sum(f1s) / len(f1s):.3f}"
    )

    # The default mode without the closing `settle` (a stream that never ends), with and
    # without the neighbour channel that `cluster_articles` turns on for a batch.
    for weight in (cluster.SNN_WEIGHT, 0.0):
        f1s = [
            bcubed(run(rows, seed, refine=True, snn_weight=weight, settle_rounds=0)[0], gold)[2]
            for seed in seeds
        ]
        print(
            f"refine=True, no closing settle (pure streaming), neighbour channel {weight}: "
            + " ".join(f"{f:.3f}" for f in f1s)
            + f" mean F1={sum(f1s) / len(f1s):.3f}"
        )

    # `storyfold stream` as a user runs it: each article cleaned and placed as it arrives by
    # a plain `StoryClusterer` (no neighbour channel, frequencies counted as articles
    # arrive), stories rebuilt by replaying the placements and the moves they report.
    results = [stream_run(rows, seed) for seed in seeds]
    print(
        "storyfold stream (pipeline.stream, replayed placements): "
        + " ".join(
            "P={:.3f} R={:.3f} F1={:.3f}".format(*bcubed(groups, gold)) for groups in results
        )
        + f" mean F1={sum(bcubed(g, gold)[2] for g in results) / len(results):.3f}"
    )

    seed_dir = ROOT / "examples" / "seeds"
    if seed_dir.exists():
        for line in seeds_check(seed_dir):
            print(line)

    # Split-half: pick the threshold on topics 1-12, score 13-25 (and vice versa).
    grid = [round(0.06 + 0.02 * i, 2) for i in range(16)]
    halves = {
        "topics 1-12": [r for r in rows if int(r["story"].split("_")[0]) <= 12],
        "topics 13-25": [r for r in rows if int(r["story"].split("_")[0]) > 12],
    }
    print(
        f"split-half check (grid {grid[0]}..{grid[-1]}; default bar {cluster.THRESHOLD} pairwise"
        " with refine, 0.22 centroid without):"
    )
    for refine in (True, False):
        best: dict[str, float] = {}
        scores: dict[str, dict[float, float]] = {}
        for name, part in halves.items():
            pg = {r["id"]: r["story"] for r in part}
            scores[name] = {
                t: bcubed(run(part, 1, refine=refine, threshold=t)[0], pg)[2] for t in grid
            }
            best[name] = max(grid, key=lambda t, n=name: scores[n][t])  # type: ignore[misc]
        for tune, test in (("topics 1-12", "topics 13-25"), ("topics 13-25", "topics 1-12")):
            t = best[tune]
            test_gold = {r["id"]: r["story"] for r in halves[test]}
            at_default = bcubed(run(halves[test], 1, refine=refine)[0], test_gold)[2]
            print(
                f"  refine={refine!s:5s} tune on {tune}: t={t:.2f} (F1 {scores[tune][t]:.3f}); "
                f"{test} F1 at t={t:.2f}: {scores[test][t]:.3f}, at default: "
                f"{at_default:.3f}"
            )
        if args.sweep:
            for t in grid:
                print(
                    f"    t={t:.2f} "
                    + " ".join(f"{n}: {scores[n][t]:.3f}" for n in halves)
                )


if __name__ == "__main__":
    main()
