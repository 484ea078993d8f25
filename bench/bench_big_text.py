"""One large plain-text article through `storyfold fold`: 1 MB (bar 5 s) and 10 MB (60 s).

    .venv/bin/python bench/bench_big_text.py              # 1 MB and 10 MB
    .venv/bin/python bench/bench_big_text.py --mb 0.1,1   # smaller

The text is ECB+ dev reports joined one after another (paragraphs of real news) until it
reaches the size; folded as a .txt file by the CLI, timed wall-clock with its peak memory
(/usr/bin/time -v). Baseline beside it: reading the same file and splitting its words
in Python (`len(open(f).read().split())`), the least any fold must do.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_fold import STORYFOLD, timed
from devdata import require


def big_text(size: int) -> str:
    with require("ecbplus_dev.jsonl").open(encoding="utf-8") as fh:
        reports = [json.loads(line)["text"] for line in fh]
    parts: list[str] = ["A long report"]
    total = 0
    k = 0
    while total < size:
        text = reports[k % len(reports)]
        parts.append(text)
        total += len(text) + 2
        k += 1
    return "\n\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", default="1,10")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (float(x) for x in args.mb.split(",")):
            path = Path(tmp) / f"big{mb:g}mb.txt"
            path.write_text(big_text(int(mb * 1_000_000)), encoding="utf-8")
            base, _ = timed([sys.executable, "-c",
                             "import sys; len(open(sys.argv[1]).read().split())", str(path)])
            # The default cap (200,000 characters) refuses such an article: raise it the
            # documented way (README, "Hostile input").
            limit = str(int(mb * 1_000_000) + 1_000_000)
            wall, peak = timed([str(STORYFOLD), "fold", str(path), "-q", "--format", "json",
                                "--max-article-chars", limit])
            bar = 5 if mb <= 1 else 60
            print(f"{mb:g} MB text: storyfold fold {wall:.1f}s (bar {bar}s), peak {peak:.0f} MB;"
                  f" read+split baseline {base:.2f}s")


if __name__ == "__main__":
    main()
