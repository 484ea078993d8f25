"""Quality of the pairwise API (`storyfold.similarity`, `storyfold compare A B`) on ECB+.

    .venv/bin/python bench/eval_pairwise.py        # ~30 s

Pairs of ECB+ dev articles: every pair of one story (same incident), every pair of the two
incidents of one topic (same kind of event, different incident: the hard negatives), and
as many pairs of different topics, sampled (seed 1). For each kind, the score's mean; the
ROC AUC of the score for same-story pairs against hard negatives and against all
negatives; and how often the `same_story` flag (score >= SAME_STORY) is right, per kind.
Scored without document frequencies (what `storyfold compare` does: two articles, no
corpus) and with a `DocFreq` of the whole file. Labels are read only to score.
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devdata import data_dir
from eval_cluster import load_ecb

from storyfold.cluster import StoryClusterer
from storyfold.features import extract
from storyfold.pairwise import SAME_STORY, similarity


def auc(pos: list[float], neg: list[float]) -> float:
    """P(a positive scores above a negative), ties counted half (Mann-Whitney)."""
    ranked = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # mean 1-based rank of the tie group
        rank_sum += mid * sum(label for _, label in ranked[i:j])
        i = j
    n_pos, n_neg = len(pos), len(neg)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def main() -> None:
    ddir = data_dir()
    if ddir is None:
        sys.exit("ecbplus_dev.jsonl not found (set STORYFOLD_DATA)")
    rows = load_ecb(ddir / "ecbplus_dev.jsonl")
    pairs: dict[str, list[tuple[int, int]]] = {"same story": [], "same topic": [], "other": []}
    for i, j in itertools.combinations(range(len(rows)), 2):
        a, b = rows[i]["story"], rows[j]["story"]
        if a == b:
            pairs["same story"].append((i, j))
        elif a.split("_")[0] == b.split("_")[0]:
            pairs["same topic"].append((i, j))
        else:
            pairs["other"].append((i, j))
    rnd = random.Random(1)
    pairs["other"] = rnd.sample(pairs["other"], len(pairs["same topic"]))
    counter = StoryClusterer()  # its document frequencies, counted over the whole file
    for r in rows:
        counter.observe(extract(r["text"]))
    df = counter.df
    print(f"ECB+ dev: {len(rows)} articles; pairs: "
          + ", ".join(f"{k} {len(v)}" for k, v in pairs.items()))
    for label, freq in (("no corpus (storyfold compare)", None), ("DocFreq of the file", df)):
        scores = {
            kind: [similarity(rows[i]["text"], rows[j]["text"], docfreq=freq).score
                   for i, j in found]
            for kind, found in pairs.items()
        }
        pos, hard, easy = scores["same story"], scores["same topic"], scores["other"]
        print(f"{label}:")
        print("  mean score: " + ", ".join(
            f"{k} {sum(v) / len(v):.3f}" for k, v in scores.items()))
        print(f"  AUC same story vs same topic (hard): {auc(pos, hard):.3f}; "
              f"vs all negatives: {auc(pos, hard + easy):.3f}")
        right = {
            "same story": sum(s >= SAME_STORY for s in pos) / len(pos),
            "same topic": sum(s < SAME_STORY for s in hard) / len(hard),
            "other": sum(s < SAME_STORY for s in easy) / len(easy),
        }
        print(f"  same_story flag (score >= {SAME_STORY}) right: " + ", ".join(
            f"{k} {v:.3f}" for k, v in right.items()))


if __name__ == "__main__":
    main()
