"""Fidelity from the consensus of the whole family (storyfold.fidelity.consensus)."""

from provenance_seeds import article

from storyfold.align import align_story
from storyfold.fidelity import consensus, family_fidelity
from storyfold.provenance import trace
from storyfold.records import Story

BASE = [
    "The river burst its banks on Tuesday night after three days of heavy rain.",
    "Officials said 3,000 residents were evacuated from the low-lying districts.",
    "Mayor Helen Okafor opened two schools as shelters for the displaced families.",
    "Engineers from the regional water board inspected the damaged levee on Wednesday.",
    "Forecasters expect the water to recede slowly over the coming week.",
]


def _copy(changes: dict[int, str], drop: tuple[int, ...] = ()) -> str:
    return " ".join(changes.get(i, s) for i, s in enumerate(BASE) if i not in drop)


def _story(texts: dict[str, str]) -> tuple[Story, list]:
    arts = [article(k, v) for k, v in texts.items()]
    story = Story(id="s", articles=[a.id for a in arts])
    story.alignments = align_story(arts)
    return story, arts


def test_a_copy_that_invents_a_number_and_a_name_scores_below_faithful_copies():
    story, arts = _story({
        "a": _copy({}),
        "b": _copy({}),
        "c": _copy({
            1: "Officials said 8,000 residents were evacuated from the low-lying districts.",
            2: "Mayor Helen Nkemelu opened two schools as shelters for the displaced families.",
        }),
        "d": _copy({}),
    })
    cons = consensus(arts, story.alignments)
    assert cons["c"].unsupported > 0 and cons["a"].unsupported == 0
    assert cons["c"].score < min(cons[x].score for x in "abd")
    fid = family_fidelity(arts, story.alignments, {a.id: 1.0 for a in arts})
    assert fid["c"] < fid["a"] == fid["b"] == fid["d"] == 1.0


def test_omissions_cost_and_a_member_alone_reads_its_fluency():
    story, arts = _story({"a": _copy({}), "b": _copy({}), "c": _copy({}, drop=(2, 3, 4))})
    cons = consensus(arts, story.alignments)
    assert cons["c"].coverage < cons["a"].coverage
    assert cons["c"].score < cons["a"].score
    alone = family_fidelity(arts[:1], story.alignments, {"a": 0.7})
    assert alone == {"a": 0.7}


def test_a_name_another_family_gives_is_not_unsupported():
    # In a family of two, the faithful member's names are missing from its garbled copy;
    # an independent report naming the mayor too shows they are not the member's invention.
    story, arts = _story({
        "a": _copy({}),
        "b": _copy({
            2: "Mayor Helen Okafa opened two schools as shelters for the displaced families."
        }),
        "x": "Helen Okafor, the mayor, toured the shelters on Thursday morning with reporters.",
    })
    fam = [a for a in arts if a.id in "ab"]
    alone = consensus(fam, story.alignments)
    told = consensus(fam, story.alignments, outside=[a for a in arts if a.id == "x"])
    assert alone["a"].unsupported == alone["b"].unsupported > 0
    assert told["a"].unsupported == 0 < told["b"].unsupported


def test_the_best_member_is_judged_like_the_rest():
    # Four copies of one text; whichever becomes the family's "source", the copy that departs
    # from the others (a changed count, an invented name, a lost sentence) scores lowest and
    # no member is given its fluency for free.
    texts = {
        "a": _copy({}),
        "b": _copy({0: "The river burst its banks late on Tuesday after three days of rain."}),
        "c": _copy({
            1: "Officials said 9,500 residents were evacuated from the low-lying areas.",
            2: "Mayor Peter Brandtner opened two schools as shelters for the displaced families.",
        }, drop=(4,)),
        "d": _copy({3: "Engineers from the water board inspected the damaged levee on Wednesday."}),
    }
    story, arts = _story(texts)
    trace(story, arts)
    assert len(story.families) == 1
    fid = {a.id: a.fidelity for a in arts}
    assert fid["c"] == min(fid.values()) < 0.9
    assert all(0.0 <= f <= 1.0 for f in fid.values())
