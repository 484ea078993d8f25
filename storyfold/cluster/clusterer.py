"""The `StoryClusterer` facade: its state, the public API, and the arrival path.

The work is done by the parts: `scoring` (vectors and similarities), `index` (story
postings, stop-features, candidates), `store` (story edits and the move log), `retire`
(the clock and retirement), `neighbours` (the shared-neighbour channel) and `refine`
(merge, split, re-place, settle)."""

from __future__ import annotations

import math
from collections import deque
from typing import Any

from storyfold.cluster import index, neighbours, refine, retire, scoring, store
from storyfold.cluster.config import (
    CLOCK_SPAN,
    SETTLE_ROUNDS,
    ClusterConfig,
)
from storyfold.cluster.model import _Doc, _Story
from storyfold.cluster.scoring import _channel_keys, _feature_keys, _set_profile
from storyfold.features import DocFreq, Features, article_features
from storyfold.records import Article


class StoryClusterer:
    """Cluster a stream of articles into stories; `add` one at a time, read `stories()`.

    >>> sc = StoryClusterer()
    >>> story_id = sc.add(article)          # doctest: +SKIP
    >>> sc.stories()                        # [[article ids], ...]  doctest: +SKIP
    """

    def __init__(
        self, config: ClusterConfig | None = None, *, docfreq: DocFreq | None = None,
        **changes: Any,
    ) -> None:
        """`config` (default: the defaults), with `changes` to its fields by name
        (`StoryClusterer(refine=False)`); `docfreq` shares document frequencies."""
        self.config = config = ClusterConfig.of(config, **changes)
        # Mechanics derived from the config, as attributes: read in the innermost loops.
        self.refine = config.refine
        self.keep_retired = config.keep_retired
        # (`settle` borrows the neighbour channel for a read point, so this one can change.)
        self.snn_weight = config.snn_weight
        self.size_aware = config.is_size_aware
        self.weights = config.weights
        self._root_weights = [math.sqrt(w) for w in self.weights]
        # Total weight of the channels in a bit mask of channels (see `scoring.sim_pair`).
        self._mask_weight = [
            sum(w for c, w in enumerate(self.weights) if m >> c & 1) for m in range(8)
        ]
        self.split_threshold = config.split_threshold
        self.threshold = config.attach_bar
        self.merge_threshold = config.merge_threshold
        self.window_days = config.window_days
        self.idle_arrivals = config.idle_arrivals
        idle = config.idle_arrivals
        self._idle_step = max(1, idle // 4) if idle else 0
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
        store.new_move_log(self)
        channels = _channel_keys(feats)
        counted = None
        if count_df:
            # One list of the three channels' (distinct, cached) keys: counted now, and kept
            # by the article so retiring it can take exactly these back out.
            counted = [*channels[0][0], *channels[1][0], *channels[2][0]]
            self.df.add(counted)
        doc = scoring.make_doc(self, article_id, feats, channels)
        doc.counted = counted
        if counted is not None:
            doc.tf = (list(channels[0][1]), list(channels[1][1]), list(channels[2][1]))
        if doc.day is not None:
            retire.advance(self, doc.day)
        doc.age = doc.day if doc.day is not None else self._today
        if self._idle_step and doc.order % self._idle_step == 0:
            retire.retire_idle(self)
        preset = self._preset.get(article_id) if self._preset else None
        if preset is not None:
            _set_profile(doc, dict(preset))
        else:
            neighbours.neighbours(self, doc)
        scored = index.candidates(self, doc)
        if scored and scored[0][0] >= scoring.bar(self, self.threshold, 1, scored[0][1]):
            story = self._stories[scored[0][1]]
            store.attach(self, doc, story)
        else:
            story = store.open_story(self, doc)
        if self.refine:
            refine.refine(self, story, scored)
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

    @property
    def next_story(self) -> int:
        """The number the next new story will get (story numbers only grow)."""
        return self._next_story

    def number_stories_from(self, mark: int) -> None:
        """Number new stories from `mark` on (never lower than now): a resumed stream must
        not reuse a number an earlier run on the same state may have shown."""
        self._next_story = max(self._next_story, mark)

    def settle(self, rounds: int = SETTLE_ROUNDS) -> int:
        """Re-place every held article where it fits best, round after round until nothing
        moves or `rounds` is reached (see `storyfold.cluster.refine.settle`); returns how
        many articles moved."""
        return refine.settle(self, rounds)
