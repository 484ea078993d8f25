"""Cross-fit of `storyfold.cluster.AGREE_MIN` (the two-kinds-of-agreement bar) on the ECB+
dev halves, with the WCXB dev multi-article story count beside.

    .venv/bin/python bench/crossfit_agree.py      # ~3 minutes alone

The fold path in process (read as `storyfold fold -` reads JSONL with ids and text only,
clean, `cluster_articles`, `passages.join_shared`), shuffle 1, for each AGREE_MIN of a
grid: B-cubed F1 on ECB+ topics 1-12 and 13-25, and how many of the stories of 200
unrelated WCXB pages hold more than one. Then the value each half would pick and what it
scores on the other. Labels are read only to score.
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
from storyfold.cluster import scoring  # noqa: E402
from storyfold.read.jsonl import read_jsonl_lines  # noqa: E402
from storyfold.records import Article  # noqa: E402

GRID = (0.0, 0.05, 0.1, 0.15, 0.2)


def _cleaned(items: list[Article]) -> list[Article]:
    for a in items:
        clean.clean_article(a)
    clean.clean_corpus(items)
    return items


def _fold(articles: list[Article]) -> list[list[str]]:
    return passages.join_shared(articles, cluster.cluster_articles(articles))


def main() -> None:
    ddir = data_dir()
    if ddir is None:
        sys.exit("dev data not found (set STORYFOLD_DATA)")
    rows = [json.loads(line) for line in (ddir / "ecbplus_dev.jsonl").open(encoding="utf-8")]
    gold = {r["id"]: r["story"] for r in rows}
    lines = [json.dumps({"id": r["id"], "text": r["text"]}) for r in rows]
    ecb = [a for a in read_jsonl_lines(lines, source="<stdin>", default_id="stdin")
           if isinstance(a, Article)]
    ecb = _cleaned(ecb)
    halves = {
        "1-12": [a for a in ecb if int(gold[a.id].split("_")[0]) <= 12],
        "13-25": [a for a in ecb if int(gold[a.id].split("_")[0]) > 12],
    }
    for half in halves.values():
        random.Random(1).shuffle(half)
    wcxb = [a for a in pipeline._read([str(ddir / "wcxb_articles_dev" / "html")], None)
            if isinstance(a, Article)]
    wcxb = _cleaned(wcxb)
    default = cluster.AGREE_MIN
    scores: dict[tuple[float, str], float] = {}
    try:
        for t in GRID:
            scoring.AGREE_MIN = t  # read where it is used
            for name, half in halves.items():
                scores[(t, name)] = bcubed(_fold(half), {a.id: gold[a.id] for a in half})[2]
            multi = sum(len(g) > 1 for g in _fold(wcxb))
            print(f"AGREE_MIN {t}{' (default)' if t == default else ''}: ECB+ topics 1-12 "
                  f"F1 {scores[(t, '1-12')]:.3f}, 13-25 F1 {scores[(t, '13-25')]:.3f}; "
                  f"WCXB multi-article stories {multi}", flush=True)
    finally:
        scoring.AGREE_MIN = default
    for a, b in (("1-12", "13-25"), ("13-25", "1-12")):
        best = max(GRID, key=lambda t: (scores[(t, a)], -t))
        print(f"fitted on topics {a}: AGREE_MIN {best} (F1 {scores[(best, a)]:.3f}); "
              f"topics {b} at it {scores[(best, b)]:.3f}, at the default "
              f"{scores[(default, b)]:.3f}")


if __name__ == "__main__":
    main()
