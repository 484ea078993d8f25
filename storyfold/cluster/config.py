"""The numbers that decide clustering results, each with why it has its value."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

# Channel weights: words, names, facts (numbers + dates): equal, none is privileged.
WEIGHTS = (0.34, 0.33, 0.33)
# Bars are *pairwise* similarities, turned into the centroid cosine expected for the sizes
# involved (`expected_cosine`), so they mean the same for a singleton and a big story.
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
# Names are the event-specific channel (who, where): words say what a page is about, and
# pages on one subject share them (two dental clinics' posts, two puppy-training guides
# share words at cosine 0.3-0.5 and almost no names). Two reports of one event that each
# name several things name some of the same (ECB+ dev: 98% of same-story pairs reach a
# names cosine of AGREE_MIN, against half of the pairs of two incidents of one kind). So
# when both sides hold NAMES_HELD name keys or more, the names channel itself must reach
# AGREE_MIN, or the similarity counts ONE_KIND times its value. Below that a side names
# too little for silence to mean anything: a technical text naming three things, the
# Clough reuse answers (tests/test_provenance.py), agrees on words only.
NAMES_HELD = 4
# And an article meets a story's names only where it shares NAMES_SHARED of its name keys
# with the story or more: one shared name is a subject (a product, an agency: "Docker" in
# two unrelated tech posts), a story's reports share its people and places (ECB+ dev: 94%
# of same-story pairs share two name keys or more, 47% of pairs of same-kind incidents).
# Not asked of two stories (their centroids hold many names each, and asking it there
# split heavy Clough rewrites from their source: tests/test_provenance.py) nor of the
# neighbour lists (measured: the stream end a little lower, the rest the same).
NAMES_SHARED = 2
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
# At a read point (`settle`) two stories of SETTLE_MERGE_MIN members or more each join when
# their centroids are as alike as an article must be to join a story of that size (the
# attach bar, size-aware). A stream builds its stories one arrival at a time without the
# neighbour channel, and the merge after an arrival only meets the near misses of that
# arrival, so one story can grow as two halves that no later arrival compares (ECB+
# stream, shuffle 2: halves of 14 and 8 reports at a centroid cosine of 0.71). Four is the
# smallest story the bisection can cut into two halves of two: below that a centroid is one
# or two reports, as noisy as an article, and same-kind incidents of the first hundred
# arrivals would glue (first settle of shuffle 2, 0.911 -> 0.875 with no floor).
SETTLE_MERGE_MIN = 4
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

# Without refinement nothing is revisited, so the attach bar does not drop to the pairwise
# level for singletons: it is held at its value for a story of this many articles.
UNREFINED_BAR_SIZE = 5

def expected_cosine(rho: float, n: int, m: int) -> float:
    """Cosine between the centroids (sums of unit vectors) of a group of `n` and a group of
    `m` articles when every pair of articles has cosine `rho`.

    Centroid cosines grow with group size (noise averages out): one article against a
    story of ten pairwise-`rho` articles scores about sqrt(rho), not rho. Comparing with this
    expectation makes one pairwise bar mean the same for a singleton and a big story.
    """
    return n * m * rho / math.sqrt((n + n * (n - 1) * rho) * (m + m * (m - 1) * rho))


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """What a `StoryClusterer` is asked to do (intent); what it does with it is derived
    (`attach_bar`, `is_size_aware`). Checked when made: a bad value is refused with what
    to give instead. Build one with keywords, or `ClusterConfig.of(base, **changes)`."""

    refine: bool = True  # merge, split and re-place after each arrival
    # The pairwise similarity an article needs to join a story; None: THRESHOLD, held at
    # its UNREFINED_BAR_SIZE-article value when bars are not size-aware.
    threshold: float | None = None
    merge_threshold: float = MERGE_THRESHOLD
    split_threshold: float = SPLIT_THRESHOLD
    weights: tuple[float, float, float] = WEIGHTS  # words, names, facts
    window_days: int = WINDOW_DAYS
    size_aware: bool | None = None  # None: as `refine`
    # The shared-neighbour channel's weight (0: off). It pays off when a batch ends with
    # `settle` (ECB+, default mode over ten shuffles: 0.957 with it, 0.944 without), not in
    # a pure stream (0.918 with, 0.919 without), where it costs about a third more
    # clustering time; `cluster_articles` turns it on.
    snn_weight: float = 0.0
    idle_arrivals: int | None = IDLE_ARRIVALS  # None: stories retire by date only
    # The ids of retired stories and aged-out members, for `stories()`. A consumer that
    # follows placements and `moves` as they happen (`storyfold stream`) does not need
    # them, and without them nothing held grows with the whole stream.
    keep_retired: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", tuple(self.weights))
        for name in ("threshold", "merge_threshold", "split_threshold"):
            value = getattr(self, name)
            if value is None and name == "threshold":
                continue
            if not _number(value) or not 0.0 < value <= 1.0:
                raise ValueError(f"ClusterConfig.{name} is a pairwise similarity in (0, 1], "
                                 f"got {value!r}; the default is {_DEFAULTS[name]}")
        if len(self.weights) != 3 or not all(_number(w) and w >= 0.0 for w in self.weights) \
                or not sum(self.weights) > 0.0:
            raise ValueError("ClusterConfig.weights are three weights >= 0 (words, names, "
                             f"facts), not all 0, got {self.weights!r}; the default is "
                             f"{WEIGHTS}")
        if type(self.window_days) is not int or self.window_days < 1:
            raise ValueError(f"ClusterConfig.window_days is a whole number of days >= 1, got "
                             f"{self.window_days!r}; the default is {WINDOW_DAYS}")
        if not _number(self.snn_weight) or self.snn_weight < 0.0:
            raise ValueError(f"ClusterConfig.snn_weight is >= 0 (0 turns the neighbour "
                             f"channel off), got {self.snn_weight!r}")
        if self.idle_arrivals is not None and (
            type(self.idle_arrivals) is not int or self.idle_arrivals < 1
        ):
            raise ValueError(f"ClusterConfig.idle_arrivals is a number of arrivals >= 1, or "
                             f"None to retire by date only, got {self.idle_arrivals!r}")

    @classmethod
    def of(cls, base: ClusterConfig | None = None, **changes: Any) -> ClusterConfig:
        """`base` (default: the defaults) with `changes`; an unknown name is refused with
        the names there are."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise TypeError(f"unknown clustering option(s) {', '.join(unknown)}; ClusterConfig "
                            f"takes {', '.join(sorted(names))}")
        return replace(base or cls(), **changes)

    @property
    def is_size_aware(self) -> bool:
        """Whether bars are scaled to the sizes compared (`expected_cosine`)."""
        return self.refine if self.size_aware is None else self.size_aware

    @property
    def attach_bar(self) -> float:
        """The attach bar as the clusterer uses it."""
        if self.threshold is not None:
            return self.threshold
        if self.is_size_aware:
            return THRESHOLD
        return expected_cosine(THRESHOLD, 1, UNREFINED_BAR_SIZE)


_DEFAULTS = {"threshold": THRESHOLD, "merge_threshold": MERGE_THRESHOLD,
             "split_threshold": SPLIT_THRESHOLD}


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
