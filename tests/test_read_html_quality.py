"""Quality gate: storyfold's HTML reader (+ cleaning) on a sample of WCXB dev pages keeps
word F1 (WCXB's bag-of-words metric) at or above 0.93. Skipped without the dev data."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import data_dir

from storyfold.clean import clean_article
from storyfold.read.decode import UnreadableInput
from storyfold.read.html import extract_html

SAMPLE = 40


def _wcxb() -> Path | None:
    folder = data_dir()
    if folder and (folder / "wcxb_articles_dev/gold.json").exists():
        return folder / "wcxb_articles_dev"
    return None


def _f1(predicted: str, gold: str) -> float:
    pred = Counter(re.findall(r"\w+", predicted.lower()))
    ref = Counter(re.findall(r"\w+", gold.lower()))
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(pred.values()), overlap / sum(ref.values())
    return 2 * p * r / (p + r)


@pytest.mark.slow
def test_html_reader_word_f1_on_wcxb_sample() -> None:
    folder = _wcxb()
    if folder is None:
        pytest.skip("WCXB dev data not available")
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    ids = sorted(gold)[:: max(len(gold) // SAMPLE, 1)][:SAMPLE]  # spread over the set
    raw_scores, clean_scores = [], []
    for page_id in ids:
        html = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        try:
            article = extract_html(html, article_id=page_id, source=page_id)
        except UnreadableInput:
            raw_scores.append(0.0)
            clean_scores.append(0.0)
            continue
        raw_scores.append(_f1(article.raw, gold[page_id]["main_content"]))
        clean_article(article)
        clean_scores.append(_f1(article.text, gold[page_id]["main_content"]))
    raw_f1 = sum(raw_scores) / len(raw_scores)
    clean_f1 = sum(clean_scores) / len(clean_scores)
    assert raw_f1 >= 0.93
    assert clean_f1 >= 0.93
    assert clean_f1 >= raw_f1 - 0.005  # cleaning extracted HTML text must not cost words
