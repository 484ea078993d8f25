"""Story clustering: incidents of one kind stay apart, copies stay together, streaming."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from storyfold.cluster import (
    WINDOW_DAYS,
    StoryClusterer,
    cluster_articles,
    index,
    neighbours,
    retire,
    scoring,
    store,
)
from storyfold.cluster import refine as refinement
from storyfold.cluster.model import Doc
from storyfold.features import Features, extract
from storyfold.records import Article

# Two earthquakes told the way wire reports tell them: same vocabulary, different place,
# date, magnitude, toll and officials.
QUAKE_A = [
    "A magnitude 7.1 earthquake struck near the city of Valparaiso on March 3, killing at "
    "least 12 people and injuring 140, officials said. Governor Ramon Echeverria said rescue "
    "teams were searching collapsed buildings in the port. The quake hit at a depth of 35 km.",
    "At least 12 people died when a 7.1-magnitude quake shook Valparaiso on Tuesday, "
    "March 3. Echeverria, the regional governor, said 140 were hurt and several buildings "
    "collapsed in the old port district. The tremor was felt 35 km inland.",
    "Rescuers in Valparaiso dug through rubble after the March 3 earthquake of magnitude 7.1 "
    "left 12 dead. Governor Echeverria put the number of injured at 140 and warned of "
    "aftershocks. Port operations were suspended.",
    "The death toll from the Valparaiso earthquake stands at 12, Governor Ramon Echeverria "
    "said. The magnitude 7.1 quake on March 3 damaged the port and injured 140 people.",
]
QUAKE_B = [
    "A magnitude 6.2 earthquake hit the mountain town of Sendai-Kita on June 9, killing 40 "
    "people, officials said. Mayor Hiroshi Tanabe said landslides buried 18 homes and cut "
    "the main road. The quake struck at a depth of 10 km.",
    "Forty people were killed when a 6.2-magnitude quake shook Sendai-Kita on Sunday, "
    "June 9. Mayor Tanabe said landslides destroyed 18 houses and rescue teams could not "
    "reach two villages.",
    "Rescue teams reached the landslide zone around Sendai-Kita after the June 9 earthquake "
    "of magnitude 6.2 that killed 40. Hiroshi Tanabe, the mayor, said 18 homes were buried.",
    "The June 9 quake near Sendai-Kita, magnitude 6.2, left 40 dead and 18 homes under "
    "landslides, Mayor Hiroshi Tanabe told reporters. Aftershocks continued overnight.",
]


def _articles(texts: list[str], prefix: str, published: str | None = None) -> list[Article]:
    return [
        Article(id=f"{prefix}{i}", source="test", raw=t, text=t, published=published)
        for i, t in enumerate(texts)
    ]


def _as_sets(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups}


def test_two_incidents_of_one_kind_fall_apart() -> None:
    arts = _articles(QUAKE_A, "a") + _articles(QUAKE_B, "b")
    for refine in (True, False):
        for seed in range(5):
            order = arts[:]
            random.Random(seed).shuffle(order)
            groups = cluster_articles(order, refine=refine)
            assert _as_sets(groups) == {
                frozenset(f"a{i}" for i in range(4)),
                frozenset(f"b{i}" for i in range(4)),
            }, (refine, seed, groups)


def _garble(text: str) -> str:
    """A machine-translation-like copy: names respelled, words dropped and swapped."""
    words = text.replace("Echeverria", "Etcheveria").replace("Ramon", "Ramone").split()
    words = [w for i, w in enumerate(words) if i % 7 != 3]
    for i in range(0, len(words) - 1, 9):
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def test_a_garbled_copy_stays_with_its_story() -> None:
    arts = _articles(QUAKE_A[:2], "a") + _articles(QUAKE_B[:2], "b")
    arts.append(Article(id="copy", source="test", raw="", text=_garble(QUAKE_A[0])))
    groups = cluster_articles(arts)
    assert frozenset({"a0", "a1", "copy"}) in _as_sets(groups)


def test_result_does_not_depend_on_arrival_order() -> None:
    arts = _articles(QUAKE_A, "a") + _articles(QUAKE_B, "b")
    seen = set()
    for seed in range(6):
        order = arts[:]
        random.Random(seed).shuffle(order)
        seen.add(frozenset(_as_sets(cluster_articles(order))))
    assert len(seen) == 1


def test_streaming_clusterer_add_and_stories() -> None:
    sc = StoryClusterer()
    ids = [sc.add(a) for a in _articles(QUAKE_A, "a") + _articles(QUAKE_B, "b")]
    assert len(set(ids[:4])) == 1 and len(set(ids[4:])) == 1 and ids[0] != ids[4]
    assert _as_sets(sc.stories()) == {
        frozenset(f"a{i}" for i in range(4)),
        frozenset(f"b{i}" for i in range(4)),
    }


def test_time_window_separates_the_same_report_months_apart() -> None:
    early = _articles(QUAKE_A[:2], "early", "2024-01-10")
    late = _articles(QUAKE_A[2:], "late", "2024-06-10")
    groups = cluster_articles(early + late)
    assert _as_sets(groups) == {frozenset({"early0", "early1"}), frozenset({"late0", "late1"})}
    # Within the window they are one story; undated articles ignore the window.
    near = _articles(QUAKE_A[2:], "near", "2024-01-12")
    undated = _articles(QUAKE_A[:1], "undated")
    groups = cluster_articles(early + near + undated)
    assert len(groups) == 1


def test_unrelated_and_empty_articles_open_their_own_stories() -> None:
    other = (
        "The central bank raised interest rates by a quarter point to 4.5%, citing "
        "inflation in services and wages."
    )
    arts = [
        *_articles(QUAKE_A[:2], "a"),
        Article(id="empty", source="t", raw="", text=""),
        Article(id="other", source="t", raw="", text=other),
    ]
    groups = cluster_articles(arts)
    assert _as_sets(groups) == {frozenset({"a0", "a1"}), frozenset({"empty"}),
                                frozenset({"other"})}
    assert groups[0] == ["a0", "a1"]  # input order kept


def test_stories_behind_the_window_are_retired_from_memory() -> None:
    from datetime import date, timedelta

    sc = StoryClusterer()
    start = date(2024, 1, 1)
    for month in range(20):
        day = (start + timedelta(days=30 * month)).isoformat()
        for a in _articles(QUAKE_A[:2], f"m{month}-", day):
            sc.add(a)
    assert sc.held() <= 2  # only the latest month is held
    groups = sc.stories()
    assert len(groups) == 20 and all(len(g) == 2 for g in groups)


def _misplace_first_b(sc: StoryClusterer) -> tuple[int, int]:
    """Feed both incidents, then move article b0 into the A story by hand (the wrong call
    an early arrival can get). Returns (A story id, B story id)."""
    for a in _articles(QUAKE_A, "a") + _articles(QUAKE_B, "b"):
        sc.add(a)
    stories = {d.id: s for s in store.live_stories(sc) for d in s.members}
    story_a, story_b = stories["a0"], stories["b0"]
    doc = next(d for d in story_b.members if d.id == "b0")
    store.detach(sc, doc, story_b)
    store.attach(sc, doc, story_a)
    return story_a.id, story_b.id


def test_settle_moves_a_misplaced_article_home() -> None:
    sc = StoryClusterer()
    _misplace_first_b(sc)
    assert frozenset({"a0", "a1", "a2", "a3", "b0"}) in _as_sets(sc.stories())
    assert sc.settle() == 1
    assert _as_sets(sc.stories()) == {
        frozenset(f"a{i}" for i in range(4)),
        frozenset(f"b{i}" for i in range(4)),
    }
    assert sc.settle() == 0  # nothing left to move


def test_recheck_offers_a_member_that_fits_loosely_its_better_story() -> None:
    # The re-check of a grown story also reconsiders members that still clear the attach
    # bar but fit the rest less than merging stories must: b0 fits story B far better.
    sc = StoryClusterer()
    story_a, story_b = _misplace_first_b(sc)
    a, b = store.story(sc, story_a), store.story(sc, story_b)
    assert a is not None and b is not None
    refinement.recheck(sc, a)
    assert "b0" in [d.id for d in b.members]


def test_streaming_neighbours_are_found_symmetric_and_released() -> None:
    from datetime import date, timedelta

    sc = StoryClusterer(snn_weight=0.5)
    for a in _articles(QUAKE_A, "a", "2024-01-10") + _articles(QUAKE_B, "b", "2024-01-11"):
        sc.add(a)
    docs = {d.id: d for d in store.held_docs(sc)}
    order_to_id = {d.order: i for i, d in docs.items()}
    for art_id, doc in docs.items():
        ranked = sorted((o for o in doc.prof if o != doc.order), key=lambda o: -doc.prof[o])
        nbrs = [order_to_id[o] for o in ranked]
        # the three nearest are the other reports of its own quake (slots left over hold
        # weaker neighbours from the other one)
        assert sorted(nbrs[:3]) == sorted(i for i in docs if i[0] == art_id[0] and i != art_id)
        for n in nbrs:  # the update is symmetric while lists have room
            assert doc.order in docs[n].prof, (art_id, n)
        assert abs(doc.pn2 - sum(x * x for x in doc.prof.values())) < 1e-9
    # The story's profile sum is the sum of its members' profiles.
    for story in store.live_stories(sc):
        total: dict[int, float] = {}
        for d in story.members:
            for o, x in d.prof.items():
                total[o] = total.get(o, 0.0) + x
        assert set(total) == set(story.psum)
        assert all(abs(total[o] - story.psum[o]) < 1e-9 for o in total)
        assert abs(story.pnorm2 - sum(x * x for x in total.values())) < 1e-9
    # Months later the old articles are retired (once a second article confirms the jump
    # in dates): the article index lets go of them.
    later = (date(2024, 1, 10) + timedelta(days=90)).isoformat()
    sc.add(Article(id="late", source="t", raw="", text=QUAKE_A[0], published=later))
    sc.add(Article(id="late2", source="t", raw="", text=QUAKE_A[1], published=later))
    held = {id(d) for d in index.indexed_docs(sc)}
    assert held == {id(d) for d in store.held_docs(sc)}
    assert sc.held() == 2


def test_batch_profiles_name_the_same_incident() -> None:
    from storyfold.cluster import batch_profiles

    arts = _articles(QUAKE_A, "a") + _articles(QUAKE_B, "b")
    feats = [extract(a.text) for a in arts]
    sc = StoryClusterer(refine=False, snn_weight=1.0)
    for f in feats:
        sc.observe(f)
    profiles = batch_profiles(sc, feats)
    assert retire.arrivals(sc) == 0  # scratch vectors leave arrival numbering alone
    for i, p in enumerate(profiles):
        own = i + 1  # keys are batch positions plus one
        assert p[own] == 1.0
        nearest = sorted((k for k in p if k != own), key=lambda k: -p[k])[:3]
        # positions 1-4 are one quake, 5-8 the other: the three nearest are its own quake's
        assert all((k <= 4) == (own <= 4) for k in nearest), (i, p)


def test_settle_recomputes_exact_neighbour_profiles() -> None:
    sc = StoryClusterer(snn_weight=0.5)
    for a in _articles(QUAKE_A, "a") + _articles(QUAKE_B, "b"):
        sc.add(a)
    doc = store.find_doc(sc, "a0")
    doc.prof = {doc.order: 1.0}  # as if the streaming search had found nothing
    doc.pn2 = 1.0
    sc.settle()
    by_order = {d.order: d.id for d in store.held_docs(sc)}
    # found again: the other reports of its quake, the nearest first
    nearest = sorted((o for o in doc.prof if o != doc.order), key=lambda o: -doc.prof[o])
    assert {by_order[o] for o in nearest[:3]} == {"a1", "a2", "a3"}
    for story in store.live_stories(sc):
        total: dict[int, float] = {}
        for d in story.members:
            for o, x in d.prof.items():
                total[o] = total.get(o, 0.0) + x
        assert all(abs(total[o] - story.psum.get(o, 0.0)) < 1e-9 for o in total)


def test_retired_articles_leave_the_document_frequencies() -> None:
    from collections import Counter
    from datetime import date, timedelta

    from storyfold.features import DocFreq

    sc = StoryClusterer()
    start = date(2024, 1, 1)
    # Month 0: quake A; month 3: quake B (retires A); month 6: quake A again (retires B).
    plan = [(QUAKE_A, "a"), (QUAKE_B, "b"), (QUAKE_A, "again")]
    sizes = []
    for step, (texts, prefix) in enumerate(plan):
        day = (start + timedelta(days=90 * step)).isoformat()
        for a in _articles(texts, prefix, day):
            sc.add(a)
        held = store.held_docs(sc)
        assert {d.id[0] for d in held} == {prefix[0]}  # only this month's quake is held
        # The frequencies are exactly those of the held articles: entries of retired ones
        # are deleted (not left at 0), and n counts the held articles only.
        assert sc.df.n == len(held) == 4
        assert dict(sc.df.df) == dict(Counter(k for d in held for k in d.counted or ()))
        assert all(c > 0 for c in sc.df.df.values())
        sizes.append(len(sc.df.df))
    # The table shrinks back: quake A's features counted from scratch after retirement.
    assert sizes[2] == sizes[0]
    magnitude = next(k for k in sc.df.df if k.startswith("n:7.1"))
    assert sc.df.count(magnitude) == 4
    assert not any(k.startswith("n:6.2") for k in sc.df.df)  # quake B's magnitude is gone
    # forget is the inverse of add
    df = DocFreq()
    df.add(["x", "y"])
    df.add(["y"])
    df.forget(["x", "y"])
    assert df.n == 1 and dict(df.df) == {"y": 1}


def _noise(i: int, rnd: random.Random) -> Article:
    """An undated article about nothing else in the stream: made-up words, its own number."""
    words = [
        "".join(rnd.choice("bdfgklmnprstvz") + rnd.choice("aeiou") for _ in range(3))
        for _ in range(40)
    ]
    text = f"{' '.join(words)}. Officials counted {1000 + i} of them."
    return Article(id=f"n{i}", source="test", raw=text, text=text)


def test_undated_stream_retires_idle_stories() -> None:
    rnd = random.Random(3)
    sc = StoryClusterer(idle_arrivals=20)
    ids: list[str] = []
    peak = 0
    stream = _articles(QUAKE_A, "a")
    stream += [_noise(i, rnd) for i in range(200)]
    stream += _articles(QUAKE_A, "again")
    for a in stream:
        sc.add(a)
        ids.append(a.id)
        peak = max(peak, sc.held())
        assert sc.df.n == sc.held()
    # Checked every 20 // 4 arrivals: never more than 20 + 5 articles held.
    assert peak <= 25
    assert len(sc.df.df) < 25 * 60  # bounded too (a few dozen features an article)
    flat = [i for g in sc.stories() for i in g]
    assert sorted(flat) == sorted(ids)  # every article exactly once
    groups = _as_sets(sc.stories())
    # The first quake story went idle and was retired: its copies 200 arrivals later
    # start a story of their own.
    assert frozenset(f"a{i}" for i in range(4)) in groups
    assert frozenset(f"again{i}" for i in range(4)) in groups
    # Without the horizon an undated stream holds everything.
    sc = StoryClusterer(idle_arrivals=None)
    for a in stream:
        sc.add(a)
    assert sc.held() == len(stream)


def _dated(article: Article, day: int) -> Article:
    from datetime import date, timedelta

    return replace(article, published=(date(2024, 1, 1) + timedelta(days=day)).isoformat())


def test_undated_articles_in_a_dated_stream_age_with_the_date_they_arrived_at() -> None:
    # Stories retire by date only (no idle horizon): an undated article counts as of the
    # newest date seen when it arrived, so it leaves with the dated articles of its time
    # instead of staying held for ever.
    rnd = random.Random(5)
    sc = StoryClusterer(idle_arrivals=None)
    ids: list[str] = []
    peak = 0
    for day in range(120):
        for a in (_dated(_noise(2 * day, rnd), day), _noise(2 * day + 1, rnd)):
            sc.add(a)
            ids.append(a.id)
        peak = max(peak, sc.held())
        assert sc.df.n == sc.held()
    # Two windows of days behind the newest date, two articles a day, plus the newest day.
    assert peak <= 2 * (2 * WINDOW_DAYS + 2)
    assert sorted(i for g in sc.stories() for i in g) == sorted(ids)  # none lost


def test_one_article_dated_far_ahead_does_not_retire_the_live_stories() -> None:
    # A date typo ("2099") must not end every story: a jump of more than a window waits
    # for a second article before the stream's date moves.
    arts = _articles(QUAKE_A, "a", "2024-03-03") + _articles(QUAKE_B, "b", "2024-03-04")
    typo = replace(_articles(QUAKE_B[:1], "typo")[0], published="2099-03-04")
    sc = StoryClusterer()
    for a in arts[:2] + arts[4:6] + [typo] + arts[2:4] + arts[6:]:
        sc.add(a)
    assert _as_sets(sc.stories()) == {
        frozenset(f"a{i}" for i in range(4)),
        frozenset(f"b{i}" for i in range(4)),
        frozenset({"typo0"}),
    }
    # Two articles far ahead are the stream moving on: the old stories retire.
    sc.add(replace(typo, id="typo1"))
    assert sc.held() == 2


def test_a_stop_feature_is_indexed_again_once_its_period_has_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(index, "MAX_POSTINGS", 3)
    monkeypatch.setattr(neighbours, "MAX_POSTINGS", 3)
    rnd = random.Random(7)
    sc = StoryClusterer()
    hot = " Zorblax moved. zorblax zorblax zorblax zorblax."

    def article(i: int, day: int, extra: str = "") -> Article:
        a = _noise(i, rnd)
        return _dated(replace(a, text=a.text + extra, raw=a.text + extra), day)

    for day in range(5):  # five stories in a row share the word: it becomes a stop-feature
        sc.add(article(day, day, hot))
    assert "t:zorblax" in index.stop_features(sc)
    for day in range(5, 40):  # a quiet month without it
        sc.add(article(day, day))
    first = sc.add(article(100, 41, hot))
    assert "t:zorblax" not in index.stop_features(sc)
    # The word leads a later article back to the story that has it again.
    later = article(101, 41, hot)
    doc = scoring.make_doc(sc, later.id, extract(later.text, published=later.published))
    assert first in index.candidate_ids(sc, doc.keys, doc.day)


def test_batch_mode_keeps_its_primed_document_frequencies() -> None:
    from datetime import date, timedelta

    arts = []
    for month in range(6):
        day = (date(2024, 1, 1) + timedelta(days=60 * month)).isoformat()
        arts += _articles(QUAKE_A[:2] if month % 2 else QUAKE_B[:2], f"m{month}-", day)
    groups = cluster_articles(arts)
    assert _as_sets(groups) == {frozenset({f"m{m}-0", f"m{m}-1"}) for m in range(6)}
    # What cluster_articles does: prime with the whole batch, place without counting.
    from storyfold.features import extract

    sc = StoryClusterer()
    feats = [extract(a.text, title=a.title, published=a.published) for a in arts]
    for f in feats:
        sc.observe(f)
    before = dict(sc.df.df)
    for a, f in zip(arts, feats, strict=True):
        sc.add_features(a.id, f, count_df=False)
    assert store.retired_groups(sc)  # stories did retire...
    assert sc.df.n == len(arts) and dict(sc.df.df) == before  # ...and the batch IDF stayed
    assert all(d.counted is None for d in store.held_docs(sc))


def _daily(texts: list[str], prefix: str, days: int, start: int = 0) -> list[Article]:
    """One copy a day of a report (cycling through `texts`), days start .. start+days-1."""
    from datetime import date, timedelta

    out = []
    for i in range(start, start + days):
        day = (date(2024, 1, 1) + timedelta(days=i)).isoformat()
        t = texts[i % len(texts)]
        out.append(Article(id=f"{prefix}{i}", source="test", raw=t, text=t, published=day))
    return out


def _sums_of(docs: list[Doc]) -> tuple[list[int], list[float], dict[int, float]]:
    """What a story of `docs` must hold, summed by hand: members with each channel, the
    squared norm of each channel's summed vectors, and the sum of the members' profiles."""
    counts, norms2 = [0, 0, 0], [0.0, 0.0, 0.0]
    for c in range(3):
        total: dict[str, float] = {}
        for d in docs:
            counts[c] += 1 if d.vecs[c] else 0
            for k, x in d.vecs[c].items():
                total[k] = total.get(k, 0.0) + x
        norms2[c] = sum(x * x for x in total.values())
    psum: dict[int, float] = {}
    for d in docs:
        for o, x in d.prof.items():
            psum[o] = psum.get(o, 0.0) + x
    return counts, norms2, {o: x for o, x in psum.items() if abs(x) > 1e-9}


def _check_held(sc: StoryClusterer) -> None:
    """Memory follows the live members: DF counts exactly the held articles, the article
    index and the story index name only held articles and live stories' live features."""
    from collections import Counter

    held = store.held_docs(sc)
    assert sc.df.n == len(held) == sc.held()
    assert dict(sc.df.df) == dict(Counter(k for d in held for k in d.counted or ()))
    for story in store.live_stories(sc):
        assert story.indexed <= {k for d in story.members for k in d.keys}
        # The centroid and profile sum are those of the live members alone.
        counts, norms2, psum = _sums_of(story.members)
        assert story.counts == counts
        assert all(abs(a - b) < 1e-6 for a, b in zip(story.norms2, norms2, strict=True))
        pnorm2 = sum(x * x for x in psum.values())
        assert abs(story.pnorm2 - pnorm2) < 1e-6 and story.psum.keys() == psum.keys()
    held_ids = {id(d) for d in held}
    assert all(id(d) in held_ids for d in index.indexed_docs(sc))


@pytest.mark.parametrize("snn_weight", [0.0, 0.5])
def test_a_story_fed_every_day_keeps_only_its_recent_members(snn_weight: float) -> None:
    sc = StoryClusterer(window_days=10, snn_weight=snn_weight)
    stream = _daily(QUAKE_A, "d", 100)
    for a in stream:
        sc.add(a)
        # Members older than two windows behind the newest date leave the live story.
        assert sc.held() <= 2 * 10 + 1
        _check_held(sc)
    assert len(store.live_stories(sc)) == 1
    story = store.live_stories(sc)[0]
    assert story.first == 100 - 1 - 20 + _day0() and story.last == 99 + _day0()
    # ... but the result still has the whole story, every id once, in arrival order.
    assert sc.stories() == [[a.id for a in stream]]


def _day0() -> int:
    from storyfold.features import extract

    day = extract("x", published="2024-01-01").day
    assert day is not None
    return day


def test_peeled_members_stay_with_their_story_through_merge_split_and_retirement() -> None:
    from datetime import date, timedelta

    # Two running stories of one incident, fed on alternate stretches, merged by hand.
    sc = StoryClusterer(window_days=10)
    for a in _daily(QUAKE_A, "x", 40):
        sc.add(a)
    x = store.live_stories(sc)[0]
    assert x.gone  # peeled
    y = store.open_story(sc, scoring.make_doc(sc, "y0", _feats(QUAKE_A[0], 39)))
    y.gone.append((0, "y-old"))  # (a peeled member of y, as if aged out)
    merged = store.merge(sc, x, y)
    assert merged is x and {"y-old", "x0", "x39", "y0"} <= set(sc.stories()[0])
    assert ("y-old", x.id) in sc.moves()  # a stream consumer learns where peeled ids went
    assert len(sc.stories()) == 1
    # Split: quake B copies glued into the story split off; peeled ids stay with the part
    # that keeps the story id.
    day = (date(2024, 1, 1) + timedelta(days=39)).isoformat()
    for a in _articles(QUAKE_B, "b", day):
        doc = scoring.make_doc(sc, a.id, _feats(a.text, 39))
        store.attach(sc, doc, x)
    refinement.bisect(sc, x)
    groups = sc.stories()
    assert len(groups) == 2 and sorted(i for g in groups for i in g) == sorted(
        [f"x{i}" for i in range(40)] + ["y0", "y-old"] + [f"b{i}" for i in range(4)]
    )
    a_group = next(g for g in groups if "x0" in g)
    assert {"y-old", "x39"} <= set(a_group) and not any(i.startswith("b") for i in a_group)
    assert x.alive and x.gone
    # Its last live members move away: the peeled ids stay a story of their own.
    gone = {i for _, i in x.gone}
    target = store.open_story(sc, scoring.make_doc(sc, "z", _feats(QUAKE_A[0], 39)))
    for doc in list(x.members):
        store.detach(sc, doc, x)
        store.attach(sc, doc, target)
    assert not x.alive
    groups = _as_sets(sc.stories())
    assert frozenset(gone) in groups and sum(map(len, groups)) == 40 + 2 + 4 + 1
    # Retirement as a whole: every id of the running story in one group.
    sc = StoryClusterer(window_days=10)
    stream = _daily(QUAKE_A, "d", 50) + _daily(QUAKE_B, "later", 2, start=90)
    for a in stream:
        sc.add(a)
    assert sc.held() == 2
    assert _as_sets(sc.stories()) == {
        frozenset(f"d{i}" for i in range(50)),
        frozenset({"later90", "later91"}),
    }


def _feats(text: str, day: int) -> Features:
    from datetime import date, timedelta

    from storyfold.features import extract

    return extract(text, published=(date(2024, 1, 1) + timedelta(days=day)).isoformat())


def test_an_undated_story_fed_past_the_idle_horizon_stays_bounded_and_whole() -> None:
    rnd = random.Random(5)
    sc = StoryClusterer(idle_arrivals=20)
    stream: list[Article] = []
    for i in range(300):
        if i % 5 == 0:  # the running story: a copy every 5 arrivals, never idle
            t = QUAKE_A[i // 5 % 4]
            stream.append(Article(id=f"q{i}", source="test", raw=t, text=t))
        else:
            stream.append(_noise(i, rnd))
    peak = 0
    for a in stream:
        sc.add(a)
        peak = max(peak, sc.held())
        _check_held(sc)
    # Members that arrived more than 20 arrivals ago leave (checked every 5 arrivals).
    assert peak <= 25
    running = [s for s in store.live_stories(sc) if any(d.id[0] == "q" for d in s.members)]
    assert len(running) == 1 and len(running[0].members) <= 5 and running[0].gone
    groups = sc.stories()
    assert sorted(i for g in groups for i in g) == sorted(a.id for a in stream)
    assert frozenset(a.id for a in stream if a.id[0] == "q") in _as_sets(groups)


@pytest.mark.parametrize("dated", [False, True])
def test_moves_replayed_rebuild_the_stories(dev_data: Path, dated: bool) -> None:
    # A consumer that applies each arrival and the moves it caused must end with exactly
    # the clusterer's stories (merges, splits, and with dates also retired stories and
    # aged-out members that merges carry along).
    from datetime import date, timedelta

    rows = [json.loads(line) for line in (dev_data / "ecbplus_dev.jsonl").open(encoding="utf-8")]
    rnd = random.Random(5)
    rnd.shuffle(rows)
    sc = StoryClusterer(window_days=2) if dated else StoryClusterer()
    assign: dict[str, int] = {}
    moves = 0
    for n, r in enumerate(rows[:300] if dated else rows[:200]):
        # dated: about ten arrivals a day, so stories age out and members are peeled
        day = (date(2024, 1, 1) + timedelta(days=n // 10 + rnd.randint(0, 2))).isoformat()
        article = Article(id=r["id"], source="ecb", raw=r["text"], text=r["text"],
                          published=day if dated else None)
        assign[r["id"]] = sc.add(article)
        for article_id, story in sc.moves():
            assert article_id != r["id"]  # the arrival itself is not a move
            assign[article_id] = story
            moves += 1
    assert moves > 0
    if dated:  # stories retired and members aged out along the way
        assert store.retired_groups(sc) and any(s.gone for s in store.live_stories(sc))
    groups: dict[int, set[str]] = {}
    for article_id, story in assign.items():
        groups.setdefault(story, set()).add(article_id)
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, sc.stories()))


def test_moves_are_those_of_the_latest_arrival_only() -> None:
    sc = StoryClusterer()
    sc.add(Article(id="a", source="t", raw="", text="Floods hit the valley. Rescuers saved 40."))
    sc.add(Article(id="b", source="t", raw="", text="The bank raised rates by half a point."))
    story_a = next(s for s in store.live_stories(sc) if s.members[0].id == "a")
    story_b = next(s for s in store.live_stories(sc) if s.members[0].id == "b")
    sc.add(Article(id="c", source="t", raw="", text="A comet was seen over the desert."))
    kept = store.merge(sc, story_a, story_b)  # as refinement would, after c's arrival
    gone = "a" if kept is story_b else "b"
    assert sc.moves() == [(gone, kept.id)]
    sc.add(Article(id="d", source="t", raw="", text="The harvest festival opened today."))
    assert sc.moves() == []  # a new arrival starts a new list


def test_without_keep_retired_no_ids_of_the_past_are_kept() -> None:
    sc = StoryClusterer(window_days=10, keep_retired=False)
    stream = _daily(QUAKE_A, "d", 60) + _daily(QUAKE_B, "later", 2, start=120)
    for a in stream:
        sc.add(a)
    # The running story shed its old members and then retired; only what is held is left.
    assert not store.retired_groups(sc) and all(not s.gone for s in store.live_stories(sc))
    assert sc.stories() == [["later120", "later121"]] and sc.held() == 2


def test_halves_finds_two_glued_incidents_and_leaves_the_story_alone() -> None:
    # What `bench/split_separability.py` and `_bisect` rely on: the halves of a
    # story holding two incidents are the incidents, and asking does not edit the story.
    sc = StoryClusterer()
    docs = [scoring.make_doc(sc, a.id, _feats(a.text, 0)) for a in _articles(QUAKE_A, "a")]
    docs += [scoring.make_doc(sc, a.id, _feats(a.text, 0)) for a in _articles(QUAKE_B, "b")]
    story = store.open_story(sc, docs[0])
    for d in docs[1:]:
        store.attach(sc, d, story)
    halves = refinement.best_halves(sc, story)
    assert halves is not None
    (ga, ha), (gb, hb) = halves
    assert {frozenset(d.id for d in ga), frozenset(d.id for d in gb)} == {
        frozenset(f"a{i}" for i in range(4)),
        frozenset(f"b{i}" for i in range(4)),
    }
    assert ha.members == ga and hb.members == gb
    assert story.members == docs and len(sc.stories()) == 1
    # Halves of one incident are far more alike than the two incidents.
    scratch = StoryClusterer()
    fresh = [scoring.make_doc(scratch, a.id, _feats(a.text, 0)) for a in _articles(QUAKE_A, "a")]
    one, other = store.open_story(scratch, fresh[0]), store.open_story(scratch, fresh[2])
    store.attach(scratch, fresh[1], one)
    store.attach(scratch, fresh[3], other)
    glued = scoring.sim_stories(scratch, one, other)
    assert scoring.sim_stories(sc, ha, hb) < glued


def test_spectral_cut_separates_two_groups_joined_by_a_bridge() -> None:
    # Two groups of reports, alike within (unevenly: some members are central, some
    # peripheral, so the degrees of the two groups interleave) and barely across, plus one
    # bridging article linked to all and an outlier hanging on one member by a thin link.
    import numpy as np

    from storyfold.cluster import spectral_cut

    rng = np.random.default_rng(3)
    m = 14  # 0-5 group A, 6-11 group B, 12 bridge, 13 outlier
    sim = rng.uniform(0.0, 0.03, (m, m))
    for group in (range(0, 6), range(6, 12)):
        for i in group:
            for j in group:
                sim[i, j] = rng.uniform(0.15, 0.8)
    sim[12, :12] = sim[:12, 12] = 0.3
    sim[13, :] = sim[:, 13] = 0.0
    sim[13, 0] = sim[0, 13] = 0.05
    sim = np.maximum(sim, sim.T)
    np.fill_diagonal(sim, 0.0)
    perm = rng.permutation(m)  # members in no particular order
    side = spectral_cut(sim[np.ix_(perm, perm)])
    assert side is not None
    where = {int(p): bool(x) for p, x in zip(perm, side, strict=True)}
    a_side = {where[i] for i in range(0, 6)}
    b_side = {where[i] for i in range(6, 12)}
    assert len(a_side) == 1 and len(b_side) == 1 and a_side != b_side
    assert spectral_cut(sim[:3, :3]) is None  # too small for two halves of two


def test_one_kind_of_agreement_does_not_make_a_story(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two unrelated texts that share every figure and nothing else (no word, no name): one
    # kind of agreement. They stay apart in both modes; counting the figures alone
    # (ONE_KIND = 1, the gate off) joins them.
    a = ("Engineers in Lisbon finished the harbour bridge on Friday. The span cost 350 million "
         "euros, is 1,200 metres long, carries 4,800 cars an hour and took 7.5 years to build.")
    b = ("Gardeners near Tromso planted an orchard of apple seedlings. The nursery sold 350 "
         "million seeds, covers 1,200 hectares, ships 4,800 crates weekly and opened 7.5 "
         "kilometres away.")
    arts = [Article(id="a", source="a", raw=a, text=a), Article(id="b", source="b", raw=b, text=b)]
    for refine in (True, False):
        assert len(cluster_articles(arts, refine=refine)) == 2
    monkeypatch.setattr(scoring, "ONE_KIND", 1.0)
    assert len(cluster_articles(arts, refine=True)) == 1


def test_a_streams_settle_weighs_held_articles_with_the_current_frequencies() -> None:
    # A stream weighs each arrival with the document frequencies of its moment; a settle
    # re-weighs every held article with those of now and rebuilds the centroids, so the
    # first arrival's vectors end up as a fresh vectorisation would make them.
    texts = [
        "Quake hits Valparaiso, killing 140 people on March 3.",
        "Valparaiso quake: 140 people killed, rescuers search rubble.",
        "Storm floods Rosario on June 9; 260 homes lost.",
        "Rosario floods after storm, 260 homes under water.",
    ]
    sc = StoryClusterer()
    for i, t in enumerate(texts):
        sc.add(Article(id=str(i), source="s", raw=t, text=t))
    first = store.find_doc(sc, "0")
    before = first.vecs[0]
    sc.settle()
    fresh = scoring.make_doc(sc, "x", extract(texts[0]))
    assert first.vecs[0] == pytest.approx(fresh.vecs[0]) and first.vecs[0] != before
    for story in store.live_stories(sc):
        total: dict[str, float] = {}
        for d in story.members:
            for k, x in d.vecs[0].items():
                total[k] = total.get(k, 0.0) + x
        assert story.sums[0] == pytest.approx(total)
