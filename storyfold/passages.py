"""A passage index: copies that share a passage end in one story.

Clustering weighs what whole articles are about, so a text that pastes a long passage of
another, but cuts it down or adds its own material around it, can land in a story of its
own: on the Clough reuse set, 6 of the 38 answers were split from the source text they
copy. A verbatim run of PASSAGE_WORDS words does not happen by chance between two reports
written independently (on ECB+, whose stories come in pairs of same-kind events, articles
of different stories share runs of at most 15 words: agency names, a player's season line),
so stories whose articles share one are joined after clustering.

How, in memory a fraction of the text's: each article's word PASSAGE_N-grams are hashed
and winnowed (Schleimer, Wilkerson and Aiken 2003: the smallest hash of every window of
WINNOW consecutive shingles is kept), which guarantees that two texts sharing a run of
PASSAGE_N + WINNOW - 1 = PASSAGE_WORDS words share a kept hash. Articles of different
stories that share a kept hash are candidates, confirmed when they share a PASSAGE_WORDS-gram.
A kept hash found in more than MAX_STORIES stories is boilerplate (a disclaimer, a standard
paragraph), not a passage, and is skipped; dated articles further apart than the clustering
window are not joined (copies of one report appear within days).
"""

from __future__ import annotations

import itertools
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from storyfold.cluster import WINDOW_DAYS
from storyfold.disjoint import DisjointSets
from storyfold.features import parse_day
from storyfold.records import Article
from storyfold.textsim import words

# Words in a shingle, and in the shortest shared run that counts as a copied passage.
PASSAGE_N = 8
PASSAGE_WORDS = 20
WINNOW = PASSAGE_WORDS - PASSAGE_N + 1
# A kept hash in more stories than this is boilerplate shared by unrelated texts.
MAX_STORIES = 4
# Articles of one story kept per hash: a passage republished by hundreds of one story's
# articles needs only a few of them to find the other story's copy.
PER_STORY = 8


@dataclass(frozen=True)
class Fingerprint:
    """What the passage index keeps of one article: its kept shingle hashes and its day.
    Computed where the article is (a worker, a Spark executor); the join needs only these,
    and the texts of the few candidate pairs to confirm."""

    id: str
    day: int | None
    hashes: frozenset[int]


def fingerprint(article: Article) -> Fingerprint:
    hashes = frozenset(_winnowed(words_of(article)))
    return Fingerprint(article.id, parse_day(article.published), hashes)


def join_shared(articles: Sequence[Article], groups: list[list[str]]) -> list[list[str]]:
    """`groups` (article ids per story) with stories joined where two of their articles
    share a passage of at least PASSAGE_WORDS words. A joined story takes the place of its
    first group, its members in input order."""
    if len(groups) < 2:
        return groups
    placed = {i for ids in groups for i in ids}
    by_id = {a.id: a for a in articles if a.id in placed}
    prints = [fingerprint(a) for a in by_id.values()]
    order = [a.id for a in articles]
    return join_prints(
        prints, groups, order, lambda wanted: {i: words_of(by_id[i]) for i in wanted}
    )


def join_prints(
    prints: Iterable[Fingerprint],
    groups: list[list[str]],
    order: Sequence[str],
    tokens_of: Callable[[set[str]], dict[str, list[str]]],
) -> list[list[str]]:
    """`join_shared` from fingerprints; `tokens_of` gives the words of the candidate
    articles (the only texts the join reads), `order` the input order of article ids."""
    if len(groups) < 2:
        return groups
    story_of = {i: k for k, ids in enumerate(groups) for i in ids}
    holders: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    days: dict[str, int | None] = {}
    for p in prints:
        if p.id not in story_of:
            continue
        days[p.id] = p.day
        for h in p.hashes:
            held = holders[h][story_of[p.id]]
            if len(held) < PER_STORY:
                held.append(p.id)
    candidates: set[tuple[str, str]] = set()
    for stories in holders.values():
        if 1 < len(stories) <= MAX_STORIES:
            for s, t in itertools.combinations(sorted(stories), 2):
                candidates.update((x, y) for x in stories[s] for y in stories[t])
    candidates = {(x, y) for x, y in candidates if _near_in_time(days[x], days[y])}
    if not candidates:
        return groups
    tokens = tokens_of({i for pair in candidates for i in pair})
    runs: dict[str, set[int]] = {}
    joined: DisjointSets[int] = DisjointSets(range(len(groups)))
    for x, y in sorted(candidates):
        sx, sy = story_of[x], story_of[y]
        if joined.find(sx) == joined.find(sy):
            continue
        for i in (x, y):
            if i not in runs:
                runs[i] = _grams(tokens[i], PASSAGE_WORDS)
        if runs[x] & runs[y]:
            joined.union(sy, sx)
    if all(joined.find(k) == k for k in range(len(groups))):
        return groups
    merged: dict[int, list[list[str]]] = {}
    for k, ids in enumerate(groups):
        merged.setdefault(joined.find(k), []).append(ids)
    rank = {i: n for n, i in enumerate(order)}
    return [
        parts[0] if len(parts) == 1
        else sorted((i for ids in parts for i in ids), key=lambda i: rank.get(i, len(rank)))
        for parts in merged.values()
    ]


def words_of(article: Article) -> list[str]:
    return words(article.text or article.raw)


def _hash(gram: list[str]) -> int:
    # Stable across processes (Python's str hash is salted per process, and Spark computes
    # fingerprints on executors); collisions only add candidates, which the run check drops.
    return zlib.crc32("\x1f".join(gram).encode("utf-8"))


def _grams(w: list[str], n: int) -> set[int]:
    return {_hash(w[k : k + n]) for k in range(len(w) - n + 1)}


def _winnowed(w: list[str]) -> set[int]:
    """The smallest shingle hash of every window of WINNOW consecutive shingles (none for a
    text shorter than a passage)."""
    hashes = [_hash(w[k : k + PASSAGE_N]) for k in range(len(w) - PASSAGE_N + 1)]
    return {min(hashes[k : k + WINNOW]) for k in range(len(hashes) - WINNOW + 1)}


def _near_in_time(a: int | None, b: int | None) -> bool:
    return a is None or b is None or abs(a - b) <= WINDOW_DAYS
