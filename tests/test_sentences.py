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


def test_hard_wrapped_lines_are_one_sentence() -> None:
    """A line break inside a sentence (plain-text wrap at a fixed width) is not a boundary;
    offsets still point into the text and the sentence reads the break as a space."""
    text = (
        "Inheritance is a basic concept of programming where\n\n"
        "the basic idea is to create new classes that add extra detail to\n"
        "existing classes. This kind\n"
        "of relationship is drawn as a tree, the general class being known as the\n"
        "Base Class of the others."
    )
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Inheritance is a basic concept of programming where the basic idea is to create "
        "new classes that add extra detail to existing classes.",
        "This kind of relationship is drawn as a tree, the general class being known as "
        "the Base Class of the others.",
    ]
    for s in sents:
        assert " ".join(text[s.start : s.end].split()) == s.text


def test_headings_lists_labels_and_punctuated_lines_stay_apart() -> None:
    text = (
        "Background\n\nThe council met on Monday.\n\n"
        "Three things were agreed\n\n- a new budget\n\n- two more buses\n\n"
        "1. roads first\n\n2) then bridges\n\n"
        "It rose 3.5 per cent.\nand then it fell.\n\n"
        "He said, after the war,\n\n“It is not for them to decide,” she replied.\n\n"
        "Written by\n\nJoe Bloggs\n\n"
        "freeCodeCamp Certificates\n\nfreeCodeCamp is a nonprofit school.\n\n"
        "if (ready) {\n\nreturn value"
    )
    assert [s.text for s in split_sentences(text)] == [
        "Background", "The council met on Monday.", "Three things were agreed",
        "- a new budget", "- two more buses", "1. roads first", "2) then bridges",
        "It rose 3.5 per cent.", "and then it fell.", "He said, after the war,",
        "“It is not for them to decide,” she replied.", "Written by", "Joe Bloggs",
        "freeCodeCamp Certificates", "freeCodeCamp is a nonprofit school.",
        "if (ready) {", "return value",
    ]


def test_a_wrap_before_a_capitalised_word_joins_only_after_an_open_word() -> None:
    wrapped = "The figures were published on Tuesday by the\nBoard of Trade in London."
    assert len(split_sentences(wrapped)) == 1
    # Not English: only the lower-case rule applies (German nouns are capitalised).
    german = "Die Zahlen wurden am Dienstag von der\nBehörde in Berlin veröffentlicht."
    assert len(split_sentences(german, "de")) == 2
    lower = "Die Zahlen wurden am Dienstag von\nder Behörde genannt."
    assert len(split_sentences(lower, "de")) == 1


def test_fold_rejoins_a_hard_wrapped_article_and_keeps_the_dropped_lines(tmp_path) -> None:
    """Through `storyfold.fold`: cleaning keeps every wrapped line (and drops the clutter
    with its reason, as before); the sentences are whole again."""
    from storyfold import fold

    body = (
        "The city council approved the new budget on Monday after a debate that\n"
        "lasted well into the night, officials said. Spending on roads and bridges\n"
        "rises by four percent next year, and the mayor called the plan a fair deal\n"
        "for every district of the city. Opposition members walked out before the\n"
        "final vote in protest at the cuts to the library service."
    )
    (tmp_path / "wrapped.txt").write_text(
        "Share this article\n\n" + body + "\n\nRead more: the council's full budget\n",
        encoding="utf-8",
    )
    report = fold([str(tmp_path / "wrapped.txt")])
    (article,) = report.articles
    assert [s.text for s in article.sentences] == [
        "The city council approved the new budget on Monday after a debate that lasted "
        "well into the night, officials said.",
        "Spending on roads and bridges rises by four percent next year, and the mayor "
        "called the plan a fair deal for every district of the city.",
        "Opposition members walked out before the final vote in protest at the cuts to "
        "the library service.",
    ]
    assert {d.text for d in article.dropped} >= {"Share this article"}
    assert all(d.reason for d in article.dropped)
