"""What a same-story decision needs beyond shared vocabulary (issue 15): names that meet."""

from __future__ import annotations

import pytest

from storyfold.cluster import cluster_articles, scoring
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
