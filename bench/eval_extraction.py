"""HTML main-text extraction on WCXB dev pages: storyfold's HTML reader vs trafilatura.

Metric (WCXB's own): lowercase \\w+ tokens of the extracted text and of the gold
`main_content` as bags of words; precision, recall, F1 per page, averaged over pages.

    .venv/bin/python bench/eval_extraction.py [--limit N] [--data DIR]

Rows: trafilatura with default settings (the baseline), storyfold's reader (the text it
stores as Article.raw), and storyfold's reader followed by clean_article (Article.text).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura
from devdata import require

from storyfold.clean import clean_article
from storyfold.read.decode import UnreadableInput
from storyfold.read.html import extract_html

ROOT = Path(__file__).resolve().parents[1]


def word_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    pred = Counter(re.findall(r"\w+", predicted.lower()))
    ref = Counter(re.findall(r"\w+", gold.lower()))
    overlap = sum((pred & ref).values())
    p = overlap / sum(pred.values()) if pred else 0.0
    r = overlap / sum(ref.values()) if ref else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def storyfold_raw(html: bytes) -> str:
    try:
        return extract_html(html, article_id="x", source="x").raw
    except UnreadableInput:
        return ""


def storyfold_clean(html: bytes) -> str:
    try:
        article = extract_html(html, article_id="x", source="x")
    except UnreadableInput:
        return ""
    clean_article(article)
    # The title and byline cleaning moved to metadata are not in the text WCXB scores.
    return article.text


def trafilatura_default(html: bytes) -> str:
    return trafilatura.extract(html) or ""


SYSTEMS: dict[str, Callable[[bytes], str]] = {
    "trafilatura default (baseline)": trafilatura_default,
    "storyfold reader (raw)": storyfold_raw,
    "storyfold reader + clean_article": storyfold_clean,
}


def evaluate(
    pages: dict[str, bytes], gold: dict[str, dict], system: Callable[[bytes], str]
) -> dict[str, float]:
    totals = [0.0, 0.0, 0.0]
    start = time.perf_counter()
    for page_id, html in pages.items():
        scores = word_prf(system(html), gold[page_id]["main_content"])
        totals = [t + s for t, s in zip(totals, scores, strict=True)]
    elapsed = time.perf_counter() - start
    n = len(pages)
    return {"P": totals[0] / n, "R": totals[1] / n, "F1": totals[2] / n, "ms": elapsed / n * 1000}


def load_pages(folder: Path, limit: int | None) -> tuple[dict[str, bytes], dict[str, dict]]:
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    ids = sorted(gold)[:limit] if limit else sorted(gold)
    pages = {i: gzip.decompress((folder / "html" / f"{i}.html.gz").read_bytes()) for i in ids}
    return pages, gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--data", type=Path, default=None, help="wcxb_articles_dev folder")
    args = parser.parse_args()
    folder = args.data or require("wcxb_articles_dev")
    if folder is None:
        raise SystemExit("WCXB dev data not found: set STORYFOLD_DATA or pass --data")
    pages, gold = load_pages(folder, args.limit)
    print(f"{len(pages)} pages from {folder}")
    print(f"{'system':36} {'P':>6} {'R':>6} {'F1':>6} {'ms/page':>8}")
    results = {}
    for name, system in SYSTEMS.items():
        results[name] = row = evaluate(pages, gold, system)
        print(f"{name:36} {row['P']:6.3f} {row['R']:6.3f} {row['F1']:6.3f} {row['ms']:8.1f}")
    base = results["trafilatura default (baseline)"]
    for name in list(SYSTEMS)[1:]:
        print(
            f"{name}: F1 {results[name]['F1'] / base['F1']:.3f}x baseline, "
            f"time {results[name]['ms'] / base['ms']:.2f}x baseline"
        )


if __name__ == "__main__":
    main()
