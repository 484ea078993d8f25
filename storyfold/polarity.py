"""What turns a statement around: negators, negating prefixes and antonyms.

One rule for every stage that asks "do these two sentences say opposite things?":
fidelity's "polarity" departure, the conflict checks (storyfold.reconcile.conflicts and
.edits) and collapse's test for an edit that must never be collapsed away. Before this
module each kept its own lists, so one report could call "would go ahead" / "would not go
ahead" a departure in provenance and not a conflict in reconcile.

Words are compared lower-cased and accent-folded, as every caller's tokeniser gives them.

It imports the reconcile lexicon only inside the functions that need it: reconcile's own
modules import this one, and fidelity imports it before reconcile is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from storyfold.data import lines as data_lines

# Words that negate what follows. Both spellings of the contractions: tokenisers that keep
# apostrophes give "didn't", those that drop them give "didnt".
NEGATORS = frozenset(
    """not no never none nobody nothing neither nor without cannot
    can't don't didn't doesn't isn't wasn't aren't weren't won't wouldn't shouldn't couldn't
    hasn't haven't hadn't n't
    cant dont didnt doesnt isnt wasnt arent werent wont wouldnt shouldnt couldnt hasnt
    havent hadnt""".split()
)

# A lone negation (on one side of an aligned pair only) is a flip only when the two
# sentences are aligned at least this closely: looser pairs are paraphrases that may say the
# same thing with or without "not" ("failed to" / "did not"). Fidelity and the conflict
# check used 0.6 and 0.7; 0.7 keeps the seeds' flags and the perturbation bench's controls
# (bench/perturb.py) and is no worse for fidelity's rank order on TED MQM.
NEGATION_MIN_SCORE = 0.7

# Prefixes that turn a word into its opposite ("satisfied"/"dissatisfied").
NEG_PREFIXES = ("dis", "un", "in", "im", "ir", "il", "non")
# The word a prefix is added to has at least this many letters: "inform" is not "form"
# negated, nor "income" "come".
PREFIX_MIN_BASE = 5

# Opposites among function words, which WordNet leaves out ("less than" / "more than").
FUNCTION_OPPOSITES = frozenset(
    frozenset(p.split())
    for p in ("more less", "more fewer", "before after", "over under", "up down", "above below",
              "most least", "inside outside", "with without", "always never", "all none")
)  # fmt: skip


def _pairs(name: str) -> dict[str, set[str]]:
    """A data file of "word other" lines as a symmetric word -> others map."""
    out: dict[str, set[str]] = {}
    for line in data_lines(name):
        a, b = line.split()
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


def is_negator(word: str) -> bool:
    return word in NEGATORS or word.endswith("n't")


@cache
def antonyms() -> dict[str, frozenset[str]]:
    """The hand-written pairs (`data/reconcile_antonyms.txt`): word -> its opposites."""
    return {k: frozenset(v) for k, v in _pairs("reconcile_antonyms.txt").items()}


@cache
def wordnet_antonyms() -> dict[str, frozenset[str]]:
    """WordNet's antonym relation (`data/reconcile_antonyms_wordnet.txt`) plus the hand list."""
    out = _pairs("reconcile_antonyms_wordnet.txt")
    for a, bs in antonyms().items():
        out.setdefault(a, set()).update(bs)
    return {k: frozenset(v) for k, v in out.items()}


def prefix_pair(x: str, y: str) -> bool:
    """One word is the other with a negating prefix: "pleased"/"displeased"."""
    for short, long in ((x, y), (y, x)):
        if (
            len(short) >= PREFIX_MIN_BASE
            and long.endswith(short)
            and long[: -len(short)] in NEG_PREFIXES
        ):
            return True
    return False


def prefix_partners(word: str) -> set[str]:
    """Words that are `word` with a negating prefix added or taken off."""
    out = {p + word for p in NEG_PREFIXES} if len(word) >= PREFIX_MIN_BASE else set()
    for p in NEG_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= PREFIX_MIN_BASE:
            out.add(word[len(p) :])
    return out


def lemmas(word: str) -> set[str]:
    """The word and its likely bare forms: "rejected" -> reject, "stopped" -> stop."""
    out = {word}
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""),
                         ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("er", ""),
                         ("est", ""), ("ly", "")):  # fmt: skip
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.add(word[: len(word) - len(suffix)] + repl)
    # A doubled final consonant: "stopped" -> "stop".
    for w in list(out):
        if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiousl":
            out.add(w[:-1])
    return out


def opposite(u: str, v: str) -> bool:
    """Two words of opposite meaning in any inflection: a function-word pair, an antonym
    (WordNet or the hand list) or a prefix negation."""
    if frozenset((u, v)) in FUNCTION_OPPOSITES:
        return True
    if len(u) < 3 or len(v) < 3:
        return False
    ant = wordnet_antonyms()
    lu, lv = lemmas(u), lemmas(v)
    if any(ant.get(x, frozenset()) & lv for x in lu):
        return True
    return any(prefix_pair(x, y) for x in lu for y in lv)


# -- two sentences ---------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@lru_cache(maxsize=1 << 14)
def words(text: str) -> tuple[str, ...]:
    """Folded words (letters, inner apostrophes and hyphens). Cached: each sentence is
    compared with all its aligned partners."""
    from storyfold.reconcile.lexicon import fold  # (imported here: no import cycle)

    return tuple(fold(w) for w in _WORD.findall(text))


def sentence_flip(tx: str, ty: str, score: float) -> tuple[str, str, str] | None:
    """Whether two aligned sentences (alignment `score`) say opposite things, with the
    words on each side and why; None when they do not.

    A word on one side meets its antonym or prefix negation on the other, among the same
    neighbours ("very pleased"/"very displeased"); or, in a pair aligned at least
    NEGATION_MIN_SCORE, a content word is negated on one side only."""
    return _flip(tx, ty, score >= NEGATION_MIN_SCORE)


def flips(tx: str, ty: str, score: float) -> bool:
    """`sentence_flip`, or a word diff of two near-identical sentences that adds a negator
    or swaps a word for its opposite (storyfold.reconcile.edits): the whole rule both the
    conflict check and fidelity's "polarity" departure apply."""
    from storyfold.reconcile.edits import meaning_edits

    if any(e.kind in ("negation", "polarity") for e in meaning_edits(tx, ty)):
        return True
    return sentence_flip(tx, ty, score) is not None


@lru_cache(maxsize=1 << 14)
def _flip(tx: str, ty: str, close: bool) -> tuple[str, str, str] | None:
    # Cached: copies repeat the same pairs of sentences.
    wx, wy = words(tx), words(ty)
    sx, sy = set(wx), set(wy)
    only_x, only_y = sx - sy, sy - sx
    ant = antonyms()
    for w in sorted(only_x):
        for v in sorted(ant.get(w, frozenset()) & only_y):
            if _negated(wx, w) or _negated(wy, v):
                continue  # "not pleased" and "displeased" agree
            if v not in sx and w not in sy and _same_context(wx, w, wy, v):
                return w, v, f"'{w}' on one side, '{v}' on the other"
    for w in sorted(only_x):
        for v in sorted(prefix_partners(w) & only_y):
            if _negated(wx, w) or _negated(wy, v):
                continue
            if _same_context(wx, w, wy, v):
                return w, v, f"'{w}' on one side, '{v}' on the other"
    negated_x = any(is_negator(w) for w in wx)
    negated_y = any(is_negator(w) for w in wy)
    if close and negated_x != negated_y:
        for a, b, first in ((wx, wy, True), (wy, wx, False)):
            word = _negated_word(a, b)
            if word:
                side = "first" if first else "second"
                return (
                    ("not " + word if first else word),
                    (word if first else "not " + word),
                    f"'{word}' is negated on the {side} side only",
                )
    return None


_WEAKENERS = frozenset("insufficiently hardly barely scarcely little less lack lacking".split())


def _negated(words: Sequence[str], word: str) -> bool:
    """The word stands within three words after a negator ("not", "insufficiently")."""
    for i, w in enumerate(words):
        if w == word:
            before = words[max(0, i - 4) : i]
            if any(is_negator(b) or b in _WEAKENERS for b in before):
                return True
    return False


def _same_context(wx: Sequence[str], w: str, wy: Sequence[str], v: str) -> bool:
    """The two opposite words stand among the same words: "very pleased"/"very displeased"."""

    def around(words: Sequence[str], word: str) -> set[str]:
        out: set[str] = set()
        for i, x in enumerate(words):
            if x == word:
                out.update(words[max(0, i - 1) : i])
                out.update(words[i + 1 : i + 2])
        return out - {"and", "the", "a", "an", "of"}

    return bool(around(wx, w) & around(wy, v))


_AUX = frozenset(
    "be is are was were been do does did have has had will would could can "
    "should may might must a an the any".split()
)


def _negated_word(a: Sequence[str], b: Sequence[str]) -> str | None:
    """A content word negated in `a` ("did not win") that `b` states without negation."""
    from storyfold.reconcile import lexicon

    stems_b: dict[str, list[bool]] = {}
    for i, w in enumerate(b):
        negated = any(is_negator(x) for x in b[max(0, i - 3) : i])
        stems_b.setdefault(lexicon.stem(w), []).append(negated)
    for i, w in enumerate(a):
        if not is_negator(w):
            continue
        j = i + 1
        while j < len(a) and a[j] in _AUX:
            j += 1
        if j < len(a) and a[j] not in lexicon.STOPWORDS and len(a[j]) > 3:
            uses = stems_b.get(lexicon.stem(a[j]), [])
            if uses and not any(uses):
                return a[j]
    return None
