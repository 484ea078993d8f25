"""Which written form of an entity is its name, and which of its other forms are garbled.

The canonical form is the one best supported by independent, high-fidelity sources (for a
person, a full name when there is one). Another form is garbled when it differs from the
canonical spelling and no second family of sources uses it; each verdict says why.
Part of `entities`, which groups the forms into clusters first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyfold.reconcile.context import StoryContext
from storyfold.reconcile.forms import Form, show

if TYPE_CHECKING:
    from storyfold.reconcile.entities import Cluster

# Independent sources that make a spelling a real alternative rather than a garbling.
ALTERNATIVE_MIN_SOURCES = 2


def canonical(ctx: StoryContext, c: Cluster) -> Form:
    candidates = c.forms
    if c.type == "person":
        full = [f for f in c.forms if len(f.tokens) > 1]
        candidates = full or candidates
    return max(
        candidates,
        key=lambda f: (
            round(ctx.weight(f.articles), 6),
            len(f.articles),
            not any(m.spacing or m.glued for m in f.mentions),
            len(f.tokens),
            f.ckey,
        ),
    )


def judge(ctx: StoryContext, c: Cluster, canon: Form) -> dict[str, tuple[bool, str]]:
    """Per form: (garbled?, why). Full forms first so their short forms can inherit."""
    out: dict[str, tuple[bool, str]] = {canon.ckey: (False, "canonical form")}
    n_canon = ctx.independent(canon.articles)
    token_articles: dict[str, set[str]] = {}
    for g in c.forms:
        for t in g.tokens:
            token_articles.setdefault(t, set()).update(g.articles)
    for f in sorted(c.forms, key=lambda f: -len(f.tokens)):
        if f.ckey in out:
            continue
        reason = c.reasons.get(f.ckey, "")
        if set(f.tokens) <= set(canon.tokens):
            out[f.ckey] = (False, f"short form of '{show(canon)}'")
            continue
        parent = next((g for g in c.forms if g is not f and set(f.tokens) < set(g.tokens)), None)
        if ctx.independent(f.articles) >= ALTERNATIVE_MIN_SOURCES:
            parent = None
        if parent is not None and parent.ckey in out:
            bad = out[parent.ckey][0]
            why = f"short form of {'garbled ' if bad else ''}'{show(parent)}'"
            out[f.ckey] = (bad, why)
            continue
        if reason.startswith("acronym"):
            out[f.ckey] = (False, reason)
            continue
        n = ctx.independent(f.articles)
        odd = [t for t in f.tokens if t not in canon.tokens]
        if n >= ALTERNATIVE_MIN_SOURCES or (
            odd and all(ctx.independent(token_articles[t]) >= ALTERNATIVE_MIN_SOURCES for t in odd)
        ):
            out[f.ckey] = (
                False,
                f"alternative spelling used by {max(n, ALTERNATIVE_MIN_SOURCES)} independent "
                f"sources; {reason}",
            )
            continue
        out[f.ckey] = (
            True,
            f"{reason}; only in {', '.join(f.articles)}, while '{show(canon)}' is backed by "
            f"{n_canon} independent source{'s' if n_canon != 1 else ''}",
        )
    return out
