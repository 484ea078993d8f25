"""The story brief: a short Markdown account in which every sentence cites its sources.

Layout: a headline, a lead, key facts (claims ordered by independent support, then by how
early the sources tell them), figures, notable quotes, conflicts between sources, and a
source table (article, site, family, relation, fidelity).

Citation markers
----------------
``[[<article-id>#s<N>]]`` cites sentence N (0-based, an index into `Article.sentences`) of
the article with that id; ``[[<article-id>]]`` cites the article as a whole (used for
titles and the source table). `CITATION` matches both; a report writer can turn them into
links. Markers stand inside the sentence they support, before its final punctuation, so
every sentence of the brief carries its own.

Nothing is written that the sources do not say: key facts and quotes are the words of the
most faithful article carrying them, with garbled names replaced by the canonical ones;
figures, conflicts and the table are assembled from the records, each line cited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storyfold.reconcile.context import SentenceRef, StoryContext
from storyfold.reconcile.entities import EntityIndex
from storyfold.reconcile.facts import says_something, supports
from storyfold.records import Conflict, Fact

CITATION = re.compile(r"\[\[([^\]#]+)(?:#s(\d+))?\]\]")
KEY_FACTS = 8
FIGURES = 6
QUOTES = 5
_END = re.compile(r"[.!?…]+([\"'”’)]*)\s*$")


def marker(article: str, sentence: int | None = None) -> str:
    return f"[[{article}#s{sentence}]]" if sentence is not None else f"[[{article}]]"


def markers(refs: Iterable[SentenceRef], limit: int = 6) -> str:
    """One marker per article (its first sentence), best articles first."""
    firsts: dict[str, int] = {}
    for a, i in sorted(refs):
        firsts.setdefault(a, i)
    return "".join(marker(a, i) for a, i in list(firsts.items())[:limit])


def cite(text: str, refs: str) -> str:
    """Put the markers inside the sentence, before its final full stop."""
    text = " ".join(text.split())
    m = _END.search(text)
    if m:
        return f"{text[: m.start()]}{m.group(1)} {refs}."
    return f"{text} {refs}."


def canonical_names(index: EntityIndex) -> list[tuple[re.Pattern[str], str]]:
    subs = []
    for e in index.entities:
        for v in e.variants:
            if v.garbled and v.form != e.name and len(v.form) > 2:
                pattern = re.compile(r"(?<![\w-])" + re.escape(v.form) + r"(?![\w-])")
                subs.append((pattern, e.name))
    subs.sort(key=lambda s: -len(s[0].pattern))
    return subs


def _canon(text: str, subs: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, name in subs:
        text = pattern.sub(name, text)
    return text


def _refs(fact: Fact) -> list[SentenceRef]:
    return [(c.article, c.sentence if c.sentence is not None else 0) for c in fact.citations]


def _cited(ctx: StoryContext, fact: Fact) -> list[SentenceRef]:
    """The fact's sentences that carry it (`facts.supports`): the ones the brief cites."""
    return [
        r
        for r in _refs(fact)
        if _valid(ctx, r) and supports(fact.text, ctx.sentence(*r), kind=fact.kind)
    ]


def _valid(ctx: StoryContext, ref: SentenceRef) -> bool:
    return ref[0] in ctx.articles and 0 <= ref[1] < len(ctx.articles[ref[0]].sentences)


def importance(ctx: StoryContext, fact: Fact) -> tuple[float, ...]:
    first = min((c.sentence or 0) for c in fact.citations) if fact.citations else 99
    return (fact.independent, round(ctx.weight(fact.articles), 6), len(fact.articles), -first)


def write_brief(
    ctx: StoryContext, index: EntityIndex, facts: list[Fact], conflicts: list[Conflict]
) -> tuple[str, str]:
    """Return (headline, Markdown brief)."""
    subs = canonical_names(index)
    headline, head_ref = _headline(ctx, index, facts)
    headline = _canon(headline, subs)
    lines = [f"# {headline} {head_ref}", ""]
    claims = sorted(
        (f for f in facts if f.kind == "claim"), key=lambda f: importance(ctx, f), reverse=True
    )
    lead = _lead(ctx, index, claims)
    if lead is not None:
        text, refs = lead
        lines += [cite(_canon(text, subs), refs), ""]
    rest = [f for f in claims if (lead is None or f.text != lead[0]) and not _bare_quote(f.text)][
        :KEY_FACTS
    ]
    if rest:
        lines += ["## Key facts", ""]
        for f in rest:
            cited = _cited(ctx, f)
            refs = _support(f, cited) + " " + markers(cited)
            lines.append(f"- {cite(_canon(f.text, subs), refs)}")
        lines.append("")
    figures = sorted(
        (
            f
            for f in facts
            if (f.kind == "number" and f.value and not f.value[0].isdigit())
            or (f.kind == "number" and f.independent > 1)
        ),
        key=lambda f: importance(ctx, f),
        reverse=True,
    )[:FIGURES]
    if figures:
        lines += ["## Figures", ""]
        for f in figures:
            cited = _cited(ctx, f)
            lines.append(
                f"- {f.value}: written “{_unstop(f.text)}” {_support(f, cited)} {markers(cited)}."
            )
        lines.append("")
    quotes = sorted(
        (
            f
            for f in facts
            if f.kind == "quote" and f.value and index.entity(f.value) and len(f.text.split()) >= 6
        ),
        key=lambda f: importance(ctx, f),
        reverse=True,
    )[:QUOTES]
    if quotes:
        lines += ["## Quotes", ""]
        for f in quotes:
            lines.append(
                f"- {f.value}: “{_unstop(_canon(f.text, subs))}” {markers(_cited(ctx, f))}."
            )
        lines.append("")
    if conflicts:
        lines += ["## Conflicts between sources", ""]
        for c in conflicts:
            lines.append(_conflict_line(c))
        lines.append("")
    lines += _source_table(ctx)
    return headline, "\n".join(lines).rstrip() + "\n"


def _bare_quote(text: str) -> bool:
    """A quotation with no one saying it: a fragment of a longer passage, not a fact."""
    return text.lstrip()[:1] in "“\"'‘`" and not re.search(
        r"\b(?:said|says|told|added|according)\b", text
    )


def _support(f: Fact, cited: list[SentenceRef]) -> str:
    """How many articles and independent sources tell the fact; the articles that tell it
    in other words (their sentences do not carry all of it, so they are not cited) are
    counted and said, so a reader checking the citations finds every article accounted for."""
    n, k = f.independent, len(f.articles)
    other = k - len({a for a, _ in cited} & set(f.articles))
    told = f", {other} in other words" if 0 < other < k else ""
    return (f"({k} article{'s' if k != 1 else ''}, {n} independent source{'s' if n != 1 else ''}"
            f"{told})")


def _headline(ctx: StoryContext, index: EntityIndex, facts: list[Fact]) -> tuple[str, str]:
    for aid in sorted(ctx.order, key=lambda a: -ctx.trust(a)):
        article = ctx.articles[aid]
        if article.title and says_something(article.title, 4):
            return _crumbless(article.title), marker(aid)
        # A headline-case line is the headline only at the top of the article; further down
        # it is a caption, a credit or a subheading.
        heads = [
            h
            for h in index.headlines.get(aid, [])
            if h <= 1
            and says_something(ctx.sentence(aid, h), 4)
            and not ctx.sentence(aid, h).rstrip().endswith(":")
        ]
        if heads:
            return _crumbless(ctx.sentence(aid, heads[0])), marker(aid, heads[0])
    for aid in sorted(ctx.order, key=lambda a: -ctx.trust(a)):
        for s in ctx.articles[aid].sentences:
            if len(s.text.split()) >= 5:
                text = s.text if len(s.text) <= 120 else s.text[:117].rsplit(" ", 1)[0] + "…"
                return text.rstrip("."), marker(aid, s.index)
    return ctx.story.id, ""


def _crumbless(title: str) -> str:
    """ "Home » World » Title" -> "Title": a breadcrumb trail is not part of a headline."""
    return re.split(r"\s[»›>|]\s", title.strip())[-1].strip()


def _lead(ctx: StoryContext, index: EntityIndex, claims: list[Fact]) -> tuple[str, str] | None:
    """The best supported claim the sources tell early; else the best article's opening."""
    early = [
        f
        for f in claims
        if min((c.sentence or 0) for c in f.citations if c.article == ctx.best_article(f.articles))
        <= 4
        and len(f.text.split()) >= 10
    ]
    if early:
        f = max(early, key=lambda f: importance(ctx, f))
        return f.text, markers(_cited(ctx, f))
    best = ctx.best_article(ctx.order)
    heads = set(index.headlines.get(best, []))
    for s in ctx.articles[best].sentences:
        if s.index not in heads and len(s.text.split()) >= 10:
            return s.text, marker(best, s.index)
    return None


def _unstop(text: str) -> str:
    """Drop a final full stop, so that the citation after the quote ends the sentence."""
    return re.sub(r"[\s.!?…,;:]+$", "", " ".join(text.split()))


def _quote(text: str, limit: int = 220) -> str:
    text = _unstop(text)
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return _unstop(text).replace("“", "‘").replace("”", "’")


def _conflict_line(c: Conflict) -> str:
    sides = "; ".join(f"{marker(s.article, s.sentence)} says “{_quote(s.text)}”" for s in c.sides)
    favoured = (
        f" Better supported: the side of {marker(c.favoured)}."
        if c.favoured
        else f" Neither side is better supported {marker(c.sides[0].article)}."
    )
    cited = " ".join(marker(s.article, s.sentence) for s in c.sides)
    return f"- **{c.kind}**: {sides} {cited}. {c.why[0].upper() + c.why[1:]} {cited}.{favoured}"


def _source_table(ctx: StoryContext) -> list[str]:
    best = {i: f.best for i, f in enumerate(ctx.story.families, start=1)}
    rows = [
        "## Sources",
        "",
        "| article | site | family | relation | fidelity |",
        "|---|---|---|---|---|",
    ]
    for aid in ctx.order:
        a = ctx.articles[aid]
        fam = ctx.family[aid]
        name = f"F{fam}" + (" (best)" if best.get(fam) == aid else "")
        fid = f"{a.fidelity:.2f}" if a.fidelity is not None else "—"
        rows.append(f"| {marker(aid)} | {a.site or '—'} | {name} | {a.relation or '—'} | {fid} |")
    return rows
