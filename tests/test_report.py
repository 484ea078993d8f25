"""JSON schema, Markdown and HTML rendering of a report, including hostile article text."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from storyfold.records import (
    Alignment,
    Article,
    Citation,
    Conflict,
    Departure,
    Dropped,
    Entity,
    Fact,
    Family,
    ReadError,
    Report,
    Side,
    Story,
    Variant,
)
from storyfold.report.html import anchor, render_brief, side_by_side, to_html
from storyfold.report.json_report import schema, to_json
from storyfold.report.markdown import to_markdown
from storyfold.sentences import split_sentences

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _article(aid: str, text: str, **kw: object) -> Article:
    a = Article(id=aid, source=f"/tmp/{aid}.txt", raw=text, text=text, **kw)  # type: ignore[arg-type]
    a.sentences = split_sentences(text)
    return a


@pytest.fixture
def report() -> Report:
    a = _article("a1", f"The mayor said {EVIL} twice. Crowds gathered at noon.", title=f"T {EVIL}",
                 byline="By Jo | Ann", site="example.org")
    a.dropped = [Dropped(text=f"Subscribe {EVIL}", reason="furniture phrase", line=3)]
    a.metadata = {"dateline": "PARIS, Sept 5"}
    b = _article("b/2", "The mayor said nothing twice. Crowds gathered at noon.")
    b.derived_from, b.relation, b.fidelity = "a1", "rewrite", 0.6
    b.departures = [Departure(sentence=0, text=b.sentences[0].text, source_article="a1",
                              source_sentence=0, source_text=a.sentences[0].text,
                              kinds=["polarity"], score=0.7)]
    a.relation, a.fidelity = "source", 0.9
    story = Story(
        id="story-1", articles=["a1", "b/2"], title=f"Mayor {EVIL}",
        families=[Family(articles=["a1", "b/2"], best="a1")],
        alignments=[Alignment("a1", 0, "b/2", 0, 0.7), Alignment("a1", 1, "b/2", 1, 1.0)],
        entities=[Entity("Mayor", "person", [Variant("Mayer", ["b/2"], True, f"spelling {EVIL}")])],
        facts=[Fact(f"crowds {EVIL}", "claim", ["a1", "b/2"], 1, [Citation("a1", 1)])],
        conflicts=[Conflict("polarity", [Side("a1", EVIL, 0), Side("b/2", "nothing", 0)], "a1")],
        brief=(f"# Mayor {EVIL}\n\nCrowds gathered [[a1#s1]] [[b/2]].\n\n"
               f"| a | b |\n|---|---|\n| {EVIL} | x |"),
    )
    errors = [ReadError("bad.gz", f"truncated {EVIL}")]
    return Report(articles=[a, b], stories=[story], errors=errors)


def test_json_follows_schema(report: Report) -> None:
    data = json.loads(to_json(report))
    jsonschema.validate(data, schema())
    assert data["stories"][0]["articles"] == ["a1", "b/2"]
    assert data["errors"] == [{"path": "bad.gz", "error": f"truncated {EVIL}"}]


def test_streamed_json_is_the_reports_dict(report: Report) -> None:
    """`write_json` encodes the records as they are, section by section: the same data as
    `Report.to_dict()` (asdict), notes included, pretty or compact."""
    report.notes = [f"a note {EVIL}"]
    for indent in (2, None):
        assert json.loads(to_json(report, indent=indent)) == report.to_dict()


def test_schema_rejects_missing_fields(report: Report) -> None:
    data = json.loads(to_json(report))
    del data["articles"][0]["text"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


def test_schema_documents_every_record_field(report: Report) -> None:
    """A field added to a record must be added to the schema (additionalProperties is false)."""
    data = json.loads(to_json(report))
    jsonschema.validate(data, schema())  # would fail on an undocumented field
    props = schema()["properties"]["articles"]["items"]["properties"]
    assert all("description" in p for p in props.values())


def test_html_escapes_all_article_text(report: Report) -> None:
    html = to_html(report)
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    # self-contained: no external resources
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html)


def test_html_citations_link_to_sentences(report: Report) -> None:
    html = to_html(report)
    assert f'href="#{anchor("a1", 1)}"' in html
    assert f'id="{anchor("a1", 1)}"' in html
    assert f'href="#{anchor("b/2")}"' in html and f'id="{anchor("b/2")}"' in html


def test_anchor_is_safe_and_distinct() -> None:
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", anchor('x"><b>'))
    assert anchor("a/b") != anchor("a.b") != anchor("a_b")


def test_brief_markdown_is_escaped() -> None:
    out = str(render_brief(f"Hello {EVIL} [[x1#s2]] [link](javascript:alert(1))"))
    assert "<script>" not in out and "href=\"javascript" not in out
    assert 'href="#a-x1-s2"' in out
    assert "[#7 §2]" in str(render_brief("See [[x1#s2]].", {"x1": "#7"}))


def test_side_by_side_pairs_sentences(report: Report) -> None:
    story = report.stories[0]
    view = side_by_side(story, report.articles[1], report.articles[0])
    assert [(r.left_index, r.right_index) for r in view.rows] == [(0, 0), (1, 1)]
    assert view.rows[0].kinds == ["polarity"]


def test_markdown_escapes_table_cells(report: Report) -> None:
    md = to_markdown(report)
    assert "By Jo | Ann" not in md  # pipes in cells must not break tables
    assert "| a1 |" in md
    assert "bad.gz" in md


def test_one_family_numbering_in_every_view(seeds_dir: object) -> None:
    # The seeds' families are not in story order (the lone article comes second in the
    # story, last in `families`): a view that numbers by first appearance disagrees.
    import storyfold

    folded = storyfold.fold([str(seeds_dir)])
    story = folded.stories[0]
    numbers = story.family_numbers()
    assert sorted(set(numbers.values())) == list(range(1, len(story.families) + 1))
    in_brief = dict(re.findall(r"^\| \[\[([^\]]+)\]\] \| [^|]* \| F(\d+)", story.brief, re.M))
    assert {aid: int(n) for aid, n in in_brief.items()} == numbers
    html = to_html(folded)
    in_html = dict(re.findall(r'<b>\S+ ([^<\s]+)</b>[^<]*<span class="fam">F(\d+)</span>', html))
    assert {aid: int(n) for aid, n in in_html.items()} == numbers
    md = to_markdown(folded)
    in_md = {}
    for aid in numbers:
        cell = aid.replace("_", "\\_")  # Markdown-escaped
        row = next(ln for ln in md.splitlines() if ln.startswith(f"| {cell} |"))
        in_md[aid] = int(row.split("|")[4])
    assert in_md == numbers
