"""Story clustering as users get it: the `storyfold` CLI run on the dev sets, with a TF-IDF
baseline beside every figure.

    .venv/bin/python bench/eval_fold.py                 # everything (about 5 minutes)
    .venv/bin/python bench/eval_fold.py ecb stream      # some parts: ecb stream wcxb mqm seeds

* ecb:    ECB+ dev through `storyfold fold -` (JSONL on stdin, ids and text only), three
          shuffles; B-cubed P/R/F1.
* stream: the same shuffles through `storyfold stream` with its default settling: B-cubed
          F1 at the end and the lowest at any settle point (scored over the articles
          placed so far).
* prefix: batch folds (`storyfold fold -`) of the first 100, 200 and 300 articles of each
          shuffle: what a stream's early settle points can reach at best (a settle
          re-places the held articles as a batch would). Not in the default run.
* wcxb:   200 unrelated WCXB dev pages folded from their HTML: stories with more than one
          article (each listed with its titles, to check by hand).
* mqm:    TED MQM dev, 75 copies of 5 talks (`storyfold fold -`, ids and text only):
          B-cubed against one story per talk.
* seeds:  the five seed articles, `fold` with and without refinement and `stream`, in
          five file orders: how many stories each.

Baseline: TF-IDF cosine (scikit-learn, English stopwords, sublinear tf) with average-link
clustering at one distance threshold, fitted on ECB+ topics 1-12 and applied everywhere
else (its fit on topics 13-25 is printed too: a threshold that moves a lot is overfitted).
Labels are read here only to score; the CLI never sees them.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import subprocess
import sys
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from devdata import data_dir  # noqa: E402
from eval_cluster import bcubed  # noqa: E402

CLI = [str(Path(sys.executable).parent / "storyfold")]
SHUFFLES = (1, 2, 3)


def _jsonl(rows: Sequence[Mapping[str, str]]) -> str:
    return "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows)


def _shuffled(rows: list[dict[str, str]], seed: int) -> list[dict[str, str]]:
    order = list(rows)
    random.Random(seed).shuffle(order)
    return order


def fold_cli(args: Sequence[str], stdin: str | None = None) -> list[list[str]]:
    """Stories (lists of ids) of `storyfold fold ARGS --format json -q`."""
    out = subprocess.run(
        [*CLI, "fold", *args, "--format", "json", "-q"],
        input=stdin, capture_output=True, text=True, check=True,
    ).stdout
    return [s["articles"] for s in json.loads(out)["stories"]]


def stream_cli(
    args: Sequence[str], stdin: str | None, gold: Mapping[str, Hashable] | None = None
) -> tuple[list[list[str]], list[tuple[int, float]]]:
    """Stories at the end of `storyfold stream ARGS`, replaying its lines, and (with
    `gold`) (arrivals, B-cubed F1 over the articles placed so far) at each settle line."""
    out = subprocess.run(
        [*CLI, "stream", *args], input=stdin, capture_output=True, text=True, check=True
    ).stdout
    story_of: dict[str, int] = {}
    settles: list[tuple[int, float]] = []
    for line in out.splitlines():
        rec = json.loads(line)
        if "id" in rec:
            story_of[rec["id"]] = rec["story"]
        for m in rec["moved"]:
            story_of[m["id"]] = m["story"]
        if "settled" in rec and gold is not None:
            part = {i: gold[i] for i in story_of}
            settles.append((len(story_of), bcubed(_groups(story_of), part)[2]))
    return _groups(story_of), settles


def _groups(story_of: Mapping[str, int]) -> list[list[str]]:
    groups: dict[int, list[str]] = {}
    for article_id, story in story_of.items():
        groups.setdefault(story, []).append(article_id)
    return list(groups.values())


# ---------------------------------------------------------------- TF-IDF baseline
def tfidf_groups(ids: Sequence[str], texts: Sequence[str], distance: float) -> list[list[str]]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance
    ).fit_predict(x.toarray())
    groups: dict[int, list[str]] = {}
    for i, label in zip(ids, labels, strict=True):
        groups.setdefault(int(label), []).append(i)
    return list(groups.values())


GRID = [round(0.5 + 0.025 * i, 3) for i in range(19)]  # cosine distances 0.5 .. 0.95


def fit_tfidf(rows: list[dict[str, str]]) -> tuple[float, float]:
    gold = {r["id"]: r["story"] for r in rows}
    ids, texts = [r["id"] for r in rows], [r["text"] for r in rows]
    scored = [(bcubed(tfidf_groups(ids, texts, d), gold)[2], d) for d in GRID]
    f, d = max(scored)
    return d, f


# ---------------------------------------------------------------- parts
def _fold_shuffles(rows: list[dict[str, str]], gold: dict[str, str], distance: float,
                   label: str, extra: str = "") -> None:
    """`storyfold fold -` on each shuffle of `rows`, B-cubed against `gold`, TF-IDF beside."""
    base = bcubed(tfidf_groups([r["id"] for r in rows], [r["text"] for r in rows], distance), gold)
    for seed in SHUFFLES:
        groups = fold_cli(["-"], _jsonl(_shuffled(rows, seed)))
        p, r, f = bcubed(groups, gold)
        print(f"{label} storyfold fold - shuffle {seed}: P={p:.3f} R={r:.3f} F1={f:.3f} "
              f"stories={len(groups)}{extra}   (TF-IDF baseline F1={base[2]:.3f})", flush=True)


def part_ecb(rows: list[dict[str, str]], distance: float) -> None:
    _fold_shuffles(rows, {r["id"]: r["story"] for r in rows}, distance, "ECB+")


def part_stream(rows: list[dict[str, str]], distance: float) -> None:
    gold = {r["id"]: r["story"] for r in rows}
    base = bcubed(tfidf_groups([r["id"] for r in rows], [r["text"] for r in rows], distance), gold)
    for seed in SHUFFLES:
        groups, settles = stream_cli([], _jsonl(_shuffled(rows, seed)), gold)
        p, r, f = bcubed(groups, gold)
        low = min(settles, key=lambda s: s[1]) if settles else (0, float("nan"))
        print(f"ECB+ storyfold stream shuffle {seed}: end P={p:.3f} R={r:.3f} F1={f:.3f}; "
              f"{len(settles)} settle points, lowest F1={low[1]:.3f} (at {low[0]} articles)"
              f"   (TF-IDF baseline, batch, F1={base[2]:.3f})", flush=True)


PREFIXES = (100, 200, 300)


def part_prefix(rows: list[dict[str, str]], distance: float) -> None:
    gold = {r["id"]: r["story"] for r in rows}
    for n in PREFIXES:
        for seed in SHUFFLES:
            part = _shuffled(rows, seed)[:n]
            sub = {r["id"]: gold[r["id"]] for r in part}
            p, r, f = bcubed(fold_cli(["-"], _jsonl(part)), sub)
            base = bcubed(tfidf_groups([x["id"] for x in part], [x["text"] for x in part],
                                       distance), sub)
            print(f"ECB+ first {n} of shuffle {seed}, storyfold fold -: P={p:.3f} R={r:.3f} "
                  f"F1={f:.3f}   (TF-IDF baseline F1={base[2]:.3f})", flush=True)


def _wcxb_titles(folder: Path) -> dict[str, str]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    return {k: (v.get("title") or v.get("url") or "")[:70] for k, v in gold.items()}


def part_wcxb(folder: Path, distance: float) -> None:
    titles = _wcxb_titles(folder)
    groups = fold_cli([str(folder / "html")])
    multi = [g for g in groups if len(g) > 1]
    ids, texts = [], []
    for path in sorted((folder / "html").glob("*.html.gz")):
        ids.append(path.name.removesuffix(".html.gz"))
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        import trafilatura

        texts.append(trafilatura.extract(html) or "")
    base = [g for g in tfidf_groups(ids, texts, distance) if len(g) > 1]
    print(f"WCXB dev {len(titles)} pages, storyfold fold: {len(multi)} stories with more than "
          f"one article   (TF-IDF baseline at the ECB+ threshold: {len(base)})")
    for g in multi:
        print("  story: " + " | ".join(
            f"{i}: {titles.get(i.split('.')[0], titles.get(i, '?'))}" for i in g))


def part_mqm(path: Path, distance: float) -> None:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    _fold_shuffles(rows, {r["id"]: r["doc"] for r in rows}, distance, "TED MQM", " (5 talks)")


def part_seeds(seed_dir: Path) -> None:
    files = sorted(str(p) for p in seed_dir.glob("*.txt"))
    orders = list(itertools.permutations(files))
    picked = [orders[i] for i in random.Random(0).sample(range(len(orders)), 5)]
    counts: dict[str, list[int]] = {"fold": [], "fold --no-refine": [], "stream": [],
                                    "stream --no-refine": []}
    for order in picked:
        counts["fold"].append(len(fold_cli(list(order))))
        counts["fold --no-refine"].append(len(fold_cli([*order, "--no-refine"])))
        counts["stream"].append(len(stream_cli(list(order), None)[0]))
        counts["stream --no-refine"].append(len(stream_cli([*order, "--no-refine"], None)[0]))
    for mode, n in counts.items():
        print(f"seeds storyfold {mode}, 5 file orders: stories {n}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("parts", nargs="*", default=["ecb", "stream", "wcxb", "mqm", "seeds"])
    args = ap.parse_args()
    ddir = data_dir()
    if ddir is None:
        sys.exit("dev data not found (set STORYFOLD_DATA)")
    rows = [json.loads(line) for line in (ddir / "ecbplus_dev.jsonl").open(encoding="utf-8")]
    lo = [r for r in rows if int(r["story"].split("_")[0]) <= 12]
    hi = [r for r in rows if int(r["story"].split("_")[0]) > 12]
    distance, f_lo = fit_tfidf(lo)
    d_hi, f_hi = fit_tfidf(hi)
    print(f"TF-IDF baseline: distance {distance} fitted on ECB+ topics 1-12 (F1 {f_lo:.3f}); "
          f"topics 13-25 would pick {d_hi} (F1 {f_hi:.3f})", flush=True)
    if "ecb" in args.parts:
        part_ecb(rows, distance)
    if "stream" in args.parts:
        part_stream(rows, distance)
    if "prefix" in args.parts:
        part_prefix(rows, distance)
    if "wcxb" in args.parts:
        part_wcxb(ddir / "wcxb_articles_dev", distance)
    if "mqm" in args.parts:
        part_mqm(ddir / "mqm_ted_zhen_dev.jsonl", distance)
    if "seeds" in args.parts:
        part_seeds(ROOT / "examples" / "seeds")


if __name__ == "__main__":
    main()
