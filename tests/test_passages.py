from storyfold.passages import join_shared
from storyfold.records import Article

PASSAGE = ("the river burst its banks early on tuesday and forced thousands of residents "
           "from their homes in the low lying districts north of the old town centre")


def _article(i: str, text: str, published: str | None = None) -> Article:
    return Article(id=i, source="t", raw=text, text=text, published=published)


def test_stories_sharing_a_passage_are_joined_in_input_order():
    arts = [
        _article("a", "Officials said on Wednesday that " + PASSAGE + " after heavy rain."),
        _article("x", "A football club signed a new striker for a record fee this summer."),
        _article("b", "Condensed: " + PASSAGE + ". Volunteers handed out blankets."),
    ]
    assert join_shared(arts, [["a"], ["x"], ["b"]]) == [["a", "b"], ["x"]]


def test_a_short_shared_phrase_or_a_distant_date_does_not_join():
    short = "forced thousands of residents from their homes in the low lying districts"
    arts = [
        _article("a", "The storm " + short + " last year, a report said on Monday."),
        _article("b", "Another flood " + short + " again, the mayor told reporters."),
        _article("c", PASSAGE, "2020-01-01"),
        _article("d", "Reprinted: " + PASSAGE, "2021-06-01"),
    ]
    groups = [["a"], ["b"], ["c"], ["d"]]
    assert join_shared(arts, groups) == groups
