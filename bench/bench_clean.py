"""Speed of `clean_article` with the furniture patterns' literal prefilter against without it.

    .venv/bin/python bench/bench_clean.py [--rounds 5]

Unanchored furniture patterns ("ad blocker" anywhere in a line) are tried at every position
of every line; a pattern that names its words ("line ~block" in
storyfold/data/furniture_patterns.txt) is skipped on lines that hold none of them. The
baseline is the same pattern list with those words ignored: every pattern tried on every
line, as before the prefilter.

Articles: the dev texts as `fold` reads them (ECB+ and Clough JSONL rows, the WCXB pages
through the HTML reader, the seeds), read once before timing. Both variants clean fresh
copies of every article in the same run, alternating round by round, and must drop the
same lines for the same reasons (checked: the script exits with an error otherwise). It
prints CPU time per article of each and their ratio.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import sys
import time
from pathlib import Path

from devdata import data_dir

from storyfold import clean_shapes
from storyfold.clean import clean_article
from storyfold.read import read_inputs
from storyfold.records import Article

ROOT = Path(__file__).resolve().parent.parent


def articles() -> list[Article]:
    inputs = [str(ROOT / "examples" / "seeds")]
    folder = data_dir()
    if folder is not None:
        for name in ("ecbplus_dev.jsonl", "clough_reuse_dev.jsonl", "wcxb_articles_dev/html"):
            if (folder / name).exists():
                inputs.append(str(folder / name))
    return [a for a in read_inputs(inputs) if isinstance(a, Article)]


def run(arts: list[Article]) -> tuple[float, list[object]]:
    fresh = [copy.deepcopy(a) for a in arts]
    t = time.process_time()
    for a in fresh:
        clean_article(a)
    secs = time.process_time() - t
    return secs, [(a.text, [(d.line, d.reason) for d in a.dropped], a.metadata) for a in fresh]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    arts = articles()
    lines = sum(len(a.raw.splitlines()) for a in arts)
    print(f"{len(arts)} articles, {lines} lines")
    with_literals = clean_shapes.furniture_patterns()
    without = tuple(dataclasses.replace(p, needs=()) for p in with_literals)
    hinted = sum(1 for p in with_literals if p.needs)
    variants = {"prefilter": with_literals, "baseline (every pattern on every line)": without}
    times = dict.fromkeys(variants, 0.0)
    outputs: dict[str, list[object]] = {}
    original = clean_shapes.furniture_patterns
    try:
        for r in range(args.rounds):
            names = list(variants) if r % 2 == 0 else list(variants)[::-1]
            for name in names:
                patterns = variants[name]
                clean_shapes.furniture_patterns = lambda p=patterns: p  # type: ignore[assignment,misc]
                secs, out = run(arts)
                times[name] += secs
                outputs.setdefault(name, out)
    finally:
        clean_shapes.furniture_patterns = original  # type: ignore[assignment]
    first, second = outputs.values()
    if first != second:
        sys.exit("the two variants cleaned some article differently")
    print(f"{hinted} of {len(with_literals)} patterns name their words; same output: yes")
    for name, secs in times.items():
        print(f"{name:40s} {secs / args.rounds:7.2f} s CPU a round, "
              f"{1000 * secs / args.rounds / len(arts):6.2f} ms/article")
    base = times["baseline (every pattern on every line)"]
    print(f"ratio prefilter/baseline CPU time: {times['prefilter'] / base:.2f}")


if __name__ == "__main__":
    main()
