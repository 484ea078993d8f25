"""Time sentence alignment and provenance on a large synthetic story.

The story is N articles made of the five seed texts repeated (N/5 verbatim copies each),
a worst case for alignment: every article has many near-identical neighbours.

    .venv/bin/python bench/time_provenance.py [N=200]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from storyfold.align import align_story
from storyfold.provenance import trace
from storyfold.records import Article, Story
from storyfold.sentences import split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    texts = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        texts.append((path.stem, "\n".join(ln for ln in lines if len(ln.split()) >= 8)))
    articles = []
    for k in range(n):
        stem, text = texts[k % len(texts)]
        a = Article(id=f"{stem}-{k}", source="<bench>", raw=text, text=text)
        a.sentences = split_sentences(text)
        articles.append(a)
    t0 = time.perf_counter()
    story = Story(id="s", articles=[a.id for a in articles])
    story.alignments = align_story(articles)
    t1 = time.perf_counter()
    trace(story, articles)
    t2 = time.perf_counter()
    print(
        f"{n} articles: align {t1 - t0:.1f}s ({len(story.alignments)} alignments), "
        f"trace {t2 - t1:.1f}s ({len(story.families)} families)"
    )


if __name__ == "__main__":
    main()
