"""Cleaning on made-up pages in wordings other than the seeds': furniture goes with a
reason, body text stays, title/byline/dateline/credit go to metadata."""

from __future__ import annotations

from pathlib import Path

from storyfold.clean import clean_article, clean_corpus, clean_story
from storyfold.clean_shapes import furniture_patterns, pattern_match
from storyfold.records import Article

P1 = "The regional water board approved a plan on Monday to build two reservoirs north of the city."
P2 = "Officials said construction would begin next spring and take about four years to complete."
P3 = "Farmers welcomed the decision, saying droughts had cut their harvests three years running."
P4 = "The board will publish the full cost estimate at its next meeting in November."


def _clean(raw: str, **fields: str) -> Article:
    article = Article(id="t", source="t.txt", raw=raw, **fields)  # type: ignore[arg-type]
    article.metadata["format"] = "text"
    clean_article(article)
    return article


def _reasons(article: Article) -> dict[str, str]:
    return {d.text: d.reason for d in article.dropped}


def test_page_chrome_around_a_body_is_dropped_with_reasons() -> None:
    raw = "\n".join(
        [
            "Skip to content",
            "NEWS  |  SPORT  |  BUSINESS",
            "Start › Region › Water",
            "Board Approves Two New Reservoirs",
            "By Maria Lopez and Tom Reed",
            "March 3, 2024 at 10:15 am",
            "5 min read",
            "Share on Facebook Share on X Email",
            P1,
            "ADVERTISEMENT",
            P2,
            P3,
            "Read also: Drought hits valley farms for a third year",
            P4,
            "(Reuters)",
            "Tags: water, farming, drought",
            "Most Popular",
            "Storm damage closes coastal road",
            "Local team wins the cup",
            "Sign up for our morning newsletter and get the day's headlines in your inbox.",
            "© 2024 Valley Times Media Group",
            "https://valleytimes.example/privacy",
        ]
    )
    article = _clean(raw)
    assert article.text.split("\n\n") == [P1, P2, P3, P4]
    assert article.title == "Board Approves Two New Reservoirs"
    assert article.byline == "Maria Lopez and Tom Reed"
    assert article.metadata["credit"] == "(Reuters)"
    reasons = _reasons(article)
    assert reasons["ADVERTISEMENT"] == "furniture phrase"
    assert reasons["Read also: Drought hits valley farms for a third year"] == "related links"
    assert reasons["https://valleytimes.example/privacy"] == "after body: bare url"
    assert reasons["5 min read"].startswith("before body")
    assert reasons["Storm damage closes coastal road"].startswith("after body")
    assert (
        "promo"
        in reasons["Sign up for our morning newsletter and get the day's headlines in your inbox."]
    )
    assert all(reason for reason in reasons.values())
    assert {d.line for d in article.dropped} == {
        0,
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        9,
        12,
        14,
        15,
        16,
        17,
        18,
        19,
        20,
        21,
    }


def test_dateline_prefix_is_metadata_and_the_sentence_stays() -> None:
    for line, dateline in [
        (
            "WASHINGTON (Reuters) - Senators agreed on a budget deal late on Friday.",
            "WASHINGTON (Reuters)",
        ),
        (
            "NEW DELHI: The monsoon arrived two weeks early this year, forecasters said.",
            "NEW DELHI",
        ),
        (
            "Lagos, March 4 (AFP) – Fuel queues returned to the city after a refinery fire.",
            "Lagos, March 4 (AFP)",
        ),
        # Agencies in lower case and pooled credits.
        ("Berlin (dpa) - Heftiger Regen hat am Donnerstag mehrere Städte überflutet.",
         "Berlin (dpa)"),
        ("PORTO (dpa/AFP) - Die Behörden brachten 5.000 Menschen in Sicherheit.",
         "PORTO (dpa/AFP)"),
    ]:
        article = _clean(line + "\n" + P2)
        assert article.metadata.get("dateline") == dateline, line
        assert article.text.startswith(line[len(dateline) :].lstrip(" :-–"))


def test_a_date_line_before_the_body_is_kept_as_metadata() -> None:
    article = _clean("Tuesday, March 4, 2014 at 10:32 GMT\n" + P1 + "\n" + P2)
    assert article.metadata.get("date") == "Tuesday, March 4, 2014 at 10:32 GMT"
    assert any(d.reason == "before body: date line" for d in article.dropped)
    assert article.text == P1 + "\n\n" + P2
    assert "date" not in _clean(P2).metadata
    # A date opening a plain text is no title, though it is short and has no full stop.
    article = _clean("March 4, 2014\n" + P1 + "\n" + P2)
    assert article.title is None
    assert article.metadata.get("date") == "March 4, 2014"


def test_sentence_openings_are_not_datelines_or_bylines() -> None:
    raw = "\n".join(
        [
            "However, the board said it had not yet chosen a contractor for the work.",
            "By the end of the decade the reservoirs should supply half a million homes.",
            "Mendes (left) - The mayor and his deputy stayed at the town hall through the night.",
            P2,
        ]
    )
    article = _clean(raw)
    assert "dateline" not in article.metadata
    assert article.byline is None
    assert article.text.split("\n\n") == raw.split("\n")


def test_in_body_subheads_and_promo_like_sentences_stay() -> None:
    raw = "\n".join(
        [
            P1,
            "Years of drought",
            P3,
            "The firm said its newsletter had reached 40,000 subscribers every week since launch.",
            P4,
        ]
    )
    article = _clean(raw)
    assert article.text.split("\n\n") == raw.split("\n")
    assert article.dropped == []


def test_related_block_inside_body_and_cut_teasers() -> None:
    raw = "\n".join(
        [
            P1,
            "More Stories",
            "Council delays vote on new bus lanes as costs ri...",
            "Heatwave warning issued for the weekend",
            P2,
            "He said the reservoirs would hold enough water for years, although...",
            P3,
        ]
    )
    article = _clean(raw)
    assert article.text.split("\n\n") == [P1, P2, raw.split("\n")[5], P3]
    assert set(_reasons(article).values()) <= {"related links", "truncated teaser"}
    assert len(article.dropped) == 3


def test_ad_blocker_and_cookie_notices_and_player_leftovers() -> None:
    raw = "\n".join(
        [
            P1,
            P2,
            "It looks like you are using an ad blocker. Please whitelist our site to keep reading.",
            "We use cookies to improve your experience on our site.",
            "0:00 / 2:31",
            "* * *",
            "Your browser does not support the video tag.",
            P3,
        ]
    )
    article = _clean(raw)
    assert article.text.split("\n\n") == [P1, P2, P3]


def test_broken_paragraph_is_joined() -> None:
    raw = (
        P1
        + "\nThe chair of the board told reporters that\n“nobody will go thirsty on our watch”.\n"
        + P4
    )
    article = _clean(raw)
    assert "told reporters that “nobody will go thirsty" in article.text


def test_html_text_keeps_list_lines_but_drops_furniture_and_title() -> None:
    article = Article(
        id="h",
        source="h.html",
        raw="\n".join(
            [
                "Reservoir plan approved",
                P1,
                "- two reservoirs",
                "- one pumping station",
                P2,
                "Share this article",
            ]
        ),
        title="Reservoir plan approved",
    )
    article.metadata["format"] = "html"
    clean_article(article)
    assert article.text.split("\n\n") == [P1, "- two reservoirs", "- one pumping station", P2]
    assert _reasons(article) == {
        "Reservoir plan approved": "title",
        "Share this article": "share widget",
    }


def test_corpus_drops_lines_repeated_across_different_articles_of_a_site() -> None:
    bodies = [P1, P2, P3, P4]
    endings = [
        "A second public hearing is planned for the spring.",
        "Critics argue the money would be better spent repairing leaking pipes.",
        "Rainfall this winter has been well below the long-term average.",
        "Several board members abstained from the final vote.",
    ]
    articles = []
    for i, body in enumerate(bodies):
        furniture = "The Valley Times is an independent paper owned by its readers since 1921."
        raw = f"{body}\n{furniture}\n{endings[i]}"
        article = Article(id=f"a{i}", source=f"site/a{i}.txt", raw=raw, site="valleytimes.example")
        article.metadata["format"] = "text"
        clean_article(article)
        articles.append(article)
    clean_corpus(articles)
    for article in articles:
        assert "independent paper" not in article.text
        assert [d.reason for d in article.dropped] == ["repeated on site"]
        assert article.dropped[0].line == 1


def test_corpus_keeps_lines_shared_by_copies_of_one_story() -> None:
    raw = "\n".join([P1, P2, P3, P4])
    articles = [Article(id=f"c{i}", source=f"feed/c{i}.txt", raw=raw) for i in range(4)]
    for article in articles:
        clean_article(article)
    clean_corpus(articles)
    assert all(a.text.split("\n\n") == [P1, P2, P3, P4] for a in articles)


def test_story_drops_unsupported_edge_lines_only() -> None:
    a = Article(
        id="a",
        source="a",
        raw="",
        text="\n\n".join(["Weekend Edition Extra", P1, P2, "Filed Under Water"]),
    )
    b = Article(id="b", source="b", raw="", text="\n\n".join(["Water Board", P1, P3]))
    a.raw, b.raw = a.text, b.text
    assert clean_story([a, b]) is True
    assert a.text.split("\n\n") == [P1, P2]
    assert b.text.split("\n\n") == ["Water Board", P1, P3]  # "water board" is in the other copy
    assert {d.reason for d in a.dropped} == {"not supported by the story"}
    assert clean_story([a, b]) is False


def test_a_record_given_only_text_keeps_it() -> None:
    from storyfold.clean import clean_article
    from storyfold.records import Article

    text = "Floods hit the valley. Rescuers saved 40."
    article = Article(id="t", source="mem", raw="", text=text)
    clean_article(article)
    assert article.text == text


def test_pattern_literals_skip_only_lines_a_pattern_cannot_match() -> None:
    hinted = [p for p in furniture_patterns() if p.needs]
    assert hinted  # the unanchored patterns carry their words
    for p in hinted:
        assert all(n in p.regex.pattern.lower() for n in p.needs), p.regex.pattern
    caught = [
        "Please disable your ad blocker to continue reading",
        "Sign up to our newsletter and get the best stories delivered to your inbox",
        "Home » News » World",
        "Buy the e-paper for today's edition here",
        "Advertise with us: footer banner",
    ]
    for line in caught:
        assert pattern_match(line) is not None, line
    for p in hinted:
        assert any(p.regex.search(line) for line in caught), p.regex.pattern

    def unfiltered(line: str) -> object:
        return next((p for p in furniture_patterns() if p.regex.search(line)), None)

    root = Path(__file__).resolve().parent.parent
    lines = [P1, P2, P3, P4, *caught]
    for f in sorted((root / "examples" / "seeds").glob("*.txt")):
        lines.extend(f.read_text(encoding="utf-8").splitlines())
    assert len(lines) > 100
    for line in lines:
        assert pattern_match(line.strip()) is unfiltered(line.strip()), line
