"""Facts of a story: numbers with units, quotes with speakers, and claims.

* number facts group the quantities of all articles that count the same kind of thing with
  the same value (within rounding, see `numbers.same_number`);
* quote facts group one quotation across articles: by sentence alignment, or by wording when
  two copies quote alike;
* claims are groups of aligned sentences: connected pieces of the alignment graph, each told
  in the words of its most faithful article.

Every fact lists the articles carrying it and counts independent support as the number of
families among them (copies of one source count once).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from storyfold.reconcile.context import SentenceRef, StoryContext
from storyfold.reconcile.edits import meaning_edits
from storyfold.reconcile.entities import EntityIndex
from storyfold.reconcile.lexicon import content_words, stem
from storyfold.reconcile.numbers import Quantity, find_quantities, format_quantity, same_number
from storyfold.reconcile.quotes import Quote, quotes_in
from storyfold.records import Citation, Fact
from storyfold.text import MONTHS_DAYS

MIN_CLAIM_WORDS = 6
_DIMENSIONS = frozenset({"length", "mass", "time", "area", "speed"})


@dataclass
class NumberGroup:
    members: list[tuple[str, int, Quantity]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.members[0][2].kind


def story_quantities(ctx: StoryContext) -> dict[SentenceRef, list[Quantity]]:
    out: dict[SentenceRef, list[Quantity]] = {}
    for aid, idx, text in ctx.sentences():
        found = find_quantities(text, ctx.articles[aid].language)
        if found and found[0].start == 0 and text[:1].isdigit():
            # A sentence opening on a bare digit is mostly the tail of a number the
            # splitter cut ("magnitude 6. 0 quake"); style guides spell such numbers out.
            found = found[1:]
        if found:
            out[(aid, idx)] = found
    return out


def number_groups(
    ctx: StoryContext, quantities: dict[SentenceRef, list[Quantity]]
) -> list[NumberGroup]:
    items = [(aid, idx, q) for (aid, idx), qs in quantities.items() for q in qs]
    items.sort(key=lambda t: (-ctx.trust(t[0]), ctx.order.index(t[0]), t[1]))
    groups: list[NumberGroup] = []
    for aid, idx, q in items:
        for g in groups:
            if g.kind == q.kind and q.kind != "number" and same_number(g.members[0][2], q):
                g.members.append((aid, idx, q))
                break
        else:
            groups.append(NumberGroup([(aid, idx, q)]))
    return groups


def _citations(refs: list[SentenceRef]) -> list[Citation]:
    return [Citation(article=a, sentence=i) for a, i in sorted(set(refs))]


MIN_SUPPORT_WORDS = 5  # a sentence shorter than this ("1.", "Photo") supports nothing
MIN_SUPPORT_SHARE = 0.5  # of the claim's content words a supporting sentence carries


def supports(claim: str, sentence: str, *, kind: str = "claim") -> bool:
    """Does `sentence` carry `claim`? Enough words, the claim's figures, most of its
    content words (for a claim or a quote), and no edit of meaning against it."""
    if len(sentence.split()) < MIN_SUPPORT_WORDS:
        return False
    if claim == sentence:
        return True
    mine = find_quantities(sentence)
    if not all(any(same_number(q, o) for o in mine) for q in find_quantities(claim)):
        return False
    if kind != "number":
        words = {stem(w) for w in content_words(claim)}
        if words and len(words & {stem(w) for w in content_words(sentence)}) < (
            MIN_SUPPORT_SHARE * len(words)
        ):
            return False
    return not meaning_edits(claim, sentence)


def _fact(
    ctx: StoryContext, kind: str, text: str, refs: list[SentenceRef], value: str | None
) -> Fact:
    """A fact told by `text`, found at `refs`: its articles in story order, how many
    independent sources they are, and a citation per sentence that carries it."""
    # Support is counted loosely (a translated copy words a claim its own way); the
    # brief cites only the sentences that pass `supports`. A trivial sentence or one that
    # contradicts the claim (a conflict) supports it in no sense.
    told = [r for r in refs if ctx.sentence(*r) == text][:1]
    refs = told + [
        r
        for r in refs
        if r not in told
        and len(ctx.sentence(*r).split()) >= MIN_SUPPORT_WORDS
        and not meaning_edits(text, ctx.sentence(*r))
    ]
    articles = list(dict.fromkeys(a for a, _ in refs))
    return Fact(
        text=text,
        kind=kind,
        articles=sorted(articles, key=ctx.order.index),
        independent=ctx.independent(articles),
        citations=_citations(refs),
        value=value,
    )


def number_facts(ctx: StoryContext, groups: list[NumberGroup]) -> list[Fact]:
    facts = []
    for g in groups:
        articles = list(dict.fromkeys(a for a, _, _ in g.members))
        best = ctx.best_article(articles)
        q = next(m[2] for m in g.members if m[0] == best)
        unit = Counter(m[2].unit for m in g.members).most_common(1)[0][0]
        refs = [(a, i) for a, i, _ in g.members]
        # A measure is held in base units (seconds, metres): shown as written, not as
        # "4.84 million time".
        label = q.text if unit in _DIMENSIONS else format_quantity(q.value, unit)
        facts.append(_fact(ctx, "number", q.text, refs, label))
    return facts


def story_quotes(ctx: StoryContext, index: EntityIndex) -> list[Quote]:
    return [q for aid in ctx.order for q in quotes_in(ctx, index, aid)]


def quote_groups(ctx: StoryContext, quotes: list[Quote]) -> list[list[Quote]]:
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, qi in enumerate(quotes):
        linked = ctx.links.get((qi.article, qi.sentence), {})
        for j in range(i + 1, len(quotes)):
            qj = quotes[j]
            if qi.article == qj.article:
                continue
            if (qj.article, qj.sentence) in linked or _same_words(qi.text, qj.text):
                parent[find(i)] = find(j)
    groups: dict[int, list[Quote]] = {}
    for i, q in enumerate(quotes):
        groups.setdefault(find(i), []).append(q)
    return list(groups.values())


# One quote quoted twice (text identity, not a name's: see storyfold.names): rapidfuzz
# ratio of the whole quotes from QUOTE_SAME (a word changed or two in a short quote), or
# a quote of QUOTE_PART_WORDS words or more found inside the other (token-set ratio from
# QUOTE_PART; shorter quotes share their few words by chance).
QUOTE_SAME = 80
QUOTE_PART = 85
QUOTE_PART_WORDS = 6


def _same_words(a: str, b: str) -> bool:
    """One quote quoted twice: alike as a whole, or a long part of one inside the other."""
    a, b = a.lower(), b.lower()
    if fuzz.ratio(a, b) >= QUOTE_SAME:
        return True
    shorter = min(len(a.split()), len(b.split()))
    return shorter >= QUOTE_PART_WORDS and fuzz.token_set_ratio(a, b) >= QUOTE_PART


def quote_facts(ctx: StoryContext, groups: list[list[Quote]]) -> list[Fact]:
    facts = []
    for g in groups:
        articles = list(dict.fromkeys(q.article for q in g))
        best = ctx.best_article(articles)
        q = next(x for x in g if x.article == best)
        speakers = Counter(x.speaker for x in g if x.speaker)
        speaker = q.speaker or (speakers.most_common(1)[0][0] if speakers else None)
        facts.append(_fact(ctx, "quote", q.text, [(x.article, x.sentence) for x in g], speaker))
    return facts


MAX_PER_ARTICLE = 2  # a claim spanning more sentences of one article is chained, not one
_SPLIT_AT = (0.45, 0.55, 0.65, 0.75, 0.85, 0.95)


def claim_groups(ctx: StoryContext) -> list[list[SentenceRef]]:
    """Connected pieces of the sentence alignment graph.

    Alignment is one-to-many, so pieces can chain unrelated sentences together through a
    sentence that merges two; a piece holding more than `MAX_PER_ARTICLE` sentences of one
    article is split again over its stronger links only."""
    return _components(ctx, set(ctx.links), 0.0)


def _components(
    ctx: StoryContext, nodes: set[SentenceRef], floor: float
) -> list[list[SentenceRef]]:
    seen: set[SentenceRef] = set()
    groups: list[list[SentenceRef]] = []
    for start in sorted(nodes):
        if start in seen:
            continue
        stack, comp = [start], []
        seen.add(start)
        while stack:
            x = stack.pop()
            comp.append(x)
            for y, score in ctx.links.get(x, {}).items():
                if y in nodes and y not in seen and score >= floor:
                    seen.add(y)
                    stack.append(y)
        per = Counter(a for a, _ in comp)
        higher = [t for t in _SPLIT_AT if t > floor]
        if per and max(per.values()) > MAX_PER_ARTICLE and higher and len(comp) > 1:
            groups.extend(_components(ctx, set(comp), higher[0]))
        else:
            groups.append(sorted(comp))
    return groups


def says_something(text: str, min_words: int = MIN_CLAIM_WORDS) -> bool:
    """Enough words to state a claim: a timestamp or a menu line is no fact."""
    words = [
        w
        for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text)
        if w.lower() not in MONTHS_DAYS and len(w) > 1
    ]
    return len(words) >= min_words


def claim_facts(ctx: StoryContext, groups: list[list[SentenceRef]]) -> list[Fact]:
    facts = []
    for comp in groups:
        articles = list(dict.fromkeys(a for a, _ in comp))
        if len(articles) < 2:
            continue
        best = ctx.best_article(articles)
        # The best article's own sentence, earliest first, tells the claim.
        idx = min(i for a, i in comp if a == best)
        text = ctx.sentence(best, idx)
        if not says_something(text):
            continue
        fact = _fact(ctx, "claim", text, comp, None)
        if len(fact.articles) >= 2:  # what no other article carries is no shared claim
            facts.append(fact)
    return facts
