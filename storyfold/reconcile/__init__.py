"""Reconcile a story: entities, facts, conflicts and a brief, from its articles.

`reconcile(story, articles)` runs after sentence alignment and provenance and fills
`story.entities`, `story.facts`, `story.conflicts`, `story.brief` and `story.title`.
Without alignments or families it still works: each article is then its own family with
fidelity 0.5, entity merging falls back on spelling and sound, and no claims or
sentence-level conflicts are found (there is nothing to compare sentences with).

Modules: `context` (families, fidelity, alignment graph), `mentions` and `entities`
(names and their variants), `numbers`, `quotes`, `facts`, `conflicts`, `brief`.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyfold.reconcile.brief import CITATION, write_brief
from storyfold.reconcile.conflicts import find_conflicts
from storyfold.reconcile.context import StoryContext
from storyfold.reconcile.entities import find_entities
from storyfold.reconcile.facts import (
    claim_facts,
    claim_groups,
    number_facts,
    number_groups,
    quote_facts,
    quote_groups,
    story_quantities,
    story_quotes,
)
from storyfold.records import Article, Story

__all__ = ["CITATION", "reconcile"]


def reconcile(
    story: Story,
    articles: Sequence[Article],
    borrowed: dict[str, set[tuple[str, int]]] | None = None,
) -> None:
    """`borrowed`: for a stub of a collapsed copy, the sentences of other articles it has
    word for word (storyfold.copy_checks; see StoryContext.borrowed)."""
    ctx = StoryContext.build(story, articles)
    ctx.borrowed = borrowed or {}
    if not ctx.order:
        return
    index = find_entities(ctx)
    quantities = story_quantities(ctx)
    facts = (
        claim_facts(ctx, claim_groups(ctx))
        + number_facts(ctx, number_groups(ctx, quantities))
        + quote_facts(ctx, quote_groups(ctx, story_quotes(ctx, index)))
    )
    facts.sort(key=lambda f: (-f.independent, -len(f.articles), f.kind))
    story.entities = index.entities
    story.facts = facts
    story.conflicts = find_conflicts(ctx, index, quantities)
    story.title, story.brief = write_brief(ctx, index, facts, story.conflicts)
