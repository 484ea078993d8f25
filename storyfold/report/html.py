"""The report as one self-contained HTML page (inline CSS, no scripts, no network).

Every piece of article text is escaped: Jinja2 autoescaping for the template, and
markdown-it with raw HTML disabled for the brief. Citation markers in the brief
(`[[article-id]]` or `[[article-id#s12]]`) become links to the cited sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from storyfold.records import Alignment, Article, Departure, Report, Story

_MD = MarkdownIt("commonmark", {"html": False}).enable("table")
# After markdown-it has escaped the brief, a marker reads [[id]] or [[id#s3]]; ids are
# escaped text, so the pattern only has to stop at the brackets.
_CITATION = re.compile(r"\[\[([^\[\]#]+?)(?:#s(\d+))?\]\]")


def anchor(article_id: str, sentence: int | None = None) -> str:
    """A fragment id that is safe for any article id."""
    safe = re.sub(r"[^A-Za-z0-9_-]", lambda m: f".{ord(m.group()):x}", article_id)
    return f"a-{safe}" if sentence is None else f"a-{safe}-s{sentence}"


def render_brief(brief: str, labels: dict[str, str] | None = None) -> Markup:
    """The brief as HTML; `labels` gives short display names for article ids."""
    html = _MD.render(brief)
    labels = labels or {}

    def link(m: re.Match[str]) -> str:
        article_id = m.group(1)
        sentence = int(m.group(2)) if m.group(2) else None
        # m.group(1) is already HTML-escaped by markdown-it; anchors must use the raw id.
        raw_id = article_id.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        raw_id = raw_id.replace("&quot;", '"')
        label = str(escape(labels.get(raw_id, raw_id)))
        label += f" §{sentence}" if sentence is not None else ""
        return (f'<a class="cite" href="#{anchor(raw_id, sentence)}" '
                f'title="{article_id}">[{label}]</a>')

    return Markup(_CITATION.sub(link, html))  # the brief was escaped by markdown-it


@dataclass
class PairRow:
    left: str | None
    left_index: int | None
    right: str | None
    right_index: int | None
    score: float | None
    kinds: list[str] = field(default_factory=list)


@dataclass
class SideBySide:
    left: Article
    right: Article
    rows: list[PairRow]


def side_by_side(story: Story, left: Article, right: Article) -> SideBySide:
    """Rows pairing each sentence of `left` with its best-aligned sentence of `right`."""
    best: dict[int, tuple[int, float]] = {}
    for al in story.alignments:
        pair = _oriented(al, left.id, right.id)
        if pair and (pair[0] not in best or pair[2] > best[pair[0]][1]):
            best[pair[0]] = (pair[1], pair[2])
    departures: dict[int, Departure] = {d.sentence: d for d in left.departures
                                        if d.source_article == right.id}
    rows: list[PairRow] = []
    used_right: set[int] = set()
    for s in left.sentences:
        match = best.get(s.index)
        r = right.sentences[match[0]] if match and match[0] < len(right.sentences) else None
        if r is not None:
            used_right.add(r.index)
        dep = departures.get(s.index)
        rows.append(PairRow(s.text, s.index, r.text if r else None, r.index if r else None,
                            match[1] if match else None, dep.kinds if dep else []))
    for r in right.sentences:
        if r.index not in used_right:
            rows.append(PairRow(None, None, r.text, r.index, None, []))
    return SideBySide(left, right, rows)


def _oriented(al: Alignment, left: str, right: str) -> tuple[int, int, float] | None:
    if al.a == left and al.b == right:
        return al.a_sentence, al.b_sentence, al.score
    if al.a == right and al.b == left:
        return al.b_sentence, al.a_sentence, al.score
    return None


def _views(story: Story, articles: dict[str, Article]) -> list[SideBySide]:
    views = []
    for aid in story.articles:
        a = articles[aid]
        if a.derived_from and a.derived_from in articles:
            views.append(side_by_side(story, a, articles[a.derived_from]))
    return views


_ENV = Environment(
    loader=PackageLoader("storyfold.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def to_html(report: Report) -> str:
    articles = {a.id: a for a in report.articles}
    template = _ENV.get_template("report.html.j2")
    # Full ids make citation runs unreadable; number the articles and show the number.
    labels = {a.id: f"#{n}" for n, a in enumerate(report.articles, start=1)}
    return template.render(
        report=report,
        labels=labels,
        articles=articles,
        views={s.id: _views(s, articles) for s in report.stories},
        render_brief=render_brief,
        anchor=anchor,
        escape=escape,
    )
