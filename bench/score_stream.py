"""Score `StoryClusterer` on the bench stream against its corpus groups (round x dev story),
B-cubed, to compare a change that moves placements (ad hoc: the groups are copies of one
dev story re-dated within a round, so they measure consistency, not ECB+ quality):

    .venv/bin/python bench/score_stream.py 3000 7     # N articles, corpus seed

Prints precision, recall and F1 streaming (refine on, then after `settle`; refine off),
the stories and the articles held at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cluster import base_texts, build_corpus
from eval_cluster import bcubed

from storyfold.cluster import StoryClusterer
from storyfold.features import extract


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    base = base_texts()
    corpus = build_corpus(n, seed)[:n]
    gold = {}
    for a in corpus:
        r, i = a.id[1:].split("-")
        gold[a.id] = (int(r), base[int(i)][0])
    feats = {a.id: extract(a.text, title=a.title, published=a.published) for a in corpus}
    for refine in (True, False):
        sc = StoryClusterer(refine=refine)
        for a in corpus:
            sc.add_features(a.id, feats[a.id])
        p, r, f = bcubed(sc.stories(), gold)
        print(f"n={n} seed={seed} refine={refine}: P={p:.3f} R={r:.3f} F1={f:.3f} "
              f"stories={len(sc.stories())} held={sc.held()}")
        if refine:
            sc.settle()
            p, r, f = bcubed(sc.stories(), gold)
            print(f"n={n} seed={seed} settled: P={p:.3f} R={r:.3f} F1={f:.3f} "
                  f"stories={len(sc.stories())}")


if __name__ == "__main__":
    main()
