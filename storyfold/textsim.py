"""Word-level text similarity shared by alignment, provenance and fidelity.

Tokens are lower-cased words; "content" tokens drop stopwords and are reduced by the
coarse stem (`storyfold.text.coarse_stem`: suffix strip, then a 6-letter prefix) so
"finalised"/"finalized" and "troops"/"troop" meet. Names that machine translation garbled
("Kovalsky" for "Kowalski") do not meet that way, so `soft_match` also accepts near-equal
spellings (rapidfuzz ratio).
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import process

# Function words and sentence frames carry no content: they neither anchor nor score an
# alignment.
from storyfold.names import WORD_CREDIT_MIN, WORD_CREDIT_MIN_LEN, word_credit
from storyfold.text import SENTENCE_STOPWORDS as STOPWORDS
from storyfold.text import coarse_stem

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"^\d")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case and strip accents: "Müller"/"muller", "Dvořák"/"dvorak" compare equal."""
    if text.isascii():  # most text: nothing to decompose or strip (the slow part)
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace("’", "'")


def words(text: str) -> list[str]:
    """All word tokens of `text`, folded; numbers keep their digits ("1.1" -> "1", "1")."""
    return _WORD.findall(fold(text))


def content_stems(text: str) -> list[str]:
    """Stems of the content words of `text`, in order (repeats kept)."""
    keep = [w for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return [coarse_stem(w) for w in keep]


def is_number(token: str) -> bool:
    # What _NUMBER (^\d) matches, without a regex call: \d is a Unicode decimal digit.
    return token[:1].isdecimal()


def fuzzy_ratio(a: str, b: str) -> float:
    """Normalised Indel similarity in [0, 1] of two tokens."""
    return float(word_credit(a, b))


@dataclass(slots=True)
class Bag:
    """A sentence (or text) as content stems, with the surface words they came from."""

    stems: frozenset[str]
    surface: dict[str, str] = field(default_factory=dict)  # stem -> first folded word


def bag(text: str) -> Bag:
    surface: dict[str, str] = {}
    for w in words(text):
        if w in STOPWORDS or (len(w) == 1 and not w.isdigit()):
            continue
        surface.setdefault(coarse_stem(w), w)
    return Bag(frozenset(surface), surface)


# Two tokens of at least this length whose spelling is this similar count as one word
# (with the ratio as partial credit): storyfold.names's `word_credit`, where the thresholds
# and their why live.
FUZZY_MIN_RATIO = WORD_CREDIT_MIN
FUZZY_MIN_LEN = WORD_CREDIT_MIN_LEN


def soft_coverage(x: Bag, y: Bag, weight: dict[str, float], default: float = 1.0) -> float:
    """Weighted share of x's stems found in y, exactly or (at partial credit) by spelling."""
    total = 0.0
    got = 0.0
    missing_y: list[str] | None = None
    for s in x.stems:
        w = weight.get(s, default)
        total += w
        if s in y.stems:
            got += w
            continue
        if is_number(s) or len(s) < FUZZY_MIN_LEN:
            continue
        if missing_y is None:
            missing_y = [
                y.surface.get(t, t) for t in y.stems if t not in x.stems and len(t) >= FUZZY_MIN_LEN
            ]
        if not missing_y:
            continue
        hit = process.extractOne(
            x.surface.get(s, s),
            missing_y,
            scorer=word_credit,
            score_cutoff=FUZZY_MIN_RATIO,
        )
        if hit is not None:
            got += w * float(hit[1])
    return got / total if total else 0.0


@dataclass(slots=True)
class Scoring:
    """A bag made ready for `CoverageIndex.coverage`: each stem with its weight and, when it
    may match by spelling, the surface word compared; `total` is the bag's weight; `reach`
    maps a word of the story to this bag's near-spellings of it, as (ratio, stem), best
    first."""

    stems: frozenset[str]
    items: tuple[tuple[str, float, str | None], ...]
    total: float
    reach: dict[str, list[tuple[float, str]]] | None  # None until CoverageIndex needs it
    surface: dict[str, str]


class CoverageIndex:
    """`soft_coverage` for many pairs of one story's bags: the same numbers, much faster.

    Aligning a story calls `soft_coverage` hundreds of thousands of times on the same few
    thousand sentences, and each call looked up every stem's weight and ran the fuzzy
    spelling match of each unmatched word against the other sentence's words again. Here the
    near-spellings among all the story's words (Indel ratio >= FUZZY_MIN_RATIO) are found
    once, in rapidfuzz `cdist` over the story's vocabulary, and each bag is prepared once
    (`prepare`): its weights looked up, and for every word of the story the near-spellings
    the bag holds. A call then costs a set and a dict look-up per stem.

    The sums run over the stems in the same order with the same terms, so the result is
    bit-for-bit `soft_coverage`'s: the fuzzy credit of a stem is the best ratio among y's
    words that x lacks, and the best-first list of y's near-spellings gives that max at the
    first entry x lacks."""

    def __init__(self, bags: Iterable[Bag], weight: dict[str, float], default: float = 1.0):
        self.weight = weight
        self.default = default
        queries: set[str] = set()
        choices: set[str] = set()
        stems_of: dict[str, set[str]] = {}  # surface -> the stems it stands for (one, mostly)
        for b in bags:
            for t in b.stems:
                v = b.surface.get(t, t)
                stems_of.setdefault(v, set()).add(t)
                if len(t) >= FUZZY_MIN_LEN:
                    choices.add(v)
                    if not is_number(t):
                        queries.add(v)
        # Candidate surface -> the query words spelled near it, with the ratio. A pair of
        # surfaces of one stem is left out (in numpy, as most pairs found are such, a word
        # and itself first): that stem is then in both bags, never missing.
        self.near: dict[str, list[tuple[str, float]]] = {}
        q_list, c_list = sorted(queries), sorted(choices)
        group: dict[frozenset[str], int] = {}  # the stems a surface stands for -> a number
        c_group = np.array([group.setdefault(frozenset(stems_of[v]), len(group)) for v in c_list])
        # -1: a surface of several stems (only in hand-made bags) is never left out.
        q_group = np.array(
            [
                group.setdefault(frozenset(stems_of[u]), len(group))
                if len(stems_of[u]) == 1
                else -1
                for u in q_list
            ]
        )
        # In blocks of rows: the full matrix of a large story's vocabulary would not fit.
        for start in range(0, len(q_list) if c_list else 0, 512):
            block = q_list[start : start + 512]
            ratios = process.cdist(
                block,
                c_list,
                scorer=word_credit,
                score_cutoff=FUZZY_MIN_RATIO,
                dtype=np.float64,  # the float64 soft_coverage's extractOne returns
                workers=1,
            )
            rows, cols = np.nonzero(ratios)
            keep = q_group[start + rows] != c_group[cols]
            rows, cols = rows[keep], cols[keep]
            values = ratios[rows, cols].tolist()
            for r, c, ratio in zip(rows.tolist(), cols.tolist(), values, strict=True):
                self.near.setdefault(c_list[c], []).append((block[r], ratio))

    def prepare(self, b: Bag) -> Scoring:
        """`b` with its weights looked up (in the order `soft_coverage` iterates it). Its
        near-spellings of the story's words (`Scoring.reach`) are found when first needed:
        in a story of many copies most sentences are never scored (their scores are reused
        from an identical sentence). `b` must be one of the index's bags."""
        items: list[tuple[str, float, str | None]] = []
        total = 0.0
        weight, default, surface = self.weight, self.default, b.surface
        for s in b.stems:
            w = weight.get(s, default)
            total += w
            fuzzy = len(s) >= FUZZY_MIN_LEN and not is_number(s)
            items.append((s, w, surface.get(s, s) if fuzzy else None))
        return Scoring(b.stems, tuple(items), total, None, surface)

    def _reach(self, y: Scoring) -> dict[str, list[tuple[float, str]]]:
        reach: dict[str, list[tuple[float, str]]] = {}
        near, surface = self.near, y.surface
        for t in y.stems:
            if len(t) >= FUZZY_MIN_LEN:
                for u, r in near.get(surface.get(t, t), ()):
                    if u in reach:
                        reach[u].append((r, t))
                    else:
                        reach[u] = [(r, t)]
        for lst in reach.values():
            if len(lst) > 1:
                lst.sort(reverse=True)
        y.reach = reach
        return reach

    def coverage(self, x: Scoring, y: Scoring) -> float:
        """soft_coverage(x, y, weight, default) of two bags `prepare` made."""
        got = 0.0
        xs, ys = x.stems, y.stems
        reach = y.reach if y.reach is not None else self._reach(y)
        for s, w, u in x.items:
            if s in ys:
                got += w
            elif u is not None and u in reach:
                # The best near-spelling among y's words that x lacks (soft_coverage's
                # `missing_y`).
                for r, t in reach[u]:
                    if t not in xs:
                        got += w * r
                        break
        return got / x.total if x.total else 0.0


# IDF smoothing: half a document added to each count (a stem in every sentence still has
# a finite weight), and a floor so that such a stem counts a little, never nothing.
IDF_SMOOTH = 0.5
IDF_FLOOR = 0.1


def idf_weights(docs: Iterable[Iterable[str]]) -> tuple[dict[str, float], float]:
    """Smoothed IDF of each stem over `docs` (sets of stems), and the weight of an unseen stem."""
    df: Counter[str] = Counter()
    n = 0
    for d in docs:
        n += 1
        df.update(set(d))
    weights = {t: math.log((n + 1) / (c + IDF_SMOOTH)) + IDF_FLOOR for t, c in df.items()}
    return weights, math.log((n + 1) / IDF_SMOOTH) + IDF_FLOOR


def ngrams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    if n < 1:
        return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}
    # The tuples tokens[i : i + n], built by zip in C (a set comprehension slicing each one
    # was a hot spot of provenance).
    return set(zip(*(tokens[k:] for k in range(n)), strict=False))


def containment(x: Sequence[str], y: Sequence[str], n: int) -> float:
    """Share of x's word n-grams that occur in y (Broder's containment of x in y)."""
    gx = ngrams(x, n)
    if not gx:
        return 0.0
    return len(gx & ngrams(y, n)) / len(gx)


def longest_common_run(
    x: Sequence[str],
    y: Sequence[str],
    grams: Callable[[Sequence[str], int], AbstractSet[Hashable]] = ngrams,
) -> int:
    """Length of the longest run of words x and y share (longest common substring).

    Search on the run length with n-gram set intersections (sharing a run of n words means
    sharing one of every shorter length), where the textbook DP is O(|x||y|) and too slow
    across many article pairs. `grams` lets a caller pass a cached n-gram builder (any
    hashable keys, equal exactly when the runs are: storyfold.provenance uses integer ids).

    The search gallops up from 1 (1, 2, 4, 8, ...) before bisecting: an n-gram set costs
    O(len * n) to build, and most pairs share runs of a few words, so probing n = half the
    text's length first (plain bisection) built huge sets of long tuples for nothing."""

    def shared(n: int) -> bool:
        return not grams(x, n).isdisjoint(grams(y, n))

    lo, hi = 0, min(len(x), len(y))
    probe = 1
    while probe <= hi and shared(probe):
        lo = probe
        probe *= 2
    hi = min(hi, probe - 1)  # `probe` failed (or is past the shorter text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if shared(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def longest_increasing(seq: Sequence[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for v in seq:
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
        else:
            tails[k] = v
    return len(tails)
