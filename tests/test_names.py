"""The one "same name, other spelling" rule (storyfold.names) and its neighbours."""

from __future__ import annotations

import pytest

from storyfold import names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("kowalski", "kovalsky"),  # machine translation's respelling
        ("echeverria", "etcheveria"),
        ("philips", "filips"),  # sounds alike: a looser spelling will do
        ("zelensky", "zelenskyy"),
    ],
)
def test_spellings_of_one_name_are_one_name(a: str, b: str) -> None:
    assert names.same_name_word(a, b) and names.same_name_word(b, a)


@pytest.mark.parametrize(
    ("a", "b"), [("merkel", "mercer"), ("macron", "biden"), ("dahl", "paris")]
)
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert not names.same_name_word(a, b)


def test_the_word_rule_asks_more_spelling_when_the_words_do_not_sound_alike() -> None:
    # Between ALIKE and SURE only words that sound alike meet.
    s = names.spelling("catherine", "kathryn")
    assert names.ALIKE <= s < names.SURE and names.sounds_alike("catherine", "kathryn")
    assert names.same_name_word("catherine", "kathryn")
    assert names.spelling("merkel", "mercer") < names.SURE
    assert not names.sounds_alike("merkel", "mercer")
    assert not names.same_name_word("merkel", "mercer")
    assert names.same_name_word("merkel", "mercer", sure=0.8)  # the level decides


def test_within_reach_keeps_every_choice_the_cutoff_may_admit() -> None:
    choices = ["kowalski", "kovalsky", "nowak", "kowal"]
    found = names.within_reach("kowalsky", choices, 0.85)
    assert [choices[i] for i in found if names.spelling("kowalsky", choices[i]) >= 0.85] == [
        c for c in choices if names.spelling("kowalsky", c) >= 0.85
    ]
    assert choices.index("nowak") not in found and names.within_reach("x", [], 0.5) == []


def test_a_garbling_needs_a_close_spelling_unless_alignment_vouches() -> None:
    assert names.garbled_spelling("etcheveria", "echeverria", aligned=False)
    # Jaro-Winkler alone is lenient with short words: the edit bound keeps them apart.
    assert names.spelling("bucs", "bush") >= names.GARBLE_CLOSE
    assert not names.garbled_spelling("bucs", "bush", aligned=False)
    assert names.garbled_spelling("bucs", "bush", aligned=True)
    assert not names.garbled_spelling("paris", "london", aligned=True)


def test_word_credit_is_graded() -> None:
    assert names.word_credit("kowalski", "kowalski") == 1.0
    assert names.WORD_CREDIT_MIN <= names.word_credit("kovalsky", "kowalski") < 1.0
    assert names.word_credit("dahl", "paris") < names.WORD_CREDIT_MIN


def test_shared_forms_need_the_first_letter_and_a_close_ratio() -> None:
    # Pairwise's own question: inflected forms count, a changed first letter does not.
    assert names.shared_form_ratio("Jahr", "Jahren") >= names.SHARED_FORM_MIN
    assert names.shared_form_ratio("Novak", "NOWAK") >= names.SHARED_FORM_MIN
    assert names.shared_form_ratio("Merkel", "Mercer") < names.SHARED_FORM_MIN
    assert names.shared_form_ratio("Tanabe", "Kanabe") == 0.0
