"""Sentence alignment between the articles of one story.

`align_story` says which sentence of one article carries the content of which sentence(s)
of another, with a score in [0, 1]. It tolerates paraphrase and reordering (sentences are
compared as bags of stemmed content words, so word order inside a sentence and sentence order
inside an article do not matter), garbled names (near-equal spellings count, at partial
credit) and split or merged sentences (one sentence may align to several).

How, and why it stays near-linear in the story's size:
1. Every sentence becomes a bag of content stems; each stem is weighted by its IDF over the
   story's sentences, so the words that make a sentence distinctive (names, numbers, rare
   terms) weigh most and the story's common vocabulary ("Iceland" in a story about Iceland) little.
2. Article pairs: all pairs in a small story; in a large one each article is paired only with
   its `neighbours` most similar articles (hashed TF-IDF cosine), since a copy is always among
   its nearest texts and comparing every pair would be quadratic.
3. Candidate sentence pairs come from an inverted index of the stems the two share, keeping a
   few best candidates per sentence; only those are scored.
4. Score = harmonic mean of the two weighted soft coverages (each side's share of weight found
   in the other). A pair is kept when it is the best partner of either of its sentences and
   clears `MIN_SCORE`, or when one side is nearly contained in the other (a split or merged
   sentence) -- which is what makes alignments one-to-many.

Output convention (other stages rely on it): each aligned sentence pair is stored ONCE, with
`a` the article that comes first in the `articles` sequence given to `align_story` (the order
of `Story.articles`) and `b` the later one. Use `pairs_between` to read them from either
side. Several alignments may share a sentence (splits, merges, repeated content).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from storyfold.features import parse_day
from storyfold.records import Alignment, Article
from storyfold.textsim import (
    Bag,
    CoverageIndex,
    Scoring,
    bag,
    idf_weights,
    is_number,
    ngrams,
    words,
)

# Tuned by eye on the seeds and checked on the Clough reuse set (see bench/eval_reuse.py):
# a true paraphrase/round-trip pair of sentences scores 0.35-0.9, two different sentences of
# one story that share its names score below 0.3.
MIN_SCORE = 0.32
# A sentence whose weight is this much inside another counts as part of it (merge or split),
# provided the pair also has some overlap the other way round.
MIN_CONTAINED = 0.7
MIN_OTHER_WAY = 0.15
# Below this many articles every pair is compared; above, each article's nearest few.
ALL_PAIRS_UP_TO = 40
NEIGHBOURS = 12
# Hashed TF-IDF cosine at which two articles count as one text (republished copies, light
# copy-edits) for choosing which pairs to align in a large story. A rewrite of a text scores
# well below (the seeds' round-trip translation pair: about 0.75).
COPY_COSINE = 0.95
# Word n-grams compared by `source_first` (as storyfold.provenance.NEAR_N).
SOURCE_N = 5
# Candidate partners kept per sentence before full scoring.
CANDIDATES = 4
_HASH_DIM = 1 << 12
# Numbers anchor an alignment: "4.7 million" or "38 tractors" rarely repeat by chance.
_NUMBER_BOOST = 1.5


@dataclass(slots=True)
class SentenceBags:
    """Per-article sentence bags plus the story-wide weights, reusable by later stages."""

    bags: dict[str, list[Bag]]
    weight: dict[str, float]
    unseen: float
    # Scores by the two bags' stems: copies repeat the same sentences across many pairs.
    cache: dict[tuple[frozenset[str], frozenset[str]], tuple[float, float, float]] = field(
        default_factory=dict
    )
    # The bags made ready for fast scoring (same numbers as `soft_coverage`), built once per
    # story: the story's sentences are scored against each other many times over.
    index: CoverageIndex | None = None
    scoring: dict[str, list[Scoring]] = field(default_factory=dict)
    _postings: dict[str, dict[str, list[int]]] = field(default_factory=dict)

    def postings(self, article: str) -> dict[str, list[int]]:
        """Stem -> indexes of `article`'s sentences that have it (built once per article)."""
        if article not in self._postings:
            index: dict[str, list[int]] = defaultdict(list)
            for j, y in enumerate(self.bags[article]):
                for t in y.stems:
                    index[t].append(j)
            self._postings[article] = dict(index)
        return self._postings[article]

    def ready(self) -> CoverageIndex:
        if self.index is None:
            self.index = CoverageIndex(
                (b for bs in self.bags.values() for b in bs), self.weight, self.unseen
            )
            self.scoring = {k: [self.index.prepare(b) for b in bs] for k, bs in self.bags.items()}
        return self.index


def sentence_bags(articles: Sequence[Article], *, weigh_empty: bool = True) -> SentenceBags:
    """Sentence bags and story-wide stem weights; `weigh_empty=False` leaves sentences
    without content stems out of the weights (storyfold.copy_checks: emptied stubs)."""
    bags = {a.id: [bag(s.text) for s in a.sentences] for a in articles}
    weight, unseen = idf_weights(
        b.stems for bs in bags.values() for b in bs if weigh_empty or b.stems
    )
    for t in weight:
        if is_number(t):
            weight[t] *= _NUMBER_BOOST
    return SentenceBags(bags, weight, unseen)


def align_story(
    articles: Sequence[Article], *, neighbours: int = NEIGHBOURS
) -> list[Alignment]:
    """Align the sentences of every (near enough) pair of `articles`; see the module doc.

    Pairs are stored once, `a` earlier than `b` in `articles`."""
    sb = sentence_bags(articles)
    out: list[Alignment] = []
    for i, j in article_pairs(articles, sb, neighbours):
        out.extend(align_pair(articles[i], articles[j], sb))
    return out


def align_pair(a: Article, b: Article, sb: SentenceBags) -> list[Alignment]:
    """Aligned sentence pairs of `a` and `b` (a first), scored and filtered."""
    bags_a, bags_b = sb.bags[a.id], sb.bags[b.id]
    if not bags_a or not bags_b:
        return []
    scored = _score_candidates(a.id, b.id, sb)
    if not scored:
        return []
    best_a: dict[int, float] = defaultdict(float)
    best_b: dict[int, float] = defaultdict(float)
    for (i, j), (score, _, _) in scored.items():
        best_a[i] = max(best_a[i], score)
        best_b[j] = max(best_b[j], score)
    out = []
    for (i, j), (score, cab, cba) in sorted(scored.items()):
        is_best = score >= best_a[i] or score >= best_b[j]
        one_to_one = is_best and score >= MIN_SCORE
        part = max(cab, cba) >= MIN_CONTAINED and min(cab, cba) >= MIN_OTHER_WAY
        if one_to_one or part:
            out.append(Alignment(a.id, i, b.id, j, round(score, 4)))
    return out


def _score_candidates(
    a: str, b: str, sb: SentenceBags
) -> dict[tuple[int, int], tuple[float, float, float]]:
    bags_a, bags_b = sb.bags[a], sb.bags[b]
    index = sb.ready()
    ready_a, ready_b = sb.scoring[a], sb.scoring[b]
    postings = sb.postings(b)
    # Weight each sentence of a shares with each of b through common stems (row i: j -> w),
    # then keep the CANDIDATES best partners of every sentence on either side.
    by_a: dict[int, list[tuple[float, int]]] = {}
    by_b: dict[int, list[tuple[float, int]]] = {}
    for i, x in enumerate(ready_a):
        row: dict[int, float] = {}
        for t, w, _ in x.items:
            for j in postings.get(t, ()):
                row[j] = row.get(j, 0.0) + w
        if row:
            by_a[i] = [(w, j) for j, w in row.items()]
            for j, w in row.items():
                if j in by_b:
                    by_b[j].append((w, i))
                else:
                    by_b[j] = [(w, i)]
    keep: set[tuple[int, int]] = set()
    for i, lst in by_a.items():
        keep.update((i, j) for _, j in sorted(lst, reverse=True)[:CANDIDATES])
    for j, lst in by_b.items():
        keep.update((i, j) for _, i in sorted(lst, reverse=True)[:CANDIDATES])
    out = {}
    cache = sb.cache
    for i, j in keep:
        key = (bags_a[i].stems, bags_b[j].stems)
        got = cache.get(key)
        if got is None:
            # pair_score(bags_a[i], bags_b[j], sb), computed on the prepared bags.
            cxy = index.coverage(ready_a[i], ready_b[j])
            cyx = index.coverage(ready_b[j], ready_a[i])
            score = 2 * cxy * cyx / (cxy + cyx) if cxy + cyx else 0.0
            got = cache[key] = (score, cxy, cyx)
        out[(i, j)] = got
    return out


def article_pairs(
    articles: Sequence[Article], sb: SentenceBags, neighbours: int = NEIGHBOURS
) -> list[tuple[int, int]]:
    """Index pairs (i < j) of articles to align: all of them in a small story, else each
    article with its `neighbours` most similar (hashed TF-IDF cosine over the whole text).

    In a large story near-identical articles (cosine >= COPY_COSINE: republished wire copies)
    are first collapsed onto the likeliest source of them (`source_first`: the earliest
    dated, else the longest; never the input order), which alone takes part in the neighbour
    search; each copy is aligned with that representative only. Otherwise a text with dozens
    of copies has only its own copies as nearest neighbours and is never compared with the
    rest of the story."""
    n = len(articles)
    if n <= ALL_PAIRS_UP_TO or n <= neighbours + 1:
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    sims = _cosines(articles, sb)
    position = {a.id: i for i, a in enumerate(articles)}
    order = [position[a.id] for a in source_first(articles)]
    reps, rep_of = _collapse_copies(sims, order)
    pairs = {(min(i, r), max(i, r)) for i, r in enumerate(rep_of) if i != r}
    m = len(reps)
    if m <= ALL_PAIRS_UP_TO or m <= neighbours + 1:
        pairs.update((reps[i], reps[j]) for i in range(m) for j in range(i + 1, m))
        return sorted(pairs)
    among = sims[np.ix_(reps, reps)].copy()
    np.fill_diagonal(among, -1.0)
    k = min(neighbours, m - 1)
    nearest = np.argpartition(-among, k - 1, axis=1)[:, :k]
    for i in range(m):
        for j in nearest[i]:
            x, y = reps[i], reps[int(j)]
            pairs.add((min(x, y), max(x, y)))
    return sorted(pairs)


def _cosines(articles: Sequence[Article], sb: SentenceBags) -> np.ndarray:
    """Cosine similarity matrix of the articles' hashed TF-IDF vectors."""
    vectors = np.zeros((len(articles), _HASH_DIM), dtype=np.float32)
    for row, a in enumerate(articles):
        for x in sb.bags[a.id]:
            for t in x.stems:
                vectors[row, _bucket(t)] += sb.weight.get(t, sb.unseen)
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    vectors /= norms[:, None]
    sims: np.ndarray = vectors @ vectors.T
    return sims


def _collapse_copies(sims: np.ndarray, order: Sequence[int]) -> tuple[list[int], list[int]]:
    """Representatives (in index order) and, per article, the index of its representative:
    the first representative in `order` it is a near-identical copy of, else itself."""
    reps: list[int] = []
    rep_of = list(range(sims.shape[0]))
    for i in order:
        if reps:
            row = sims[i, reps]
            best = int(np.argmax(row))
            if row[best] >= COPY_COSINE:
                rep_of[i] = reps[best]
                continue
        reps.append(i)
    return sorted(reps), rep_of


def source_first(articles: Sequence[Article]) -> list[Article]:
    """`articles` with the likeliest sources first, whatever the input order: dated before
    undated, the earlier day first (a copy cannot come before its source); then the text
    with fewer word 5-grams no other of `articles` has (a republished copy adds its own
    line, an edited one its own words, and the rest of the story lacks them; a source's
    material is what its copies took); then the longer text; then the id."""
    grams = [ngrams(words(a.text), SOURCE_N) for a in articles]
    seen: Counter[tuple[str, ...]] = Counter(g for gs in grams for g in gs)

    def rank(k: int) -> tuple[bool, int, int, int, str]:
        a = articles[k]
        day = parse_day(a.published)
        own = sum(1 for g in grams[k] if seen[g] == 1)
        return (day is None, day or 0, own, -len(grams[k]), a.id)

    return [articles[k] for k in sorted(range(len(articles)), key=rank)]


@lru_cache(maxsize=1 << 18)
def _bucket(token: str) -> int:
    # A stable hash (Python's str hash is salted per process): results must not vary by run.
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "big") % (
        _HASH_DIM
    )


def pairs_between(
    alignments: Iterable[Alignment], x: str, y: str
) -> list[tuple[int, int, float]]:
    """(sentence of x, sentence of y, score) for every alignment between articles x and y,
    whichever way round they were stored."""
    out = []
    for al in alignments:
        if al.a == x and al.b == y:
            out.append((al.a_sentence, al.b_sentence, al.score))
        elif al.a == y and al.b == x:
            out.append((al.b_sentence, al.a_sentence, al.score))
    return sorted(out)


def by_pair(alignments: Iterable[Alignment]) -> dict[tuple[str, str], list[Alignment]]:
    """Alignments grouped by their (a, b) article pair, as stored."""
    out: dict[tuple[str, str], list[Alignment]] = defaultdict(list)
    for al in alignments:
        out[(al.a, al.b)].append(al)
    return dict(out)


def counterparts(
    alignments: Iterable[Alignment], article: str, sentence: int
) -> list[tuple[str, int, float]]:
    """Every (article, sentence, score) aligned to `sentence` of `article`, best first."""
    out = []
    for al in alignments:
        if al.a == article and al.a_sentence == sentence:
            out.append((al.b, al.b_sentence, al.score))
        elif al.b == article and al.b_sentence == sentence:
            out.append((al.a, al.a_sentence, al.score))
    return sorted(out, key=lambda t: -t[2])


