"""The story store (storyfold.cluster.store) through its own functions: opening, joining,
leaving, merging and dropping stories keep every story's sums exact, and the move log
names what changed."""

from __future__ import annotations

import pytest

from storyfold.cluster import StoryClusterer, index, scoring, store
from storyfold.cluster.model import Doc
from storyfold.features import extract

TEXTS = [
    "A magnitude 7.1 earthquake struck Valparaiso on March 3, killing 12 people.",
    "Governor Ramon Echeverria said 140 were hurt when the quake shook Valparaiso.",
    "The central bank raised interest rates by a quarter point to 4.5% on Friday.",
    "Floods in Rosario destroyed 260 homes after the storm of June 9.",
]


def _doc(sc: StoryClusterer, i: int) -> Doc:
    return scoring.make_doc(sc, f"d{i}", extract(TEXTS[i]))


def _summed(docs: list[Doc]) -> tuple[list[int], list[float]]:
    """Members with each channel, and each channel's squared norm of the summed vectors."""
    counts, norms2 = [0, 0, 0], [0.0, 0.0, 0.0]
    for c in range(3):
        total: dict[str, float] = {}
        for d in docs:
            counts[c] += 1 if d.vecs[c] else 0
            for k, x in d.vecs[c].items():
                total[k] = total.get(k, 0.0) + x
        norms2[c] = sum(x * x for x in total.values())
    return counts, norms2


def test_attach_and_detach_keep_the_centroid_sums_exact() -> None:
    sc = StoryClusterer()
    docs = [_doc(sc, i) for i in range(3)]
    s = store.open_story(sc, docs[0])
    for d in docs[1:]:
        store.attach(sc, d, s)
    counts, norms2 = _summed(docs)
    assert s.counts == counts and s.norms2 == pytest.approx(norms2)
    assert [d.story for d in docs] == [s.id] * 3
    store.detach(sc, docs[1], s)
    counts, norms2 = _summed([docs[0], docs[2]])
    assert s.counts == counts and s.norms2 == pytest.approx(norms2)
    assert docs[1].story == -1 and s.members == [docs[0], docs[2]]
    # Entries of the departed member's own words are gone from the sums, not left at 0.
    own = set(docs[1].vecs[0]) - set(docs[0].vecs[0]) - set(docs[2].vecs[0])
    assert own and not own & set(s.sums[0])


def test_an_emptied_story_is_dropped_from_the_store_and_the_index() -> None:
    sc = StoryClusterer()
    d = _doc(sc, 2)
    s = store.open_story(sc, d)
    key = d.keys[0]
    assert store.story(sc, s.id) is s and index.posting(sc, key) == {s.id}
    store.detach(sc, d, s)
    assert store.story(sc, s.id) is None and not s.alive
    assert index.posting(sc, key) == set() and store.live_stories(sc) == []


def test_merge_keeps_the_larger_story_and_logs_the_moved_members() -> None:
    sc = StoryClusterer()
    docs = [_doc(sc, i) for i in range(3)]
    small = store.open_story(sc, docs[0])
    big = store.open_story(sc, docs[1])
    store.attach(sc, docs[2], big)
    store.new_move_log(sc)  # as `add_features` does when an arrival begins
    kept = store.merge(sc, small, big)
    assert kept is big and not small.alive and store.story(sc, small.id) is None
    assert {d.id for d in kept.members} == {"d0", "d1", "d2"}
    assert sc.moves() == [("d0", big.id)]
    counts, norms2 = _summed(docs)
    assert kept.counts == counts and kept.norms2 == pytest.approx(norms2)


def test_held_docs_find_doc_and_retired_groups_read_without_editing() -> None:
    sc = StoryClusterer()
    a, b = _doc(sc, 0), _doc(sc, 3)
    sa, sb = store.open_story(sc, a), store.open_story(sc, b)
    assert store.live_stories(sc) == [sa, sb] and store.held_docs(sc) == [a, b]
    assert store.find_doc(sc, "d3") is b
    with pytest.raises(KeyError):
        store.find_doc(sc, "nope")
    assert store.retired_groups(sc) == []
    store.retired_groups(sc).append([(9, "x")])  # a copy: the store is unchanged
    assert sc.stories() == [["d0"], ["d3"]]


def test_story_numbers_only_grow_and_a_resumed_mark_is_kept() -> None:
    sc = StoryClusterer()
    assert sc.next_story == 0
    first = sc.add_features("d0", extract(TEXTS[0]))
    other = sc.add_features("d2", extract(TEXTS[2]))  # another story: a new number
    assert (first, other) == (0, 1) and sc.next_story == 2
    sc.number_stories_from(40)  # a resumed stream: numbers an earlier run may have shown
    assert sc.add_features("d3", extract(TEXTS[3])) == 40
    sc.number_stories_from(5)  # never lower: 5..40 are taken
    assert sc.next_story == 41
