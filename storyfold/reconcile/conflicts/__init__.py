"""Contradictions between sources: aligned sentences (or entity records) that disagree.

Checked on each pair of aligned sentences from different articles:

* number — both count the same kind of thing once, in values that differ beyond the
  rounding either writer used ("12" vs "13 provinces"; "$2.46bn" vs "$2.5bn" is no
  conflict, nor are different currencies);
* unit — one value counts different kinds of thing ("30 soldiers" vs "30 countries");
* polarity — a word on one side meets its antonym or its prefix negation on the other
  ("pleased"/"displeased"), or, in near-identical sentences, one side is negated and
  the other not;
* actor — a shared action has different doers ("Denmark is expelling" vs "it [Norway] was
  expelling"), each named in the other sentence too: roles swapped, not a name dropped;
* speaker — one side says a named person said it, the other gives a different speaker and
  never names that person;
* event — one side says someone was killed, hurt or held, and the sentences other sources
  align with it speak of the same person without it, nor does any other source say that
  person came to harm (a garbled "an official who spoke to" -> "an official who was killed
  by").

And per entity: *title* — sources give one person different offices ("Prime Minister" vs
"President"). Every conflict shows both sides and favours the side whose
supporters (articles agreeing with it) weigh more: families count once, by fidelity.
"""

from __future__ import annotations

from collections.abc import Iterable

from storyfold.polarity import sentence_flip
from storyfold.polarity import words as _words
from storyfold.reconcile.conflicts.common import EDIT_KINDS, leads
from storyfold.reconcile.conflicts.events import grave_events
from storyfold.reconcile.conflicts.headlines import headline_conflicts, headline_edits
from storyfold.reconcile.conflicts.quantities import (
    number_conflicts,
    number_supporters,
    stated_quantity_conflicts,
)
from storyfold.reconcile.conflicts.roles import (
    actor_swap,
    agent_dropped,
    role_words,
    speaker_swap,
    title_conflicts,
)
from storyfold.reconcile.context import SentenceRef, StoryContext
from storyfold.reconcile.edits import meaning_edits
from storyfold.reconcile.entities import EntityIndex
from storyfold.reconcile.lexicon import fold
from storyfold.reconcile.numbers import Quantity
from storyfold.records import Conflict, Side

MIN_SCORE = 0.3  # alignment score below which two sentences are not "about the same thing"
ACTOR_MIN_SCORE = 0.6
SPEAKER_MIN_SCORE = 0.45


def find_conflicts(
    ctx: StoryContext,
    index: EntityIndex,
    quantities: dict[SentenceRef, list[Quantity]],
) -> list[Conflict]:
    # Each conflict with the side a reader is told is better supported; its `favoured`
    # meanwhile holds the heavier side, by which `_one_per_claim` keeps one a wrong sentence.
    out: list[tuple[Conflict, str | None]] = []
    seen: set[tuple[str, SentenceRef, SentenceRef]] = set()

    def add(
        kind: str,
        x: SentenceRef,
        tx: str,
        y: SentenceRef,
        ty: str,
        why: str,
        support_x: Iterable[str],
        support_y: Iterable[str],
    ) -> None:
        key = (kind, min(x, y), max(x, y))
        if key in seen:
            return
        seen.add(key)
        out.append(_conflict(ctx, kind, x, tx, y, ty, why, set(support_x), set(support_y)))

    roles = role_words(index)  # once per story, not a scan of every mention per pair
    for x, y, score in ctx.aligned_pairs():
        if score < MIN_SCORE or x[0] == y[0]:
            continue
        tx, ty = ctx.sentence(*x), ctx.sentence(*y)
        if tx == ty:
            continue  # one sentence text on both sides contradicts nothing (copies: most pairs)
        for edit in meaning_edits(tx, ty):
            kind = EDIT_KINDS[edit.kind]
            add(
                kind,
                x,
                tx,
                y,
                ty,
                edit.why,
                _word_supporters(ctx, x, y, fold(edit.left)),
                _word_supporters(ctx, y, x, fold(edit.right)),
            )
        qx, qy = quantities.get(x, []), quantities.get(y, [])
        for kind, why in number_conflicts(qx, qy, tx, ty, score):
            sx = number_supporters(ctx, quantities, x, y, qx, kind)
            sy = number_supporters(ctx, quantities, y, x, qy, kind)
            add(kind, x, tx, y, ty, why, sx, sy)
        pol = sentence_flip(tx, ty, score)
        if pol:
            wx, wy, why = pol
            add(
                "polarity",
                x,
                tx,
                y,
                ty,
                why,
                _word_supporters(ctx, x, y, wx),
                _word_supporters(ctx, y, x, wy),
            )
        if score >= ACTOR_MIN_SCORE:
            act = actor_swap(index, x, tx, y, ty) or agent_dropped(index, x, tx, y, ty)
            if act:
                add("actor", x, tx, y, ty, act, {x[0]}, {y[0]})
        if score >= SPEAKER_MIN_SCORE:
            spk = speaker_swap(ctx, index, x, tx, y, ty, roles)
            if spk:
                add("speaker", x, tx, y, ty, spk, {x[0]}, {y[0]})
    for x, y, why, also in grave_events(ctx):
        add("event", x, ctx.sentence(*x), y, ctx.sentence(*y), why, {x[0]}, {y[0], *also})
    for x, y, why in stated_quantity_conflicts(ctx, index, quantities):
        q_kind = "number"
        sx = number_supporters(ctx, quantities, x, y, quantities[x], q_kind)
        sy = number_supporters(ctx, quantities, y, x, quantities[y], q_kind)
        add(q_kind, x, ctx.sentence(*x), y, ctx.sentence(*y), why, sx, sy)
    out.extend(headline_conflicts(ctx))
    out.extend(headline_edits(ctx))
    out.extend((c, c.favoured) for c in title_conflicts(ctx, index))
    return _one_per_claim(out)


def _one_per_claim(conflicts: list[tuple[Conflict, str | None]]) -> list[Conflict]:
    """One wrong sentence aligned to two good copies is one conflict, not two (judged by
    the heavier side each holds as `favoured`); each kept conflict then says the side a
    reader is told is better supported."""
    kept: list[Conflict] = []
    taken: set[tuple[str, str, int | None]] = set()
    for c, shown in conflicts:
        losers = [s for s in c.sides if s.article != c.favoured] if c.favoured else c.sides
        keys = {(c.kind, s.article, s.sentence) for s in losers}
        if c.favoured and keys & taken:
            continue
        taken |= keys
        c.favoured = shown
        kept.append(c)
    return kept


def _conflict(
    ctx: StoryContext,
    kind: str,
    x: SentenceRef,
    tx: str,
    y: SentenceRef,
    ty: str,
    why: str,
    support_x: set[str],
    support_y: set[str],
) -> tuple[Conflict, str | None]:
    """The conflict, with the heavier side as `favoured`, and the side a reader is told is
    better supported (`leads`)."""
    sx, sy = support_x | {x[0]}, support_y | {y[0]}
    wx, wy = ctx.weight(sx), ctx.weight(sy)
    one_family = ctx.single_family(sx | sy)
    if one_family and len(sx) != len(sy):
        # Copies of one text on both sides: the wording more of them state is the
        # source's (each copy's fidelity was judged against one member, which may be
        # the one that edited the sentence).
        wx, wy = len(sx), len(sy)
    if abs(wx - wy) < 1e-9:
        wx, wy = ctx.trust(x[0]), ctx.trust(y[0])
    sides = [Side(article=x[0], text=tx, sentence=x[1]), Side(article=y[0], text=ty, sentence=y[1])]
    lead, shown = leads(one_family, x[0], wx, y[0], wy)
    return Conflict(kind=kind, sides=sides, favoured=lead, why=why), shown


def _word_supporters(ctx: StoryContext, x: SentenceRef, other: SentenceRef, word: str) -> set[str]:
    # Articles stating a sentence count, with the collapsed copies that state it too.
    support = ctx.holders(x) - ctx.holders(other)
    if not word:
        return support
    for ref in set(ctx.links.get(x, {})) | set(ctx.links.get(other, {})):
        if ref[0] in (x[0], other[0]):
            continue
        text = ctx.sentence(*ref)
        if word in _words(text) or (" " in word and word in fold(text)):
            support.update(ctx.holders(ref))
    return support
