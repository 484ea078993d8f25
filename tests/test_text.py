"""storyfold.text: the one stopword list, stemmer and month words every stage shares."""

from __future__ import annotations

import re

import pytest

from storyfold import text
from storyfold.text import (
    FUNCTION_WORDS,
    MONTH_ALTS,
    MONTH_FORMS,
    MONTH_NAMES,
    MONTH_RE,
    MONTHS,
    MONTHS_DAYS,
    SENTENCE_STOPWORDS,
    STOPWORDS,
    TOPIC_STOPWORDS,
    WEEKDAYS,
    coarse_stem,
    letter_words,
    stem,
)


def test_one_stem_for_a_verb_its_inflections_and_its_noun() -> None:
    # The three old stemmers split these three ways (agr / agre / agre, and "agreement"
    # kept whole); one rule joins them.
    assert stem("agreed") == stem("agrees") == stem("agreement") == stem("agree") == "agr"
    assert stem("pledged") == stem("pledges") == stem("pledging") == stem("pledge")
    assert stem("countries") == stem("country") == "country"
    assert stem("planned") == stem("plans") == "plan"
    assert stem("meetings") == stem("meeting") == "meet"
    assert stem("government") == "govern"


def test_stem_keeps_short_words_numbers_and_lookalike_suffixes() -> None:
    assert stem("comment") == "comment"  # "ment" strips only when four letters stay
    assert stem("station") == "station" and stem("nation") == "nation"
    assert stem("crisis") == "crisis" and stem("bus") == "bus"  # "-is", "-us" are no plural
    assert stem("112") == "112" and stem("1.1") == "1.1"
    assert stem("Agreed") == stem("agreed")  # lower-cases
    assert stem("Macron’s") == stem("macron's") == "macron"
    # Different words stay apart.
    assert len({stem(w) for w in ("agreed", "argued", "aged", "agreeable")}) == 4


def test_coarse_stem_strips_one_suffix_and_cuts() -> None:
    assert coarse_stem("finalised") == coarse_stem("finalized") == "finali"
    assert stem("finalised") != stem("finalized")  # clustering keeps them apart
    assert coarse_stem("troops") == coarse_stem("troop") == "troop"
    assert coarse_stem("countries") == coarse_stem("country") == "countr"
    assert coarse_stem("nation") == coarse_stem("national") == "nation"
    assert coarse_stem("1234567890") == "1234567890"  # numbers are never cut
    assert coarse_stem("bus") == "bus"  # three letters must stay
    assert len(coarse_stem("internationalisation")) == text.COARSE_STEM_LETTERS


# What each of the three old lists was for, one word each of its intent.
OLD_FEATURES = {"the", "and", "would", "said", "according", "monday", "people", "year", "photo"}
OLD_TEXTSIM = {"the", "of", "it's", "don't", "s", "ll", "mr", "sir", "upon", "via", "said"}
OLD_LEXICON = {"however", "meanwhile", "today", "tonight", "breaking", "updated", "citing"}


def test_stopword_layers_cover_the_old_lists_intent() -> None:
    assert FUNCTION_WORDS < STOPWORDS < TOPIC_STOPWORDS
    assert OLD_FEATURES <= TOPIC_STOPWORDS  # clustering
    assert OLD_TEXTSIM <= SENTENCE_STOPWORDS  # alignment, fidelity
    # Sentence scoring's narrower list is part of the clustering one ("two" aside).
    assert SENTENCE_STOPWORDS - {"two"} < TOPIC_STOPWORDS
    assert not {"never", "now", "back", "today"} & SENTENCE_STOPWORDS
    assert OLD_LEXICON <= STOPWORDS  # reconcile
    assert {"the", "of", "not", "never", "it's", "s"} <= FUNCTION_WORDS


def test_stopwords_keep_what_names_and_counts_need() -> None:
    # Reconcile trims spans with STOPWORDS: "United States", "New York", "Times" survive,
    # "Mr Lund" keeps its honorific and "Per Lund" his first name.
    assert not {"states", "new", "times", "people", "mr", "ms", "per"} & STOPWORDS
    # Lower-cased, "US" is the country; numbers count "people" and "years".
    assert "us" not in TOPIC_STOPWORDS
    assert not {"people", "years"} & FUNCTION_WORDS
    assert not {"two", "three", "ten"} & TOPIC_STOPWORDS


@pytest.mark.parametrize(
    ("written", "month"),
    [
        ("January", 1), ("Jan", 1), ("Feb.", 2), ("MAR", 3), ("April", 4), ("May", 5),
        ("June", 6), ("Jun", 6), ("July", 7), ("Aug", 8), ("Sept", 9), ("Sep.", 9),
        ("SEPTEMBER", 9), ("Oct", 10), ("November", 11), ("Dec", 12),
    ],
)  # fmt: skip
def test_month_forms_in_full_and_abbreviated(written: str, month: int) -> None:
    m = re.fullmatch(MONTH_RE, written)
    assert m is not None
    assert MONTHS[m.group(1)[:3].lower()] == month
    assert written.rstrip(".") in MONTH_FORMS
    assert written.rstrip(".").lower() in MONTH_NAMES
    assert re.fullmatch(rf"(?i:{MONTH_ALTS})\.?", written.lower())


def test_month_words_are_not_matched_loosely() -> None:
    assert re.fullmatch(MONTH_RE, "may") is None  # lower case: the verb
    assert re.fullmatch(MONTH_RE, "Mayor") is None
    assert "Monday" not in MONTH_FORMS and "monday" in MONTHS_DAYS
    assert len(MONTH_NAMES) == 12 * 2 - 1 + 1  # "may" is its own abbreviation; + "sept"
    assert set(WEEKDAYS) == MONTHS_DAYS - MONTH_NAMES and len(WEEKDAYS) == 7
    assert sorted(MONTHS.values()) == list(range(1, 13))


def test_letter_words_split_hyphens_and_keep_apostrophes() -> None:
    assert letter_words("war-torn Kyiv's 26 troops, don’t") == [
        "war", "torn", "Kyiv's", "troops", "don’t",
    ]  # fmt: skip
