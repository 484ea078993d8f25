"""Vectors and scoring: TF-IDF vectors of an article, similarities of articles and stories.

The hot loops are plain functions over plain dicts (C-level map/sum), so speed holds."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import chain, count, repeat
from operator import add, itemgetter, mul
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from storyfold.cluster.config import (
    AGREE_MIN,
    GATE_PAIRS,
    NAMES_HELD,
    NAMES_SHARED,
    ONE_KIND,
    TOP_FEATURES,
    VECTOR_SIZE,
    WEIGHTS,
    expected_cosine,
)
from storyfold.cluster.model import Vec, _Doc, _Story
from storyfold.features import Features, Memo

if TYPE_CHECKING:
    from storyfold.cluster.clusterer import StoryClusterer

_TF_SIZE = 1024
_TF = [0.0] + [1.0 + math.log(c) for c in range(1, _TF_SIZE)]  # sublinear tf, precomputed


def _tf(count: int) -> float:
    return _TF[count] if count < _TF_SIZE else 1.0 + math.log(count)


_first = itemgetter(0)
_second = itemgetter(1)
# Vote weight of a salient feature by its rank among the article's features.
_VOTE_WEIGHTS = [1.0 / (1.0 + 0.05 * rank) for rank in range(TOP_FEATURES)]
_ZEROS = repeat(0.0)  # endless default argument for map(dict.get, keys, _ZEROS)
_K = TypeVar("_K", str, int)  # vector keys: features (str) or arrival numbers (profiles)


def _vote_weight(rank: int) -> float:
    """Vote of a salient feature by its rank among the article's features."""
    return _VOTE_WEIGHTS[rank] if rank < TOP_FEATURES else 1.0 / (1.0 + 0.05 * rank)


def _dot(a: dict[_K, float], b: dict[_K, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # map/sum run in C: several times faster than a generator over items().
    return sum(map(mul, a.values(), map(b.get, a, _ZEROS)))


def _add_into(s: Vec, v: Vec) -> None:
    """s[k] += x for every (k, x) of v, as one C-level dict.update (keys of v are
    distinct, so this is the per-key loop with the same sums and insertion order)."""
    s.update(zip(v, map(add, map(s.get, v, _ZEROS), v.values()), strict=True))


def _kinds_factor(cosines: Sequence[float | None], names_held: int = 0) -> float:
    """ONE_KIND when the channels present on both sides (two or more) agree in fewer than
    two (see AGREE_MIN), or when the names disagree though both sides hold `names_held`
    (the fewer of the two) name keys, NAMES_HELD or more; else 1."""
    present = [c for c in cosines if c is not None]
    if len(present) >= 2 and not any(c is not None and c >= AGREE_MIN for c in cosines[:2]):
        return ONE_KIND
    if _names_disagree(cosines[1], names_held):
        return ONE_KIND
    return 1.0


def _names_disagree(names: float | None, held: int, shared: int | None = None) -> bool:
    """Whether two sides that both name enough (`held` name keys each, NAMES_HELD or
    more) fail to name the same things: names cosine below AGREE_MIN, or (an article
    against a story: `shared` of its name keys in the story) fewer than NAMES_SHARED
    names in common."""
    if names is None or held < NAMES_HELD:
        return False
    return names < AGREE_MIN or (shared is not None and shared < NAMES_SHARED)


def combine(
    cosines: Sequence[float | None], weights: Sequence[float] = WEIGHTS
) -> float:
    """Weighted mean of the channel cosines that exist (None = channel empty)."""
    total = 0.0
    weight = 0.0
    for w, c in zip(weights, cosines, strict=True):
        if c is not None:
            total += w * c
            weight += w
    return total / weight if weight else 0.0



def _shadow(docs: list[_Doc]) -> _Story:
    """A scratch story of `docs` (centroid only: no index, the docs keep their story).
    Sums first, squared norms once at the end: cheaper than attaching one at a time."""
    story = _Story(id=-1, members=list(docs))
    for c in range(3):
        s = story.sums[c]
        n = 0
        for d in docs:
            v = d.vecs[c]
            if v:
                n += 1
                _add_into(s, v)
        values = s.values()
        story.norms2[c] = sum(map(mul, values, values))
        story.counts[c] = n
    ps = story.psum
    pget = ps.get
    for d in docs:
        for o, x in d.prof.items():
            ps[o] = pget(o, 0.0) + x
    pvalues = ps.values()
    story.pnorm2 = sum(map(mul, pvalues, pvalues))
    return story


def _set_profile(doc: _Doc, prof: dict[int, float]) -> None:
    doc.prof = prof
    doc.pn2 = sum(x * x for x in prof.values())


def _padd(story: _Story, key: int, x: float) -> None:
    """Add `x` to one entry of `story`'s profile sum, keeping its squared norm exact."""
    ps = story.psum
    old = ps.get(key, 0.0)
    new = old + x
    story.pnorm2 += new * new - old * old
    if abs(new) > 1e-9:
        ps[key] = new
    else:
        ps.pop(key, None)
        story.pnorm2 -= new * new
    if story.pnorm2 < 0.0:
        story.pnorm2 = 0.0




# Prefixed keys, cached: one shared string object per feature, whose hash is computed once
# (a fresh concatenation per article would be hashed again by every dict it meets).
_TERM_KEYS = Memo("t:".__add__)
_NAME_KEYS = Memo("p:".__add__)


def _channel_keys(feats: Features) -> list[tuple[list[str], Iterable[int]]]:
    """(prefixed feature keys, counts) per channel: words, names, facts."""
    facts = {**feats.numbers, **feats.dates}
    return [
        (list(map(_TERM_KEYS.__getitem__, feats.terms)), feats.terms.values()),
        (list(map(_NAME_KEYS.__getitem__, feats.names)), feats.names.values()),
        (list(facts), facts.values()),
    ]


def _feature_keys(feats: Features) -> list[str]:
    keys = ["t:" + k for k in feats.terms]
    keys.extend("p:" + k for k in feats.names)
    keys.extend(feats.numbers)
    keys.extend(feats.dates)
    return keys



def make_doc(sc: StoryClusterer,
    article_id: str,
    feats: Features,
    channels: list[tuple[list[str], Iterable[int]]] | None = None,
) -> _Doc:
    vecs, top = vectors(sc, channels or _channel_keys(feats))
    sc._order += 1
    doc = _Doc(
        id=article_id,
        order=sc._order,
        vecs=vecs,
        keys=top,
        day=feats.day,
        prof={sc._order: 1.0},
    )
    fill_flat(sc, doc)
    return doc


def fill_flat(sc: StoryClusterer, doc: _Doc) -> None:
    """Fill `doc.flat` and `doc.mask` from its vectors (the neighbour channel's form)."""
    flat: Vec = {}
    mask = 0
    if sc.snn_weight:
        for c, v in enumerate(doc.vecs):
            if v:
                mask |= 1 << c
                r = sc._root_weights[c]
                flat.update(zip(v, map(r.__mul__, v.values()), strict=True))
    doc.flat = flat
    doc.mask = mask


def vectors(sc: StoryClusterer, channels: Iterable[tuple[list[str], Iterable[int]]]
) -> tuple[tuple[Vec, Vec, Vec], list[str]]:
    """The three TF-IDF vectors (current document frequencies) and the salient keys."""
    idf_map = sc.df.idf_map
    vecs: list[Vec] = []
    weighted: list[tuple[float, str]] = []
    for channel, (keys, counts) in enumerate(channels):
        # tf * idf per key, with C-level maps (this runs for every feature); the keys
        # are distinct, so lists stand for the vector until its one dict is built.
        try:
            tfs = list(map(_TF.__getitem__, counts))
        except IndexError:  # a count beyond the table (rare): compute them all
            tfs = list(map(_tf, counts))
        values = list(map(mul, tfs, idf_map(keys)))
        if len(values) > VECTOR_SIZE[channel]:
            # The long tail of an article's vector carries little of its weight but most
            # of the cost of every dot product and of the centroids' memory.
            kept = sorted(zip(keys, values, strict=True), key=_second, reverse=True)
            del kept[VECTOR_SIZE[channel] :]
            keys = list(map(_first, kept))
            values = list(map(_second, kept))
        norm = math.sqrt(sum(map(mul, values, values)))
        if norm:
            values = list(map((1.0 / norm).__mul__, values))
        vecs.append(dict(zip(keys, values, strict=True)))
        w = sc.weights[channel]
        weighted.extend(zip(map(w.__mul__, values), keys, strict=True))
    weighted.sort(reverse=True)  # sorting in C beats heapq.nlargest at these sizes
    top = weighted[:TOP_FEATURES]
    return (vecs[0], vecs[1], vecs[2]), list(map(_second, top))


def bar(sc: StoryClusterer, rho: float, n: int, story_id: int, *, exclude: bool = False) -> float:
    """The similarity a group of `n` articles must reach with story `story_id`."""
    if not sc.size_aware:
        return rho
    story = sc._stories.get(story_id)
    m = len(story.members) - (1 if exclude else 0) if story is not None else 1
    return expected_cosine(rho, n, max(1, m))


def sim_doc(sc: StoryClusterer, doc: _Doc, story: _Story, *, exclude: bool = False) -> float:
    """Article-to-story similarity; `exclude` scores against the story without it.
    (`combine` inlined: this is the innermost call of clustering.)"""
    total = 0.0
    weight = 0.0
    kinds = 0  # channels present on both sides
    agree = 0  # of those, words or names agreeing (AGREE_MIN); facts never count here
    topical = 2  # words and names: the first two channels
    names: float | None = None  # the names cosine, when both sides have names
    for v, s, n2, w, members in zip(
        doc.vecs, story.sums, story.norms2, sc.weights, story.counts, strict=True
    ):
        topical -= 1
        if not v:
            continue
        d = sum(map(mul, v.values(), map(s.get, v, _ZEROS)))
        if exclude:
            if members <= 1:
                continue
            n2 = n2 - 2.0 * d + 1.0
            d -= 1.0
        if n2 <= 1e-12:
            continue
        kinds += 1
        cos = d / math.sqrt(n2) if d > 0.0 else 0.0
        if d > 0.0:
            total += w * cos
            if cos >= AGREE_MIN and topical >= 0:
                agree += 1
        if not topical:
            names = cos
        weight += w
    if sc.snn_weight:
        p = doc.prof
        ps = story.psum
        # (the article's short profile drives the walk, member of the story or not)
        d = sum(map(mul, p.values(), map(ps.get, p, _ZEROS)))
        n2 = story.pnorm2
        if exclude:
            n2 = n2 - 2.0 * d + doc.pn2
            d -= doc.pn2
        if n2 > 1e-12:
            if d > 0.0:
                total += sc.snn_weight * d / math.sqrt(n2 * doc.pn2)
            weight += sc.snn_weight
    if (not agree and kinds >= 2) or (names is not None and _names_disagree(
        names, min(len(doc.vecs[1]), len(story.sums[1])),
        sum(map(story.sums[1].__contains__, doc.vecs[1])),
    )):
        total *= ONE_KIND
    return total / weight if weight else 0.0


def sim_stories(sc: StoryClusterer, a: _Story, b: _Story) -> float:
    cosines: list[float | None] = []
    for c in range(3):
        if a.norms2[c] <= 1e-12 or b.norms2[c] <= 1e-12:
            cosines.append(None)
            continue
        cosines.append(_dot(a.sums[c], b.sums[c]) / math.sqrt(a.norms2[c] * b.norms2[c]))
    factor = _kinds_factor(cosines, min(len(a.sums[1]), len(b.sums[1])))
    if not sc.snn_weight:
        return factor * combine(cosines, sc.weights)
    if a.pnorm2 > 1e-12 and b.pnorm2 > 1e-12:
        cosines.append(_dot(a.psum, b.psum) / math.sqrt(a.pnorm2 * b.pnorm2))
    else:
        cosines.append(None)
    return factor * combine(cosines, (*sc.weights, sc.snn_weight))


def sim_pair(sc: StoryClusterer, a: _Doc, b: _Doc) -> float:
    """Article-to-article similarity over the three direct channels: the weighted mean
    of the channel cosines present on both sides, as one dot product of the `flat`
    vectors (sqrt-weighted, so each channel's products carry its weight) divided by
    the weight of the channels both have."""
    both = a.mask & b.mask
    weight = sc._mask_weight[both]
    if not weight:
        return 0.0
    if not GATE_PAIRS:
        return _dot(a.flat, b.flat) / weight
    # Channel by channel (about the cost of the one `flat` product: the same entries),
    # to count the channels that agree (two kinds are needed, see AGREE_MIN).
    w0, w1, w2 = sc.weights
    va, vb = a.vecs, b.vecs
    c0, c1, c2 = _dot(va[0], vb[0]), _dot(va[1], vb[1]), _dot(va[2], vb[2])
    sim = (w0 * c0 + w1 * c1 + w2 * c2) / weight
    if (both & (both - 1) and c0 < AGREE_MIN and c1 < AGREE_MIN) or (
        both & 2 and _names_disagree(c1, min(len(va[1]), len(vb[1])))
    ):
        sim *= ONE_KIND  # (two channels or more on both sides, neither words nor names;
        # or names that should meet and do not, see NAMES_HELD)
    return sim


def pair_matrix(sc: StoryClusterer, docs: Sequence[_Doc]) -> np.ndarray:
    """Article-to-article similarities among `docs`, all pairs at once (the weighted
    mean of the channel cosines present on both sides, as `_sim_pair`; 0 on the
    diagonal). One dense product per channel: a split check is rare (amortised, see
    `_refine`) and at most SPLIT_MAX_MEMBERS articles."""
    m = len(docs)
    num = np.zeros((m, m))
    den = np.zeros((m, m))
    agree = np.zeros((m, m))  # channels that agree (two kinds are needed, AGREE_MIN)
    kinds = np.zeros((m, m))  # channels present on both sides
    names_apart = np.zeros((m, m), dtype=bool)  # names that should meet and do not
    for c, w in enumerate(sc.weights):
        vecs = [d.vecs[c] for d in docs]
        # Built with C-level chains and maps: this runs for every entry of every member.
        keys = list(chain.from_iterable(vecs))
        if not keys:
            continue
        column = dict(zip(dict.fromkeys(keys), count()))
        x = np.zeros((m, len(column)))
        x[
            np.repeat(np.arange(m), list(map(len, vecs))),
            np.fromiter(map(column.__getitem__, keys), dtype=np.intp, count=len(keys)),
        ] = np.fromiter(
            chain.from_iterable(map(dict.values, vecs)), dtype=float, count=len(keys)
        )
        cos = x @ x.T
        num += w * cos
        if c < 2:  # words and names (facts alone never make a story)
            agree += cos >= AGREE_MIN
        has = np.fromiter(map(bool, vecs), dtype=float, count=m)
        if c == 1:
            held = np.fromiter(map(len, vecs), dtype=int, count=m)
            names_apart = (np.minimum.outer(held, held) >= NAMES_HELD) & (cos < AGREE_MIN)
        den += w * np.outer(has, has)
        kinds += np.outer(has, has)
    sim = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    if GATE_PAIRS:
        sim[((agree < 1) & (kinds >= 2)) | names_apart] *= ONE_KIND
    np.fill_diagonal(sim, 0.0)
    return np.maximum(sim, 0.0)
