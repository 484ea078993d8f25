"""Time sentence alignment and provenance on a large synthetic story.

The story is N articles made of the five seed texts repeated (N/5 copies each), a worst
case for alignment: every article has many near-identical neighbours. With `--edited` every
copy gets its own first line and every other copy one changed word (republished wire copy).
It prints the timings, the families (by seed) and the relations given.

    .venv/bin/python bench/time_provenance.py [N=200] [--edited]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from storyfold.align import align_story
from storyfold.provenance import trace
from storyfold.records import Article, Story
from storyfold.sentences import split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    n = int(args[0]) if args else 200
    edited = "--edited" in sys.argv
    texts = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        texts.append((path.stem, "\n".join(ln for ln in lines if len(ln.split()) >= 8)))
    articles = []
    for k in range(n):
        stem, text = texts[k % len(texts)]
        if edited and k >= len(texts):
            text = f"Published by outlet number {k} of the syndicate.\n" + (
                text.replace(" said", " says", 1) if k % 2 else text
            )
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
    for f in story.families:
        print(f"  family best {f.best}: {dict(sorted(Counter(i[:3] for i in f.articles).items()))}")
    print("  relations:", dict(Counter(a.relation for a in articles)))


if __name__ == "__main__":
    main()
