"""fold(): storyfold's stages in order, readable top to bottom.

read -> clean each article -> clean across a site -> split sentences -> cluster into
stories -> per story: clean against the story, align sentences, trace provenance,
reconcile (entities, facts, conflicts, brief) -> Report.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TextIO

from storyfold import align, clean, cluster, provenance, reconcile
from storyfold.read import read_inputs
from storyfold.records import Article, ReadError, Report, Story
from storyfold.sentences import split_sentences

Progress = Callable[[str, int, int], None]


def fold(
    inputs: Sequence[str] | Iterable[Article],
    *,
    refine: bool = True,
    stdin: TextIO | None = None,
    progress: Progress | None = None,
) -> Report:
    """Read `inputs` (paths, folders, globs, "-" for JSONL on stdin, or Article records)
    and fold them into stories. Unreadable inputs land in `Report.errors`."""
    articles: list[Article] = []
    errors: list[ReadError] = []
    for item in _read(inputs, stdin):
        if isinstance(item, ReadError):
            print(f"storyfold: skipped {item.path}: {item.error}", file=sys.stderr)
            errors.append(item)
        else:
            articles.append(item)
    articles = _dedupe_ids(articles)

    for done, article in enumerate(articles, start=1):
        clean.clean_article(article)
        if progress:
            progress("clean", done, len(articles))
    clean.clean_corpus(articles)
    for article in articles:
        article.sentences = split_sentences(article.text)

    groups = cluster.cluster_articles(articles, refine=refine)
    by_id = {a.id: a for a in articles}
    stories: list[Story] = []
    for number, ids in enumerate(groups, start=1):
        members = [by_id[i] for i in ids]
        if clean.clean_story(members):
            for article in members:
                article.sentences = split_sentences(article.text)
        story = Story(id=f"story-{number}", articles=list(ids))
        story.alignments = align.align_story(members)
        provenance.trace(story, members)
        reconcile.reconcile(story, members)
        stories.append(story)
        if progress:
            progress("stories", number, len(groups))
    return Report(articles=articles, stories=stories, errors=errors)


class NoArticle(ValueError):
    """An input named for a single article held none that could be read."""


def load_article(path: str, *, stdin: TextIO | None = None) -> Article:
    """Read and clean the first article of `path` (for pairwise comparison)."""
    for item in read_inputs([path], stdin=stdin):
        if isinstance(item, ReadError):
            raise NoArticle(f"{item.path}: {item.error}")
        clean.clean_article(item)
        item.sentences = split_sentences(item.text)
        return item
    raise NoArticle(f"{path}: no article found")


def _read(inputs: Sequence[str] | Iterable[Article], stdin: TextIO | None):  # type: ignore[no-untyped-def]
    items = list(inputs)
    if items and all(isinstance(i, Article) for i in items):
        yield from items
        return
    yield from read_inputs([str(i) for i in items], stdin=stdin)


def _dedupe_ids(articles: list[Article]) -> list[Article]:
    """Two inputs with one id (a.txt and a.html) would collide in stories: suffix them."""
    seen: dict[str, int] = {}
    for article in articles:
        if article.id in seen:
            seen[article.id] += 1
            article.id = f"{article.id}~{seen[article.id]}"
        else:
            seen[article.id] = 1
    return articles
