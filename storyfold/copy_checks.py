"""Risky near-verbatim copies, checked on the sentences they changed.

`storyfold.collapse` folds near-verbatim copies onto a representative; a copy whose edits
touch a number, a name, a negation, an antonym or an office title is *risky*: its edits
are what conflicts, name variants and departures are made of. Running every story stage
on such copies is what made a story of dozens of lightly edited wire copies quadratic,
yet all they can add is in the few sentences that differ. So reconcile sees each risky
copy as a *stub*: the same article with every sentence it shares with its representative
emptied (indices kept, so citations still point into the real copy) and its title only
when it differs. Work is per distinct sentence text: a changed sentence an earlier copy
already wrote word for word is that copy's stub's to carry (`_share`; when the
representative is the one that edited a sentence, every other copy "changes" it back).

The stubs are aligned by the align stage's own scoring with the representatives and with
the stub that writes most widely what stands where they changed (`stub_alignments`), and
the reconcile stage runs as before on representatives plus stubs: a changed number meets
its original and gives its conflict, both sides cited; a garbled name is a variant of the
canonical entity; a changed figure is a number fact of its own. Checks that ask what a
whole article states (a count it gives twice, an office and another title for one
person, support for a side) read the sentences a stub borrows (`ReconcileView.borrowed`,
`StoryContext.holders`).

Afterwards (`widen`) each copy joins what its representative carries in the sentences the
copy has word for word: a fact cited from such a sentence, a name variant the copy's text
still has. A copy is in its representative's family, so no count of independent sources
moves.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from storyfold import align
from storyfold.collapse import Collapsed
from storyfold.records import Alignment, Article, Sentence, Story


@dataclass(slots=True)
class CopyDiff:
    """Where a copy differs from its representative, sentence by sentence."""

    rep: str
    changed: set[int]  # the copy's sentences with no identical counterpart
    rep_changed: set[int]  # the representative's sentences the copy changed or left out
    # Changed sentences an earlier copy of the same representative wrote word for word:
    # index here -> that copy's (id, index), whose stub alone carries the text.
    shared: dict[int, tuple[str, int]] = field(default_factory=dict)
    title_shared: bool = False  # the changed title is an earlier copy's
    # Each changed sentence's counterparts in the representative: the sentences of the
    # diff block it sits in (for an added sentence, those either side of it).
    counterpart: dict[int, set[int]] = field(default_factory=dict)

    def own(self) -> set[int]:
        return self.changed - set(self.shared)

    def carried(self, cid: str, rep_size: int) -> set[tuple[str, int]]:
        """The sentences of the reconcile view whose text this copy has."""
        out = {(self.rep, i) for i in range(rep_size) if i not in self.rep_changed}
        out.update((cid, j) for j in self.own())
        out.update(self.shared.values())
        return out


def sentence_diff(rep: Article, copy: Article) -> CopyDiff:
    xs = [s.text for s in rep.sentences]
    ys = [s.text for s in copy.sentences]
    d = CopyDiff(rep.id, set(), set())
    matcher = difflib.SequenceMatcher(None, xs, ys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        d.rep_changed.update(range(i1, i2))
        block = set(range(i1, i2)) if i2 > i1 else {i for i in (i1 - 1, i1) if 0 <= i < len(xs)}
        for j in range(j1, j2):
            d.changed.add(j)
            d.counterpart[j] = block
    return d


def _share(copies: Sequence[Article], diffs: dict[str, CopyDiff]) -> None:
    """Work per distinct sentence text: when the representative is the one that edited a
    sentence, every other copy "changes" it back to one and the same text; only the first
    copy writing a text carries it in the view, the rest share it (one conflict with the
    representative, not one per copy, as when every copy went through the stages)."""
    first: dict[tuple[str, str], tuple[str, int]] = {}
    titles: set[tuple[str, str]] = set()
    for copy in copies:
        d = diffs[copy.id]
        for j in sorted(d.changed):
            ref = first.setdefault((d.rep, copy.sentences[j].text), (copy.id, j))
            if ref[0] != copy.id:
                d.shared[j] = ref
        key = (d.rep, (copy.title or "").strip())
        d.title_shared = key in titles
        titles.add(key)


def stub(copy: Article, rep: Article, diff: CopyDiff) -> Article | None:
    """The copy with only the changed sentences it alone carries left (see the module
    doc); None when that leaves nothing."""
    own = diff.own()
    sentences = [
        s if s.index in own else Sentence(s.index, s.start, s.start, "") for s in copy.sentences
    ]
    # A shared headline says nothing new; a changed one is compared like any other.
    changed_title = (copy.title or "").strip() != (rep.title or "").strip()
    title = copy.title if changed_title and not diff.title_shared else None
    if not own and title is None:
        return None
    return replace(copy, sentences=sentences, title=title)


@dataclass(slots=True)
class ReconcileView:
    """What the reconcile stage runs on: the story with the alignments it should see, the
    representatives and stubs in story order, and each risky copy's diff."""

    story: Story
    articles: list[Article]
    diffs: dict[str, CopyDiff]

    def borrowed(self) -> dict[str, set[tuple[str, int]]]:
        """Each stub's sentences held by other articles of the view (what it kept from
        its representative and what it shares with an earlier copy)."""
        size = {a.id: len(a.sentences) for a in self.articles}
        out: dict[str, set[tuple[str, int]]] = {}
        for a in self.articles:
            d = self.diffs.get(a.id)
            if d is not None:
                out[a.id] = {r for r in d.carried(a.id, size[d.rep]) if r[0] != a.id}
        return out


def reconcile_view(
    story: Story, members: Sequence[Article], reps: Sequence[Article], collapsed: Collapsed
) -> ReconcileView:
    by_id = {a.id: a for a in members}
    risky = [a for a in members if a.id in collapsed.risky]
    diffs = {a.id: sentence_diff(by_id[collapsed.copy_of[a.id]], a) for a in risky}
    _share(risky, diffs)
    stubs: dict[str, Article] = {}
    for a in risky:
        made = stub(a, by_id[diffs[a.id].rep], diffs[a.id])
        if made is not None:
            stubs[a.id] = made
    rep_ids = {a.id for a in reps}
    alignments = [al for al in story.alignments if al.a in rep_ids and al.b in rep_ids]
    if stubs:
        alignments += stub_alignments(reps, list(stubs.values()), diffs)
    articles = [stubs.get(a.id, a) for a in members if a.id in rep_ids or a.id in stubs]
    return ReconcileView(replace(story, alignments=alignments), articles, diffs)


def stub_alignments(
    reps: Sequence[Article], stubs: Sequence[Article], diffs: dict[str, CopyDiff]
) -> list[Alignment]:
    """Each stub aligned with the representatives, and with the stub that writes most
    widely what stands where it changed its representative (two copies editing one figure
    differently disagree with each other as well), scored as the align stage scores.

    A stub lacks the sentences it shares, so align's "best partner of either sentence"
    would pair a representative's sentence with whatever changed sentence is left; the
    pairs kept are those a full copy would give: with its own representative, a changed
    sentence and its counterparts in the diff; with another representative, the best
    partner of the changed sentence; between two stubs, changed sentences of one place."""
    # Weights over the sentences that have words: a stub's emptied sentences are not
    # sentences of the story, and counting them as documents would raise every weight.
    sb = align.sentence_bags([*reps, *stubs], weigh_empty=False)
    out: list[Alignment] = []
    for s in stubs:
        d = diffs[s.id]
        for r in reps:
            # Scored from the stub's side (its few changed sentences looked up in the
            # representative, not every sentence of it in the stub), stored rep first.
            pairs = [
                Alignment(r.id, al.b_sentence, s.id, al.a_sentence, al.score)
                for al in align.align_pair(s, r, sb)
            ]
            if r.id == d.rep:
                out.extend(al for al in pairs if al.a_sentence in d.counterpart[al.b_sentence])
            else:
                out.extend(_best_for_b(pairs))
    by_id = {s.id: s for s in stubs}
    for s_id, t_id in sorted(_stub_pairs(diffs, set(by_id))):
        s, t = by_id[s_id], by_id[t_id]
        ds, dt = diffs[s_id], diffs[t_id]
        out.extend(
            al for al in align.align_pair(s, t, sb)
            if ds.counterpart[al.a_sentence] & dt.counterpart[al.b_sentence]
        )
    return out


def _stub_pairs(diffs: dict[str, CopyDiff], stubs: set[str]) -> set[tuple[str, str]]:
    """Stub pairs worth aligning: each stub with the stubs that carry the most widely held
    text at a place it changed (its leader). A full copy would be compared with every
    copy, most of which hold that text; comparing it with all stubs instead made stories
    whose representative edited a sentence quadratic (every copy changes it back)."""
    held: dict[tuple[str, int], int] = {}
    for cid, d in diffs.items():
        for j in d.own():
            held[(cid, j)] = held.get((cid, j), 0) + 1
        for ref in d.shared.values():
            held[ref] = held.get(ref, 0) + 1
    # (representative, its sentence) -> the stub sentence most copies write there
    leader: dict[tuple[str, int], tuple[int, str]] = {}
    for cid in sorted(stubs):
        d = diffs[cid]
        for j in d.own():
            for i in d.counterpart[j]:
                key, mine = (d.rep, i), (held[(cid, j)], cid)
                best = leader.get(key)
                if best is None or (mine[0], best[1]) > (best[0], mine[1]):
                    leader[key] = mine
    pairs: set[tuple[str, str]] = set()
    for cid in stubs:
        d = diffs[cid]
        for i in d.rep_changed:
            got = leader.get((d.rep, i))
            if got is not None and got[1] != cid:
                pairs.add((min(cid, got[1]), max(cid, got[1])))
    return pairs


def _best_for_b(pairs: list[Alignment]) -> list[Alignment]:
    best: dict[int, float] = {}
    for al in pairs:
        best[al.b_sentence] = max(best.get(al.b_sentence, 0.0), al.score)
    return [al for al in pairs if al.score >= best[al.b_sentence]]


def widen(
    story: Story, members: Sequence[Article], collapsed: Collapsed, diffs: dict[str, CopyDiff]
) -> None:
    """Each copy joins the facts and name variants its representative carries: a harmless
    copy all of them, a risky one those of the sentences it has word for word (kept from
    its representative, or shared with an earlier copy) and what its own stub found."""
    if not collapsed.copy_of:
        return
    order = {a.id: n for n, a in enumerate(members)}
    by_id = {a.id: a for a in members}
    group: dict[str, list[str]] = {}  # representative -> its copies
    for cid, rid in collapsed.copy_of.items():
        group.setdefault(rid, []).append(cid)
    carried = {c: d.carried(c, len(by_id[d.rep].sentences)) for c, d in diffs.items()}
    # The representative's wording of what each risky copy changed.
    changed_text = {
        c: " ".join(by_id[d.rep].sentences[i].text for i in sorted(d.rep_changed))
        for c, d in diffs.items()
    }

    def joined(ids: list[str], keeps: Callable[[str], bool]) -> list[str]:
        out = set(ids)
        # A harmless copy says all its representative says; a risky one is asked, for
        # whatever its representative or another copy of it carries.
        for rid in {collapsed.copy_of.get(i, i) for i in ids}:
            out.update(c for c in group.get(rid, ()) if c in diffs and keeps(c))
            if rid in out:
                out.update(c for c in group.get(rid, ()) if c not in diffs)
        return sorted(out, key=lambda i: order.get(i, len(order)))

    for fact in story.facts:
        cited = {(c.article, c.sentence) for c in fact.citations if c.sentence is not None}
        fact.articles = joined(fact.articles, _carries(cited, carried))
    for entity in story.entities:
        for variant in entity.variants:
            keeps = _kept_form(variant.form, variant.articles, by_id, diffs, changed_text)
            variant.articles = joined(variant.articles, keeps)
    story.facts.sort(key=lambda f: (-f.independent, -len(f.articles), f.kind))


def _carries(
    cited: set[tuple[str, int]], carried: dict[str, set[tuple[str, int]]]
) -> Callable[[str], bool]:
    """Does a risky copy have, word for word, a sentence the fact is cited from?"""

    def keeps(cid: str) -> bool:
        return not cited.isdisjoint(carried[cid])

    return keeps


def _kept_form(
    form: str,
    articles: list[str],
    by_id: dict[str, Article],
    diffs: dict[str, CopyDiff],
    changed_text: dict[str, str],
) -> Callable[[str], bool]:
    """Does a risky copy write a name form the view found? Yes when its text has it; when
    the form is written otherwise (folded), when the copy left alone every sentence of its
    representative that has it and the representative uses it."""
    users = set(articles)

    def keeps(cid: str) -> bool:
        if form in by_id[cid].text:
            return True
        return diffs[cid].rep in users and form not in changed_text[cid]

    return keeps
