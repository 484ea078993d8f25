"""Feature extraction: names and their spelling-tolerant keys, numbers, dates, terms."""

from __future__ import annotations

import pytest

from storyfold import features, quantities
from storyfold.features import (
    LEAD_CHARS,
    LEAD_WEIGHT,
    LEAD_WORDS,
    DocFreq,
    extract,
    name_key,
    parse_day,
    stem,
)

# A text this short lies wholly in the lead, where every feature counts 1 + LEAD_WEIGHT times.
LEAD = 1 + LEAD_WEIGHT


def test_transliteration_variants_share_a_name_key() -> None:
    assert name_key("Kolomoisky") == name_key("Kolomoyskyi")
    assert name_key("Philaret") == name_key("Filaret")
    assert name_key("Mohammed") == name_key("Muhammad")
    assert name_key("Mubarak") == name_key("Mobarak")
    assert name_key("Witkoff") == name_key("Whitkov")
    assert name_key("Tchernov") == name_key("Chernov")


def test_different_names_keep_different_keys() -> None:
    keys = {name_key(n) for n in ("Smith", "Jones", "Brown", "Karlsson", "Kowalski", "Novak")}
    assert len(keys) == 6
    assert name_key("Reid") != name_key("Road")


def test_names_skip_sentence_openers_and_common_words() -> None:
    f = extract(
        "However, Maria Kowalski met the mayor of Gdansk on Monday. The Troops Left Town.\n"
        "Earlier, troops left the town and the mayor spoke.",
        spans=True,
    )
    assert "Maria Kowalski" in f.spans
    assert name_key("Kowalski") in f.names
    assert name_key("Gdansk") in f.names
    assert name_key("However") not in f.names
    assert name_key("Troops") not in f.names  # used in lower case elsewhere in the text
    assert name_key("Earlier") not in f.names


def test_numbers_are_normalised() -> None:
    f = extract(
        "Twenty-six countries sent 1.1 billion euros; 7,000 troops, a 5% rise, "
        "twenty six countries more at 10:30."
    )
    assert f.numbers["n:26"] == 2 * LEAD  # a small number, with what it counts
    assert "n:1100000000" in f.numbers
    assert "n:7000" in f.numbers
    assert "n:5%" in f.numbers
    assert "n:10" not in f.numbers and "n:30" not in f.numbers  # a clock time


def test_small_numbers_count_only_with_what_they_count(monkeypatch: pytest.MonkeyPatch) -> None:
    # List markers, ranks, ordinals and bare small integers are no evidence; a small
    # number followed by what it counts is.
    text = (
        "Top 10 movies to stream\n1. Water the plants\n2) Prune them\n3: Repeat\n"
        "It was the 1st time; 26 people died and five miners, a 24-year-old among them, "
        "were hurt. Step 4 of 5. Scores of 3 and 7, 4.5 stars, 350 homes."
    )
    assert set(extract(text).numbers) == {"n:10", "n:26", "n:5", "n:24", "n:4.5", "n:350"}
    # With COUNT_IN_KEY the key names what is counted, so "10 movies" is not "10 tips".
    monkeypatch.setattr(quantities, "COUNT_IN_KEY", True)
    assert set(extract(text).numbers) == {
        "n:10 movy", "n:26 peopl", "n:5 miner", "n:24 year", "n:4.5", "n:350",
    }
    assert not set(extract("7 tips to shed pounds").numbers) & set(
        extract("7 things I wish I knew").numbers
    )


def test_dates_and_years_are_dates_not_numbers() -> None:
    f = extract("It happened on May 3, 2013 and again on 4 June in 2012.")
    assert f.dates["md:05-03"] == LEAD
    assert "md:06-04" in f.dates
    assert {"y:2013", "y:2012"} <= set(f.dates)
    assert "n:2013" not in f.numbers and "n:3" not in f.numbers


def test_dateline_dates_in_capitals_and_in_figures_are_dates() -> None:
    # Datelines write months in capitals and dates in figures; both must meet the same
    # date written out ("April 28, 2009") elsewhere, not leave bare day numbers behind.
    written = extract("Officials acted on April 28, 2009.").dates
    for text in (
        "TUESDAY, APRIL 28, 2009 Officials acted.",
        "Posted 04/28/09 Officials acted.",
        "Posted 28/04/2009 Officials acted.",  # day first: 28 cannot be a month
        "Posted 04 / 28 / 09 07:35 PM Officials acted.",  # tokenised and joined back
    ):
        f = extract(text)
        assert {"md:04-28", "y:2009"} <= set(f.dates) and {"md:04-28", "y:2009"} <= set(written)
        assert not {"n:28", "n:4", "n:9", "n:2009"} & set(f.numbers), text
    # Not dates: lower-case "may" is a verb, and a ratio or "24/7" has no year.
    assert not extract("Officials may 3 times act, 3/4 of them, 24/7, part 3/4/1234.").dates
    assert "md:13-05" not in extract("On 13/05/2010 it rained.").dates  # read day first
    assert "md:05-13" in extract("On 13/05/2010 it rained.").dates


def test_terms_are_stemmed_and_stopwords_dropped() -> None:
    f = extract("The allies pledged troops. Each ally pledges more troops; pledging continues.")
    assert stem("pledged") == stem("pledges") == stem("pledging") == stem("pledge")
    assert f.terms[stem("pledged")] == 3 * LEAD
    assert "the" not in f.terms and "each" not in f.terms


def test_parse_day_and_docfreq() -> None:
    assert parse_day("2025-09-04T10:00:00Z") == parse_day("2025-09-04")
    assert parse_day("2025-09-05") - parse_day("2025-09-04") == 1  # type: ignore[operator]
    assert parse_day("yesterday") is None and parse_day(None) is None
    df = DocFreq()
    df.add(["a", "b"])
    df.add(["a"])
    assert df.count("a") == 2 and df.n == 2
    assert df.idf("b") > df.idf("a")
    assert df.idf_map(["a", "b"]) == pytest.approx([df.idf("a"), df.idf("b")])


def test_the_lead_weighs_more_than_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    # Words, a number and a date in the opening and others deep in the body: with lead
    # weighting on (off by default), the opening's mentions count LEAD_WEIGHT extra times.
    monkeypatch.setattr(features, "LEAD_WEIGHT", 2)
    lead = 3
    filler = " ".join(["background"] * max(LEAD_WORDS, LEAD_CHARS // 10 + 1)) + ".\n"
    opening = "Quake hits Valparaiso on March 3, killing 140.\n"
    body = "Storm floods Rosario on June 9, killing 260.\n"
    f = extract(opening + filler + body)
    assert f.terms[stem("valparaiso")] == lead and f.terms[stem("rosario")] == 1
    assert f.numbers["n:140"] == lead and f.numbers["n:260"] == 1
    assert f.dates["md:03-03"] == lead and f.dates["md:06-09"] == 1
    assert f.names[name_key("Valparaiso")] == lead and f.names[name_key("Rosario")] == 1
