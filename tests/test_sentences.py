from storyfold.sentences import split_sentences


def test_offsets_point_into_text() -> None:
    text = "First one here. Second one, with “quotes.” Third!\nA new line without stop\n\nLast?"
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "First one here.", "Second one, with “quotes.”", "Third!",
        "A new line without stop", "Last?",
    ]
    for i, s in enumerate(sents):
        assert s.index == i
        assert text[s.start : s.end] == s.text


def test_abbreviations_and_initials_do_not_split() -> None:
    text = "Mr. Smith met Dr. Jones in the U.S. on Sept. 5. John F. Kennedy spoke later."
    assert [s.text for s in split_sentences(text)] == [
        "Mr. Smith met Dr. Jones in the U.S. on Sept. 5.", "John F. Kennedy spoke later."]


def test_lowercase_continuation_does_not_split() -> None:
    assert len(split_sentences("It rose 3.5 per cent. and then fell. Then it rose.")) == 2


def test_empty_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n \n") == []
