"""Clutter removal on extracted article text; every removed line keeps its reason.

Three passes, from what one article shows to what many show:
- `clean_article`: line shape (links, counters, timestamps, lone punctuation, menu labels),
  the furniture pattern list (storyfold/data/furniture_patterns.txt) and position: the body
  runs from the first to the last line of running text; lines before it are title, byline
  or page chrome, lines after it are credits or promotion. Title, byline, date line,
  dateline and credit go to metadata, not to the body.
- `clean_corpus`: a line printed in several articles of one site is furniture.
- `clean_story`: short edge lines that no other copy of the story carries are dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlparse

from storyfold.clean_shapes import (
    byline_name,
    is_credit,
    is_date_line,
    is_label_line,
    is_sentence_like,
    looks_like_headline,
    pattern_match,
    shape_reason,
    split_dateline,
    words,
)
from storyfold.records import Article, Dropped
from storyfold.sentences import split_sentences

__all__ = ["clean_article", "clean_corpus", "clean_story"]

# A byline or dateline may follow a standfirst sentence: look this far into the body.
_HEAD_LINES = 3
# Promotion inside the body must address the reader; in the tail any promo pattern goes.
_READER_ADDRESS = re.compile(r"\b(you|your|our|us)\b", re.IGNORECASE)
# Articles of one site sharing a line: this many make it furniture...
_SITE_REPEAT_MIN = 3
# ...and this share of the site's articles...
_SITE_REPEAT_SHARE = 0.25
_QUOTED = re.compile(r"[\"“”]|``|''")
# ...unless they are copies of one another (wire stories reprinted by one site).
_COPY_SIMILARITY = 0.3


@dataclass(slots=True)
class _Line:
    number: int  # 0-based line in article.raw
    text: str  # stripped
    reason: str | None = None  # why it is dropped; None = kept
    role: str = "body"  # body, title, byline, credit, dropped


def clean_article(article: Article) -> None:
    """Set `article.text`, `article.dropped` and the metadata found in the text (title,
    byline, dateline, credit)."""
    if not article.raw.strip() and article.text.strip():
        # A record built with only `text` (the library API): that text is what was read.
        article.raw = article.text
    lines = [
        _Line(number, raw.strip())
        for number, raw in enumerate(article.raw.split("\n"))
        if raw.strip()
    ]
    light = article.metadata.get("format") == "html"
    _mark_furniture(lines)
    start, end = _body_span(lines)
    if light:
        # trafilatura has already cut the page down to its main text; position rules
        # would only cut real list and table lines there (measured on WCXB pages).
        _mark_title(article, lines, end=min(start, 2))
    else:
        _mark_head(article, lines, start)
        _mark_tail(article, lines, end)
    _mark_body_metadata(article, lines, start, end)
    _finish(article, lines)


def _mark_furniture(lines: list[_Line]) -> None:
    """Lines that are furniture wherever they stand, and the entries of listed links."""
    in_list = False
    for line in lines:
        reason = shape_reason(line.text)
        pattern = pattern_match(line.text) if reason is None else None
        if pattern is not None:
            reason = pattern.reason
            if pattern.reason == "promo" and not _READER_ADDRESS.search(line.text):
                # Without "you/our" it may be body text; position decides (see _mark_tail).
                line.role = "promo?"
                reason = None
        if reason == "truncated teaser" and not in_list:
            # "... because..." also ends real sentences: a cut line is a teaser only in a
            # list (under a heading, beside another cut line) or outside the body.
            line.role, reason = "teaser?", None
        if reason is not None:
            line.reason = reason
            in_list = (pattern is not None and pattern.kind == "heading") or (
                in_list and reason in {"truncated teaser", "related links"}
            )
            continue
        if in_list and not is_sentence_like(line.text):
            line.reason = "related links"  # an entry of the list under a related-links heading
            continue
        in_list = False
    for index, line in enumerate(lines):
        if line.role != "teaser?":
            continue
        neighbours = lines[max(index - 1, 0) : index] + lines[index + 1 : index + 2]
        if any(n.role == "teaser?" or n.reason == "related links" for n in neighbours):
            line.reason = "truncated teaser"


def _body_span(lines: list[_Line]) -> tuple[int, int]:
    """Indexes of the first and last lines of running text (credits do not count as the
    last: they follow the body). (0, len-1) when there is no running text at all."""
    body = [
        i
        for i, line in enumerate(lines)
        if line.reason is None
        and line.role == "body"
        and (is_sentence_like(line.text) or _wrapped(lines, i))
    ]
    if not body:
        return 0, len(lines) - 1
    first = next(i for i, line in enumerate(lines) if line.reason is None)
    if (
        len(body) > 1
        and body[0] == first
        and _unpunctuated_headline(lines[first].text)
        and not _wrapped(lines, first)
    ):
        body = body[1:]  # a long headline with no final stop is still the title
    ends = [i for i in body if not is_credit(lines[i].text)]
    start, end = body[0], (ends[-1] if ends else body[-1])
    # Short sentences ("No one was hurt.") next to the body belong to it; the first line
    # of furniture or of another shape stops the body.
    while start > 0 and _short_sentence(lines[start - 1]) and start - 1 != first:
        start -= 1
    while end + 1 < len(lines) and _short_sentence(lines[end + 1]):
        end += 1
    return start, end


def _short_sentence(line: _Line) -> bool:
    return (
        line.reason is None
        and line.role == "body"
        and len(words(line.text)) >= 2
        and bool(re.search(r"[.!?…]\s?[\"'”’)]*$", line.text))
        and bool(re.match(r"[\"'“‘(`]*\s?[A-Z0-9]", line.text))
        and not is_credit(line.text)
    )


def _wrapped(lines: list[_Line], i: int) -> bool:
    """Part of a paragraph hard-wrapped over several raw lines: running text too."""
    after = i + 1 < len(lines) and _continues(lines[i], lines[i + 1])
    before = i > 0 and _continues(lines[i - 1], lines[i])
    return after or before


def _unpunctuated_headline(text: str) -> bool:
    return looks_like_headline(text) and not re.search(r"[.!?…][\"'”’)]*$", text)


def _mark_title(article: Article, lines: list[_Line], *, end: int) -> None:
    """Drop a line repeating the known title near the top."""
    if not article.title:
        return
    wanted = _norm(article.title)
    for line in lines[: max(end, 0) + 1]:
        if line.reason is None and _norm(line.text) == wanted:
            line.role, line.reason = "title", "title"
            return


def _mark_head(article: Article, lines: list[_Line], start: int) -> None:
    """Before the body: title, byline, dates and page chrome; long headline-like lines
    after the title are kept as a standfirst."""
    # A title given with the article (HTML metadata, JSONL field) is looked for; a plain
    # text's title is found here, the reader's first-line guess notwithstanding.
    given = article.title if article.metadata.get("format") != "text" else None
    wanted = _norm(given) if given else None
    title_found = False
    for index, line in enumerate(lines[:start]):
        if line.reason is not None:
            line.reason = _position(line.reason, "before body")
            continue
        text = line.text
        if not title_found and (
            (wanted is not None and _norm(text) == wanted)
            or (wanted is None and looks_like_headline(text) and not _wrapped(lines, index))
        ):
            line.role, line.reason, title_found = "title", "title", True
            article.title = text
        elif (name := byline_name(text)) is not None and not article.byline:
            line.role, line.reason = "byline", "byline"
            article.byline = name
        elif is_date_line(text):
            # Kept as written; `published` stays what the reader found: filled from date
            # lines, it cost a shuffled ECB+ stream 0.09 B-cubed F1 (bench/README.md).
            line.reason = "before body: date line"
            article.metadata.setdefault("date", text.strip())
        elif title_found and len(words(text)) >= 6 and looks_like_headline(text):
            line.role = "body"  # a standfirst without final punctuation
        else:
            line.reason = "before body: " + (
                "menu/label line" if is_label_line(text) else "short line"
            )
    if not title_found and given is None:
        article.title = None


def _mark_tail(article: Article, lines: list[_Line], end: int) -> None:
    """After the body: credits go to metadata, everything else is dropped."""
    credits = []
    for line in lines[end + 1 :]:
        if line.reason is not None:
            line.reason = _position(line.reason, "after body")
        elif is_credit(line.text):
            line.role, line.reason = "credit", "credit"
            credits.append(line.text)
        elif line.role == "promo?":
            line.reason = "after body: promo"
        elif line.role == "teaser?":
            line.reason = "after body: truncated teaser"
        elif is_label_line(line.text):
            line.reason = "after body: menu/label line"
        else:
            line.reason = "after body: text after the article"
    if credits:
        article.metadata["credit"] = "\n".join(credits)


def _mark_body_metadata(article: Article, lines: list[_Line], start: int, end: int) -> None:
    """A byline or a dateline near the top of the body; in-body promos addressed to the
    reader were dropped already, others stay."""
    head = [ln for ln in lines[start : end + 1] if ln.reason is None][: _HEAD_LINES + 1]
    for line in head:
        name = byline_name(line.text)
        if name is not None and not article.byline:
            line.role, line.reason = "byline", "byline"
            article.byline = name
    for line in head:
        if line.reason is not None:
            continue
        split = split_dateline(line.text)
        if split is not None:
            article.metadata["dateline"] = split[0]
            line.text = split[1]
            break
    for line in lines:
        if line.reason is None and line.role in {"promo?", "teaser?"}:
            line.role = "body"


def _finish(article: Article, lines: list[_Line]) -> None:
    kept: list[_Line] = []
    article.dropped = []
    for line in lines:
        if line.reason is None:
            if kept and _continues(kept[-1], line):
                kept[-1].text += " " + line.text
            else:
                kept.append(line)
        else:
            article.dropped.append(Dropped(text=line.text, reason=line.reason, line=line.number))
    article.text = "\n\n".join(line.text for line in kept)


def _continues(previous: _Line, line: _Line) -> bool:
    """A paragraph broken over two raw lines: "... Ms Okafor said that" + "“we will ..."."""
    return (
        line.number == previous.number + 1
        and len(words(previous.text)) >= 8
        and bool(re.search(r"[a-z,]$", previous.text))
        and bool(re.match(r"[\"“‘']?[a-z]", line.text))
    )


def _position(reason: str, where: str) -> str:
    return reason if reason in {"title", "byline", "credit"} else f"{where}: {reason}"


def _norm(text: str) -> str:
    return " ".join(words(text.lower()))


# --- across a site -------------------------------------------------------------------


def clean_corpus(articles: list[Article]) -> None:
    """Drop lines that several articles of one site print (site, else the url's domain,
    else the source folder), unless those articles are copies of one another."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        key = _site_key(article)
        if key:
            groups[key].append(article)
    for key, members in groups.items():
        if len(members) >= _SITE_REPEAT_MIN:
            _drop_site_repeats(members, site=key.startswith("site:"))


def _site_key(article: Article) -> str | None:
    if article.site:
        return "site:" + article.site.lower().removeprefix("www.")
    if article.url and (host := urlparse(article.url).hostname):
        return "site:" + host.lower().removeprefix("www.")
    if article.source and not article.source.startswith("<"):
        if "://" in article.source:
            host = urlparse(article.source).hostname
            return "site:" + host.lower().removeprefix("www.") if host else None
        return "folder:" + str(PurePath(article.source).parent)
    return None


def _drop_site_repeats(members: list[Article], *, site: bool) -> None:
    holders: dict[str, set[int]] = defaultdict(set)
    texts: dict[str, str] = {}
    paragraphs = [_paragraphs(a.text) for a in members]
    for index, paras in enumerate(paragraphs):
        for para in paras:
            holders[_norm(para)].add(index)
            texts.setdefault(_norm(para), para)
    # Furniture is printed on a good share of a site's pages; a quotation several reports
    # of one event share is not furniture, and neither is running text in a mere folder.
    least = max(_SITE_REPEAT_MIN, round(_SITE_REPEAT_SHARE * len(members)))
    repeated = {
        key: idx
        for key, idx in holders.items()
        if key
        and len(idx) >= least
        and not _QUOTED.search(texts[key])
        and (site or not is_sentence_like(texts[key]))
    }
    if not repeated:
        return
    # Whole texts, furniture included: site furniture is short beside the bodies, while
    # copies of one wire story share nearly every word.
    shingles = [_shingles(" ".join(paras)) for paras in paragraphs]
    furniture = {
        key
        for key, idx in repeated.items()
        if _mean_similarity([shingles[i] for i in sorted(idx)[:12]]) < _COPY_SIMILARITY
    }
    for index, article in enumerate(members):
        if any(_norm(p) in furniture for p in paragraphs[index]):
            _drop_paragraphs(article, lambda _, p: _norm(p) in furniture, "repeated on site")


def _shingles(text: str) -> set[int]:
    w = [x.lower() for x in words(text)]
    return {hash(tuple(w[i : i + 4])) for i in range(max(len(w) - 3, 0))}


def _mean_similarity(sets: Sequence[set[int]]) -> float:
    scores = []
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            union = len(sets[i] | sets[j])
            scores.append(len(sets[i] & sets[j]) / union if union else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


# --- across a story ------------------------------------------------------------------

_EDGE_LINES = 3
_EDGE_MAX_WORDS = 12


def clean_story(articles: list[Article]) -> bool:
    """Drop short, non-sentence lines at the edges of a body that no other article of the
    story supports (share most of their words with), and split the changed texts into
    sentences again. True if any text changed."""
    if len(articles) < 2:
        return False
    vocab = [{w.lower() for w in words(a.text) if len(w) >= 3} for a in articles]
    changed = False
    for index, article in enumerate(articles):
        others = [v for j, v in enumerate(vocab) if j != index]
        paras = _paragraphs(article.text)
        lonely = [_edge_candidate(p) and not _supported(p, others) for p in paras]
        # Only lines at the very edge: stop at the first line that stays.
        drop: set[int] = set()
        for order in (range(len(paras)), range(len(paras) - 1, -1, -1)):
            for i in list(order)[:_EDGE_LINES]:
                if not lonely[i]:
                    break
                drop.add(i)
        if drop and len(drop) < len(paras):
            _drop_paragraphs(article, lambda i, _, d=drop: i in d, "not supported by the story")  # type: ignore[misc]
            article.sentences = split_sentences(article.text, article.language)
            changed = True
    return changed


def _edge_candidate(paragraph: str) -> bool:
    return len(words(paragraph)) <= _EDGE_MAX_WORDS and not is_sentence_like(paragraph)


def _supported(paragraph: str, others: list[set[str]]) -> bool:
    own = {w.lower() for w in words(paragraph) if len(w) >= 3}
    if not own:
        return False
    return any(len(own & other) / len(own) >= 0.5 for other in others)


# --- shared --------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _drop_paragraphs(article: Article, condition: Callable[[int, str], bool], reason: str) -> None:
    """Remove the paragraphs of `article.text` meeting `condition(index, paragraph)`,
    recording each with its line number in `article.raw`."""
    raw_lines = article.raw.split("\n")
    cursor = 0
    kept = []
    for index, para in enumerate(_paragraphs(article.text)):
        number = _raw_line_of(para, raw_lines, cursor)
        if number is not None:
            cursor = number + 1
        if condition(index, para):
            article.dropped.append(
                Dropped(text=para, reason=reason, line=number if number is not None else -1)
            )
        else:
            kept.append(para)
    article.dropped.sort(key=lambda d: d.line)
    article.text = "\n\n".join(kept)


def _raw_line_of(paragraph: str, raw_lines: list[str], start: int) -> int | None:
    """The raw line a paragraph of clean text came from (a dateline may have been cut
    from its front, a broken line joined to it)."""
    for number in range(start, len(raw_lines)):
        raw = raw_lines[number].strip()
        if raw and (raw in paragraph or paragraph in raw):
            return number
    return None
