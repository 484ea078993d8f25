"""Small helpers the conflict checks share: content-word overlap and what counts things."""

from __future__ import annotations

from functools import lru_cache

from storyfold.polarity import words as _words
from storyfold.reconcile.lexicon import STOPWORDS as _STOP
from storyfold.reconcile.lexicon import stem
from storyfold.reconcile.numbers import Quantity, same_number

# A close copy's edit of meaning (edits.py) -> the kind of conflict it is.
EDIT_KINDS = {
    "negation": "polarity",
    "polarity": "polarity",
    "date": "date",
    "duration": "duration",
    "number": "number",
    "actor": "actor",
}
MEASURE_KINDS = frozenset({"length", "mass", "time", "area", "speed", "%"})
# One side of a conflict is "better supported" only when its weight (the trust of each
# family stating it, summed; see StoryContext.weight) exceeds the other's by this much: a
# family more (about 1), or a side told only by a garbled copy (fidelity 0.6-0.8 against
# ~1). Below it the difference is the name-agreement nudge in `trust` (at most 0.1) or a
# clean text's fidelity (0.95-1.0), which says nothing of which side is right.
FAVOUR_MARGIN = 0.15


def favour(a: str, weight_a: float, b: str, weight_b: float) -> str | None:
    """The side (`a` or `b`) better supported by FAVOUR_MARGIN, or None."""
    if abs(weight_a - weight_b) < FAVOUR_MARGIN:
        return None
    return a if weight_a > weight_b else b


def heavier(a: str, weight_a: float, b: str, weight_b: float) -> str | None:
    """The side of the larger weight, however small the lead (None on a tie): which side
    is the odd one when one wrong sentence meets two copies of a right one, so the story
    gets one conflict, not two; what a reader is told is `favour`'s."""
    if abs(weight_a - weight_b) < 1e-9:
        return None
    return a if weight_a > weight_b else b


def leads(
    one_family: bool, a: str, weight_a: float, b: str, weight_b: float
) -> tuple[str | None, str | None]:
    """(the side of the larger weight, `heavier`; the side a reader is told is better
    supported): inside one family the copy that kept its source's wording (`heavier`),
    between independent sources only a clear lead (`favour`)."""
    shown = heavier if one_family else favour
    return heavier(a, weight_a, b, weight_b), shown(a, weight_a, b, weight_b)


# Aligned pairs repeat one sentence text many times (near-copies of one report), so its
# stem set is built once per text, not once per pair.
@lru_cache(maxsize=1 << 16)
def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _words(text) if w not in _STOP)


def overlap(tx: str, ty: str) -> float:
    """Jaccard overlap of the content-word stems of two sentences, numbers left out."""
    a, b = _stems(tx), _stems(ty)
    return len(a & b) / max(1, len(a | b))


def shared_stems(tx: str, ty: str) -> int:
    return len(_stems(tx) & _stems(ty))


def shares_quantity(qs: list[Quantity], others: list[Quantity]) -> bool:
    return any(q.kind == o.kind and same_number(q, o) for q in qs for o in others)


def counts_things(q: Quantity) -> bool:
    return q.kind not in MEASURE_KINDS | {"year-old"} and q.value == int(q.value)
