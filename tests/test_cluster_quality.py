"""Quality gates: the five seeds fold into one story; ECB+ B-cubed F1 in the default mode."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from storyfold.cluster import cluster_articles
from storyfold.records import Article


def _bcubed_f1(groups: list[list[str]], gold: dict[str, str]) -> float:
    cluster_of = {i: n for n, g in enumerate(groups) for i in g}
    gold_size = Counter(gold.values())
    size = Counter(cluster_of[i] for i in gold)
    both = Counter((cluster_of[i], gold[i]) for i in gold)
    p = sum(both[(cluster_of[i], gold[i])] / size[cluster_of[i]] for i in gold) / len(gold)
    r = sum(both[(cluster_of[i], gold[i])] / gold_size[gold[i]] for i in gold) / len(gold)
    return 2 * p * r / (p + r)


@pytest.mark.parametrize("strip_clutter", [False, True])
@pytest.mark.parametrize("refine", [True, False])
def test_seeds_fold_into_one_story(seeds_dir: Path, strip_clutter: bool, refine: bool) -> None:
    arts = []
    for f in sorted(seeds_dir.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        if strip_clutter:  # keep only lines long enough to be prose
            text = "\n".join(ln for ln in text.splitlines() if len(ln.split()) >= 8)
        arts.append(Article(id=f.stem, source=str(f), raw=text, text=text))
    assert len(arts) == 5
    for seed in range(3):
        random.Random(seed).shuffle(arts)
        groups = cluster_articles(arts, refine=refine)
        assert len(groups) == 1, groups


@pytest.mark.slow
@pytest.mark.parametrize(
    ("refine", "settle_rounds", "floor"), [(True, 8, 0.95), (True, 0, 0.91), (False, 0, 0.91)]
)
def test_ecbplus_bcubed_f1(dev_data: Path, refine: bool, settle_rounds: int, floor: float) -> None:
    path = dev_data / "ecbplus_dev.jsonl"
    if not path.exists():
        pytest.skip("ecbplus_dev.jsonl absent")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    random.Random(1).shuffle(rows)
    arts = [Article(id=r["id"], source="ecb", raw=r["text"], text=r["text"]) for r in rows]
    gold = {r["id"]: r["story"] for r in rows}
    f1 = _bcubed_f1(cluster_articles(arts, refine=refine, settle_rounds=settle_rounds), gold)
    # This shuffle reaches 0.963 with refinement, 0.919 as a stream that never ends (no
    # closing settle) and 0.935 without refinement (bench/README.md; the issue asks 0.95
    # and 0.90): the floors keep what has been reached from slipping.
    assert f1 >= floor, f1
