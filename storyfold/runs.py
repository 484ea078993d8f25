"""A text's words, stems and word runs, built once for the many pairs provenance compares:
n-gram sets, and integer ids for runs of words so shared runs are found in linear time."""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from storyfold.records import Article
from storyfold.textsim import content_stems, ngrams, words


class RunIds:
    """Integer ids for the word runs of a story's texts, for `longest_common_run`.

    Testing whether two texts share a run of n words by sets of n-word tuples costs
    O(len * n) per text and length tried; across all pairs of a story that was most of the
    provenance stage. Here a run whose length is a power of two, k, gets an id (shared by
    all the story's texts) from the ids of its two halves, so each level costs O(len); a
    run of any length n, with k the largest power of two <= n, is identified by the ids of
    its first k and its last k words (the two overlap and cover it), so equal ids mean
    equal runs, exactly."""

    def __init__(self) -> None:
        # Words and pairs of ids, each -> its id. One table for all lengths: a run of 2k
        # words is keyed by the ids of its two halves of k, and ids are only ever compared
        # between runs of one length, so a key shared by two lengths is harmless.
        self._ids: dict[object, int] = {}
        self._next = 0  # no id below this has been handed out

    def _intern(self, keys: list[Any]) -> list[int]:
        """The id of each key, new keys getting unused numbers. In C (map over setdefault
        with a counter): a key already known keeps its id and its candidate number is
        skipped, so ids stay unique though not consecutive."""
        out = list(map(self._ids.setdefault, keys, itertools.count(self._next)))
        self._next += len(keys)
        return out

    def level(self, text: TextRuns, k: int) -> list[int]:
        """Ids of the runs of k words (k a power of two) starting at each word of `text`."""
        if k not in text.runs:
            if k == 1:
                text.runs[1] = self._intern(text.words)
            else:
                half = self.level(text, k // 2)
                # The run at i joins the halves at i and i + k/2 (zip stops at the last).
                text.runs[k] = self._intern(list(zip(half, half[k // 2 :], strict=False)))
        return text.runs[k]

    def grams(self, text: TextRuns, n: int) -> AbstractSet[Hashable]:
        """The set of ids of `text`'s runs of n words (n >= 1), cached on the text."""
        if n not in text.run_sets:
            k = 1 << (n.bit_length() - 1)
            ids = self.level(text, k)
            if k == n:
                text.run_sets[n] = set(ids)
            else:
                tail = n - k
                # (ids[i], ids[i + tail]) for every start i of a run of n words.
                text.run_sets[n] = set(zip(ids, ids[tail:], strict=False))
        return text.run_sets[n]


@dataclass(slots=True)
class TextRuns:
    stems: list[str]
    words: list[str]
    sentence_words: list[list[str]]
    grams: dict[tuple[bool, int], set[tuple[str, ...]]] = field(default_factory=dict)
    # For RunIds: ids of the runs of each power-of-two length, and sets by run length.
    runs: dict[int, list[int]] = field(default_factory=dict)
    run_sets: dict[int, AbstractSet[Hashable]] = field(default_factory=dict)
    run_ids: RunIds = field(default_factory=RunIds)

    def ngrams(self, tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
        """n-grams of this text's stems or words, built once (many pairs ask again)."""
        key = (tokens is self.stems, n)
        if key not in self.grams:
            self.grams[key] = ngrams(tokens, n)
        return self.grams[key]


def gram_containment(tx: TextRuns, ty: TextRuns, use_stems: bool, n: int) -> float:
    gx = tx.ngrams(tx.stems if use_stems else tx.words, n)
    gy = ty.ngrams(ty.stems if use_stems else ty.words, n)
    return len(gx & gy) / len(gx) if gx else 0.0


def text_runs(a: Article, run_ids: RunIds) -> TextRuns:
    """`a`'s tokens; texts that will be compared must share one `run_ids`."""
    body = a.text or " ".join(s.text for s in a.sentences)
    return TextRuns(
        content_stems(body), words(body), [words(s.text) for s in a.sentences], run_ids=run_ids
    )
