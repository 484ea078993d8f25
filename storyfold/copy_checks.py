"""Risky near-verbatim copies, checked on the sentences they changed.

`storyfold.collapse` folds every near-verbatim copy onto a representative; a copy whose
edits touch a number, a name, a negation, an antonym or an office title is *risky*: its
edits are what conflicts, name variants and departures are made of. Running every story
stage on such copies is what made a story of dozens of lightly edited wire copies
quadratic, yet all they can add is in the few sentences that differ. So reconcile sees
each risky copy as a *stub*: the same article with every sentence it shares with its
representative emptied (indices kept, so citations still point into the real copy) and
its title only when it differs. The stubs are aligned with the representatives and with
each other by the align stage's own scoring, and the reconcile stage runs as before on
representatives plus stubs: a changed number meets its original and gives its conflict,
both sides cited; a garbled name is a variant of the canonical entity; a changed figure is
a number fact of its own.

Afterwards (`widen`) each copy joins what its representative carries in the sentences the
copy kept: a fact cited from a kept sentence, a name variant the copy's text still has.
A copy is in its representative's family, so no count of independent sources moves.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from storyfold import align
from storyfold.collapse import Collapsed
from storyfold.records import Alignment, Article, Sentence, Story


@dataclass(slots=True)
class CopyDiff:
    """Where a copy differs from its representative, sentence by sentence."""

    rep: str
    changed: set[int]  # the copy's sentences with no identical counterpart
    rep_changed: set[int]  # the representative's sentences the copy changed or left out


def sentence_diff(rep: Article, copy: Article) -> CopyDiff:
    xs = [s.text for s in rep.sentences]
    ys = [s.text for s in copy.sentences]
    changed: set[int] = set()
    rep_changed: set[int] = set()
    matcher = difflib.SequenceMatcher(None, xs, ys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            rep_changed.update(range(i1, i2))
            changed.update(range(j1, j2))
    return CopyDiff(rep.id, changed, rep_changed)


def stub(copy: Article, rep: Article, diff: CopyDiff) -> Article:
    """The copy with only its changed sentences left (see the module doc)."""
    sentences = [
        s if s.index in diff.changed else Sentence(s.index, s.start, s.start, "")
        for s in copy.sentences
    ]
    # A shared headline says nothing new; a changed one is compared like any other.
    title = copy.title if (copy.title or "").strip() != (rep.title or "").strip() else None
    return replace(copy, sentences=sentences, title=title)


@dataclass(slots=True)
class ReconcileView:
    """What the reconcile stage runs on: the story with the alignments it should see, the
    representatives and stubs in story order, and each risky copy's diff."""

    story: Story
    articles: list[Article]
    diffs: dict[str, CopyDiff]


def reconcile_view(
    story: Story, members: Sequence[Article], reps: Sequence[Article], collapsed: Collapsed
) -> ReconcileView:
    by_id = {a.id: a for a in members}
    diffs = {
        cid: sentence_diff(by_id[collapsed.copy_of[cid]], by_id[cid])
        for cid in sorted(collapsed.risky)
    }
    stubs = {cid: stub(by_id[cid], by_id[d.rep], diffs[cid]) for cid, d in diffs.items()}
    rep_ids = {a.id for a in reps}
    alignments = [al for al in story.alignments if al.a in rep_ids and al.b in rep_ids]
    if stubs:
        alignments += stub_alignments(reps, [stubs[c] for c in diffs], diffs)
    articles = [stubs.get(a.id, a) for a in members if a.id in rep_ids or a.id in stubs]
    return ReconcileView(replace(story, alignments=alignments), articles, diffs)


def stub_alignments(
    reps: Sequence[Article], stubs: Sequence[Article], diffs: dict[str, CopyDiff]
) -> list[Alignment]:
    """Each stub aligned with every representative, and with the other stubs that changed
    a sentence it changed too (two copies editing one figure differently disagree with
    each other as well), scored as the align stage scores."""
    # Weights over the sentences that have words: a stub's emptied sentences are not
    # sentences of the story, and counting them as documents would raise every weight.
    sb = align.sentence_bags([*reps, *stubs], weigh_empty=False)
    out: list[Alignment] = []
    for s in stubs:
        for r in reps:
            out.extend(align.align_pair(r, s, sb))
    for i, s in enumerate(stubs):
        ds = diffs[s.id]
        for t in stubs[i + 1 :]:
            dt = diffs[t.id]
            if ds.rep == dt.rep and ds.rep_changed & dt.rep_changed:
                out.extend(align.align_pair(s, t, sb))
    return out


def widen(
    story: Story, members: Sequence[Article], collapsed: Collapsed, diffs: dict[str, CopyDiff]
) -> None:
    """Each copy joins the facts and name variants its representative carries: a harmless
    copy all of them, a risky one those in the sentences it kept."""
    if not collapsed.copy_of:
        return
    order = {a.id: n for n, a in enumerate(members)}
    by_id = {a.id: a for a in members}
    copies: dict[str, list[str]] = {}
    for cid, rid in collapsed.copy_of.items():
        copies.setdefault(rid, []).append(cid)
    # The representative's wording of what each risky copy changed.
    changed_text = {
        cid: " ".join(by_id[d.rep].sentences[i].text for i in sorted(d.rep_changed))
        for cid, d in diffs.items()
    }

    def joined(ids: Iterable[str], keeps: Callable[[str], bool]) -> list[str]:
        out = set(ids)
        for rid in list(out):
            out.update(c for c in copies.get(rid, ()) if c not in diffs or keeps(c))
        return sorted(out, key=lambda i: order.get(i, len(order)))

    for fact in story.facts:
        cited = [(c.article, c.sentence) for c in fact.citations]
        fact.articles = joined(fact.articles, _kept_citation(cited, diffs))
    for entity in story.entities:
        for variant in entity.variants:
            keeps = _kept_form(variant.form, by_id, changed_text)
            variant.articles = joined(variant.articles, keeps)
    story.facts.sort(key=lambda f: (-f.independent, -len(f.articles), f.kind))


def _kept_citation(
    cited: list[tuple[str, int | None]], diffs: dict[str, CopyDiff]
) -> Callable[[str], bool]:
    """Does a risky copy keep, word for word, a sentence of its representative the fact
    is cited from?"""

    def keeps(cid: str) -> bool:
        d = diffs[cid]
        return any(a == d.rep and i is not None and i not in d.rep_changed for a, i in cited)

    return keeps


def _kept_form(
    form: str, by_id: dict[str, Article], changed_text: dict[str, str]
) -> Callable[[str], bool]:
    """Does a risky copy still write a name form its representative uses? Yes when its text
    has it; when the form is written otherwise (folded), when the copy left alone every
    sentence of the representative that has it."""

    def keeps(cid: str) -> bool:
        return form in by_id[cid].text or form not in changed_text[cid]

    return keeps
