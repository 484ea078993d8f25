"""What a same-story decision needs beyond shared vocabulary (issue 15): names that meet."""

from __future__ import annotations

import pytest

from storyfold.cluster import StoryClusterer, cluster_articles, scoring, store
from storyfold.cluster import refine as refinement
from storyfold.records import Article

# Two guides on one subject from two sites: the same vocabulary (puppies, crates, treats,
# leashes), each naming its own people, places and products.
GUIDE_A = (
    "Crate training a puppy takes patience. Trainer Maria Kowalski of Brightpaw Academy in "
    "Denver says a puppy should see the crate as a quiet den: feed treats inside the crate, "
    "leave the door open, and praise the puppy when it rests there. After meals, short leash "
    "walks help the puppy learn a routine, and a tired puppy settles in its crate. Kowalski "
    "recommends the Snugden crate pad and a chew toy so the puppy links the crate with calm."
)
GUIDE_B = (
    "Crate training a puppy is about routine. Veterinarian Tomas Lindqvist at the Harbor "
    "Vet Clinic in Portland tells owners to make the crate a calm den: give treats in the "
    "crate, keep the door open at first, and praise the puppy for resting inside. After "
    "meals, short leash walks build the routine, and a tired puppy sleeps in its crate. "
    "Lindqvist likes a Furhaven crate mat and a chew toy, so the puppy links its crate with rest."
)


def _arts(*texts: str) -> list[Article]:
    return [Article(id=f"a{i}", source=f"s{i}", raw=t, text=t) for i, t in enumerate(texts)]


def test_pages_that_share_words_but_name_different_things_stay_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    arts = _arts(GUIDE_A, GUIDE_B)
    for refine in (True, False):
        assert len(cluster_articles(arts, refine=refine)) == 2
    # With the names rule off (no side ever names enough) the shared words join them.
    monkeypatch.setattr(scoring, "NAMES_HELD", 10**6)
    assert len(cluster_articles(arts, refine=True)) == 1


def test_a_side_that_names_little_is_not_held_to_its_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A rewrite that keeps the words and names almost nothing (one name, not the source's):
    # too little for the missing names to count against it, so it stays with its source.
    rewrite = (
        "Crate training a puppy takes patience. A trainer says a puppy should see the crate "
        "as a quiet den: feed treats inside the crate, leave the door open, and praise the "
        "puppy when it rests there. After meals, short leash walks help the puppy learn a "
        "routine, and a tired puppy settles in its crate. Nowak likes a crate pad and a "
        "chew toy so the puppy links the crate with calm."
    )
    arts = _arts(GUIDE_A, rewrite)
    assert len(cluster_articles(arts, refine=True)) == 1
    # Were a single name enough to be held to, the rewrite would fall away.
    monkeypatch.setattr(scoring, "NAMES_HELD", 1)
    assert len(cluster_articles(arts, refine=True)) == 2


def test_one_name_in_common_is_a_subject_not_a_story(monkeypatch: pytest.MonkeyPatch) -> None:
    # The second guide cites the first one's trainer (one name in common, twice, so the
    # names cosine clears AGREE_MIN) and names its own people and places besides.
    cites = GUIDE_B.replace(
        "Lindqvist likes", "Like Kowalski (Kowalski trains puppies too), Lindqvist likes"
    )
    arts = _arts(GUIDE_A, cites)
    assert len(cluster_articles(arts, refine=True)) == 2
    # One name in common enough: the shared words and that name join them.
    monkeypatch.setattr(scoring, "NAMES_SHARED", 1)
    assert len(cluster_articles(arts, refine=True)) == 1


def test_the_split_graph_applies_the_names_rule() -> None:
    from storyfold.cluster import StoryClusterer
    from storyfold.cluster.scoring import make_doc, pair_matrix, sim_pair
    from storyfold.features import extract

    sc = StoryClusterer(snn_weight=0.5)
    feats = [extract(t) for t in (GUIDE_A, GUIDE_B, GUIDE_A)]
    for f in feats:
        sc.observe(f)
    docs = [make_doc(sc, str(i), f) for i, f in enumerate(feats)]
    sim = pair_matrix(sc, docs)
    assert sim[0, 1] == 0.0 and sim_pair(sc, docs[0], docs[1]) == 0.0
    assert sim[0, 2] > 0.5 and sim_pair(sc, docs[0], docs[2]) > 0.5


# One flood told four ways, and a flood of the same kind elsewhere.
FLOOD = [
    "The river Elbe burst its banks at Pirna on Monday, flooding 300 homes, the district "
    "chief Anke Vogel said. Fire crews from Dresden evacuated 1,200 residents overnight.",
    "Some 1,200 people left their homes in Pirna after the Elbe flooded 300 houses on "
    "Monday. Anke Vogel, head of the district, said Dresden fire crews worked all night.",
    "Floodwater from the Elbe reached 300 homes in Pirna, district chief Vogel said on "
    "Monday, as crews from Dresden moved 1,200 residents to schools and halls.",
    "Pirna counted 300 flooded homes and 1,200 evacuees on Monday after the Elbe rose, "
    "said Anke Vogel. Crews from Dresden pumped cellars through the night.",
]
OTHER_FLOOD = [
    "The river Tisza burst its banks at Szeged on Friday, flooding 80 farms, mayor Laszlo "
    "Kovacs said. Soldiers from Csongrad built sandbag walls along 14 km of dikes.",
    "Mayor Laszlo Kovacs said 80 farms near Szeged were under water on Friday after the "
    "Tisza rose; soldiers from Csongrad reinforced 14 km of dikes.",
    "Floodwater from the Tisza covered 80 farms around Szeged on Friday, Kovacs said, while "
    "Csongrad troops raised 14 km of dikes with sandbags.",
    "Szeged's mayor Kovacs counted 80 flooded farms on Friday as the Tisza peaked and "
    "soldiers from Csongrad held 14 km of dikes.",
]


def _story_grown_as_two_halves() -> tuple[StoryClusterer, int]:
    """A clusterer holding eight reports of one flood as two stories of four (what a
    stream can build when no arrival compares the halves), beside the other flood's four.
    Returns it and the number of the half moved out."""
    sc = StoryClusterer()
    copies = [t.replace("Monday", "Monday evening") for t in FLOOD]
    for i, t in enumerate([*FLOOD, *copies, *OTHER_FLOOD]):
        sc.add(Article(id=f"r{i}", source="t", raw=t, text=t))
    groups = {frozenset(g) for g in sc.stories()}
    assert groups == {frozenset(f"r{i}" for i in range(8)),
                      frozenset(f"r{i}" for i in range(8, 12))}
    whole = next(s for s in sc._stories.values() if len(s.members) == 8)
    moved = [d for d in whole.members if int(d.id[1:]) >= 4]
    for d in moved:
        store.detach(sc, d, whole)
    half = store.open_story(sc, moved[0])
    for d in moved[1:]:
        store.attach(sc, d, half)
    return sc, half.id


def test_a_read_point_joins_two_halves_of_one_story_and_not_the_other_incident(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sc, _ = _story_grown_as_two_halves()
    assert len(sc.stories()) == 3
    assert refinement.merge_settled(sc) == 1
    assert {frozenset(g) for g in sc.stories()} == {
        frozenset(f"r{i}" for i in range(8)), frozenset(f"r{i}" for i in range(8, 12))}
    # Halves below the floor are left to the per-article re-placement.
    sc, _ = _story_grown_as_two_halves()
    monkeypatch.setattr(refinement, "SETTLE_MERGE_MIN", 5)
    assert refinement.merge_settled(sc) == 0 and len(sc.stories()) == 3


def test_neighbours_are_only_articles_that_could_join_the_story(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storyfold.cluster import neighbours
    from storyfold.cluster.scoring import make_doc, sim_pair
    from storyfold.features import extract

    # A report of the flood, another of it, and a note on rain and rivers that shares a
    # few of their words (a pairwise similarity above 0, below the attach bar).
    texts = [FLOOD[0], FLOOD[1], "After days of rain the river rose and crews pumped water "
             "out of cellars in several towns."]
    sc = StoryClusterer(snn_weight=0.5)
    feats = [extract(t) for t in texts]
    for f in feats:
        sc.observe(f)
    docs = [make_doc(sc, str(i), f) for i, f in enumerate(feats)]
    assert 0.0 < sim_pair(sc, docs[0], docs[2]) < neighbours.THRESHOLD
    profile = neighbours._nearest_profiles(sc, docs)[0]
    assert docs[1].order in profile and docs[2].order not in profile
    monkeypatch.setattr(neighbours, "THRESHOLD", 0.0)
    assert docs[2].order in neighbours._nearest_profiles(sc, docs)[0]
