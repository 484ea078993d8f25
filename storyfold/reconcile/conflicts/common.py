"""Small helpers the conflict checks share: content-word overlap and what counts things."""

from __future__ import annotations

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


def overlap(tx: str, ty: str) -> float:
    """Jaccard overlap of the content-word stems of two sentences, numbers left out."""
    a = {stem(w) for w in _words(tx) if w not in _STOP}
    b = {stem(w) for w in _words(ty) if w not in _STOP}
    return len(a & b) / max(1, len(a | b))


def shared_stems(tx: str, ty: str) -> int:
    a = {stem(w) for w in _words(tx) if w not in _STOP}
    b = {stem(w) for w in _words(ty) if w not in _STOP}
    return len(a & b)


def shares_quantity(qs: list[Quantity], others: list[Quantity]) -> bool:
    return any(q.kind == o.kind and same_number(q, o) for q in qs for o in others)


def counts_things(q: Quantity) -> bool:
    return q.kind not in MEASURE_KINDS | {"year-old"} and q.value == int(q.value)
