"""Direct quotes and who said them; reported speech ("X said that ...") and its speaker.

A quote is a run of at least four words inside quotation marks (“…”, "…", ``…''), or a
sentence that opens a quotation and does not close it. Its speaker is the entity named in
the attribution outside the quote marks, nearest a speech verb ("said", "added", "told",
"warned"...); "he"/"she" resolve to the last person the article named; a quote without any
attribution right after an attributed one continues it. A speaker that is no entity ("the
statement", "the official") is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyfold.reconcile.context import StoryContext
from storyfold.reconcile.entities import EntityIndex
from storyfold.reconcile.mentions import Mention
from storyfold.records import Entity

SPEECH_VERBS = (
    "said|says|say|added|adds|told|tells|stated|states|warned|warns|insisted|insists|noted|"
    "notes|explained|argued|urged|declared|announced|stressed|emphasised|emphasized|wrote|"
    "asked|replied|countered|continued|concluded|admitted|acknowledged|complained|claimed|"
    "claims|confirmed|suggested|proposed|praised|accused|called|described|reiterated"
)
_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b", re.I)
_QUOTE = re.compile(r"“([^”]{8,})”?|\"([^\"]{8,})\"|``\s*(.{8,}?)\s*(?:''|$)")
_PRONOUN = re.compile(r"\b(he|she)\b", re.I)
_NON_ENTITY_SPEAKER = re.compile(
    r"\b((?:the|a|an|his|her|their)\s+(?:[\w-]+\s+){0,2}(?:statement|official|officials|"
    r"spokesman|spokeswoman|spokesperson|office|ministry|government|report|police|"
    r"agency|source|sources|leaders?|president|minister|chancellor|analysts?|experts?))\s+"
    rf"(?:{SPEECH_VERBS})\b",
    re.I,
)


PRONOUN = "<pronoun>"  # a speaker only a pronoun names: unknown here, not "nobody"


@dataclass
class Quote:
    article: str
    sentence: int
    text: str  # the words inside the quotation marks
    speaker: str | None  # canonical entity name, or a phrase such as "the statement"
    start: int
    end: int


def quotes_in(ctx: StoryContext, index: EntityIndex, aid: str) -> list[Quote]:
    out: list[Quote] = []
    last_person: str | None = None
    previous: Quote | None = None
    for s in ctx.articles[aid].sentences:
        text = s.text
        spans = [
            (m.start(), m.end(), next(g for g in m.groups() if g is not None).strip())
            for m in _QUOTE.finditer(text)
        ]
        spans = [sp for sp in spans if len(sp[2].split()) >= 4]
        mentions = index.by_sentence.get((aid, s.index), [])
        if spans:
            speaker = _speaker(text, [(a, b) for a, b, _ in spans], mentions, last_person)
            if speaker is None and previous is not None and previous.sentence == s.index - 1:
                outside = _outside(text, [(a, b) for a, b, _ in spans])
                if not _VERB.search(outside):
                    speaker = previous.speaker
            for a, b, quoted in spans:
                q = Quote(aid, s.index, quoted.strip(" ,"), speaker, a, b)
                out.append(q)
                previous = q
        for _, e in mentions:
            if e.type == "person":
                last_person = e.name
    return out


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = " "
    return "".join(chars)


def _speaker(
    text: str,
    spans: list[tuple[int, int]],
    mentions: list[tuple[Mention, Entity]],
    last_person: str | None,
) -> str | None:
    outside = _outside(text, spans)
    named = [
        (m.start, m.end, e)
        for m, e in mentions
        if e.type in ("person", "org", "group") and not any(a <= m.start < b for a, b in spans)
    ]
    for v in _VERB.finditer(outside):
        before = outside[: v.start()]
        if re.search(r"\b(?:he|she)\s+(?:also\s+|then\s+)?$", before, re.I):
            return last_person
        # "Ms Holm said", "Sir Alan's office said": a name just before the verb.
        near = [
            e
            for s, end, e in named
            if 0 <= v.start() - end <= 25
            and not re.search(r"[,;:—–]|\bthat\b", outside[end : v.start()])
        ]
        if near:
            return near[-1].name
        # "said Mr Lund": a name just after it.
        after = [e for s, _, e in named if 0 <= s - v.end() <= 15]
        if after:
            return after[0].name
        m = _NON_ENTITY_SPEAKER.search(outside)
        if m:
            return m.group(1).lower()
    return None


_SAID = re.compile(r"\b(?:said|says|say|told|tells|added|stated)\b(?!\s+(?:to|by)\b)", re.I)


def reported_speaker(
    text: str, mentions: list[tuple[Mention, Entity]]
) -> tuple[str | None, int] | None:
    """Who a sentence says said something, outside any quote: (entity or None, verb position).

    Only plain reporting verbs count ("said", "told", "added"): "declined to say" or "were
    told" report no speaker. None when the sentence has no such verb outside quotes."""
    spans = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    outside = _outside(text, spans)
    for v in _SAID.finditer(outside):
        if re.search(r"\b(?:to|was|were|been|be|being)\s+$", outside[: v.start()], re.I):
            continue
        before = [
            (m.start, e)
            for m, e in mentions
            if m.start < v.start()
            and v.start() - m.start <= 70
            and not any(a <= m.start < b for a, b in spans)
        ]
        if re.search(r"\b(?:he|she|they|it)\s+(?:also\s+|then\s+)?$", outside[: v.start()], re.I):
            return PRONOUN, v.start()
        if before:
            pos, ent = before[-1]
            between = outside[pos : v.start()]
            # The subject stands right before the verb: "Lund said", "Ms Holm's office said".
            if len(between.split()) <= 4 and not re.search(r"[,;:—–]|\bthat\b", between):
                return (ent.name if ent.type == "person" else None), v.start()
        return None, v.start()
    return None
