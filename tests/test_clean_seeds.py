"""The cleaning bar on the five seed articles: every furniture line listed in the gold
answers is gone, at least 98% of the other lines are kept, and title, byline, dateline and
credit land in metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfold.clean import clean_article, clean_corpus
from storyfold.read import read_inputs
from storyfold.records import Article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
GOLD = json.loads((ROOT / "tests/data/read/seeds_clean_gold.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    articles = [a for a in read_inputs([str(SEEDS)]) if isinstance(a, Article)]
    assert len(articles) == 5
    for article in articles:
        clean_article(article)
    clean_corpus(articles)  # the five share a folder: nothing of theirs may repeat as furniture
    return {a.id: a for a in articles}


def _paragraphs(article: Article) -> set[str]:
    return {p.strip() for p in article.text.split("\n") if p.strip()}


def _handled_as_metadata(line: str, article: Article) -> bool:
    meta = GOLD["metadata_lines"][article.id]
    if line == meta.get("title"):
        return article.title == line
    if line == meta.get("byline"):
        return bool(article.byline) and article.byline in line
    if line == meta.get("credit"):
        return line in article.metadata.get("credit", "")
    dateline = meta.get("dateline")
    if dateline and line.startswith(dateline):
        rest = line[len(dateline) :].lstrip(" :–—-")
        return article.metadata.get("dateline") == dateline and rest in article.text
    return False


@pytest.mark.parametrize("article_id", sorted(GOLD["boilerplate_lines"]))
def test_every_furniture_line_is_gone(seeds: dict[str, Article], article_id: str) -> None:
    article = seeds[article_id]
    paragraphs = _paragraphs(article)
    for line in GOLD["boilerplate_lines"][article_id]:
        assert line not in paragraphs, line
        if len(line) > 20:
            assert line not in article.text, line
        assert any(d.text == line and d.reason for d in article.dropped), line


def test_other_lines_are_kept_or_in_metadata(seeds: dict[str, Article]) -> None:
    total = kept = 0
    missing = []
    for article_id, article in seeds.items():
        furniture = set(GOLD["boilerplate_lines"][article_id])
        for raw in article.raw.splitlines():
            line = raw.strip()
            if not line or line in furniture:
                continue
            total += 1
            if line in article.text or _handled_as_metadata(line, article):
                kept += 1
            else:
                missing.append((article_id, line))
    assert kept / total >= 0.98, missing


@pytest.mark.parametrize("article_id", sorted(GOLD["metadata_lines"]))
def test_metadata_lines_land_in_metadata(seeds: dict[str, Article], article_id: str) -> None:
    article = seeds[article_id]
    for line in GOLD["metadata_lines"][article_id].values():
        line_in_text = any(p == line for p in _paragraphs(article))
        assert not line_in_text, line
    meta = GOLD["metadata_lines"][article_id]
    assert article.title == meta.get("title")
    assert (article.byline is not None) == ("byline" in meta)
    assert article.metadata.get("dateline") == meta.get("dateline")
    assert article.metadata.get("credit") == meta.get("credit")
