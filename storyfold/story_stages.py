"""The per-story stages, declared: each names what it requires and what it assigns.

`pipeline.fold_story` loops over `STORY_STAGES` (and times each); the Spark engine, the
store's worker and the benches call `fold_story`, so the order is written down once. A
test checks that every stage's `requires` is assigned by an earlier stage or given at
the start (`GIVEN`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from storyfold import align, clean, collapse, copy_checks, provenance, reconcile
from storyfold.records import Article, Story


@dataclass
class StoryWork:
    """What the per-story stages share while one story is folded."""

    story: Story
    members: list[Article]
    # Set by "collapse": near-verbatim copies onto representatives (the costly stages run
    # on the representatives only).
    collapsed: collapse.Collapsed | None = None
    reps: list[Article] = field(default_factory=list)
    # Set by "reconcile": each risky copy's sentence diff from its representative.
    diffs: dict[str, copy_checks.CopyDiff] = field(default_factory=dict)

    def collapsed_members(self) -> collapse.Collapsed:
        assert self.collapsed is not None, "the collapse stage runs first"
        return self.collapsed


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[StoryWork], None]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


def _clean_story(w: StoryWork) -> None:
    clean.clean_story(w.members)  # re-splits the sentences of what it changes


def _collapse(w: StoryWork) -> None:
    # The representative is the copies' likeliest source (align.source_first: by date,
    # then length), never the first in input order.
    w.collapsed = collapse.collapse(align.source_first(w.members))
    w.reps = [a for a in w.members if a.id not in w.collapsed.copy_of]


def _align(w: StoryWork) -> None:
    w.story.alignments = align.align_story(w.reps)


def _provenance(w: StoryWork) -> None:
    provenance.trace(w.story, w.reps)


def _expand_provenance(w: StoryWork) -> None:
    collapse.expand_provenance(w.story, w.members, w.collapsed_members())


def _reconcile(w: StoryWork) -> None:
    # On the representatives and, for each risky copy, a stub of its changed sentences
    # (storyfold.copy_checks): the same checks, on what the copies changed only.
    view = copy_checks.reconcile_view(w.story, w.members, w.reps, w.collapsed_members())
    reconcile.reconcile(view.story, view.articles, view.borrowed())
    s, v = w.story, view.story
    s.entities, s.facts, s.conflicts, s.title, s.brief = (
        v.entities, v.facts, v.conflicts, v.title, v.brief)
    w.diffs = view.diffs


def _expand_reconcile(w: StoryWork) -> None:
    copy_checks.widen(w.story, w.members, w.collapsed_members(), w.diffs)


# What a story's work holds before the first stage: its members, read, cleaned on their
# own and split into sentences, and an empty Story listing them.
GIVEN = ("members.text", "members.sentences", "story.articles")

STORY_STAGES: tuple[Stage, ...] = (
    Stage("clean_story", _clean_story, ("members.text", "members.sentences"),
          ("members.text", "members.sentences")),
    Stage("collapse", _collapse, ("members.text",), ("collapsed", "reps")),
    Stage("align", _align, ("reps", "members.sentences"), ("story.alignments",)),
    Stage("provenance", _provenance, ("reps", "story.alignments"),
          ("story.families", "reps.relation", "reps.fidelity", "reps.departures")),
    Stage("expand_provenance", _expand_provenance,
          ("collapsed", "story.families", "reps.relation"),
          ("members.relation", "members.fidelity", "members.departures")),
    Stage("reconcile", _reconcile,
          ("reps", "collapsed", "story.alignments", "story.families", "members.fidelity"),
          ("story.entities", "story.facts", "story.conflicts", "story.brief", "diffs")),
    Stage("expand_reconcile", _expand_reconcile,
          ("collapsed", "diffs", "story.facts", "story.entities"),
          ("story.facts", "story.entities")),
)  # fmt: skip


def run_stages(work: StoryWork, timings: dict[str, float] | None = None) -> None:
    """Every stage in order; `timings` (stage name -> CPU seconds) is added to if given."""
    for stage in STORY_STAGES:
        t0 = time.process_time()
        stage.run(work)
        if timings is not None:
            timings[stage.name] = timings.get(stage.name, 0.0) + time.process_time() - t0
