"""Time storyfold's per-story stages and dump their results, to speed them up safely.

The per-story stages (`pipeline.fold_story` over `story_stages.STORY_STAGES`: clean against
the story, collapse, sentence alignment, provenance, reconcile) dominate `fold` on a
corpus. This script runs them over the ECB+ dev stories and the seed story, times each
stage in CPU time (`time.process_time`, less disturbed by other jobs on the machine than
wall time) and can write a canonical JSON of everything they produce, so an optimisation
can be checked to change nothing:

    .venv/bin/python bench/bench_story_stages.py --dump /tmp/base.json   # before
    .venv/bin/python bench/bench_story_stages.py --dump /tmp/new.json    # after
    cmp /tmp/base.json /tmp/new.json

Stories are grouped by the data's `story` label by default (timing and dump then do not
move when the clustering changes; labels are read only to group, never by storyfold);
`--cluster` groups with storyfold's own clustering instead, as `fold` does. Floats in the
dump are rounded to 6 places so that float noise does not show as a difference.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from devdata import require

from storyfold import clean, cluster, pipeline
from storyfold.read import read_inputs
from storyfold.records import Article, Story
from storyfold.sentences import split_sentences
from storyfold.story_stages import STORY_STAGES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"
STAGES = tuple(s.name for s in STORY_STAGES)


def prepare(paths: list[str]) -> list[Article]:
    """Read, clean and split as `fold` does before clustering."""
    articles = [a for a in read_inputs(paths) if isinstance(a, Article)]
    for a in articles:
        clean.clean_article(a)
    clean.clean_corpus(articles)
    for a in articles:
        a.sentences = split_sentences(a.text)
    return articles


def label_groups(articles: list[Article], jsonl: Path) -> list[list[Article]]:
    story_of = {}
    with jsonl.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            story_of[row["id"]] = row["story"]
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        groups[story_of.get(a.id, a.id)].append(a)
    return list(groups.values())


def cluster_groups(articles: list[Article]) -> list[list[Article]]:
    by_id = {a.id: a for a in articles}
    return [[by_id[i] for i in ids] for ids in cluster.cluster_articles(articles)]


def _rounded(x: Any) -> Any:
    if isinstance(x, float):
        return round(x, 6)
    if isinstance(x, dict):
        return {str(k): _rounded(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_rounded(v) for v in x]
    return x


def canonical(story: Story, members: list[Article]) -> dict[str, Any]:
    d = story.to_dict()
    return _rounded(
        {
            "id": d["id"],
            "articles": d["articles"],
            "title": d["title"],
            "families": d["families"],
            "alignments": d["alignments"],
            "entities": d["entities"],
            "facts": d["facts"],
            "conflicts": d["conflicts"],
            "brief": d["brief"],
            "members": [
                {
                    "id": a.id,
                    "text": a.text,
                    "relation": a.relation,
                    "fidelity": a.fidelity,
                    "derived_from": a.derived_from,
                    "departures": a.to_dict()["departures"],
                }
                for a in members
            ],
        }
    )


def run(name: str, groups: list[list[Article]], dump: list[dict[str, Any]]) -> dict[str, float]:
    seconds = dict.fromkeys(STAGES, 0.0)  # fold_story times each declared stage
    for n, members in enumerate(groups, start=1):
        story, members = pipeline.fold_story(f"{name}-{n}", members, seconds)
        dump.append(canonical(story, members))
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dump", help="write the canonical JSON of the results here")
    ap.add_argument("--cluster", action="store_true", help="group by storyfold's clustering")
    ap.add_argument("--no-seeds", action="store_true", help="skip the seed story")
    args = ap.parse_args()

    jsonl = require("ecbplus_dev.jsonl")
    corpora: list[tuple[str, list[list[Article]]]] = []
    articles = prepare([str(jsonl)])
    groups = cluster_groups(articles) if args.cluster else label_groups(articles, jsonl)
    corpora.append(("ecbplus", groups))
    if not args.no_seeds:
        seeds = prepare([str(SEEDS)])
        corpora.append(("seeds", [seeds]))

    dump: list[dict[str, Any]] = []
    total = dict.fromkeys(STAGES, 0.0)
    for name, groups in corpora:
        n_articles = sum(len(g) for g in groups)
        t0 = time.process_time()
        seconds = run(name, groups, dump)
        elapsed = time.process_time() - t0
        per_stage = "  ".join(f"{s} {seconds[s]:6.2f}" for s in STAGES)
        print(
            f"{name:8s} {len(groups):3d} stories {n_articles:4d} articles  "
            f"{per_stage}  total {elapsed:6.2f} s CPU  {n_articles / elapsed:6.1f} articles/s"
        )
        for s in STAGES:
            total[s] += seconds[s]
    print("all      " + "  ".join(f"{s} {total[s]:.2f}" for s in STAGES)
          + f"  sum {sum(total.values()):.2f} s CPU")
    if args.dump:
        Path(args.dump).write_text(
            json.dumps(dump, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        print(f"dump: {args.dump}")


if __name__ == "__main__":
    main()
