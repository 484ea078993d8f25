"""Pairwise similarity: score ranks same-story pairs above other pairs, with evidence."""

from __future__ import annotations

import json
from pathlib import Path

from storyfold.pairwise import compare, similarity
from storyfold.records import Article

A = (
    "Interior minister Pavel Kolomoisky said on March 3 that 26 border posts would close. "
    "Kolomoisky told parliament in Vilnius the closures would cost 1.2 billion euros."
)
A_GARBLED = (
    "The minister of the interior Pavlo Kolomoyskyi said on 3 March that twenty-six posts on "
    "the border will be closed, telling the parliament in Vilnius it costs 1.2 billion euros."
)
OTHER_SAME_KIND = (
    "Interior minister Agnes Lindqvist said on June 9 that 4 border posts would close. "
    "Lindqvist told parliament in Oslo the closures would cost 300 million kroner."
)
UNRELATED = "The football club sacked its coach after a 5-0 home defeat on Saturday evening."


def test_garbled_copy_scores_high_with_evidence() -> None:
    s = similarity(A, A_GARBLED)
    assert s.same_story
    assert ("Kolomoisky", "Kolomoyskyi") in s.fuzzy_names or any(
        "Kolomo" in a and "Kolomo" in b for a, b in s.fuzzy_names
    )
    assert "26" in s.shared_numbers and "1200000000" in s.shared_numbers
    assert "md:03-03" in s.shared_dates
    assert 0.0 <= s.score <= 1.0


def test_scores_rank_same_story_over_same_kind_over_unrelated() -> None:
    same = similarity(A, A_GARBLED).score
    kind = similarity(A, OTHER_SAME_KIND).score
    unrelated = similarity(A, UNRELATED).score
    assert same > kind > unrelated
    assert not similarity(A, UNRELATED).same_story
    assert similarity(A, A).score == 1.0


def test_compare_is_json_ready_and_accepts_articles() -> None:
    a = Article(id="a", source="x", raw=A, text=A)
    out = compare(a, A_GARBLED)
    json.dumps(out)
    assert out["same_story"] is True and set(out["channels"]) == {"words", "names", "facts"}


def test_seed_pairs_are_all_the_same_story(seeds_dir: Path) -> None:
    texts = [f.read_text(encoding="utf-8") for f in sorted(seeds_dir.glob("*.txt"))]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            assert similarity(texts[i], texts[j]).same_story, (i, j)


def test_package_exposes_similarity() -> None:
    import storyfold

    a = "Floods hit Lerwick on Tuesday; 140 homes lost power, the council said."
    b = "On Tuesday floods struck Lerwick, leaving 140 homes without power."
    c = "The central bank raised interest rates by half a point in Frankfurt."
    assert storyfold.similarity(a, b).score > storyfold.similarity(a, c).score
