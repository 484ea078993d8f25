"""One polarity rule: fidelity's "polarity" departure and the conflict check agree.

Each case is one short report and a copy with one edit; the copy is folded with its
original through the public API, and the report must call the edit a polarity departure
exactly when it also flags a polarity conflict, and do both only for edits that turn the
statement around.
"""

from __future__ import annotations

import pytest

import storyfold
from storyfold import polarity
from storyfold.records import Article

BASE = (
    "Officials in the capital said on Monday that the regional summit on water rights "
    "{0} on Friday despite the storm. "
    "The meeting brings together ministers from nine countries along the river. "
    "Organisers expect about 400 delegates and journalists at the conference centre."
)

CASES = [
    # (original wording, copy's wording, does the copy turn the statement around?)
    ("would go ahead", "would not go ahead", True),
    ("was accepted by the ministers", "was rejected by the ministers", True),
    ("left delegates very satisfied", "left delegates very dissatisfied", True),
    ("drew more delegates than planned", "drew fewer delegates than planned", True),
    ("would go ahead", "would still go ahead", False),
    ("was accepted by the ministers", "was accepted by all the ministers", False),
    ("left delegates very satisfied", "left the delegates very satisfied", False),
]


def _fold(original: str, copy: str) -> tuple[bool, bool]:
    arts = [
        Article(id="a", source="a", raw=BASE.format(original), site="one.example"),
        Article(id="b", source="b", raw=BASE.format(copy), site="two.example"),
    ]
    report = storyfold.fold(arts)
    assert len(report.stories) == 1
    conflict = any(c.kind == "polarity" for c in report.stories[0].conflicts)
    departure = any("polarity" in d.kinds for a in report.articles for d in a.departures)
    return departure, conflict


@pytest.mark.parametrize(("original", "copy", "flips"), CASES)
def test_departure_and_conflict_agree(original: str, copy: str, flips: bool) -> None:
    departure, conflict = _fold(original, copy)
    assert departure == flips
    assert conflict == flips


def test_negators_in_both_spellings() -> None:
    for w in ("not", "never", "didn't", "didnt", "cannot", "won't", "wont"):
        assert polarity.is_negator(w), w
    for w in ("note", "know", "nothingness", "snot"):
        assert not polarity.is_negator(w), w


def test_prefix_negation_needs_a_real_base() -> None:
    assert polarity.prefix_pair("satisfied", "dissatisfied")
    assert polarity.prefix_pair("unlikely", "likely")
    # Too short a base: "inform" is not "form" negated.
    assert not polarity.prefix_pair("form", "inform")
    assert not polarity.prefix_pair("come", "income")


def test_opposite_in_any_inflection() -> None:
    assert polarity.opposite("rejected", "accepted")
    assert polarity.opposite("more", "less")
    assert polarity.opposite("unfair", "fair")  # short base, but WordNet has it
    assert not polarity.opposite("accepted", "welcomed")
    assert not polarity.opposite("said", "stated")
