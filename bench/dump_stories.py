"""Dump `StoryClusterer` stories (and extracted features) for the first N bench articles,
so a speed change can be checked to leave results byte-for-byte identical:

    .venv/bin/python bench/dump_stories.py 5000 > before.txt   # on the old code
    .venv/bin/python bench/dump_stories.py 5000 > after.txt    # on the new code
    cmp before.txt after.txt

Stories are printed as placed by `add` in both modes (refine on and off) plus after
`settle`, and a digest of every article's features (all fields), so a difference in
extraction shows even when it does not move a story.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cluster import build_corpus

from storyfold.cluster import StoryClusterer
from storyfold.features import extract


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    corpus = build_corpus(n)[:n]
    digest = hashlib.sha256()
    for a in corpus:
        f = extract(a.text, title=a.title, published=a.published, spans=True)
        digest.update(repr((f.terms, f.names, f.numbers, f.dates, f.name_forms, f.spans,
                            f.day, f.length)).encode())
    print("features", digest.hexdigest())
    for refine in (True, False):
        sc = StoryClusterer(refine=refine)
        placed = [sc.add(a) for a in corpus]
        print(f"refine={refine} placed", hashlib.sha256(repr(placed).encode()).hexdigest())
        for story in sc.stories():
            print(f"refine={refine}", " ".join(story))
        if refine:
            sc.settle()
            for story in sc.stories():
                print("settled", " ".join(story))


if __name__ == "__main__":
    main()
