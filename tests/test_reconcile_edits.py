"""What a close copy changed: edits of meaning between near-identical sentences."""

from __future__ import annotations

import pytest

import storyfold
from storyfold.reconcile.edits import meaning_edits
from storyfold.records import Article

BASE = "Police said the mayor accepted the offer on Tuesday and 12 people were arrested."


@pytest.mark.parametrize(
    ("changed", "kind"),
    [
        ("Police said the mayor rejected the offer on Tuesday and 12 people were arrested.",
         "polarity"),
        ("Police said the mayor did not accept the offer on Tuesday and 12 people were arrested.",
         "negation"),
        ("Police said the mayor accepted the offer on Friday and 12 people were arrested.",
         "date"),
        ("Police said the mayor accepted the offer on Tuesday and 21 people were arrested.",
         "number"),
    ],
)  # fmt: skip
def test_a_changed_word_of_meaning_is_an_edit(changed: str, kind: str) -> None:
    assert [e.kind for e in meaning_edits(BASE, changed)] == [kind]


@pytest.mark.parametrize(
    "same",
    [
        BASE,
        "Police said the mayor accepted the offer on Tuesday and twelve people were arrested.",
        "Police said the Mayor accepted the offer on Tuesday, and 12 people were arrested.",
        "Police said the mayor accepted the offer on Tuesday and about 10 people were arrested.",
        "Police said the mayor accepted the proposal on Tuesday and 12 people were arrested.",
    ],
)
def test_spellings_roundings_and_synonyms_are_no_edit(same: str) -> None:
    assert meaning_edits(BASE, same) == ()


def test_durations_and_ages() -> None:
    a = "He was jailed for six years after the 36-year-old driver fled."
    assert [e.kind for e in meaning_edits(a, a.replace("six years", "six months"))] == ["duration"]
    assert [e.kind for e in meaning_edits(a, a.replace("36-year-old", "36-month-old"))] == [
        "duration"
    ]


def test_names_trading_places_but_not_list_items() -> None:
    a = "Smith beat Jones in the final at Wimbledon on Sunday."
    swapped = meaning_edits(a, "Jones beat Smith in the final at Wimbledon on Sunday.")
    assert [e.kind for e in swapped] == ["actor"]
    assert {swapped[0].left, swapped[0].right} == {"Smith", "Jones"}
    listed = "Police said Smith and Jones were arrested on Monday."
    assert meaning_edits(listed, "Police said Jones and Smith were arrested on Monday.") == ()


def test_a_moved_negation_is_no_flip_and_a_rewrite_is_no_diff() -> None:
    assert (
        meaning_edits(
            "I feel we weren't executing the plan we wanted.",
            "I didn't feel we were executing the plan we wanted.",
        )
        == ()
    )
    assert (
        meaning_edits(
            "The mayor accepted the offer on Tuesday.",
            "On Friday a spokesman for the council turned down every request it had received.",
        )
        == ()
    )


FLOOD_A = """Floods force thousands from homes in river town
Heavy rain caused the river to burst its banks on Tuesday, flooding the town of Marden.
Authorities evacuated 3,000 people from low-lying districts overnight.
Two people are missing, police said, and rescue teams are searching the area.
The regional governor said the army had been asked to help with the clean-up."""
FLOOD_B = """River town flooded after days of heavy rain
About 5,000 people were evacuated from Marden after the river burst its banks on Tuesday.
No one is missing, a police spokesman said.
Emergency shelters were opened in two schools and a sports hall.
Forecasters expect more rain later this week."""


def test_two_flood_reports_disagree_on_both_counts() -> None:
    """Two independent reports, sentences not aligned one for one: each count is compared
    wherever it is stated, and each conflict names both sentences."""
    report = storyfold.fold(
        [Article(id="a", source="a", raw=FLOOD_A), Article(id="b", source="b", raw=FLOOD_B)],
        jobs=1,
    )
    assert len(report.stories) == 1
    conflicts = report.stories[0].conflicts
    said = {tuple(sorted(s.text for s in c.sides)) for c in conflicts}
    assert (
        "About 5,000 people were evacuated from Marden after the river burst its banks on Tuesday.",
        "Authorities evacuated 3,000 people from low-lying districts overnight.",
    ) in said
    assert (
        "No one is missing, a police spokesman said.",
        "Two people are missing, police said, and rescue teams are searching the area.",
    ) in said
    assert all(s.sentence is not None for c in conflicts for s in c.sides)


def test_the_same_counts_in_other_words_are_no_conflict() -> None:
    b = FLOOD_B.replace("About 5,000", "About 3,000").replace("No one is", "Two people are")
    report = storyfold.fold(
        [Article(id="a", source="a", raw=FLOOD_A), Article(id="b", source="b", raw=b)], jobs=1
    )
    assert [c.why for s in report.stories for c in s.conflicts] == []
