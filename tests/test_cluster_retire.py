"""Retirement and the clock (storyfold.cluster.retire) through its own functions: the
stream's date, the horizons, retiring and peeling, and stop-features released."""

from __future__ import annotations

import pytest

from storyfold.cluster import StoryClusterer, index, retire, scoring, store
from storyfold.features import extract

QUAKE = "A magnitude 7.1 earthquake struck Valparaiso on March 3, killing 12 people."
BANK = "The central bank raised interest rates by a quarter point to 4.5% on Friday."


def _day(iso: str) -> int:
    day = extract("x", published=iso).day
    assert day is not None
    return day


def test_the_clock_follows_the_newest_date_but_waits_on_a_big_jump() -> None:
    sc = StoryClusterer(window_days=5)
    assert retire.today(sc) is None
    retire.advance(sc, _day("2024-03-03"))
    retire.advance(sc, _day("2024-03-01"))  # an older date does not move it back
    assert retire.today(sc) == _day("2024-03-03")
    retire.advance(sc, _day("2024-03-07"))  # within a window: followed
    assert retire.today(sc) == _day("2024-03-07")
    retire.advance(sc, _day("2099-01-01"))  # one article far ahead: waits
    assert retire.today(sc) == _day("2024-03-07")
    retire.advance(sc, _day("2099-01-02"))  # a second one makes the jump
    assert retire.today(sc) == _day("2099-01-01")


def test_horizons_are_two_windows_and_idle_arrivals_behind() -> None:
    sc = StoryClusterer(window_days=5, idle_arrivals=8)
    assert retire.horizons(sc) == (None, -8)
    for i in range(10):
        sc.add_features(f"a{i}", extract(BANK))
    assert retire.arrivals(sc) == 10
    retire.advance(sc, _day("2024-03-20"))
    assert retire.horizons(sc) == (_day("2024-03-10"), 2)


def test_a_story_behind_the_date_horizon_retires_and_leaves_the_frequencies() -> None:
    sc = StoryClusterer(window_days=5)
    sc.add(_article("old", QUAKE, "2024-03-01"))
    assert sc.df.n == 1
    for i, day in enumerate(("2024-03-06", "2024-03-11")):  # steps within a window
        sc.add(_article(f"new{i}", BANK, day))
    assert [d.id for d in store.held_docs(sc)] == ["old", "new0", "new1"]
    sc.add(_article("new2", BANK, "2024-03-12"))  # the old story now two windows behind
    assert [d.id for d in store.held_docs(sc)] == ["new0", "new1", "new2"]
    assert [[i for _, i in g] for g in store.retired_groups(sc)] == [["old"]]
    assert sc.df.n == 3 and not any(k.startswith("n:7.1") for k in sc.df.df)


def test_the_clock_peels_only_the_aged_members_of_a_story_still_fed() -> None:
    sc = StoryClusterer(window_days=5)
    docs = [scoring.make_doc(sc, f"q{d}", extract(QUAKE, published=f"2024-03-{d:02d}"))
            for d in (1, 2, 12)]
    for d in docs:
        d.age = d.day
    s = store.open_story(sc, docs[0])
    store.attach(sc, docs[1], s)
    store.attach(sc, docs[2], s)
    assert retire.horizons(sc)[0] is None
    retire.peel(sc, s)  # no date yet: no horizon, nothing ages out
    assert len(s.members) == 3 and not s.gone
    retire.advance(sc, _day("2024-03-13"))  # the horizon is March 3: the clock peels
    assert s.members == [docs[2]] and [i for _, i in s.gone] == ["q1", "q2"]
    assert s.first == s.last == docs[2].day and s.oldest == docs[2].order
    assert docs[0].story == -1 and store.story(sc, s.id) is s
    assert sc.stories() == [["q1", "q2", "q12"]]  # the ids stay with their story


def test_a_stop_feature_is_released_once_it_is_behind_the_horizons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(index, "MAX_POSTINGS", 1)
    sc = StoryClusterer(idle_arrivals=8)
    for i in range(2):  # two stories post one feature: the second stops it
        store.open_story(sc, scoring.make_doc(sc, f"q{i}", extract(QUAKE)))
    stopped = index.stop_features(sc)
    assert stopped
    for i in range(8):
        scoring.make_doc(sc, f"b{i}", extract(BANK))  # arrivals go by
    retire.release_stops(sc)
    assert index.stop_features(sc) == stopped  # stopped 8 arrivals ago: still recent
    scoring.make_doc(sc, "b8", extract(BANK))
    retire.release_stops(sc)
    assert index.stop_features(sc) == set()  # behind the idle horizon: indexed again


def _article(i: str, text: str, published: str):  # type: ignore[no-untyped-def]
    from storyfold.records import Article

    return Article(id=i, source="t", raw=text, text=text, published=published)
