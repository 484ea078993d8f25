"""What the reconcile stage knows about a story before it starts: who copies whom.

`StoryContext` gathers the provenance stage's output in one place — the family of each
article, its fidelity, and the sentence alignments as a graph — and degrades gracefully when
provenance or alignment produced nothing: every article is then its own family with
fidelity 0.5, and there are no aligned sentences.

Support is counted by families, never by articles: three copies of one wire report are one
source. `weight()` sums, over the families carrying something, the best fidelity among the
family's carrying articles.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storyfold.records import Article, Story

DEFAULT_FIDELITY = 0.5

SentenceRef = tuple[str, int]  # (article id, sentence index)


@dataclass
class StoryContext:
    story: Story
    articles: dict[str, Article]
    order: list[str]
    family: dict[str, int]
    fidelity: dict[str, float]
    links: dict[SentenceRef, dict[SentenceRef, float]] = field(default_factory=dict)
    # A fallback tie-breaker for fidelity, set by the entity stage: how often an article's
    # names agree with other families' (garbled copies disagree).
    agreement: dict[str, float] = field(default_factory=dict)
    # Sentences of other articles an article has word for word but does not hold itself:
    # a collapsed copy's stub (storyfold.copy_checks) holds only its changed sentences,
    # and checks that ask what a whole article states read these too.
    borrowed: dict[str, set[SentenceRef]] = field(default_factory=dict)
    _holders: dict[SentenceRef, set[str]] | None = None

    @classmethod
    def build(cls, story: Story, articles: Sequence[Article]) -> StoryContext:
        by_id = {a.id: a for a in articles if a.id in story.articles} or {a.id: a for a in articles}
        order = [i for i in story.articles if i in by_id] or list(by_id)
        numbers = story.family_numbers()
        family: dict[str, int] = {}
        next_number = len(numbers) + 1
        for aid in order:  # (`order` may hold articles the story does not list)
            if aid not in numbers:
                numbers[aid] = next_number
                next_number += 1
            family[aid] = numbers[aid]
        fidelity: dict[str, float] = {}
        for aid in order:
            value = by_id[aid].fidelity
            fidelity[aid] = DEFAULT_FIDELITY if value is None else value
        links: dict[SentenceRef, dict[SentenceRef, float]] = {}
        for al in story.alignments:
            if al.a == al.b or al.a not in by_id or al.b not in by_id:
                continue
            if not (_valid(by_id[al.a], al.a_sentence) and _valid(by_id[al.b], al.b_sentence)):
                continue
            x, y = (al.a, al.a_sentence), (al.b, al.b_sentence)
            links.setdefault(x, {})[y] = max(al.score, links.get(x, {}).get(y, 0.0))
            links.setdefault(y, {})[x] = max(al.score, links.get(y, {}).get(x, 0.0))
        return cls(story, by_id, order, family, fidelity, links)

    # -- support -----------------------------------------------------------------------
    def independent(self, aids: Iterable[str]) -> int:
        return len({self.family.get(a, hash(a)) for a in aids})

    def trust(self, aid: str) -> float:
        """Fidelity, nudged by name agreement so ties between same-family copies break."""
        return self.fidelity.get(aid, DEFAULT_FIDELITY) + 0.1 * self.agreement.get(aid, 0.0)

    def weight(self, aids: Iterable[str]) -> float:
        best: dict[int, float] = {}
        for a in set(aids):
            fam = self.family.get(a, -1)
            best[fam] = max(best.get(fam, 0.0), self.trust(a))
        # fsum: a plain sum would depend on the order of `set(aids)`, which varies with
        # Python's per-process string hashing, and weights are compared to order forms:
        # a last-bit difference reordered near-tied entities from run to run.
        return math.fsum(best.values())

    def best_article(self, aids: Iterable[str]) -> str:
        ids = list(dict.fromkeys(aids))
        return max(ids, key=lambda a: (self.trust(a), -self.order.index(a)))

    def single_family(self, aids: Iterable[str]) -> bool:
        return self.independent(aids) <= 1

    # -- sentences ---------------------------------------------------------------------
    def sentence(self, aid: str, index: int) -> str:
        return self.articles[aid].sentences[index].text

    def article_refs(self, aid: str) -> list[SentenceRef]:
        """Every sentence the whole of article `aid` states: its own and those it borrows."""
        own = [(aid, s.index) for s in self.articles[aid].sentences if s.text]
        return own + sorted(self.borrowed.get(aid, ()))

    def holders(self, ref: SentenceRef) -> set[str]:
        """The articles that state sentence `ref`: its own and those borrowing it."""
        if self._holders is None:
            self._holders = {}
            for aid, refs in self.borrowed.items():
                for r in refs:
                    self._holders.setdefault(r, set()).add(aid)
        return {ref[0], *self._holders.get(ref, ())}

    def sentences(self) -> Iterable[tuple[str, int, str]]:
        for aid in self.order:
            for s in self.articles[aid].sentences:
                yield aid, s.index, s.text

    def aligned_pairs(self) -> list[tuple[SentenceRef, SentenceRef, float]]:
        """Each aligned sentence pair once, across different articles."""
        out = []
        for x, ys in self.links.items():
            for y, score in ys.items():
                if x < y:
                    out.append((x, y, score))
        out.sort()
        return out


def _valid(article: Article, index: int) -> bool:
    return 0 <= index < len(article.sentences)
