import json
import time
from pathlib import Path

import pytest
from provenance_seeds import article, by_prefix, seed_articles

from storyfold.align import align_story, article_pairs, counterparts, pairs_between, sentence_bags

DATA = Path(__file__).resolve().parent / "data" / "provenance"


@pytest.fixture(scope="module")
def seeds():
    arts = seed_articles()
    return arts, align_story(arts)


def _find(a, fragment: str) -> int:
    hits = [s.index for s in a.sentences if fragment in s.text]
    assert len(hits) == 1, fragment
    return hits[0]


def test_round_trip_translation_aligns_to_its_source_sentence_for_sentence(seeds):
    arts, alignments = seeds
    a003, a004 = by_prefix(arts, "003"), by_prefix(arts, "004")
    gold = json.loads((DATA / "align_003_004.json").read_text(encoding="utf-8"))["pairs"]
    got: dict[int, set[int]] = {}
    for i, j, _ in pairs_between(alignments, a004.id, a003.id):
        got.setdefault(i, set()).add(j)
    right = wrong = 0
    for item in gold:
        i = _find(a004, item["004"])
        want = {_find(a003, f) for f in item["003"]}
        right += bool(got.get(i, set()) & want)
        wrong += len(got.get(i, set()) - want)
    assert right >= 0.9 * len(gold)
    assert wrong <= 0.1 * len(gold)


def test_pairs_are_stored_once_with_a_before_b(seeds):
    arts, alignments = seeds
    order = {a.id: n for n, a in enumerate(arts)}
    keys = [(al.a, al.a_sentence, al.b, al.b_sentence) for al in alignments]
    assert len(keys) == len(set(keys))
    assert all(order[al.a] < order[al.b] for al in alignments)
    assert all(0.0 <= al.score <= 1.0 for al in alignments)


def test_independent_reports_align_only_where_they_share_facts(seeds):
    arts, alignments = seeds
    a001, a004 = by_prefix(arts, "001"), by_prefix(arts, "004")
    # The BBC report and the wire text share some facts but far from every sentence.
    shared = {i for i, _, _ in pairs_between(alignments, a001.id, a004.id)}
    assert 0 < len(shared) < 0.5 * len(a001.sentences)


def test_garbled_names_reordering_and_a_split_sentence_still_align():
    src = article(
        "src",
        "Chancellor Friedrich Merz met Volodymyr Zelensky in Berlin on Monday. "
        "The two leaders agreed on 40 new air defence systems, worth 2 billion euros. "
        "Protesters gathered outside the chancellery, where police made three arrests.",
    )
    mt = article(
        "mt",
        "Police made three arrests outside the chancellery, where protesters gathered. "
        "Chancellor Friedrich Mirz met with Voldy Mie Zelinski on Monday in Berlin. "
        "The two leaders agreed on 40 new air defense systems. "
        "They are worth 2 billion euros.",
    )
    got = {(i, j) for i, j, _ in pairs_between(align_story([src, mt]), "src", "mt")}
    assert {(0, 1), (1, 2), (1, 3), (2, 0)} <= got
    assert (0, 0) not in got and (2, 1) not in got


def test_unrelated_texts_do_not_align():
    a = article("a", "The central bank raised interest rates by half a point on Tuesday.")
    b = article("b", "A storm flooded the coastal town, and hundreds of homes lost power.")
    assert align_story([a, b]) == []


def test_counterparts_reads_both_directions(seeds):
    arts, alignments = seeds
    a003, a004 = by_prefix(arts, "003"), by_prefix(arts, "004")
    i = _find(a004, "Estonian diplomat in a tit-for-tat")
    found = counterparts(alignments, a004.id, i)
    assert (a003.id, _find(a003, "Tat-for-Tat"), found[0][2]) in found
    back = counterparts(alignments, a003.id, _find(a003, "Tat-for-Tat"))
    assert any(x == a004.id and s == i for x, s, _ in back)


def test_large_story_compares_each_article_with_a_few_neighbours_only():
    base = seed_articles()
    arts = []
    for n in range(200):
        a = base[n % len(base)]
        arts.append(article(f"{a.id}-{n}", a.text))
    pairs = article_pairs(arts, sentence_bags(arts))
    assert len(pairs) <= 200 * 12
    start = time.perf_counter()
    alignments = align_story(arts[:60])
    assert alignments and time.perf_counter() - start < 60


def test_many_copies_are_aligned_with_one_representative_and_it_with_the_rest():
    base = seed_articles()
    arts = [article(f"{a.id[:3]}-{n}", a.text) for n in range(40) for a in base]
    pairs = article_pairs(arts, sentence_bags(arts))
    prefix = [a.id[:3] for a in arts]
    # Every text still meets the others (a copy-only neighbourhood would hide the
    # round-trip translation from its source) ...
    across = {tuple(sorted((prefix[i], prefix[j]))) for i, j in pairs if prefix[i] != prefix[j]}
    assert ("003", "004") in across and len(across) == 10
    # ... while the copies cost one pair each.
    assert len(pairs) <= len(arts) + 10
