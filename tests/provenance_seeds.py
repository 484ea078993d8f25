"""Seed articles for the alignment and provenance tests.

Until the readers and cleaners are final, the seeds are read as plain text and lines of
fewer than eight words (menus, captions, headings) are dropped; the tests only rely on
article bodies.
"""

from __future__ import annotations

from pathlib import Path

from storyfold.records import Article
from storyfold.sentences import split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"


def article(article_id: str, text: str) -> Article:
    a = Article(id=article_id, source="<test>", raw=text, text=text)
    a.sentences = split_sentences(text)
    return a


def seed_articles() -> list[Article]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        body = "\n".join(ln for ln in lines if len(ln.split()) >= 8)
        a = article(path.stem, body)
        out.append(a)
    return out


def by_prefix(seeds: list[Article], prefix: str) -> Article:
    return next(a for a in seeds if a.id.startswith(prefix))
