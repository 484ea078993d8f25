"""When is one name a garbled rendering of another? The evidence a repair needs.

Spelling alone cannot tell a garbling from a second, real name: "East Coast" is as close
to "West Coast" as "Katarina" is to "Katerina", and a page about many products names many
things alike ("Instagram Shop", "Instagram Shops"). A variant is repaired into the
canonical name only when

* **alignment** says so: a sentence naming the variant is aligned with a sentence of
  another article that names the canonical entity instead, at the same place in the
  sentence (the copy rendered the name differently), or
* **consensus** says so: the variant is used by one family of copies only, while the
  canonical form is used by at least two other independent sources, one of them in a
  sentence that tells the same thing,

and the spelling is close: the words that differ look or sound alike, and none of the
variant's own words is a real word or name that the canonical lacks ("east" for "west";
a first name its source writes throughout is checked in entities.py) unless alignment ties
the two. Antonyms
("north"/"south", "interior"/"exterior") are never a garbling, aligned or not: a copy that
changed one into the other changed what it says.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from storyfold.names import garbled_spelling
from storyfold.polarity import wordnet_antonyms
from storyfold.reconcile.context import SentenceRef, StoryContext
from storyfold.reconcile.lexicon import content_words, demonyms, places, stem, title_words
from storyfold.reconcile.mentions import find_key

ALIGN_MIN_SCORE = 0.35  # below this two sentences may well say different things
POSITION_SLACK = 0.25  # share of the sentence a name may move between aligned copies
CONTEXT_MIN_SHARED = 3  # content words two sentences share to tell the same thing
CONTEXT_MIN_SHARE = 0.3  # ... and at least this share of the shorter one's (long sentences)
# Consensus: the canonical form written by this many independent sources outside the
# variant's family (one other source could as well be the garbled one).
CONSENSUS_SOURCES = 2

_WORD = re.compile(r"[^\W_][\w'’-]*")


class NameMention(Protocol):
    article: str
    sentence: int
    start: int
    end: int
    key: str


class NameForm(Protocol):
    ckey: str

    @property
    def mentions(self) -> Sequence[NameMention]: ...

    @property
    def tokens(self) -> list[str]: ...

    @property
    def articles(self) -> list[str]: ...


@dataclass(frozen=True)
class Evidence:
    kind: str  # "alignment" or "consensus"
    why: str
    copy: bool = False  # the variant's article derives from the one aligned with it
    score: float = 0.0  # the alignment's score


def _antonyms() -> dict[str, frozenset[str]]:
    return wordnet_antonyms()


@cache
def _real_words() -> frozenset[str]:
    """Words that are words: WordNet's antonym vocabulary, places, nationalities, titles."""
    ant = _antonyms()
    words = set(ant) | {w for ws in ant.values() for w in ws}
    words |= {w for p in places() for w in p.split()}
    return frozenset(words | demonyms() | title_words())


def antonymous(a: str, b: str) -> bool:
    return b in _antonyms().get(a, ())


def spelled_close(
    variant: Sequence[str],
    canon: Sequence[str],
    *,
    aligned: bool,
    real: Container[str] = frozenset(),
) -> bool:
    """Could `variant`'s words be `canon`'s garbled? `real`: words the story itself writes
    in lower case (real words whatever the lexicon says)."""
    odd_v = [t for t in variant if t not in canon]
    odd_c = [t for t in canon if t not in variant]
    if not odd_v or not odd_c:
        return False  # a short or a longer form, not a different spelling
    known = _real_words()
    if len(odd_v) == len(odd_c):
        pairs = list(zip(odd_v, odd_c, strict=True))
    elif aligned:
        pairs = [("".join(odd_v), "".join(odd_c))]
    else:
        return False
    for v, c in pairs:
        if antonymous(v, c):
            return False
        if not aligned and (v in known or v in real):
            return False  # "east" is a word, not a way to spell "west"
        if not garbled_spelling(v, c, aligned=aligned):
            return False
    return True


def derives(ctx: StoryContext, article: str, other: str, depth: int = 3) -> bool:
    """Does `article` derive from `other` (provenance's derived_from, a few steps up)? Only a
    copy can garble what its original says; a source does not garble its copies."""
    seen = article
    for _ in range(depth):
        parent = ctx.articles[seen].derived_from if seen in ctx.articles else None
        if parent is None:
            return False
        if parent == other:
            return True
        seen = parent
    return False


def _word_index(text: str, start: int) -> tuple[int, int]:
    """(index of the word starting at or after `start`, number of words) in `text`."""
    words = list(_WORD.finditer(text))
    idx = next((k for k, w in enumerate(words) if w.start() >= start), len(words))
    return idx, len(words)


def _position(text: str, start: int) -> float:
    idx, n = _word_index(text, start)
    return idx / max(1, n - 1)


def _neighbours(text: str, start: int, end: int) -> set[str]:
    before = [w for w in content_words(text[:start])][-2:]
    after = [w for w in content_words(text[end:])][:2]
    return {stem(w) for w in before + after}


def same_place(tx: str, mx: NameMention, ty: str, my: NameMention, *, strict: bool = False) -> bool:
    """Do the two names stand at one place of two aligned sentences: at about the same
    share of the sentence, or beside the same words? `strict`: at the same share (words
    beside a name are often shared by two names in one sentence: "X reports the value",
    "valued by Y")."""
    if abs(_position(tx, mx.start) - _position(ty, my.start)) <= POSITION_SLACK:
        return True
    return not strict and bool(
        _neighbours(tx, mx.start, mx.end) & _neighbours(ty, my.start, my.end)
    )


def _context(text: str, names: Iterable[str]) -> set[str]:
    drop = {t for n in names for t in n.replace("-", " ").split()}
    return {stem(w) for w in content_words(text) if w not in drop}


def alignment_evidence(
    ctx: StoryContext,
    variant: NameForm,
    canon_mentions: Mapping[SentenceRef, Sequence[NameMention]],
    *,
    strict: bool = False,
) -> Evidence | None:
    """A sentence naming `variant` aligned with one that names the canonical entity in its
    place and not the variant itself. `canon_mentions`: the entity's other mentions by
    sentence."""
    keys = {m.key for m in variant.mentions}
    best: Evidence | None = None
    for m in variant.mentions:
        x = (m.article, m.sentence)
        for y, score in sorted(ctx.links.get(x, {}).items(), key=lambda ys: -ys[1]):
            if score < ALIGN_MIN_SCORE or y[0] == m.article or y not in canon_mentions:
                continue
            tx, ty = ctx.sentence(*x), ctx.sentence(*y)
            if any(find_key(ty, k) for k in keys):
                continue  # the other copy names the variant too: two names, not one
            for my in canon_mentions.get(y, []):
                if not same_place(tx, m, ty, my, strict=strict):
                    continue
                found = Evidence(
                    "alignment",
                    f"aligned with {y[0]} sentence {y[1]}, which names "
                    f"'{ty[my.start : my.end]}' in its place",
                    copy=derives(ctx, m.article, y[0]),
                    score=score,
                )
                if best is None or (found.copy, found.score) > (best.copy, best.score):
                    best = found
    return best


def consensus_possible(ctx: StoryContext, variant: NameForm, canon: NameForm) -> bool:
    """The counts consensus needs, before any sentence is read: the variant in one family,
    the canonical form in two others and written at least as often."""
    families = {ctx.family.get(a, -1) for a in variant.articles}
    if len(families) != 1 or len(canon.mentions) < len(variant.mentions):
        return False
    others = [a for a in canon.articles if ctx.family.get(a, -1) not in families]
    return ctx.independent(others) >= CONSENSUS_SOURCES


def consensus_evidence(
    ctx: StoryContext,
    variant: NameForm,
    canon: NameForm,
) -> Evidence | None:
    """`variant` in one family only; `canon` used by two other independent sources and, in
    another article (a copy in the variant's family will do: it is the best witness of what
    the copy garbled), in a sentence that tells what a sentence of the variant tells."""
    if not consensus_possible(ctx, variant, canon):
        return None
    families = {ctx.family.get(a, -1) for a in variant.articles}
    others = [a for a in canon.articles if ctx.family.get(a, -1) not in families]
    names = (variant.ckey, canon.ckey)
    mine = [_context(ctx.sentence(m.article, m.sentence), names) for m in variant.mentions]
    own = set(variant.articles)
    for m in canon.mentions:
        if m.article in own:
            continue
        theirs = _context(ctx.sentence(m.article, m.sentence), names)
        for words in mine:
            shared = len(words & theirs)
            if shared >= CONTEXT_MIN_SHARED and shared >= CONTEXT_MIN_SHARE * min(
                len(words), len(theirs)
            ):
                return Evidence(
                    "consensus",
                    f"{ctx.independent(others)} other independent sources write "
                    f"'{canon.ckey}' where this one tells the same",
                )
    return None
