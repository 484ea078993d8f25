"""Can any split bar tell two glued incidents from the halves of one true story? (ECB+)

    .venv/bin/python bench/split_separability.py

A story is split when its best two halves are less alike than a bar (`_bisect`). This
measures, on ECB+ with the labels, the two things such a bar must keep apart:

* the halves of each *true* story (gold story, 6 articles or more) as storyfold's own
  bisection (`StoryClusterer._halves`, a spectral cut) finds them: these must stay together;
* the two incidents of each topic (`<topic>_ecb` against `<topic>_ecbplus`, the same kind
  of event): these must fall apart.

Similarities are story-to-story, as refinement computes them (three direct channels, plus
the neighbour channel with profiles over the whole batch, as `settle` has them), turned
back into the pairwise level a bar is written in (the `rho` with
`expected_cosine(rho, n, m)` equal to the centroid cosine): comparable across sizes.
No order is involved (vectors over the whole batch), so one run is the answer.
Labels are read here only to score; storyfold never sees them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devdata import data_dir  # noqa: E402
from eval_cluster import load_ecb  # noqa: E402

from storyfold import cluster  # noqa: E402
from storyfold.cluster import refine, scoring  # noqa: E402
from storyfold.features import extract  # noqa: E402


def pairwise_level(sim: float, n: int, m: int) -> float:
    """The pairwise similarity whose expected centroid cosine for sizes n, m is `sim`."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if cluster.expected_cosine(mid, n, m) < sim:
            lo = mid
        else:
            hi = mid
    return lo


def main() -> None:
    rows = load_ecb(data_dir() / "ecbplus_dev.jsonl")
    feats = [extract(r["text"]) for r in rows]
    for snn in (0.0, cluster.SNN_WEIGHT):
        sc = cluster.StoryClusterer(snn_weight=snn)
        for f in feats:
            sc.observe(f)
        docs = [scoring.make_doc(sc, r["id"], f) for r, f in zip(rows, feats, strict=True)]
        if snn:
            for d, prof in zip(docs, cluster._nearest_profiles(sc, docs), strict=True):
                cluster._set_profile(d, prof)
        by_story: dict[str, list[cluster._Doc]] = {}
        for r, d in zip(rows, docs, strict=True):
            by_story.setdefault(r["story"], []).append(d)

        true_halves: list[tuple[float, str, int, int]] = []
        for story, members in sorted(by_story.items()):
            if len(members) < 6:
                continue
            halves = refine.best_halves(sc, cluster._shadow(members))
            if halves is None:
                continue
            (ga, ha), (gb, hb) = halves
            sim = scoring.sim_stories(sc, ha, hb)
            true_halves.append((pairwise_level(sim, len(ga), len(gb)), story, len(ga), len(gb)))
        incidents: list[tuple[float, str]] = []
        topics = sorted({s.split("_")[0] for s in by_story}, key=int)
        for t in topics:
            a, b = by_story.get(f"{t}_ecb"), by_story.get(f"{t}_ecbplus")
            if not a or not b:
                continue
            sim = scoring.sim_stories(sc, cluster._shadow(a), cluster._shadow(b))
            incidents.append((pairwise_level(sim, len(a), len(b)), f"topic {t}"))

        true_halves.sort()
        incidents.sort(reverse=True)
        channel = "three channels + neighbours" if snn else "three direct channels"
        print(
            f"{channel} (pairwise level; split bar {cluster.SPLIT_THRESHOLD}, "
            f"merge bar {cluster.MERGE_THRESHOLD}):"
        )
        print("  halves of true stories, least alike first:")
        print("    " + ", ".join(f"{s} {x:.3f} ({n}+{m})" for x, s, n, m in true_halves[:8]))
        print("  two incidents of one topic, most alike first:")
        print("    " + ", ".join(f"{s} {x:.3f}" for x, s in incidents[:8]))
        lowest_true = min(x for x, _, n, m in true_halves if min(n, m) >= 2)
        above = [s for x, s in incidents if x >= lowest_true]
        print(
            f"  incident pairs at least as alike as the least alike true halves of 2+ each "
            f"({lowest_true:.3f}): {len(above)} of {len(incidents)}"
        )
        for bar in (0.08, cluster.SPLIT_THRESHOLD, 0.16, 0.2):
            # (`_bisect` never splits off one article: a lone outlier is re-placed instead)
            split_true = sum(1 for x, _, n, m in true_halves if x < bar and min(n, m) >= 2)
            kept = sum(1 for x, _ in incidents if x >= bar)
            print(
                f"  a split bar at {bar:.2f} would split {split_true} of {len(true_halves)} "
                f"true stories and keep {kept} of {len(incidents)} incident pairs glued"
            )


if __name__ == "__main__":
    main()
