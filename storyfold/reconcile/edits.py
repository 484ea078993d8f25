"""What one close copy of a sentence changed: the word edits between two near-identical
sentences, and which of them change the meaning.

Two sentences that are the same words but for a few are one statement passed on (a copy,
a light rewrite, a bad translation); a word-level diff shows exactly what the copy did,
so the tests can be strict where looser pairs need heuristics:

* negation — a negator ("not", "never", "no", "without") added or taken away;
* polarity — a word replaced by its opposite: WordNet's antonym relation
  (`data/reconcile_antonyms_wordnet.txt`, plus the hand list) between the two words or
  their stems, or a negating prefix added or removed ("likely"/"unlikely");
* date — a weekday, a month, a day of the month or a year replaced by another;
* duration — a unit of time replaced by another ("six years" / "six months");
* number — a figure replaced by another that is not its rounding ("3,000" / "about
  5,000" is a conflict, "1,234" / "about 1,200" is not; "5" / "five" is the same);
* actor — names trade places ("A beat B" / "B beat A"), except inside a list ("A and B").

Spelling variants, synonyms and dropped words are no edits of meaning here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from storyfold import polarity
from storyfold.reconcile.lexicon import fold
from storyfold.text import MONTH_NAMES, WEEKDAYS

# A copy changes few words: below this share of tokens kept in order, the two sentences
# say the thing differently and a word diff means nothing.
MIN_RATIO = 0.72
SWAP_MIN_RATIO = 0.5
MAX_BLOCK = 4  # tokens a side in one changed stretch; longer stretches are rewrites
_TOKEN = re.compile(r"\d+(?:[.,]\s?\d+)*|[^\W\d_]+", re.UNICODE)
_TIME_UNITS = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week",
    "weeks": "week", "month": "month", "months": "month", "year": "year", "years": "year",
    "decade": "decade", "decades": "decade", "century": "century", "centuries": "century",
}  # fmt: skip
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_HEDGES = frozenset("about around nearly almost some roughly approximately estimated".split())
_LIST_WORDS = frozenset({"and", "or", "nor", "&"})


@dataclass(frozen=True)
class Edit:
    kind: str  # "negation", "polarity", "date", "duration", "number", "actor"
    left: str  # the words on the first sentence's side
    right: str
    why: str


def tokens(text: str) -> list[str]:
    """Words and figures, case kept; "n't" becomes the word "not"."""
    text = re.sub(r"(?i)n[’']t\b", " not", text)
    return _TOKEN.findall(text)


@lru_cache(maxsize=1 << 14)
def meaning_edits(tx: str, ty: str) -> tuple[Edit, ...]:
    """The edits of meaning between two near-identical sentences (none if they are not)."""
    a, b = tokens(tx), tokens(ty)
    la, lb = [fold(t) for t in a], [fold(t) for t in b]
    if not la or not lb:
        return ()
    sm = SequenceMatcher(None, la, lb, autojunk=False)
    ratio = sm.ratio()
    ops = [op for op in sm.get_opcodes() if op[0] != "equal"]
    # Names trading places is checked first and on looser pairs: moving whole names is
    # all such a copy changes, so long names may lower the ratio a lot.
    swap = _names_swapped(a, b, la, lb, ops) if ratio >= SWAP_MIN_RATIO else None
    if swap:
        return (swap,)
    if ratio < MIN_RATIO:
        return ()
    out: list[Edit] = []
    # A negation moved ("we weren't doing" / "I didn't feel we were doing") is no flip.
    negations_differ = sum(map(polarity.is_negator, la)) != sum(map(polarity.is_negator, lb))
    for tag, i1, i2, j1, j2 in ops:
        if i2 - i1 > MAX_BLOCK or j2 - j1 > MAX_BLOCK:
            continue
        xa, xb = la[i1:i2], lb[j1:j2]
        left, right = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        na, nb = sum(map(polarity.is_negator, xa)), sum(map(polarity.is_negator, xb))
        if na != nb and negations_differ:
            word = left if na > nb else right
            out.append(Edit("negation", left, right, f"'{word}' on one side only"))
            continue
        if tag != "replace":
            continue
        edit = _replacement(xa, xb, la[max(0, i1 - 1) : i1], left, right)
        if edit:
            out.append(edit)
    return tuple(out)


def _replacement(
    xa: list[str], xb: list[str], before: list[str], left: str, right: str
) -> Edit | None:
    wa = [w for w in xa if w not in _HEDGES]
    wb = [w for w in xb if w not in _HEDGES]
    if len(wa) == 1 and len(wb) == 1:
        u, v = wa[0], wb[0]
        if (u in WEEKDAYS and v in WEEKDAYS) or (u in MONTH_NAMES and v in MONTH_NAMES):
            return Edit("date", left, right, f"'{left}' on one side, '{right}' on the other")
        if u in _TIME_UNITS and v in _TIME_UNITS and _TIME_UNITS[u] != _TIME_UNITS[v]:
            return Edit("duration", left, right, f"'{left}' on one side, '{right}' on the other")
        if polarity.opposite(u, v):
            return Edit("polarity", left, right, f"'{u}' on one side, '{v}' on the other")
    na, nb = _numbers(xa), _numbers(xb)
    if len(na) == 1 and len(nb) == 1 and len(wa) == len(wb) == 1:
        (va, sa), (vb, sb) = na[0], nb[0]
        if (before and before[-1] in MONTH_NAMES) or (_year(va) and _year(vb)):
            if va != vb:
                return Edit("date", left, right, f"'{left}' on one side, '{right}' on the other")
            return None
        if not _rounding(va, sa, vb, sb, hedged=len(xa) > len(wa) or len(xb) > len(wb)):
            return Edit("number", left, right, f"'{left}' on one side, '{right}' on the other")
    return None


def _numbers(words: list[str]) -> list[tuple[float, str]]:
    out = []
    for w in words:
        if w in _NUMBER_WORDS:
            out.append((float(_NUMBER_WORDS[w]), w))
        elif w[0].isdigit():
            digits = re.sub(r"[,\s]", "", w)
            try:
                out.append((float(digits), digits))
            except ValueError:
                continue
    return out


def _year(v: float) -> bool:
    return v == int(v) and 1800 <= v <= 2100


def _rounding(va: float, sa: str, vb: float, sb: str, *, hedged: bool) -> bool:
    """One figure is the other rounded to the places its writer gave ("1,200" for 1,234)."""
    if va == vb:
        return True

    def step(s: str, v: float) -> float:
        if "." in s:
            return 0.5 * 10 ** -len(s.split(".")[1])
        if not s.isdigit():
            return 0.5
        zeros = len(s) - len(s.rstrip("0"))
        return 0.5 * 10**zeros if v else 0.5

    tol = max(step(sa, va), step(sb, vb))
    if hedged:
        tol = max(tol, 0.1 * max(va, vb))
    return abs(va - vb) <= tol


def _names_swapped(
    a: list[str],
    b: list[str],
    la: list[str],
    lb: list[str],
    ops: Sequence[tuple[str, int, int, int, int]],
) -> Edit | None:
    """Changed stretches that only move capitalised names past each other: what one side
    drops is what the other adds, and two names stand in the other order."""
    if not ops:
        return None
    removed = sorted(w for _, i1, i2, _, _ in ops for w in la[i1:i2])
    added = sorted(w for _, _, _, j1, j2 in ops for w in lb[j1:j2])
    if removed != added:
        return None
    if not any(a[i][:1].isupper() for _, i1, i2, _, _ in ops for i in range(i1, i2)):
        return None
    names_a = [(w, i) for i, w in enumerate(la) if a[i][:1].isupper()]
    names_b = [w for j, w in enumerate(lb) if b[j][:1].isupper()]
    if sorted(w for w, _ in names_a) != sorted(names_b) or [w for w, _ in names_a] == names_b:
        return None
    rank = {w: k for k, w in enumerate(names_b)}
    for k, (p, pi) in enumerate(names_a):
        for q, qi in names_a[k + 1 :]:
            if rank.get(p, 0) <= rank.get(q, 0):
                continue
            between = [la[i] for i in range(pi + 1, qi) if not a[i][:1].isupper()]
            if between and not all(w in _LIST_WORDS for w in between):
                # Two names in the other order, not as items of one list.
                first, second = _name_at(a, pi), _name_at(a, qi)
                return Edit(
                    "actor",
                    first,
                    second,
                    f"'{first}' and '{second}' trade places: the same words give them "
                    "each other's roles",
                )
    return None


def _name_at(words: list[str], i: int) -> str:
    """The run of capitalised words around position i."""
    lo, hi = i, i + 1
    while lo > 0 and words[lo - 1][:1].isupper():
        lo -= 1
    while hi < len(words) and words[hi][:1].isupper():
        hi += 1
    return " ".join(words[lo:hi])
