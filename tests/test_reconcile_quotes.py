from storyfold.reconcile import reconcile
from storyfold.reconcile.context import DEFAULT_FIDELITY, StoryContext
from storyfold.reconcile.entities import find_entities
from storyfold.reconcile.quotes import quotes_in
from storyfold.records import Article, Story
from storyfold.sentences import split_sentences

TEXT = (
    "Harbour Commissioner Lena Holm met fishermen in Bergen on Monday. "
    "“We will not close the northern quay this winter,” Ms Holm said. "
    "“The repairs can wait until the spring season is over.” "
    "Union leader Per Lund said: “Our members have waited three years for an answer.” "
    "“This is a good first step for the whole town,” he added."
)


def _story(texts):
    arts = []
    for aid, text in texts.items():
        a = Article(id=aid, source=aid, raw=text, text=text)
        a.sentences = split_sentences(text)
        arts.append(a)
    return Story(id="s", articles=list(texts)), arts


def test_quotes_get_their_speakers():
    story, arts = _story({"a": TEXT})
    ctx = StoryContext.build(story, arts)
    quotes = quotes_in(ctx, find_entities(ctx), "a")
    said = {q.text.split()[0] + " " + q.text.split()[1]: q.speaker for q in quotes}
    assert said == {
        "We will": "Lena Holm",  # name after the quote
        "The repairs": "Lena Holm",  # an unattributed quote continues the previous one
        "Our members": "Per Lund",  # name before the quote
        "This is": "Per Lund",  # "he added" resolves to the last person named
    }


def test_one_quote_in_two_articles_is_one_fact_supported_twice():
    story, arts = _story({"a": TEXT, "b": "Ms Holm told reporters: “We will not close the "
                          "northern quay this winter,” adding that repairs could wait."})
    reconcile(story, arts)
    quote = next(f for f in story.facts if f.kind == "quote" and f.text.startswith("We will"))
    assert quote.articles == ["a", "b"] and quote.value == "Lena Holm"
    assert quote.independent == 2  # no provenance: each article its own family


def test_context_degrades_without_provenance():
    story, arts = _story({"a": TEXT, "b": TEXT})
    ctx = StoryContext.build(story, arts)
    assert ctx.family["a"] != ctx.family["b"]
    assert ctx.fidelity == {"a": DEFAULT_FIDELITY, "b": DEFAULT_FIDELITY}
    assert ctx.links == {}
    assert ctx.independent(["a", "b"]) == 2
