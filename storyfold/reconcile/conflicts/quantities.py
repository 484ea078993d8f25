"""Number conflicts: aligned sentences that count one thing differently, and statements of
one count anywhere in the story (who was killed, evacuated, arrested) that disagree."""

from __future__ import annotations

import re

from storyfold.reconcile.conflicts.common import MEASURE_KINDS, counts_things, overlap, shared_stems
from storyfold.reconcile.context import SentenceRef, StoryContext
from storyfold.reconcile.entities import EntityIndex
from storyfold.reconcile.lexicon import STOPWORDS as _STOP
from storyfold.reconcile.lexicon import fold, stem
from storyfold.reconcile.numbers import Quantity, consistent, plural, same_number, unit_kinds

NUMBER_MIN_SCORE = 0.55
NUMBER_MIN_OVERLAP = 0.4
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def number_conflicts(
    qx: list[Quantity], qy: list[Quantity], tx: str, ty: str, score: float
) -> list[tuple[str, str]]:
    out = []
    # Two values only contradict each other if the sentences say the same thing otherwise.
    # Computed only for a pair of lone, inconsistent quantities: most pairs have none.
    close: bool | None = None
    kinds_x = {q.kind for q in qx}
    for kind in kinds_x & {q.kind for q in qy}:
        if kind == "number":
            continue
        ax = [q for q in qx if q.kind == kind]
        ay = [q for q in qy if q.kind == kind]
        # Only a quantity alone of its kind on both sides is surely the same quantity.
        if (
            len(ax) == 1
            and len(ay) == 1
            and not consistent(ax[0], ay[0])
            and not ax[0].compound
            and not ay[0].compound
            # "two men" vs "three people" may both be right: compare like with like.
            and (ax[0].unit == ay[0].unit or ax[0].unit.isupper() or ax[0].kind in MEASURE_KINDS)
        ):
            if ax[0].unit != ay[0].unit and ax[0].unit.isupper():
                continue  # two currencies: no exchange rate is assumed
            if close is None:
                close = score >= NUMBER_MIN_SCORE and overlap(tx, ty) >= NUMBER_MIN_OVERLAP
            if not close:
                continue
            out.append(("number", f"'{ax[0].text}' vs '{ay[0].text}'"))
    # Only kinds the lexicon knows are surely different things ("soldiers" vs "countries");
    # two unknown nouns may be synonyms ("pirates", "brigands").
    known_kinds = set(unit_kinds().values())
    for a in qx:
        if a.kind in ("number", "%") or a.unit.isupper():
            continue
        for b in qy:
            if (
                b.kind != a.kind
                and not b.unit.isupper()
                and b.kind not in ("number", "%")
                and a.value == b.value
                and a.value >= 2
                and sum(1 for q in qx if q.value == a.value) == 1
                and sum(1 for q in qy if q.value == b.value) == 1
                and not any(q.kind == a.kind for q in qy)
                and not any(q.kind == b.kind for q in qx)
                and counts_things(a)
                and counts_things(b)
                and a.kind in known_kinds
                and b.kind in known_kinds
            ):
                out.append(
                    (
                        "unit",
                        f"'{a.text}' vs '{b.text}': the same number counts "
                        f"{plural(a.unit)} on one side, {plural(b.unit)} on the "
                        "other",
                    )
                )
    return out


# Words near a number that say what happened to what it counts ("evacuated", "missing").
QUANTITY_WINDOW = 4
STATED_MAX_PER_KIND = 60
STATED_MIN_NAMES = 0.25  # share of the fewer names two reports of one event both give
STATED_MIN_SHARED = 2  # content words two statements of one count share, the predicate too
# Measures and ages are compared only between close copies (edits.py): "39 days left" and
# "five minutes left" are seldom one quantity.
_NOT_STATED = frozenset(
    {"number", "year-old", "length", "mass", "time", "area", "speed", "%"}
)  # quantities of one kind compared story-wide (all pairs)


def stated_quantity_conflicts(
    ctx: StoryContext, index: EntityIndex, quantities: dict[SentenceRef, list[Quantity]]
) -> list[tuple[SentenceRef, SentenceRef, str]]:
    """The same quantity stated differently anywhere in the story, aligned or not.

    Two statements count the same thing when they count one kind in one unit, each alone
    of its kind in its sentence, and share a word that says what happened to it within a
    few words of the number ("3,000 people were evacuated" / "5,000 evacuated"). Values
    that are one another's rounding, or bounds both can meet, are no conflict."""
    by_kind: dict[str, list[tuple[SentenceRef, Quantity, frozenset[str]]]] = {}
    for ref, qs in quantities.items():
        text = ctx.sentence(*ref)
        for q in qs:
            if q.kind in _NOT_STATED or q.compound or q.unit.isupper():
                continue
            if sum(1 for o in qs if o.kind == q.kind) != 1:
                continue
            by_kind.setdefault(q.kind, []).append((ref, q, _predicates(text, q)))
    # What each whole article states, with the sentences a collapsed copy's stub borrows.
    values: dict[str, list[Quantity]] = {}
    # Two reports of one event name its places and people: articles that share few of
    # their names may be two events a story holds, each with its own count.
    names: dict[str, set[str]] = {}
    for aid in ctx.order:
        refs = ctx.article_refs(aid)
        values[aid] = [q for ref in refs for q in quantities.get(ref, [])]
        names[aid] = {e.name for ref in refs for _, e in index.by_sentence.get(ref, [])}
    out: list[tuple[SentenceRef, SentenceRef, str]] = []
    for items in by_kind.values():
        items = items[:STATED_MAX_PER_KIND]
        for i, (x, qa, pa) in enumerate(items):
            for y, qb, pb in items[i + 1 :]:
                if x[0] == y[0] or qa.unit != qb.unit:
                    continue
                shared = pa & pb
                if not shared or consistent(qa, qb):
                    continue
                nx, ny = names.get(x[0], set()), names.get(y[0], set())
                if len(nx & ny) < STATED_MIN_NAMES * min(len(nx), len(ny)) or not nx & ny:
                    continue
                px, py = _people(index, x), _people(index, y)
                if px and py and not px & py:
                    continue  # "Bush missed four games" / "Thomas missed 16": two players
                if _states(values, x[0], qb) or _states(values, y[0], qa):
                    continue  # an article giving both values counts two different things
                if shared_stems(ctx.sentence(*x), ctx.sentence(*y)) < STATED_MIN_SHARED:
                    continue
                out.append(
                    (
                        x,
                        y,
                        f"'{qa.text}' vs '{qb.text}' ({', '.join(sorted(shared))}): "
                        "the same count stated differently",
                    )
                )
    return out


def _people(index: EntityIndex, ref: SentenceRef) -> set[str]:
    return {e.name for _, e in index.by_sentence.get(ref, []) if e.type == "person"}


def _states(values: dict[str, list[Quantity]], aid: str, q: Quantity) -> bool:
    return any(o.kind == q.kind and consistent(o, q) for o in values.get(aid, []))


def _predicates(text: str, q: Quantity) -> frozenset[str]:
    """Stems of the words in the quantity's clause, within a few words of it, that say
    what happened to what it counts: verbs and participles ("evacuated", "missing",
    "killed") and states ("dead", "hurt"). Names, figures and the unit are left out."""
    start = max(text.rfind(c, 0, q.start) for c in _CLAUSE_ENDS) + 1
    ends = [i for i in (text.find(c, q.end) for c in _CLAUSE_ENDS) if i >= 0]
    stop = min(ends) if ends else len(text)
    before = [m.group() for m in _WORD.finditer(text, start, q.start)]
    after = [m.group() for m in _WORD.finditer(text, q.end, stop)]

    def keep(words: list[str]) -> list[str]:
        return [w for w in words if not w[:1].isupper() and fold(w) not in _STOP]

    near = keep(before)[-QUANTITY_WINDOW:] + keep(after)[:QUANTITY_WINDOW]
    return frozenset(stem(fold(w)) for w in near if _predicate_like(fold(w)))


_CLAUSE_ENDS = (",", ";", ":", "(", ")", "—", " - ")
_STATES = frozenset("dead hurt alive homeless safe held lost shot hit left sent kept".split())


def _predicate_like(word: str) -> bool:
    return word in _STATES or (len(word) > 4 and word.endswith(("ed", "ing", "en")))


def number_supporters(
    ctx: StoryContext,
    quantities: dict[SentenceRef, list[Quantity]],
    x: SentenceRef,
    other: SentenceRef,
    qx: list[Quantity],
    kind: str,
) -> set[str]:
    """Articles with a sentence aligned to either side that state the number of side x."""
    mine = [q for q in qx if q.kind == kind] or qx
    # Articles stating a sentence count, with the collapsed copies that state it too.
    support = ctx.holders(x) - ctx.holders(other)
    for ref in set(ctx.links.get(x, {})) | set(ctx.links.get(other, {})):
        if ref[0] in (x[0], other[0]):
            continue
        for q in quantities.get(ref, []):
            if any(q.kind == m.kind and same_number(q, m) for m in mine):
                support.update(ctx.holders(ref))
    return support
