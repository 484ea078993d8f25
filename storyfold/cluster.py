"""Streaming story clustering: each arriving article joins a story or opens a new one.

How it works
------------
* Every article becomes three L2-normalised TF-IDF vectors (see `storyfold.features`):
  *words* (stemmed content words), *names* (spelling-tolerant name keys) and *facts*
  (numbers and dates). Document frequencies are kept incrementally.
* A story keeps the sum of its members' vectors (its centroid, unnormalised) and the
  squared norm of that sum, updated in O(|article|) when a member joins or leaves.
* Similarity of an article (or a story) to a story = the mean over channels of the
  centroid cosine. Numbers and dates weigh as much as words and names: two earthquakes
  share every word of an earthquake report but not the magnitude, the toll or the date.
  A channel empty on either side is left out of the mean rather than counted as 0.
* Facts alone make no story: when two or more of the direct channels are present on both
  sides but neither words nor names reach a cosine of AGREE_MIN, the similarity counts
  ONE_KIND times its value (article to story, story to story, article to article for
  neighbour lists and split graphs). List numbers and years alone do not make two pages
  one story.
* Bars are pairwise similarities turned into the centroid cosine expected for the group
  sizes compared (`_expected_cosine`): a centroid cosine grows with story size as noise
  averages out, so a fixed bar would be strict for a story's second article and lax for
  its fiftieth. Without refinement the attach bar is held at its five-article value
  instead (nothing can undo an early wrong pairing).
* A fourth channel, shared neighbours (`snn_weight` > 0; `cluster_articles` turns it on,
  a plain `StoryClusterer` leaves it off because in an endless stream it did not pay for
  its cost): an article's profile is {itself: 1, each of its nearest articles:
  similarity}, a story keeps the sum of its members' profiles, and the profile cosine
  joins the mean. Articles of one incident share neighbours even where their own words
  overlap little. With refinement each held article keeps its NEIGHBOURS nearest held
  articles (an article-level index, bounded per arrival, symmetric updates) and `settle`
  recomputes them over the whole batch; without refinement `cluster_articles` computes
  them over the whole batch before the first placement (`batch_profiles`).
* Candidate stories come from an inverted index over salient features (the highest
  TF-IDF features of each member, by channel). Posting lists are capped: a feature whose
  list fills up is a *stop-feature*, neither queried nor extended, so one arrival costs
  about the same however many stories exist. A stop-feature is indexed again once it was
  stopped longer ago than the horizons below: what is common in one period (a name in
  every story of a busy week) can be rare and telling again later.
* Time window: when both the article and a story have dates, a story whose date range is
  more than `window_days` away is no candidate; stories that fall two windows behind the
  stream's date are retired. The stream's date is the newest date seen, except that a jump
  of more than a window waits for a second article, so one article dated years ahead
  cannot retire every live story. Undated articles match any live story; for retirement an
  undated article counts as of the stream's date when it arrived, so in a dated stream it
  leaves with the articles of its time. Any story, dated or not, that has received no
  article in the last `idle_arrivals` arrivals (IDLE_ARRIVALS, 50,000) is retired too:
  the bound for undated streams.
* A story still being fed (a running topic) loses its members one by one as they pass the
  same horizons (dated two windows behind the stream's date, or arrived `idle_arrivals`
  ago): they leave its centroid, profile sum and indexes but their ids stay in its group,
  through merges, splits (with the part that keeps the story id) and its retirement. A
  story retires as a whole when every member has aged out; its centroid, window and
  refinement follow its recent coverage. Checked by the same scans, so amortised O(1).
* Retiring a story (or peeling a member) releases its members' vectors, its centroid,
  its postings in both indexes and, for articles that counted themselves into the document
  frequencies (`add_features(count_df=True)`, what a plain stream does), their counts:
  entries that reach 0 are deleted. So in a stream IDF is over the articles held in the
  window, and nothing kept grows with the whole stream except the retired ids (the result).
  A batch (`cluster_articles`) primes the frequencies with the whole batch and keeps them.

Refinement (``refine=True``)
---------------------------
After each arrival only the stories it touched are re-checked, at bounded cost:
* **merge**: the story the article joined is compared, story centroid to story centroid,
  with the other candidates the article nearly joined (3/4 of the bar or more); whole
  stories are far more reliable evidence than one article, so two halves of a story
  opened by an unlucky order meet again.
* **split**: each time a story has doubled since its last check (amortised O(1) checks
  per arrival), its members are re-scored against the rest of the story (leave-one-out);
  a member that fits the rest less than the merge bar asks is offered its best other
  story and moves when it fits that one better (fit = similarity over the bar for the
  story's size: an article that joined early, before the story of its own incident
  existed, goes home once that story has grown) or leaves when it fits nothing; and the
  story is bisected (a normalised spectral cut of its members' similarity graph, 6 to
  SPLIT_MAX_MEMBERS members) and split when its two halves are less alike than the split
  bar. (With ALWAYS_BISECT off the bisection is skipped when every member fits the rest at
  the merge bar; near-copies vouching for each other pass that test while glued.)
* **settle** (`StoryClusterer.settle`, run by `cluster_articles` once a batch has ended):
  the same re-placement for every held article (lone ones included), a k-means style
  pass over live stories repeated until nothing moves; with the neighbour channel, the
  neighbour lists are first recomputed over the whole batch. In a stream (articles that
  counted their own document frequencies) a settle first re-weighs every held article
  with the frequencies as they are now (REWEIGH; the first arrivals were weighed against
  a handful of documents) and borrows the neighbour channel for the read point
  (SETTLE_NEIGHBOURS), so a read point is placed as a batch of the held articles would.

Partitioning (for parallel or sharded use)
------------------------------------------
Memory is linear in the articles held in the window: per article three vectors of at
most `VECTOR_SIZE` entries plus its share of its story's centroid and index postings, the
list of its counted feature keys (~120, shared strings) and their document-frequency
entries (and, with the neighbour channel, a merged vector, a profile of NEIGHBOURS entries
and at most TOP_FEATURES article-index entries). Measured on the dated 50k-article bench
stream (`bench/bench_cluster.py`): what is held is the same at 25k and at 50k articles
(a few hundred articles, a few thousand DF entries; see bench/README.md), and a story fed
every day for 30 windows holds two windows of members (bench "running topic").

Candidate generation and scoring only read (a) stories whose date range lies within the
window of the article and (b) posting lists of the article's own salient features. A
batch can therefore be sharded by time (`storyfold.shards.cluster_sharded`): partitioned
by `published` into windows that overlap by two `window_days`, each clustered on its own
(in parallel processes), stories that share an article in an overlap joined. Within a
window, the index can be split by feature hash: each shard owns the posting lists of its
features and returns (story, partial score) pairs that the coordinator sums to rank
candidates; scoring then needs only the candidates' centroids. Document frequencies are
additive counts and can be merged across shards (and, as in one stream, subtracted when a
shard retires a story).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, count, repeat
from operator import add, itemgetter, mul, sub
from typing import Any, TypeVar

import numpy as np

from storyfold.features import DocFreq, Features, Memo, article_features
from storyfold.records import Article

Vec = dict[str, float]

# Channel weights: words, names, facts (numbers + dates): equal, none is privileged.
WEIGHTS = (0.34, 0.33, 0.33)
# Bars are *pairwise* similarities, turned into the centroid cosine expected for the sizes
# involved (`_expected_cosine`), so they mean the same for a singleton and a big story.
# THRESHOLD: an article joins a story whose members it resembles at least as much as a
# weakly related pair of reports (unrelated news pairs score below ~0.1 on TF-IDF).
THRESHOLD = 0.12
# A same-story decision needs agreement on what the story is about, not only on figures:
# when two or more of the direct channels (words, names, facts) are present on both sides,
# the words or the names must reach a cosine of AGREE_MIN, or the similarity counts
# ONE_KIND times its value (0: none). Figures and dates
# alone are too easily met by chance: 17 of 19 merges of 200 unrelated web pages were
# list numbers and years and nothing else. Asking two of the three channels instead (words
# and names, or words and facts) also split heavy rewrites from their source (Clough reuse,
# tests/test_provenance.py) and cost ECB+ on raw text 0.963 -> 0.949 (shuffle 1).
AGREE_MIN = 0.1
ONE_KIND = 0.0
GATE_PAIRS = True
# MERGE_THRESHOLD: two stories merge when their members are pairwise as alike as a typical
# pair of reports of one event (~0.25 and up); whole stories are far less noisy evidence
# than single articles, so this bar can be strict. SPLIT_THRESHOLD: a story splits when
# its two best halves are less alike than an article needs to join; the gap to the merge
# bar is hysteresis, so a story is not split and merged back on the next arrival.
MERGE_THRESHOLD = 0.25
SPLIT_THRESHOLD = 0.12
WINDOW_DAYS = 10  # copies of one report appear within days; a news week plus slack
# A live story that has received no article in the last IDLE_ARRIVALS arrivals is retired
# whatever its dates: the only bound on memory for undated articles (and for a stream whose
# dates stop advancing). 50,000 arrivals are a few days of a large news feed (~10-20k
# articles a day), longer than copies of one report keep coming; at ~6.5 KB a held article
# (measured, DF share included) an undated stream holds ~0.4 GB at most (1.25 x the
# horizon: checked every IDLE_ARRIVALS // 4 arrivals, amortised O(1)), stories still being
# fed included (their members older than the horizon are peeled off, see `_peel`). A dated
# stream of ordinary rate retires by date long before; ECB+ (535 articles) and the 50k
# benchmark never reach it.
IDLE_ARRIVALS = 50_000
# The stream's date, which retirement counts back from, follows the newest date seen, but
# a jump of more than a window needs a second article: it moves to the second newest date
# among the latest CLOCK_SPAN dated arrivals. One article dated years ahead (a typo, a bad
# feed) would otherwise retire every live story at once. It never goes back.
CLOCK_SPAN = 64
TOP_FEATURES = 16  # salient features per article used to query and fill the index
VECTOR_SIZE = (48, 32, 32)  # features kept per article vector, by channel
MAX_CANDIDATES = 4  # stories fully scored per arrival
MERGE_CANDIDATES = 3  # near-miss stories checked for a merge after each arrival
MAX_POSTINGS = 400  # a posting list this long marks a stop-feature
SPLIT_GROWTH = 2.0  # re-check a story for splits each time it grows by this factor
SPLIT_MAX_MEMBERS = 200  # bisection is skipped above this size (cost bound)
ALWAYS_BISECT = False  # see `_recheck` (on: ECB+ shuffle 2 via fold 0.958 -> 0.948)
REWEIGH = True  # see `_reweigh`
SETTLE_NEIGHBOURS = True  # see `settle`
# `cluster_articles`: re-placement passes after the last arrival, until no article moves
# (a cap; each pass moves articles whose stories changed in the pass before).
SETTLE_ROUNDS = 8
# Shared-neighbour channel: each held article keeps its NEIGHBOURS most similar held
# articles; its *profile* is {itself: 1, each neighbour: similarity}. Two articles of one
# incident share neighbours even when their own words overlap little, and two incidents of
# one kind share few, so the profile cosine separates what the three direct channels
# confuse. It is a fourth channel of the similarity, with weight SNN_WEIGHT.
NEIGHBOURS = 8
SNN_WEIGHT = 0.5
NEIGHBOUR_SCORED = 12  # articles fully scored per arrival to find its neighbours
DOC_POSTINGS = 16  # article-level index: the most recent articles kept per feature
# When a batch is known (`cluster_articles`), neighbours are taken exactly over all of it:
# without refinement before the first placement (an article placed once cannot wait for
# the reports that arrive after it; `batch_profiles`), with refinement when the batch has
# ended (`settle`; the streaming lists only saw each article's past and a bounded sample).
# BATCH_NEIGHBOURS is about one story's worth: more reach into the other incident of the
# same kind. Without refinement the profile channel weighs as much as the three direct
# channels together (BATCH_SNN_WEIGHT): it is the only second look an arrival gets.
BATCH_NEIGHBOURS = 10
BATCH_SNN_WEIGHT = 1.0


@dataclass(slots=True, eq=False)  # identity equality: `in` and `remove` stay C-fast
class _Doc:
    id: str
    order: int
    vecs: tuple[Vec, Vec, Vec]
    keys: list[str]  # salient features, best first
    day: int | None
    # The day it counts as for ageing out: its date, or for an undated article the stream's
    # date when it arrived (None before any date was seen).
    age: int | None = None
    story: int = -1
    # Features this article counted into the document frequencies (`add_features` with
    # count_df=True), to take back out when it is retired; None when it counted none (batch
    # mode primes the frequencies with `observe` and keeps them).
    counted: list[str] | None = None
    # Shared-neighbour profile: arrival order -> similarity, itself included at 1.0. Keyed
    # by order, not by object, so a retired neighbour is not kept alive.
    prof: dict[int, float] = field(default_factory=dict)
    pn2: float = 1.0  # squared norm of `prof`
    # The three vectors in one dict, channel c scaled by sqrt(weight c) (channel keys are
    # disjoint), and a bit per non-empty channel: an article-to-article similarity is then
    # one dot product (see `_sim_pair`).
    flat: Vec = field(default_factory=dict)
    mask: int = 0
    # Counts of the `counted` keys, by channel (same order), so a stream can weigh the
    # article again with the document frequencies of a later read point (`_reweigh`).
    tf: tuple[list[int], list[int], list[int]] | None = None


@dataclass(slots=True, eq=False)  # identity equality: `in` and `remove` stay C-fast
class _Story:
    id: int
    members: list[_Doc] = field(default_factory=list)
    sums: tuple[Vec, Vec, Vec] = field(default_factory=lambda: ({}, {}, {}))
    norms2: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])  # members with channel
    first: int | None = None  # date range of the dated members (the time window)
    last: int | None = None
    # Range of the members' ageing days (`_Doc.age`): undated members included, so a story
    # retires, and a member is peeled, by the date the stream had when it arrived.
    aged_first: int | None = None
    aged_last: int | None = None
    newest: int = 0  # arrival number of the latest-arrived member (idle retirement)
    # Arrival number of the earliest-arrived live member, or lower (a member that moves
    # away leaves it stale): when it falls behind the idle horizon, old members are peeled.
    oldest: int = 0
    # Members peeled off because they aged out while the story kept being fed (`_peel`):
    # (arrival number, id), kept only for the result, which still shows them in the story.
    gone: list[tuple[int, str]] = field(default_factory=list)
    indexed: set[str] = field(default_factory=set)
    psum: dict[int, float] = field(default_factory=dict)  # sum of members' profiles
    pnorm2: float = 0.0
    checked_size: int = 1
    alive: bool = True


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


def _kinds_factor(cosines: Sequence[float | None]) -> float:
    """ONE_KIND when the channels present on both sides (two or more) agree in fewer than
    two (see AGREE_MIN), else 1."""
    present = [c for c in cosines if c is not None]
    if len(present) >= 2 and not any(c is not None and c >= AGREE_MIN for c in cosines[:2]):
        return ONE_KIND
    return 1.0


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


class StoryClusterer:
    """Cluster a stream of articles into stories; `add` one at a time, read `stories()`.

    >>> sc = StoryClusterer()
    >>> story_id = sc.add(article)          # doctest: +SKIP
    >>> sc.stories()                        # [[article ids], ...]  doctest: +SKIP
    """

    def __init__(
        self,
        *,
        refine: bool = True,
        threshold: float | None = None,
        merge_threshold: float = MERGE_THRESHOLD,
        split_threshold: float = SPLIT_THRESHOLD,
        weights: Sequence[float] = WEIGHTS,
        window_days: int = WINDOW_DAYS,
        size_aware: bool | None = None,
        docfreq: DocFreq | None = None,
        snn_weight: float = 0.0,
        idle_arrivals: int | None = IDLE_ARRIVALS,
        keep_retired: bool = True,
    ) -> None:
        self.refine = refine
        # The ids of retired stories and aged-out members, for `stories()`. A consumer that
        # follows placements and `moves` as they happen (`storyfold stream`) does not need
        # them, and without them nothing held grows with the whole stream.
        self.keep_retired = keep_retired
        # The neighbour channel (weight > 0) is off by default: its lists pay off when a
        # batch ends with `settle` (ECB+, default mode over ten shuffles: 0.957 with it,
        # 0.944 without), not in a pure stream (0.918 with, 0.919 without), where they cost
        # about a third more clustering time. `cluster_articles` turns it on.
        self.snn_weight = snn_weight
        # Without refinement nothing is revisited, so the bar does not drop to the pairwise
        # level for singletons: it is held at its value for a typical five-article story.
        self.size_aware = refine if size_aware is None else size_aware
        if threshold is None:
            threshold = THRESHOLD if self.size_aware else _expected_cosine(THRESHOLD, 1, 5)
        self.weights = tuple(weights)
        self._root_weights = [math.sqrt(w) for w in self.weights]
        # Total weight of the channels in a bit mask of channels (see `_sim_pair`).
        self._mask_weight = [
            sum(w for c, w in enumerate(self.weights) if m >> c & 1) for m in range(8)
        ]
        self.split_threshold = split_threshold
        self.threshold = threshold
        self.merge_threshold = merge_threshold
        self.window_days = window_days
        self.idle_arrivals = idle_arrivals  # None: stories retire by date only
        self._idle_step = max(1, idle_arrivals // 4) if idle_arrivals else 0
        self.df = docfreq or DocFreq()
        self._stories: dict[int, _Story] = {}
        self._retired: list[list[tuple[int, str]]] = []
        self._index: dict[str, set[int]] = {}
        self._doc_index: dict[str, list[_Doc]] = {}
        self._preset: dict[str, dict[int, float]] = {}
        # Stop-features (see `_index_keys`), with (arrival number, stream's date) when each
        # was stopped: released after the horizons whole stories retire at, so a feature
        # common in one period is indexed again once that period has passed.
        self._stop: dict[str, tuple[int, int | None]] = {}
        self._next_story = 0
        self._order = 0
        self._today: int | None = None  # the stream's date (see CLOCK_SPAN)
        self._recent_days: deque[int] = deque(maxlen=CLOCK_SPAN)
        # Articles whose story changed since the latest `add_features` or `settle` began,
        # with the story each had before (-1: it was arriving): see `moves`.
        self._moved: dict[_Doc, int] = {}
        self._moved_gone: dict[str, int] = {}  # peeled ids carried along by a merge

    # ---------------------------------------------------------------- public API
    def add(self, article: Article, features: Features | None = None) -> int:
        """Place one article; return the id of the story it is in right after arrival."""
        if features is None:
            features = article_features(article)
        return self.add_features(article.id, features)

    def observe(self, feats: Features) -> None:
        """Count a document's features in the document frequencies without placing it
        (to warm up IDF when a batch is known in advance)."""
        self.df.add(_feature_keys(feats))

    def set_profiles(self, profiles: dict[str, dict[int, float]]) -> None:
        """Fixed neighbour profiles by article id (see `batch_profiles`), used instead of
        the neighbours found among the articles held so far."""
        self._preset = profiles

    def add_features(self, article_id: str, feats: Features, *, count_df: bool = True) -> int:
        self._moved.clear()
        self._moved_gone.clear()
        channels = _channel_keys(feats)
        counted = None
        if count_df:
            # One list of the three channels' (distinct, cached) keys: counted now, and kept
            # by the article so retiring it can take exactly these back out.
            counted = [*channels[0][0], *channels[1][0], *channels[2][0]]
            self.df.add(counted)
        doc = self._make_doc(article_id, feats, channels)
        doc.counted = counted
        if counted is not None:
            doc.tf = (list(channels[0][1]), list(channels[1][1]), list(channels[2][1]))
        if doc.day is not None:
            self._recent_days.append(doc.day)
            today = self._today
            if today is None or doc.day <= today + self.window_days:
                new = doc.day
            else:
                new = sorted(self._recent_days)[-2]  # a big jump, once two articles make it
            if today is None or new > today:
                self._today = new
                self._retire_old()
        doc.age = doc.day if doc.day is not None else self._today
        if self._idle_step and doc.order % self._idle_step == 0:
            self._retire_idle()
        preset = self._preset.get(article_id) if self._preset else None
        if preset is not None:
            _set_profile(doc, dict(preset))
        else:
            self._neighbours(doc)
        scored = self._candidates(doc)
        if scored and scored[0][0] >= self._bar(self.threshold, 1, scored[0][1]):
            story = self._stories[scored[0][1]]
            self._attach(doc, story)
        else:
            story = self._open(doc)
        if self.refine:
            self._refine(story, scored)
        return doc.story

    def moves(self) -> list[tuple[str, int]]:
        """(article id, story id) of held articles that changed story during the latest
        `add` (its refinement: merges, splits, re-placed members) or `settle`: what a
        consumer of the stream must update besides the arrival itself. When two stories
        merge, the members of the one that goes (aged-out ones included) are reported moved
        to the one that stays."""
        moved = [
            (d.id, d.story)
            for d, was in self._moved.items()
            if was != -1 and d.story != -1 and d.story != was
        ]
        moved.extend(self._moved_gone.items())
        return moved

    def held(self) -> int:
        """Articles held in memory (in live stories); retired stories keep only their ids."""
        return sum(len(s.members) for s in self._stories.values())

    def stories(self) -> list[list[str]]:
        """Article ids per story (retired and live), stories by first arrival, members in
        arrival order. A live story's peeled (aged-out) members are in its group. With
        `keep_retired=False`, only the articles still held."""
        groups: list[list[tuple[int, str]]] = list(self._retired)
        for s in self._stories.values():
            groups.append([*s.gone, *((d.order, d.id) for d in s.members)])
        groups = [sorted(g) for g in groups if g]
        groups.sort(key=lambda g: g[0][0])
        return [[i for _, i in g] for g in groups]

    # ---------------------------------------------------------------- vectors
    def _make_doc(
        self,
        article_id: str,
        feats: Features,
        channels: list[tuple[list[str], Iterable[int]]] | None = None,
    ) -> _Doc:
        vecs, top = self._vectors(channels or _channel_keys(feats))
        self._order += 1
        doc = _Doc(
            id=article_id,
            order=self._order,
            vecs=vecs,
            keys=top,
            day=feats.day,
            prof={self._order: 1.0},
        )
        self._fill_flat(doc)
        return doc

    def _fill_flat(self, doc: _Doc) -> None:
        """Fill `doc.flat` and `doc.mask` from its vectors (the neighbour channel's form)."""
        flat: Vec = {}
        mask = 0
        if self.snn_weight:
            for c, v in enumerate(doc.vecs):
                if v:
                    mask |= 1 << c
                    r = self._root_weights[c]
                    flat.update(zip(v, map(r.__mul__, v.values()), strict=True))
        doc.flat = flat
        doc.mask = mask

    def _vectors(
        self, channels: Iterable[tuple[list[str], Iterable[int]]]
    ) -> tuple[tuple[Vec, Vec, Vec], list[str]]:
        """The three TF-IDF vectors (current document frequencies) and the salient keys."""
        idf_map = self.df.idf_map
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
            w = self.weights[channel]
            weighted.extend(zip(map(w.__mul__, values), keys, strict=True))
        weighted.sort(reverse=True)  # sorting in C beats heapq.nlargest at these sizes
        top = weighted[:TOP_FEATURES]
        return (vecs[0], vecs[1], vecs[2]), list(map(_second, top))

    def _bar(self, rho: float, n: int, story_id: int, *, exclude: bool = False) -> float:
        """The similarity a group of `n` articles must reach with story `story_id`."""
        if not self.size_aware:
            return rho
        story = self._stories.get(story_id)
        m = len(story.members) - (1 if exclude else 0) if story is not None else 1
        return _expected_cosine(rho, n, max(1, m))

    def _sim_doc(self, doc: _Doc, story: _Story, *, exclude: bool = False) -> float:
        """Article-to-story similarity; `exclude` scores against the story without it.
        (`combine` inlined: this is the innermost call of clustering.)"""
        total = 0.0
        weight = 0.0
        kinds = 0  # channels present on both sides
        agree = 0  # of those, words or names agreeing (AGREE_MIN); facts never count here
        topical = 2  # words and names: the first two channels
        for v, s, n2, w, members in zip(
            doc.vecs, story.sums, story.norms2, self.weights, story.counts, strict=True
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
            if d > 0.0:
                cos = d / math.sqrt(n2)
                total += w * cos
                if cos >= AGREE_MIN and topical >= 0:
                    agree += 1
            weight += w
        if self.snn_weight:
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
                    total += self.snn_weight * d / math.sqrt(n2 * doc.pn2)
                weight += self.snn_weight
        if not agree and kinds >= 2:
            total *= ONE_KIND
        return total / weight if weight else 0.0

    def _sim_stories(self, a: _Story, b: _Story) -> float:
        cosines: list[float | None] = []
        for c in range(3):
            if a.norms2[c] <= 1e-12 or b.norms2[c] <= 1e-12:
                cosines.append(None)
                continue
            cosines.append(_dot(a.sums[c], b.sums[c]) / math.sqrt(a.norms2[c] * b.norms2[c]))
        factor = _kinds_factor(cosines)
        if not self.snn_weight:
            return factor * combine(cosines, self.weights)
        if a.pnorm2 > 1e-12 and b.pnorm2 > 1e-12:
            cosines.append(_dot(a.psum, b.psum) / math.sqrt(a.pnorm2 * b.pnorm2))
        else:
            cosines.append(None)
        return factor * combine(cosines, (*self.weights, self.snn_weight))

    # ---------------------------------------------------------------- neighbours
    def _sim_pair(self, a: _Doc, b: _Doc) -> float:
        """Article-to-article similarity over the three direct channels: the weighted mean
        of the channel cosines present on both sides, as one dot product of the `flat`
        vectors (sqrt-weighted, so each channel's products carry its weight) divided by
        the weight of the channels both have."""
        both = a.mask & b.mask
        weight = self._mask_weight[both]
        if not weight:
            return 0.0
        if not GATE_PAIRS:
            return _dot(a.flat, b.flat) / weight
        # Channel by channel (about the cost of the one `flat` product: the same entries),
        # to count the channels that agree (two kinds are needed, see AGREE_MIN).
        w0, w1, w2 = self.weights
        va, vb = a.vecs, b.vecs
        c0, c1, c2 = _dot(va[0], vb[0]), _dot(va[1], vb[1]), _dot(va[2], vb[2])
        sim = (w0 * c0 + w1 * c1 + w2 * c2) / weight
        if both & (both - 1) and c0 < AGREE_MIN and c1 < AGREE_MIN:
            sim *= ONE_KIND  # (two channels or more on both sides, neither words nor names)
        return sim

    def _neighbours(self, doc: _Doc) -> None:
        """Find `doc`'s nearest held articles, fill its profile, and enter `doc` into the
        profiles of those it is nearer to than their current farthest neighbour.

        Bounded per arrival: candidates come from an article-level index whose postings keep
        only the most recent DOC_POSTINGS articles per feature, NEIGHBOUR_SCORED of them are
        scored, and at most NEIGHBOURS profiles change."""
        if not self.snn_weight:
            return
        index = self._doc_index
        stop = self._stop
        votes: Counter[_Doc] = Counter()
        for k in doc.keys:
            posting = index.get(k)
            if posting and k not in stop:
                votes.update(posting)  # counted in C
        day = doc.day
        window = self.window_days
        scored: list[tuple[float, _Doc]] = []
        for other, _ in votes.most_common(NEIGHBOUR_SCORED):
            if day is not None and other.day is not None and abs(other.day - day) > window:
                continue
            sim = self._sim_pair(doc, other)
            if sim > 0.0:
                scored.append((sim, other))
        scored.sort(key=_first, reverse=True)
        prof = doc.prof
        for sim, other in scored[:NEIGHBOURS]:
            prof[other.order] = sim
            doc.pn2 += sim * sim
            # Symmetric update: `doc` enters `other`'s profile if it beats the farthest.
            oprof = other.prof
            story = self._stories.get(other.story)
            if len(oprof) > NEIGHBOURS:
                # Its own entry (1.0) is never below a neighbour's, so a plain min (in C)
                # finds the farthest neighbour; on a tie at 1.0 the check below skips.
                far = min(oprof, key=oprof.__getitem__)
                if oprof[far] >= sim:
                    continue
                fsim = oprof.pop(far)
                other.pn2 -= fsim * fsim
                if story is not None:
                    _padd(story, far, -fsim)
            oprof[doc.order] = sim
            other.pn2 += sim * sim
            if story is not None:
                _padd(story, doc.order, sim)
        for k in doc.keys:
            if k in stop:
                continue
            posting = index.get(k)
            if posting is None:
                index[k] = [doc]
            else:
                posting.append(doc)
                if len(posting) > DOC_POSTINGS:
                    del posting[0]

    def _refresh_profiles(self) -> None:
        """Replace every held article's streaming neighbour list by its exact one among the
        held articles (see `_nearest_profiles`), and rebuild the stories' profile sums."""
        docs = [d for s in self._stories.values() for d in s.members]
        for d, prof in zip(docs, _nearest_profiles(self, docs), strict=True):
            _set_profile(d, prof)
        for story in self._stories.values():
            story.psum = {}
            story.pnorm2 = 0.0
            for d in story.members:
                for o, x in d.prof.items():
                    _padd(story, o, x)

    def _unindex_doc(self, doc: _Doc) -> None:
        index = self._doc_index
        for k in doc.keys:
            posting = index.get(k)
            if posting is not None and doc in posting:
                posting.remove(doc)
                if not posting:
                    del index[k]

    # ---------------------------------------------------------------- candidates
    def _in_window(self, day: int | None, story: _Story) -> bool:
        if day is None or story.first is None or story.last is None:
            return True
        return story.first - self.window_days <= day <= story.last + self.window_days

    def _candidate_ids(self, keys: Iterable[str], day: int | None, skip: int = -1) -> list[int]:
        votes: dict[int, float] = {}
        get = votes.get
        index = self._index
        for rank, k in enumerate(keys):
            posting = index.get(k)
            if not posting:  # (a stop-feature has no posting: `_index_keys` deletes it)
                continue
            # votes[sid] += w for every story in the posting, as one C-level dict.update
            # (a posting holds each story once, so reading all before writing is the same
            # as the per-story loop, in the same order and with the same float sums).
            w = _vote_weight(rank).__add__
            votes.update(zip(posting, map(w, map(get, posting, _ZEROS)), strict=True))
        votes.pop(skip, None)
        # sorted()[:n] is what heapq.nlargest is documented to equal (ties keep insertion
        # order) and, sorting in C with a C key, cheaper at these sizes.
        best = sorted(votes.items(), key=_second, reverse=True)[: MAX_CANDIDATES * 2]
        out: list[int] = []
        for sid, _ in best:
            story = self._stories.get(sid)
            if story is not None and self._in_window(day, story):
                out.append(sid)
                if len(out) >= MAX_CANDIDATES:
                    break
        return out

    def _candidates(self, doc: _Doc, skip: int = -1) -> list[tuple[float, int]]:
        """(similarity, story id) of candidate stories, best first."""
        scored = [
            (self._sim_doc(doc, self._stories[sid]), sid)
            for sid in self._candidate_ids(doc.keys, doc.day, skip)
        ]
        scored.sort(reverse=True)
        return scored

    # ---------------------------------------------------------------- story edits
    def _open(self, doc: _Doc) -> _Story:
        story = _Story(id=self._next_story)
        self._next_story += 1
        self._stories[story.id] = story
        self._attach(doc, story)
        return story

    def _attach(self, doc: _Doc, story: _Story) -> None:
        for c in range(3):
            v = doc.vecs[c]
            s = story.sums[c]
            d = _dot(v, s)
            story.norms2[c] += 2.0 * d + (1.0 if v else 0.0)
            story.counts[c] += 1 if v else 0
            _add_into(s, v)
        for o, x in doc.prof.items():
            _padd(story, o, x)
        story.members.append(doc)
        self._moved.setdefault(doc, doc.story)
        doc.story = story.id
        if doc.order > story.newest:
            story.newest = doc.order
        if not story.oldest or doc.order < story.oldest:
            story.oldest = doc.order
        if doc.day is not None:
            story.first = doc.day if story.first is None else min(story.first, doc.day)
            story.last = doc.day if story.last is None else max(story.last, doc.day)
        if doc.age is not None:
            age = doc.age
            story.aged_first = age if story.aged_first is None else min(story.aged_first, age)
            story.aged_last = age if story.aged_last is None else max(story.aged_last, age)
        self._index_keys(story, doc.keys)

    def _detach(self, doc: _Doc, story: _Story) -> None:
        self._unsum(doc, story)
        story.members.remove(doc)
        self._moved.setdefault(doc, doc.story)
        doc.story = -1
        if not story.members:
            self._drop(story)
        # Index entries of a departed member stay: a superset of postings only costs a
        # wasted candidate, and keeps detaching O(|article|).

    def _unsum(self, doc: _Doc, story: _Story) -> None:
        """Take `doc` out of `story`'s centroid sums, norms, counts and profile sum."""
        for c in range(3):
            v = doc.vecs[c]
            s = story.sums[c]
            d = _dot(v, s)
            story.norms2[c] = max(0.0, story.norms2[c] - 2.0 * d + (1.0 if v else 0.0))
            story.counts[c] -= 1 if v else 0
            # s[k] -= x in C; entries left at (about) zero are then dropped (positions of
            # the kept entries do not move, so the centroid's order is as before).
            left = list(map(sub, map(s.get, v, _ZEROS), v.values()))
            s.update(zip(v, left, strict=True))
            if min(left, default=1.0) <= 1e-9:
                for k, x in zip(v, left, strict=True):
                    if x <= 1e-9:
                        del s[k]
        for o, x in doc.prof.items():
            _padd(story, o, -x)

    def _index_keys(self, story: _Story, keys: Iterable[str]) -> None:
        index = self._index
        stop = self._stop
        for k in keys:
            if k in stop or k in story.indexed:
                continue
            posting = index.get(k)
            if posting is None:
                posting = index[k] = set()
            elif len(posting) >= MAX_POSTINGS:
                stop[k] = (self._order, self._today)
                del index[k]
                continue
            posting.add(story.id)
            story.indexed.add(k)

    def _drop(self, story: _Story) -> None:
        for k in story.indexed:
            posting = self._index.get(k)
            if posting is not None:
                posting.discard(story.id)
                if not posting:
                    del self._index[k]
        story.indexed.clear()
        story.alive = False
        self._stories.pop(story.id, None)
        if story.gone:
            # Its last live member moved to another story: the peeled members stay a story
            # of their own in the result (they were never judged to belong elsewhere).
            self._retired.append(story.gone)
            story.gone = []

    def _merge(self, keep: _Story, gone: _Story) -> _Story:
        if len(gone.members) > len(keep.members):
            keep, gone = gone, keep
        for doc in list(gone.members):
            self._attach(doc, keep)
        gone.members.clear()
        if gone.gone:
            for _, article_id in gone.gone:  # reported by `moves`, like the live members
                self._moved_gone[article_id] = keep.id
            # Peeled ids follow the merged story; the longer list is kept and the shorter
            # appended (each id is copied O(log n) times over any sequence of merges).
            if len(gone.gone) > len(keep.gone):
                keep.gone, gone.gone = gone.gone, keep.gone
            keep.gone.extend(gone.gone)
            gone.gone = []
        self._drop(gone)
        return keep

    def _horizons(self) -> tuple[int | None, int | None]:
        """(day, arrival number) before which an article is out of the window: two
        windows behind the stream's date (see CLOCK_SPAN), `idle_arrivals` behind the
        latest arrival."""
        today = self._today
        day = None if today is None else today - 2 * self.window_days
        order = self._order - self.idle_arrivals if self.idle_arrivals else None
        return day, order

    def _retire_old(self) -> None:
        """Move stories that ended more than a window ago out of memory and the index, and
        peel the members that did from stories still being fed (run when the stream's date
        advances: a scan of the live stories, plus the members of those it peels)."""
        horizon = self._horizons()[0]
        if horizon is None:
            return
        for story in list(self._stories.values()):
            if story.aged_last is not None and story.aged_last < horizon:
                self._retire(story)
            elif story.aged_first is not None and story.aged_first < horizon:
                self._peel(story)
        self._release_stops()

    def _retire_idle(self) -> None:
        """Retire stories whose latest member arrived more than `idle_arrivals` arrivals
        ago, and peel the members that did from stories still being fed (run every
        `idle_arrivals // 4` arrivals: a scan of the live stories, which are at most about
        1.25 x `idle_arrivals`, plus the members of those it peels, themselves at most the
        held articles; so O(1) per arrival amortised)."""
        horizon = self._horizons()[1]
        assert horizon is not None
        for story in list(self._stories.values()):
            if story.newest < horizon:
                self._retire(story)
            elif story.oldest < horizon:
                self._peel(story)
        self._release_stops()

    def _release_stops(self) -> None:
        """Index stop-features again once they were stopped longer ago than the horizons
        (a scan of the stop-features, run with the retirement scans). A feature still
        common fills its posting list and stops again, so no list outgrows MAX_POSTINGS."""
        day_h, order_h = self._horizons()
        stale = [
            k
            for k, (order, day) in self._stop.items()
            if (order_h is not None and order < order_h)
            or (day_h is not None and day is not None and day < day_h)
        ]
        for k in stale:
            del self._stop[k]

    def _retire(self, story: _Story) -> None:
        """Move a story out of memory, both indexes and the document frequencies (its ids,
        peeled ones included, stay in the result as one group)."""
        group = story.gone
        story.gone = []
        group.extend((d.order, d.id) for d in story.members)
        if self.keep_retired:
            self._retired.append(group)
        for d in story.members:
            self._release(d)
        story.members.clear()
        self._drop(story)

    def _release(self, doc: _Doc) -> None:
        """Take a departing article out of the article-level index and the document
        frequencies. Its entries in other articles' neighbour profiles (and so in their
        stories' profile sums) stay: they are keyed by arrival number, hold no reference
        to it, and are dropped as those articles go."""
        self._unindex_doc(doc)
        if doc.counted is not None:
            self.df.forget(doc.counted)
            doc.counted = None

    def _peel(self, story: _Story) -> None:
        """Retire the members of a live story that are out of the window, the rest staying.

        A member leaves at the horizons whole stories retire at (`_horizons`): its date two
        windows behind the newest date, or its arrival `idle_arrivals` behind the latest.
        So a story retires as a whole exactly when every member has aged out, and a story
        fed for months holds what a story of its recent members alone would. Leaving
        releases what the member held (its share of the centroid and profile sum, its
        index entries and document frequencies); its id stays with the story (`gone`).
        Refinement then sees only the live members: the story's centroid follows its
        recent coverage."""
        day_h, order_h = self._horizons()
        live: list[_Doc] = []
        old: list[_Doc] = []
        for d in story.members:
            aged = (day_h is not None and d.age is not None and d.age < day_h) or (
                order_h is not None and d.order < order_h
            )
            (old if aged else live).append(d)
        if not live:
            self._retire(story)
            return
        if old:
            for d in old:
                self._unsum(d, story)
                self._release(d)
                if self.keep_retired:
                    story.gone.append((d.order, d.id))
                d.story = -1
            story.members = live
            # The story index keeps only what live members need: postings of features no
            # live member has any more would otherwise grow with the story's whole past.
            keep = {k for d in live for k in d.keys}
            for k in story.indexed - keep:
                posting = self._index.get(k)
                if posting is not None:
                    posting.discard(story.id)
                    if not posting:
                        del self._index[k]
            story.indexed &= keep
            # Re-check for splits when the live story has doubled again.
            story.checked_size = min(story.checked_size, len(live))
            # Extents of the live members: the window test follows the story's recent
            # coverage, and the next peel comes when its oldest live member ages out.
            # (Left alone when nothing aged out, e.g. extents only stale because a member
            # moved away, so a stream where nothing ages is placed exactly as before; such
            # a story is re-scanned at each scan, at the cost of its members.)
            days = [d.day for d in live if d.day is not None]
            story.first = min(days) if days else None
            story.last = max(days) if days else None
            ages = [d.age for d in live if d.age is not None]
            story.aged_first = min(ages) if ages else None
            story.aged_last = max(ages) if ages else None
            story.oldest = min(d.order for d in live)

    # ---------------------------------------------------------------- refinement
    def _refine(self, story: _Story, scored: list[tuple[float, int]]) -> None:
        # Merge: the story the article touched against the stories it nearly joined.
        # Only near misses are checked (the article scored at least 3/4 of the bar to join
        # them): a story-to-story comparison costs as much as scoring many articles.
        for sim, sid in scored[:MERGE_CANDIDATES]:
            other = self._stories.get(sid)
            if other is None or other is story or not story.alive:
                continue
            if sim < 0.75 * self._bar(self.threshold, 1, sid):
                continue
            bar = self._bar(self.merge_threshold, len(story.members), other.id)
            if self._sim_stories(story, other) >= bar:
                story = self._merge(story, other)
        # Split: amortised, each time the story has grown by SPLIT_GROWTH.
        if story.alive and len(story.members) >= max(3, story.checked_size * SPLIT_GROWTH):
            story.checked_size = len(story.members)
            self._recheck(story)

    def _recheck(self, story: _Story) -> None:
        # Leave-one-out: members that fit the rest of the story worse than another story.
        cohesive = True
        for doc in list(story.members):
            if len(story.members) < 2 or not story.alive:
                break
            own = self._sim_doc(doc, story, exclude=True)
            if own < self._bar(self.merge_threshold, 1, story.id, exclude=True):
                cohesive = False
            else:
                continue  # fits the rest as well as merging stories must: it stays
            own_bar = self._bar(self.threshold, 1, story.id, exclude=True)
            # A member below the merge bar is offered its best other story even when it
            # still clears the attach bar: an article that joined early, before the story
            # of its own incident existed, fits that story better once it has grown.
            if not self._reassign(doc, story, own, own_bar) and own < 0.5 * self.threshold:
                self._detach(doc, story)
                self._open(doc)
        # The bisection runs whether or not every member fits the rest: near-copies vouch
        # for each other (each member of two glued stories fits the rest well through its
        # own copies), so "every member fits" cannot tell one story from two glued ones.
        # The split bar decides. (Only below SPLIT_MAX_MEMBERS: a cost bound.)
        if (ALWAYS_BISECT or not cohesive) and story.alive and (
            6 <= len(story.members) <= SPLIT_MAX_MEMBERS
        ):
            self._bisect(story)

    def _reassign(self, doc: _Doc, story: _Story, own: float, own_bar: float) -> bool:
        """Move `doc` to the story it fits best, if that is not its own. Fit is similarity
        over the bar for the story's size, so a small and a big story compare fairly."""
        scored = self._candidates(doc, skip=story.id)
        if not scored:
            return False
        best, sid = scored[0]
        bar = self._bar(self.threshold, 1, sid)
        if best < bar or best * own_bar <= own * bar:
            return False
        self._detach(doc, story)
        self._attach(doc, self._stories[sid])
        return True

    def settle(self, rounds: int = SETTLE_ROUNDS) -> int:
        """Re-place every held article where it fits best (a k-means style pass over live
        stories, at the cost of scoring each article once a round), round after round
        until nothing moves or `rounds` is reached. For batch use, after the last arrival;
        returns how many articles moved. With the neighbour channel, neighbour lists are
        first recomputed over all held articles: each streaming list saw only the past of
        its article and a bounded sample of it, and the batch is now whole."""
        if REWEIGH:
            self._reweigh()
        # A stream leaves the neighbour channel off between read points (it did not pay
        # for its cost there); a read point is a batch of the held articles, where it does.
        borrowed = SETTLE_NEIGHBOURS and not self.snn_weight and not self._preset
        if borrowed:
            self.snn_weight = SNN_WEIGHT
            for s in self._stories.values():
                for d in s.members:
                    self._fill_flat(d)
        if self.snn_weight and not self._preset:
            self._refresh_profiles()
        self._moved.clear()
        self._moved_gone.clear()
        try:
            return self._settle_rounds(rounds)
        finally:
            if borrowed:
                self.snn_weight = 0.0
                for s in self._stories.values():
                    s.psum = {}
                    s.pnorm2 = 0.0
                    for d in s.members:
                        self._fill_flat(d)
                        _set_profile(d, {d.order: 1.0})

    def _settle_rounds(self, rounds: int) -> int:
        moved = 0
        for _ in range(rounds):
            moved_now = 0
            for story in list(self._stories.values()):
                for doc in list(story.members):
                    if not story.alive:
                        break
                    if len(story.members) < 2:
                        # A lone article joins the story it now fits, if any: it may
                        # have arrived before that story had grown to its bar.
                        moved_now += self._reassign(doc, story, 0.0, 1.0)
                        break
                    own = self._sim_doc(doc, story, exclude=True)
                    own_bar = self._bar(self.threshold, 1, story.id, exclude=True)
                    moved_now += self._reassign(doc, story, own, own_bar)
            moved += moved_now
            if not moved_now:
                break
        return moved

    def _reweigh(self) -> None:
        """Weigh every held article again with the document frequencies as they are now,
        and rebuild the stories' centroids and the story index from the new vectors.

        In a stream each article was weighed with the frequencies of its arrival: the
        first ones against a handful of documents, where every word is rare, so early
        vectors over-weigh common words and the stories built from them carry that to
        every read point. A batch primes the frequencies with the whole batch and has
        nothing to redo (its articles keep no counts). O(held articles), as `settle`."""
        docs = [d for s in self._stories.values() for d in s.members]
        if not docs or any(d.tf is None or d.counted is None for d in docs):
            return
        for d in docs:
            assert d.tf is not None and d.counted is not None
            a, b = len(d.tf[0]), len(d.tf[1])
            keys = d.counted
            channels = [(keys[:a], d.tf[0]), (keys[a : a + b], d.tf[1]), (keys[a + b :], d.tf[2])]
            if self.snn_weight:
                self._unindex_doc(d)
            d.vecs, d.keys = self._vectors(channels)
            self._fill_flat(d)
        for story in self._stories.values():
            for k in story.indexed:
                posting = self._index.get(k)
                if posting is not None:
                    posting.discard(story.id)
                    if not posting:
                        del self._index[k]
            story.indexed = set()
            story.sums = ({}, {}, {})
            story.norms2 = [0.0, 0.0, 0.0]
            story.counts = [0, 0, 0]
            for d in story.members:
                for c in range(3):
                    v = d.vecs[c]
                    sums = story.sums[c]
                    story.norms2[c] += 2.0 * _dot(v, sums) + (1.0 if v else 0.0)
                    story.counts[c] += 1 if v else 0
                    _add_into(sums, v)
                self._index_keys(story, d.keys)
        if self.snn_weight:
            for d in sorted(docs, key=lambda d: d.order):
                for k in d.keys:
                    if k in self._stop:
                        continue
                    docs_of = self._doc_index.setdefault(k, [])
                    docs_of.append(d)
                    if len(docs_of) > DOC_POSTINGS:
                        del docs_of[0]

    def _bisect(self, story: _Story) -> None:
        """Split `story` in two when its best halves are less alike than the split bar
        asks (two incidents of one kind glued by a bridging article)."""
        halves = self._halves(story)
        if halves is None or self._split_ratio(halves) >= 1.0:
            return
        smaller = min(halves[0][0], halves[1][0], key=len)
        for d in smaller:
            self._detach(d, story)
        new = self._open(smaller[0])
        for d in smaller[1:]:
            self._attach(d, new)

    def _halves(
        self, story: _Story
    ) -> tuple[tuple[list[_Doc], _Story], tuple[list[_Doc], _Story]] | None:
        """The best two halves of `story`, two articles or more each, with their scratch
        centroids; None below four members. The story is left as it is.

        A normalised spectral cut of the members' similarity graph (`_spectral_cut`):
        it finds two dense groups joined by a few links, the shape of two incidents glued
        by a bridging article. 2-means seeded by the member least like the story, used
        before, tends to cut that outlier and a few more from the rest instead (streaming
        on ECB+, twelve shuffles: 0.916 -> 0.924; see bench/README.md)."""
        side = _spectral_cut(self._pair_matrix(story.members))
        if side is None:
            return None
        ga = [d for d, inside in zip(story.members, side, strict=True) if inside]
        gb = [d for d, inside in zip(story.members, side, strict=True) if not inside]
        return (ga, _shadow(ga)), (gb, _shadow(gb))

    def _split_ratio(
        self, halves: tuple[tuple[list[_Doc], _Story], tuple[list[_Doc], _Story]]
    ) -> float:
        """How alike two halves are, over the split bar for their sizes (below 1: split)."""
        (ga, ha), (gb, hb) = halves
        bar = (
            _expected_cosine(self.split_threshold, len(ga), len(gb))
            if self.size_aware
            else self.split_threshold
        )
        return self._sim_stories(ha, hb) / bar

    def _pair_matrix(self, docs: Sequence[_Doc]) -> np.ndarray:
        """Article-to-article similarities among `docs`, all pairs at once (the weighted
        mean of the channel cosines present on both sides, as `_sim_pair`; 0 on the
        diagonal). One dense product per channel: a split check is rare (amortised, see
        `_refine`) and at most SPLIT_MAX_MEMBERS articles."""
        m = len(docs)
        num = np.zeros((m, m))
        den = np.zeros((m, m))
        agree = np.zeros((m, m))  # channels that agree (two kinds are needed, AGREE_MIN)
        kinds = np.zeros((m, m))  # channels present on both sides
        for c, w in enumerate(self.weights):
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
            den += w * np.outer(has, has)
            kinds += np.outer(has, has)
        sim = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
        if GATE_PAIRS:
            sim[(agree < 1) & (kinds >= 2)] *= ONE_KIND
        np.fill_diagonal(sim, 0.0)
        return np.maximum(sim, 0.0)


def _spectral_cut(sim: np.ndarray) -> np.ndarray | None:
    """One side (a boolean mask) of the normalised cut of the similarity graph `sim`, each
    side two articles or more; None when there is no such cut.

    The sweep over the second eigenvector of the normalised Laplacian (Shi and Malik
    2000): members in the order of that vector, the prefix with the lowest normalised cut
    (the links cut, over each side's total links) wins. O(m^2) after the eigenvector."""
    m = len(sim)
    if m < 4:
        return None
    deg = sim.sum(axis=1) + 1e-9  # (an article linked to nothing keeps a finite degree)
    inv_root = 1.0 / np.sqrt(deg)
    laplacian = np.eye(m) - inv_root[:, None] * sim * inv_root[None, :]
    _, vectors = np.linalg.eigh(laplacian)
    order = np.argsort(vectors[:, 1] * inv_root, kind="stable")
    ordered = sim[np.ix_(order, order)]
    # Links inside each prefix (both directions) and the prefix's volume, all at once.
    within = 2.0 * np.cumsum(np.tril(ordered, -1).sum(axis=1))
    volume = np.cumsum(deg[order])
    total = volume[-1]
    cut = volume - within
    sizes = slice(1, m - 2)  # prefixes of 2 .. m - 2 articles: two or more on each side
    ncut = cut[sizes] / volume[sizes] + cut[sizes] / (total - volume[sizes])
    best = int(np.argmin(ncut)) + 2
    side = np.zeros(m, dtype=bool)
    side[order[:best]] = True
    return side


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


def _expected_cosine(rho: float, n: int, m: int) -> float:
    """Cosine between the centroids (sums of unit vectors) of a group of `n` and a group of
    `m` articles when every pair of articles has cosine `rho`.

    Centroid cosines grow with group size (noise averages out): one article against a
    story of ten pairwise-`rho` articles scores about sqrt(rho), not rho. Comparing with this
    expectation makes one pairwise bar mean the same for a singleton and a big story.
    """
    return n * m * rho / math.sqrt((n + n * (n - 1) * rho) * (m + m * (m - 1) * rho))


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


def _arrival_order(articles: Sequence[Article], days: Sequence[int | None]) -> list[int]:
    """Published date order when known; an undated article keeps its place after the
    dated article before it in the input."""
    keyed: list[tuple[float, int]] = []
    carry = -math.inf
    for i, day in enumerate(days):
        if day is not None:
            carry = float(day)
        keyed.append((carry, i))
    keyed.sort()
    return [i for _, i in keyed]


def _nearest_profiles(clusterer: StoryClusterer, docs: Sequence[_Doc]) -> list[dict[int, float]]:
    """Exact-ish neighbour profiles among `docs`: for each, {its order: 1, order of each of
    its BATCH_NEIGHBOURS most similar docs: similarity}. Candidates come from an inverted
    index over salient features (posting lists longer than MAX_POSTINGS skipped, as in the
    clusterer's own index) and at most 4 x BATCH_NEIGHBOURS are scored per doc: about the
    cost of placing the batch."""
    index: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        for k in d.keys:
            index.setdefault(k, []).append(i)
    profiles: list[dict[int, float]] = []
    for i, d in enumerate(docs):
        votes: dict[int, float] = {}
        for rank, k in enumerate(d.keys):
            posting = index[k]
            if len(posting) > MAX_POSTINGS:
                continue  # a stop-feature
            w = _vote_weight(rank)
            for j in posting:
                votes[j] = votes.get(j, 0.0) + w
        votes.pop(i, None)
        near = heapq.nlargest(4 * BATCH_NEIGHBOURS, votes, key=votes.__getitem__)
        top = heapq.nlargest(
            BATCH_NEIGHBOURS, ((clusterer._sim_pair(d, docs[j]), j) for j in near)
        )
        profile = {d.order: 1.0}
        profile.update((docs[j].order, sim) for sim, j in top if sim > 0.0)
        profiles.append(profile)
    return profiles


def batch_profiles(clusterer: StoryClusterer, feats: Sequence[Features]) -> list[dict[int, float]]:
    """Neighbour profiles over a whole batch of features, before any is placed (keys are
    positions in the batch, plus one)."""
    order = clusterer._order
    docs = [clusterer._make_doc(str(i), f) for i, f in enumerate(feats)]
    clusterer._order = order  # scratch vectors: arrival numbering is left alone
    return _nearest_profiles(clusterer, docs)


def cluster_articles(
    articles: Sequence[Article],
    *,
    refine: bool = True,
    threshold: float | None = None,
    prime_df: bool = True,
    settle_rounds: int = SETTLE_ROUNDS,
    **options: Any,
) -> list[list[str]]:
    """Group `articles` into stories (lists of article ids, in input order).

    Articles are fed to a `StoryClusterer` in published-date order (input order when
    undated). With `prime_df` the whole batch's document frequencies are counted first,
    so the first arrivals are weighed with the same IDF as the last. A batch also turns
    on the neighbour channel: with refinement, neighbour lists kept as articles arrive and
    recomputed over the whole batch by the closing `settle`; without refinement, profiles
    over the whole batch before the first placement (`batch_profiles`). `settle_rounds`
    caps the closing re-placement passes (0: none, as in a stream that never ends).
    """
    feats = [article_features(a) for a in articles]
    if not refine and prime_df:
        options.setdefault("snn_weight", BATCH_SNN_WEIGHT)
    elif refine:
        options.setdefault("snn_weight", SNN_WEIGHT)
    clusterer = StoryClusterer(refine=refine, threshold=threshold, **options)
    if prime_df:
        for f in feats:
            clusterer.observe(f)
        if not refine and clusterer.snn_weight:
            # Placed once, an article cannot wait for the evidence that arrives after it;
            # the batch already holds it.
            profiles = batch_profiles(clusterer, feats)
            clusterer.set_profiles({a.id: p for a, p in zip(articles, profiles, strict=True)})
    for i in _arrival_order(articles, [f.day for f in feats]):
        clusterer.add_features(articles[i].id, feats[i], count_df=not prime_df)
    if refine and settle_rounds:
        # A batch has an end: let every article, including the early arrivals, take the
        # story it fits best now that all stories are known.
        clusterer.settle(settle_rounds)
    position = {a.id: i for i, a in enumerate(articles)}
    groups = [sorted(g, key=position.__getitem__) for g in clusterer.stories()]
    groups.sort(key=lambda g: position[g[0]])
    return groups
