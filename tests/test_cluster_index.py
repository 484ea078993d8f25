"""The story index (storyfold.cluster.index) through its own functions: postings, the
cap that makes a stop-feature, candidate votes and the time window."""

from __future__ import annotations

import pytest

from storyfold.cluster import StoryClusterer, index, scoring, store
from storyfold.features import extract

QUAKE = "A magnitude 7.1 earthquake struck Valparaiso on March 3, killing 12 people."
BANK = "The central bank raised interest rates by a quarter point to 4.5% on Friday."


def test_a_story_is_posted_under_its_members_salient_features() -> None:
    sc = StoryClusterer()
    d = scoring.make_doc(sc, "q", extract(QUAKE))
    s = store.open_story(sc, d)
    assert d.keys and all(index.posting(sc, k) == {s.id} for k in d.keys)
    assert s.indexed == set(d.keys)
    assert index.posting(sc, "t:absent") == set()


def test_a_full_posting_list_becomes_a_stop_feature(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "MAX_POSTINGS", 2)
    sc = StoryClusterer()
    stories = [store.open_story(sc, scoring.make_doc(sc, f"q{i}", extract(QUAKE)))
               for i in range(3)]
    key = stories[0].members[0].keys[0]
    # Two stories fill the list; the third stops the feature: no posting, not extended.
    assert key in index.stop_features(sc) and index.posting(sc, key) == set()
    assert key not in stories[2].indexed
    fresh = scoring.make_doc(sc, "new", extract(QUAKE))
    assert index.candidate_ids(sc, [key], fresh.day) == []


def test_candidates_rank_the_story_sharing_the_arrivals_features_first() -> None:
    sc = StoryClusterer()
    quake = store.open_story(sc, scoring.make_doc(sc, "q", extract(QUAKE)))
    bank = store.open_story(sc, scoring.make_doc(sc, "b", extract(BANK)))
    arrival = scoring.make_doc(sc, "x", extract(QUAKE + " Rescuers searched the port."))
    ids = index.candidate_ids(sc, arrival.keys, arrival.day)
    assert ids and ids[0] == quake.id
    assert bank.id not in ids  # shares no salient feature with the arrival
    assert index.candidate_ids(sc, arrival.keys, arrival.day, skip=quake.id) == []
    scored = index.candidates(sc, arrival)
    assert scored[0][1] == quake.id and scored[0][0] > 0.3


def test_the_time_window_bounds_candidates_by_date() -> None:
    sc = StoryClusterer(window_days=5)
    s = store.open_story(sc, scoring.make_doc(sc, "q", extract(QUAKE, published="2024-03-03")))
    assert s.first is not None and s.last is not None
    assert index.in_window(sc, s.first + 5, s) and index.in_window(sc, s.first - 5, s)
    assert not index.in_window(sc, s.last + 6, s) and not index.in_window(sc, s.first - 6, s)
    assert index.in_window(sc, None, s)  # an undated arrival matches any story
    late = scoring.make_doc(sc, "late", extract(QUAKE, published="2024-04-03"))
    assert index.candidate_ids(sc, late.keys, late.day) == []


def test_the_article_index_holds_arrivals_and_lets_released_ones_go() -> None:
    sc = StoryClusterer(snn_weight=0.5)
    for i, t in enumerate([QUAKE, QUAKE + " Officials said.", BANK]):
        sc.add_features(f"a{i}", extract(t))
    held = store.held_docs(sc)
    assert {d.id for d in index.indexed_docs(sc)} == {d.id for d in held}
    index.unindex_doc(sc, store.find_doc(sc, "a0"))
    assert {d.id for d in index.indexed_docs(sc)} == {"a1", "a2"}


def test_unindexing_a_story_leaves_the_others_postings_whole() -> None:
    sc = StoryClusterer()
    a = store.open_story(sc, scoring.make_doc(sc, "q1", extract(QUAKE)))
    b = store.open_story(sc, scoring.make_doc(sc, "q2", extract(QUAKE)))
    only_b = store.open_story(sc, scoring.make_doc(sc, "b", extract(BANK)))
    shared = sorted(a.indexed)
    index.unindex_story(sc, a)
    assert a.indexed == set()
    assert all(index.posting(sc, k) == {b.id} for k in shared)  # b still posted there
    index.unindex_story(sc, b)
    assert all(index.posting(sc, k) == set() for k in shared)
    assert all(index.posting(sc, k) == {only_b.id} for k in only_b.indexed)
