"""The report as one self-contained HTML page (its own CSS, no scripts, no network).

Article text is text: Jinja2 autoescapes every field of the template, and the brief is
rendered by markdown-it with raw HTML, links, images and autolinks turned off, so nothing
an article says becomes markup, a link or a request. Citation markers (`[[article-id]]`,
`[[article-id#s12]]`) are taken out of the brief *before* it is rendered, kept only when
they name an article of the report, and put back as links built from that id and sentence
number: nothing is pattern-matched in rendered HTML. The page's Content-Security-Policy
allows no script, no request, and only the one stylesheet it carries (by its hash).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from storyfold.records import Alignment, Article, Departure, Report, Story

_MD = (MarkdownIt("commonmark", {"html": False}).enable("table")
       .disable(["link", "image", "autolink", "reference"]))
# A citation marker in the brief's Markdown source; an id is anything up to "#" or "]".
_CITATION = re.compile(r"\[\[([^\[\]\n#]+)(?:#s(\d{1,9}))?\]\]")
# Private-use characters stand for a citation while markdown-it renders the rest; any
# already in the brief are dropped first, so only ours are there to be put back.
_OPEN, _CLOSE = "\ue000", "\ue001"
_SLOT = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def anchor(article_id: str, sentence: int | None = None) -> str:
    """A fragment id that is safe for any article id."""
    safe = re.sub(r"[^A-Za-z0-9_-]", lambda m: f".{ord(m.group()):x}", article_id)
    return f"a-{safe}" if sentence is None else f"a-{safe}-s{sentence}"


def cite_link(article_id: str, sentence: int | None, label: str) -> str:
    text = f"[{label}" + (f" §{sentence}" if sentence is not None else "") + "]"
    return (f'<a class="cite" href="#{anchor(article_id, sentence)}" '
            f'title="{escape(article_id)}">{escape(text)}</a>')


def render_brief(brief: str, labels: dict[str, str] | None = None) -> Markup:
    """The brief as HTML; `labels` gives short display names for article ids, and only
    markers naming one of them become citation links (all, when `labels` is None)."""
    labels = labels if labels is not None else {}
    known = labels or None
    cites: list[tuple[str, int | None]] = []

    def slot(m: re.Match[str]) -> str:
        article_id = m.group(1)
        if known is not None and article_id not in known:
            return m.group()  # not a citation: stays text
        cites.append((article_id, int(m.group(2)) if m.group(2) else None))
        return f"{_OPEN}{len(cites) - 1}{_CLOSE}"

    source = brief.replace(_OPEN, "").replace(_CLOSE, "")
    html = _MD.render(_CITATION.sub(slot, source))

    def link(m: re.Match[str]) -> str:
        article_id, sentence = cites[int(m.group(1))]
        return cite_link(article_id, sentence, labels.get(article_id, article_id))

    return Markup(_SLOT.sub(link, html))  # markdown-it escaped all the rest


@cache
def stylesheet() -> str:
    return resources.files("storyfold.report").joinpath("templates/report.css").read_text("utf-8")


def content_security_policy(css: str) -> str:
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; "
            "base-uri 'none'; form-action 'none'")


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
    css = stylesheet()
    return template.render(
        report=report,
        css=Markup(css),  # storyfold's own stylesheet, hashed into the CSP below
        csp=content_security_policy(css),
        labels=labels,
        articles=articles,
        views={s.id: _views(s, articles) for s in report.stories},
        render_brief=render_brief,
        cite=lambda aid, sentence: Markup(cite_link(aid, sentence, labels.get(aid) or aid)),
        anchor=anchor,
        escape=escape,
    )
