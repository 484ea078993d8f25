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


def _cli_stories(args: list[str], *, stream: bool) -> list[set[str]]:
    """Stories of `storyfold fold ARGS` (its JSON report) or `storyfold stream ARGS`
    (placements and settles replayed), as sets of article ids."""
    from click.testing import CliRunner

    from storyfold.cli import main

    if not stream:
        result = CliRunner().invoke(main, ["fold", *args, "--format", "json", "-q"])
        assert result.exit_code == 0, result.output
        return [set(s["articles"]) for s in json.loads(result.output)["stories"]]
    result = CliRunner().invoke(main, ["stream", *args])
    assert result.exit_code == 0, result.output
    story_of: dict[str, int] = {}
    for line in result.output.splitlines():
        rec = json.loads(line)
        if "id" in rec:
            story_of[rec["id"]] = rec["story"]
        for m in rec["moved"]:
            story_of[m["id"]] = m["story"]
    groups: dict[int, set[str]] = {}
    for article_id, story in story_of.items():
        groups.setdefault(story, set()).add(article_id)
    return list(groups.values())


@pytest.mark.parametrize("order", [0, 1, 2])
def test_seeds_are_one_story_in_every_mode_and_order(seeds_dir: Path, order: int) -> None:
    # What a user runs: the five seed files in three orders, through `fold` (one and two
    # worker processes, with and without refinement) and `stream` (both): one story of
    # all five each time.
    files = sorted(str(f) for f in seeds_dir.glob("*.txt"))
    assert len(files) == 5
    random.Random(order).shuffle(files)
    for args, stream in (
        (["-j", "1"], False), (["-j", "2"], False), (["--no-refine"], False),
        ([], True), (["--no-refine"], True),
    ):
        stories = _cli_stories([*files, *args], stream=stream)
        assert len(stories) == 1 and len(stories[0]) == 5, (args, stream, stories)
