"""Cross-fit of the issue-15 clustering rules on the ECB+ dev halves, WCXB beside.

    .venv/bin/python bench/crossfit_cluster.py                 # all three rules (~4 min alone)
    .venv/bin/python bench/crossfit_cluster.py NAMES_SHARED    # one

For each value of a grid: B-cubed F1 on ECB+ topics 1-12 and 13-25 (shuffle 1, each half
alone) through the fold path in process (read as `storyfold fold -` reads JSONL with ids
and text only, clean, `cluster_articles`, `passages.join_shared`) and through
`pipeline.stream` (end of stream and lowest settle point), and how many of the stories of
200 unrelated WCXB pages hold more than one. Then the value each half picks (fold F1 plus
stream end F1 plus lowest settle F1) and what it scores on the other half. Labels are read
only to score.

* NAMES_HELD: name keys both sides need before their names must meet.
* NAMES_SHARED: name keys an article must share with a story (when both name enough).
* SETTLE_MERGE_MIN: members each of two stories need to be joined at a read point.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from devdata import data_dir  # noqa: E402
from eval_cluster import bcubed  # noqa: E402

from storyfold import clean, cluster, passages, pipeline  # noqa: E402
from storyfold.cluster import refine, scoring  # noqa: E402
from storyfold.read.jsonl import read_jsonl_lines  # noqa: E402
from storyfold.records import Article, Placement, Settled  # noqa: E402

OFF = 10**6  # a value that turns a rule off
GRIDS: dict[str, tuple[int, ...]] = {
    "NAMES_HELD": (2, 3, 4, 6, 8, OFF),
    "NAMES_SHARED": (0, 1, 2, 3),
    "SETTLE_MERGE_MIN": (2, 3, 4, 6, 8, OFF),
}
MODULE = {"NAMES_HELD": scoring, "NAMES_SHARED": scoring, "SETTLE_MERGE_MIN": refine}


def _articles(rows: list[dict[str, str]]) -> list[Article]:
    lines = [json.dumps({"id": r["id"], "text": r["text"]}) for r in rows]
    return [a for a in read_jsonl_lines(lines, source="<stdin>", default_id="stdin")
            if isinstance(a, Article)]


def _fold(rows: list[dict[str, str]]) -> list[list[str]]:
    articles = _articles(rows)
    for a in articles:
        clean.clean_article(a)
    clean.clean_corpus(articles)
    return passages.join_shared(articles, cluster.cluster_articles(articles))


def _stream(rows: list[dict[str, str]], gold: dict[str, str]) -> tuple[float, float]:
    """(F1 at the end, lowest F1 at a settle point) of `pipeline.stream`."""
    story_of: dict[str, int] = {}
    lows: list[float] = []

    def groups() -> list[list[str]]:
        out: dict[int, list[str]] = {}
        for i, s in story_of.items():
            out.setdefault(s, []).append(i)
        return list(out.values())

    for rec in pipeline.stream(_articles(rows)):
        if isinstance(rec, Placement):
            story_of[rec.article_id] = rec.story
        if isinstance(rec, Placement | Settled):
            story_of.update(rec.moved)
        if isinstance(rec, Settled):
            lows.append(bcubed(groups(), {i: gold[i] for i in story_of})[2])
    return bcubed(groups(), gold)[2], min(lows)


def crossfit(name: str, halves: dict[str, list[dict[str, str]]], gold: dict[str, str],
             wcxb: list[Article]) -> None:
    module = MODULE[name]
    default = getattr(module, name)
    score: dict[tuple[int, str], float] = {}
    try:
        for value in GRIDS[name]:
            setattr(module, name, value)
            parts = []
            for half, rows in halves.items():
                sub = {r["id"]: gold[r["id"]] for r in rows}
                f = bcubed(_fold(rows), sub)[2]
                end, low = _stream(rows, sub)
                score[(value, half)] = f + end + low
                parts.append(f"topics {half}: fold {f:.3f}, stream end {end:.3f}, "
                             f"lowest settle {low:.3f}")
            multi = sum(len(g) > 1 for g in passages.join_shared(
                wcxb, cluster.cluster_articles(wcxb)))
            shown = "off" if value == OFF else value
            print(f"{name} {shown}{' (default)' if value == default else ''}: "
                  + "; ".join(parts) + f"; WCXB multi-article stories {multi}", flush=True)
    finally:
        setattr(module, name, default)
    for a, b in (("1-12", "13-25"), ("13-25", "1-12")):
        best = max(GRIDS[name], key=lambda v: (score[(v, a)], v == default))
        print(f"  {name} fitted on topics {a}: {'off' if best == OFF else best} "
              f"(sum of the three F1 {score[(best, a)]:.3f}); topics {b} at it "
              f"{score[(best, b)]:.3f}, at the default {score[(default, b)]:.3f}", flush=True)


def main() -> None:
    ddir = data_dir()
    if ddir is None:
        sys.exit("dev data not found (set STORYFOLD_DATA)")
    rows = [json.loads(line) for line in (ddir / "ecbplus_dev.jsonl").open(encoding="utf-8")]
    gold = {r["id"]: r["story"] for r in rows}
    halves = {
        "1-12": [r for r in rows if int(r["story"].split("_")[0]) <= 12],
        "13-25": [r for r in rows if int(r["story"].split("_")[0]) > 12],
    }
    for half in halves.values():
        random.Random(1).shuffle(half)
    wcxb = [a for a in pipeline._read([str(ddir / "wcxb_articles_dev" / "html")], None)
            if isinstance(a, Article)]
    for a in wcxb:
        clean.clean_article(a)
    clean.clean_corpus(wcxb)
    for name in sys.argv[1:] or list(GRIDS):
        crossfit(name, halves, gold, wcxb)


if __name__ == "__main__":
    main()
