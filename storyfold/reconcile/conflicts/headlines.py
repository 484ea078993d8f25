"""Headline conflicts: headlines are not aligned sentences, but they sum up one event."""

from __future__ import annotations

from storyfold.reconcile.conflicts.common import EDIT_KINDS, leads, shared_stems, shares_quantity
from storyfold.reconcile.conflicts.quantities import number_conflicts
from storyfold.reconcile.context import StoryContext
from storyfold.reconcile.edits import meaning_edits
from storyfold.reconcile.numbers import find_quantities
from storyfold.records import Conflict, Side

HEADLINE_MIN_SHARED = 2  # content words two headlines share besides the number


def headline_conflicts(ctx: StoryContext) -> list[tuple[Conflict, str | None]]:
    """Headlines are not aligned sentences, but they sum up one event: compare their numbers.

    Only the kind of thing counted is compared (a headline's "26 soldiers" against another's
    "26 Nations"): headline values are often rounded or partial, so differing values are
    left alone. Each conflict comes with the side a reader is told is better supported
    (`leads`); its `favoured` is the heavier side, as `find_conflicts` dedupes by it."""
    titles = {
        aid: (ctx.articles[aid].title or "").strip()
        for aid in ctx.order
        if (ctx.articles[aid].title or "").strip()
    }
    quantities = {aid: find_quantities(t) for aid, t in titles.items()}
    out: list[tuple[Conflict, str | None]] = []
    done: set[str] = set()
    ids = [a for a in ctx.order if quantities.get(a)]
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if a in done or b in done or shared_stems(titles[a], titles[b]) < HEADLINE_MIN_SHARED:
                continue
            for kind, why in number_conflicts(quantities[a], quantities[b], "", "", 0.0):
                if kind != "unit":
                    continue
                qa = quantities[a]
                agree_a = {c for c in ids if shares_quantity(quantities[c], qa)}
                agree_b = {c for c in ids if shares_quantity(quantities[c], quantities[b])}
                wa, wb = ctx.weight(agree_a), ctx.weight(agree_b)
                lead, shown = leads(ctx.single_family(agree_a | agree_b), a, wa, b, wb)
                loser = b if lead == a else a if lead == b else None
                if loser:
                    done.add(loser)
                conflict = Conflict(
                    kind="unit",
                    sides=[Side(article=a, text=titles[a]), Side(article=b, text=titles[b])],
                    favoured=lead,
                    why=f"headlines: {why}",
                )
                out.append((conflict, shown))
    return out


def headline_edits(ctx: StoryContext) -> list[tuple[Conflict, str | None]]:
    """Headlines that are one headline passed on, with a word changed in meaning (with the
    side a reader is told is better supported, as `headline_conflicts`)."""
    titles = [(aid, t) for aid in ctx.order if (t := (ctx.articles[aid].title or "").strip())]
    out: list[tuple[Conflict, str | None]] = []
    for i, (a, ta) in enumerate(titles):
        for b, tb in titles[i + 1 :]:
            if ta == tb:
                continue
            for edit in meaning_edits(ta, tb)[:1]:
                lead, shown = leads(ctx.single_family([a, b]), a, ctx.trust(a), b, ctx.trust(b))
                conflict = Conflict(
                    kind=EDIT_KINDS[edit.kind],
                    sides=[Side(article=a, text=ta), Side(article=b, text=tb)],
                    favoured=lead,
                    why=f"headlines: {edit.why}",
                )
                out.append((conflict, shown))
    return out
