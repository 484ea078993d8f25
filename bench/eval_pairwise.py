"""Quality of the pairwise API (`storyfold.similarity`, `storyfold compare A B`) on ECB+
and on SemEval-2022 task 8 (graded pairs in many languages).

    .venv/bin/python bench/eval_pairwise.py             # both (~5 min with the extra)
    .venv/bin/python bench/eval_pairwise.py --semeval   # SemEval-2022 only
    .venv/bin/python bench/eval_pairwise.py --ecb       # ECB+ only

SemEval-2022 dev pairs: `storyfold.similarity(text1, text2)` as a user calls it (with the
`storyfold[multilingual]` extra when installed), Pearson against -Overall per language
group: en-en, another language with English, same-language non-English (de, es, fr, it, pl)
pooled and each; beside it plain TF-IDF cosine (scikit-learn, fitted on all the pair texts,
English stopwords), the words-only score (the fallback without the extra) and the encoder
alone (the "meaning" channel). Cross-fit: MEANING_WEIGHT and the same_story threshold are
fitted on one half of the pairs (even/odd line) and scored on the other, both ways, and the
shipped constants are scored beside them; the same_story flag is checked against
Overall <= 2 on en-en pairs.

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
import json
import math
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devdata import data_dir, require
from eval_cluster import load_ecb

from storyfold.cluster import StoryClusterer, combine
from storyfold.features import extract
from storyfold.pairwise import (
    MEANING_WEIGHT,
    SAME_STORY,
    SAME_STORY_ENCODER,
    WORD_WEIGHTS,
    similarity,
)


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
    which = set(sys.argv[1:]) or {"--ecb", "--semeval"}
    if "--semeval" in which:
        semeval()
    if "--ecb" in which:
        ecb()


def pearson(x: list[float], y: list[float]) -> float:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


SAME_LANGS = ("de", "es", "fr", "it", "pl")


def semeval_groups(rows: list[dict[str, Any]]) -> dict[str, list[int]]:
    def idx(keep: Callable[[str, str], bool]) -> list[int]:
        return [i for i, r in enumerate(rows) if keep(r["lang1"], r["lang2"])]

    groups = {
        "en-en": idx(lambda a, b: a == b == "en"),
        "other-en": idx(lambda a, b: a != b and "en" in (a, b)),
        "same non-en": idx(lambda a, b: a == b and a in SAME_LANGS),
    }
    for lang in SAME_LANGS:
        groups[f"{lang}-{lang}"] = idx(lambda a, b, lang=lang: a == b == lang)
    return groups


def tfidf_cosines(rows: list[dict[str, Any]]) -> list[float]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [t for r in rows for t in (r["text1"], r["text2"])]
    m = TfidfVectorizer(stop_words="english").fit_transform(docs)
    return [float(v) for v in m[0::2].multiply(m[1::2]).sum(axis=1).A1]


def semeval() -> None:
    path = require("semeval22_dev_pairs.jsonl")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    gold = [-float(r["overall"]) for r in rows]
    groups = semeval_groups(rows)
    t0 = time.perf_counter()
    sims = [similarity(r["text1"], r["text2"]) for r in rows]
    elapsed = time.perf_counter() - t0
    with_encoder = "meaning" in sims[0].channels
    words = [
        combine([s.channels[k] for k in ("words", "names", "facts")], WORD_WEIGHTS) for s in sims
    ]
    scores: dict[str, list[float]] = {"storyfold.similarity": [s.score for s in sims]}
    if with_encoder:
        scores["  words only (no extra)"] = words
        scores["  encoder only"] = [float(s.channels["meaning"] or 0.0) for s in sims]
    scores["TF-IDF cosine (baseline)"] = tfidf_cosines(rows)
    print(f"SemEval-2022 dev: {len(rows)} pairs, storyfold.similarity {elapsed:.0f} s "
          f"({'with' if with_encoder else 'WITHOUT'} the multilingual encoder)")
    print("Pearson against -Overall: " + ", ".join(f"{g} ({len(v)})" for g, v in groups.items()))
    for name, xs in scores.items():
        print(f"  {name:26s} " + "  ".join(
            f"{pearson([xs[i] for i in idx], [gold[i] for i in idx]):.3f}"
            for idx in groups.values()))
    en = groups["en-en"]
    same = [rows[i]["overall"] <= 2 for i in range(len(rows))]

    def agree(idx: list[int], xs: list[float], t: float) -> float:
        return sum((xs[i] >= t) == same[i] for i in idx) / len(idx)

    flag = [s.same_story for s in sims]
    print(f"same_story agrees with Overall <= 2 on en-en pairs: "
          f"{sum(flag[i] == same[i] for i in en) / len(en):.3f}")
    if not with_encoder:
        return
    # Cross-fit: fit on one half, score the other.
    meaning = [float(s.channels["meaning"] or 0.0) for s in sims]
    halves = ([i for i in range(len(rows)) if i % 2 == 0], [i for i in range(len(rows)) if i % 2])
    fit_on = [i for g in ("en-en", "other-en", "same non-en") for i in groups[g]]
    for k, (fit, held) in enumerate((halves, halves[::-1])):
        fit_set, held_set = set(fit) & set(fit_on), set(held)

        def blend(w: float) -> list[float]:
            return [w * m + (1 - w) * x for m, x in zip(meaning, words, strict=True)]

        def mean_r(xs: list[float], subset: set[int]) -> float:
            rs = [pearson([xs[i] for i in idx if i in subset], [gold[i] for i in idx
                          if i in subset]) for g, idx in groups.items()
                  if g in ("en-en", "other-en", "same non-en")]
            return sum(rs) / len(rs)

        w = max((x / 20 for x in range(21)), key=lambda x: mean_r(blend(x), fit_set))
        xs = blend(w)
        en_fit = [i for i in en if i in fit_set | (set(fit) & set(en))]
        t = max((x / 100 for x in range(101)), key=lambda t: agree(en_fit, xs, t))
        held_groups = {g: [i for i in idx if i in held_set] for g, idx in groups.items()}
        print(f"cross-fit {k + 1}: fitted on half {k + 1} MEANING_WEIGHT {w:.2f}, threshold "
              f"{t:.2f}; held-out half: " + "  ".join(
                  f"{g} {pearson([xs[i] for i in idx], [gold[i] for i in idx]):.3f}"
                  for g, idx in held_groups.items() if g in ("en-en", "other-en", "same non-en"))
              + f"; same_story agreement en-en {agree(held_groups['en-en'], xs, t):.3f}")
    print(f"shipped: MEANING_WEIGHT {MEANING_WEIGHT}, SAME_STORY_ENCODER {SAME_STORY_ENCODER}")


def ecb() -> None:
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
        sims = {
            kind: [similarity(rows[i]["text"], rows[j]["text"], docfreq=freq) for i, j in found]
            for kind, found in pairs.items()
        }
        scores = {kind: [s.score for s in found] for kind, found in sims.items()}
        flags = {kind: [s.same_story for s in found] for kind, found in sims.items()}
        pos, hard, easy = scores["same story"], scores["same topic"], scores["other"]
        print(f"{label}:")
        print("  mean score: " + ", ".join(
            f"{k} {sum(v) / len(v):.3f}" for k, v in scores.items()))
        print(f"  AUC same story vs same topic (hard): {auc(pos, hard):.3f}; "
              f"vs all negatives: {auc(pos, hard + easy):.3f}")
        right = {
            "same story": sum(flags["same story"]) / len(pos),
            "same topic": 1 - sum(flags["same topic"]) / len(hard),
            "other": 1 - sum(flags["other"]) / len(easy),
        }
        threshold = SAME_STORY_ENCODER if "meaning" in sims["other"][0].channels else SAME_STORY
        print(f"  same_story flag (score >= {threshold}) right: " + ", ".join(
            f"{k} {v:.3f}" for k, v in right.items()))


if __name__ == "__main__":
    main()
