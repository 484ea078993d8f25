"""Provenance: which articles of a story copy one source text, and how.

`trace` groups a story's articles into families (copies of one source text), names each
family's best member and, for every other member, the article it most likely derives from
and the relation: "copy" (near verbatim), "rewrite" (light edits), "paraphrase" (heavy
rewording) or "translation" (heavy rewording of the same sentences in the same order, as
machine translation makes). The best member of a family of several is "source"; an article
alone in its family is "independent" (same story, own reporting).

Why these signals: how much two texts share is not enough -- a condensed rewrite and an
independent report of the same event both share the story's words. `derived_score` adds
three general signals: the wording reused (containment of content-stem bigrams and word
3- and 5-grams, averaged), the share of the sentences aligned, and how far the aligned
sentences keep their partners' order beyond what a random arrangement of the same
matches would (a copy follows its source; own reporting arranges the facts its own way;
but two or three facts in the same order happen by chance, so a short text "in order" is
no evidence by itself). The two sentence signals are averaged, so they weigh as much as
the wording. A pair with a strong score and a common run of VERBATIM_RUN words, or a
common run of a passage's length, links outright (sentence evidence alone does not: two
short reports of one event align sentence for sentence in their own words); any other
pair over the bar, like a weak one, also needs the two to share words the rest of the
story lacks (more than the story's typical pair does), since two reports of one event may
share its facts and even their order. The degree of reuse is read from the derived part only -- the
sentences aligned to the source, so own material added around a copied passage does not
dilute it: "copy" when most of it is pasted in runs of several words, "rewrite" when most
of its words stay in their source order (a word changed here and there), else
"paraphrase"; "translation" needs sentence-for-sentence alignment, in order beyond
chance, plus garbling traces (see storyfold.fidelity) that the source lacks.

Direction (which member is the source) never follows input order: the earliest-dated
member when the members' dates differ; then, for near-verbatim copies, the one without
words the story's other texts lack (a republisher's added line, an edited word), and for
a family, the fluent member holding most of the others' content (a trimmed copy is
contained in its source); remaining ties by `storyfold.align.source_first`.

Near-verbatim copies are collapsed onto one representative before families are linked
(see `trace`): a wire text republished dozens of times is one voice.

Helpers for later stages: `family_of(story)` (article id -> family index) and
`independent_count(story, ids)` (how many families the given articles come from).

Thresholds were fitted on the Clough & Stevenson reuse corpus (see the constants);
bench/eval_reuse.py reproduces the fits and the cross-fitted figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from rapidfuzz.distance import LCSseq

from storyfold import crosslingual
from storyfold.align import by_pair, pairs_between, source_first
from storyfold.chance import order_beyond_chance
from storyfold.credits import agencies, apart
from storyfold.disjoint import DisjointSets
from storyfold.features import parse_day
from storyfold.fidelity import Users, assess, family_fidelity, fluency, name_users
from storyfold.passages import PASSAGE_WORDS
from storyfold.records import Alignment, Article, Family, Story
from storyfold.runs import RunIds, TextRuns, gram_containment, text_runs
from storyfold.textsim import (
    longest_common_run,
    longest_increasing,
)

# Fitted on the Clough reuse corpus by bench/eval_reuse.py: each threshold is the most
# accurate cut, at the midpoint of the widest such gap between two texts' values; DERIVED
# on derived_score (non vs reused answers), COPY on `verbatim` (cut vs light and heavy),
# REWRITE on `kept` (light vs heavy). Fits: task a alone DERIVED 0.169 / COPY 0.666 /
# REWRITE 0.506; task b alone 0.225 / 0.606 / 0.706; cross-fitted four-way accuracy 0.842
# both ways (fit on a, score b; fit on b, score a), derived-vs-independent 1.0 both ways,
# and 1.0 on both tasks for any DERIVED from 0.08 to 0.26. The two COPY fits are close;
# REWRITE is not (a's "light" answers keep less of their source in order, 0.52-0.66, than
# b's, 0.77-0.79, and overlap a's "heavy" 0.63): we ship both tasks pooled, 0.221 / 0.616 /
# 0.651, rounded. (With the old score, shared bigrams plus the raw share of sentences in
# order, the fits were 0.255 and 0.304.)
# derived_score >= DERIVED: one text derives from the other.
DERIVED = 0.22
# At or above STRONG_RATIO * DERIVED the link needs no further evidence; nor does a common
# run of a passage's length (PairEvidence.passage).
STRONG_RATIO = 2.0
# Weak links need the pair's exclusivity above this multiple of the story's median pair.
# Measured (bench/eval_reuse.py and the seeds): rewrites 1.23-3.05 x median, independent
# texts 0.0-1.0 x median; 1.1 sits between.
EXCLUSIVE_RATIO = 1.1
# Share of the derived part pasted in runs (`verbatim`) for "copy"; share of its words kept
# in source order (`kept`) for "rewrite" rather than "paraphrase": light edits change a
# word here and there, heavy rewording restructures sentences.
COPY = 0.62
REWRITE = 0.65
# "translation" rather than "paraphrase": most sentences of both texts aligned, in order.
TRANSLATION_SHARE = 0.7
# Run length (words) that counts as pasted rather than coincidental, for `verbatim`. Not
# critical: with runs of 4, 5, 8 or 10 words the cross-fitted four-way accuracy is 0.79-0.84
# both ways (bench/eval_reuse.py with the constant changed); 6 sits mid-range.
VERBATIM_RUN = 6
# Two texts are one voice (near-verbatim copies) when each has at least this share of its
# word NEAR_N-grams in the other: republished wire copy with a changed headline, dateline or
# a corrected word. Edited texts stay well below: on the Clough reuse set, "light" and "heavy"
# answers reach 0.06-0.39 of the source's 5-grams (one "light" answer that is a verbatim copy
# reaches 0.91 and is collapsed, rightly), "cut" answers that drop part of it 0.15-0.89.
NEAR_COPY = 0.9
NEAR_N = 5



@dataclass(slots=True)
class PairEvidence:
    """How text `x` relates to text `y` (asymmetric: containment of x in y)."""

    c1: float  # content-stem containment of x in y
    c2: float  # content-stem bigram containment
    c3: float  # word 3-gram containment
    c5: float  # word 5-gram containment
    run: int  # longest common run of words
    aligned: float  # share of x's sentences aligned to some sentence of y
    ordered: float  # share of x's sentences in the longest order-keeping chain of alignments
    back_aligned: float  # share of y's sentences aligned to x
    # Of x's words in sentences aligned to y (the derived part): the share inside a run of
    # at least VERBATIM_RUN words that y also has, and the share kept in order in the aligned
    # y sentence(s) (word LCS). Measured on the derived part only, so that own material
    # added around a copied passage does not make the copy look less verbatim.
    verbatim: float = 0.0
    kept: float = 0.0
    # Order corrected for chance (see `order_beyond_chance`): `in_order` is the share of
    # the order a chain of x's aligned sentences could show beyond a random arrangement of
    # the same matches that it does show (0 = no more than chance, 1 = all in order);
    # `order_gain` the sentences in order beyond chance, as a share of x's sentences.
    in_order: float = 0.0
    order_gain: float = 0.0

    @property
    def phrasing(self) -> float:
        """Wording reused: containment at several n (content-stem bigrams, word 3- and
        5-grams), averaged."""
        return (self.c2 + self.c3 + self.c5) / 3

    @property
    def derived_score(self) -> float:
        """Wording reused + the mean of the share of x's sentences aligned and the share in
        order beyond chance. The sentence signals together weigh as much as the wording:
        two reports of one event share facts, sentence by sentence, and even their order,
        without either copying the other."""
        return self.phrasing + (self.aligned + self.order_gain) / 2

    @property
    def passage(self) -> bool:
        """A common run of a copied passage's length (storyfold.passages): no two texts
        written apart share one."""
        return self.run >= PASSAGE_WORDS

    def as_dict(self) -> dict[str, float]:
        return {
            "c1": round(self.c1, 3),
            "c2": round(self.c2, 3),
            "c3": round(self.c3, 3),
            "c5": round(self.c5, 3),
            "longest_run": self.run,
            "aligned_share": round(self.aligned, 3),
            "order_kept_share": round(self.ordered, 3),
            "in_order_beyond_chance": round(self.in_order, 3),
            "order_gain": round(self.order_gain, 3),
            "derived_score": round(self.derived_score, 3),
            "verbatim_share": round(self.verbatim, 3),
            "kept_in_order": round(self.kept, 3),
        }


def pair_evidence(
    x: Article,
    y: Article,
    alignments: Sequence[Alignment],
    texts: dict[str, TextRuns] | None = None,
) -> PairEvidence:
    """The evidence that `x` derives from `y`, from their texts and sentence alignments
    (`alignments` may be all of the story's or just those between x and y)."""
    if texts:
        tx, ty = texts[x.id], texts[y.id]
    else:
        run_ids = RunIds()
        tx, ty = text_runs(x, run_ids), text_runs(y, run_ids)
    pairs = pairs_between(alignments, x.id, y.id)
    xs = {i for i, _, _ in pairs}
    ys = {j for _, j, _ in pairs}
    # One x sentence per step of the chain: the best-scored partner of each x sentence.
    best: dict[int, tuple[float, int]] = {}
    for i, j, s in pairs:
        if i not in best or s > best[i][0]:
            best[i] = (s, j)
    chain = longest_increasing([best[i][1] for i in sorted(best)])
    nx = max(1, len(tx.sentence_words))
    in_order, gain = order_beyond_chance(chain, len(best))

    def grams(tokens: Sequence[str], n: int) -> AbstractSet[Hashable]:
        return tx.run_ids.grams(tx if tokens is tx.words else ty, n)

    return PairEvidence(
        c1=gram_containment(tx, ty, True, 1),
        c2=gram_containment(tx, ty, True, 2),
        c3=gram_containment(tx, ty, False, 3),
        c5=gram_containment(tx, ty, False, 5),
        run=longest_common_run(tx.words, ty.words, grams),
        aligned=len(xs) / nx,
        ordered=chain / nx,
        back_aligned=len(ys) / max(1, len(ty.sentence_words)),
        in_order=in_order,
        order_gain=gain / nx,
        **_degree(tx, ty, pairs),
    )


def _degree(tx: TextRuns, ty: TextRuns, pairs: list[tuple[int, int, float]]) -> dict[str, float]:
    """`verbatim` and `kept` of PairEvidence, from x's sentences aligned to y."""
    partners: dict[int, list[int]] = defaultdict(list)
    for i, j, _ in pairs:
        partners[i].append(j)
    runs = ty.ngrams(ty.words, VERBATIM_RUN)
    total = verbatim = kept = 0
    for i, js in partners.items():
        w = tx.sentence_words[i]
        covered = [False] * len(w)
        for k in range(len(w) - VERBATIM_RUN + 1):
            if tuple(w[k : k + VERBATIM_RUN]) in runs:
                covered[k : k + VERBATIM_RUN] = [True] * VERBATIM_RUN
        # A merged sentence carries several source sentences: compare with all, in order.
        target = [t for j in sorted(set(js)) for t in ty.sentence_words[j]]
        total += len(w)
        verbatim += sum(covered)
        kept += int(LCSseq.similarity(w, target))
    if not total:
        return {"verbatim": 0.0, "kept": 0.0}
    return {"verbatim": verbatim / total, "kept": kept / total}


def relation_of(ev: PairEvidence, garbled: bool = False) -> str:
    """The relation of a text to the one it derives from, given their evidence; `garbled`
    says the text shows machine-translation traces its source lacks."""
    if ev.derived_score < DERIVED:
        return "independent"
    if ev.verbatim >= COPY:
        return "copy"
    sentence_for_sentence = min(ev.aligned, ev.back_aligned, ev.in_order) >= TRANSLATION_SHARE
    if garbled and sentence_for_sentence:
        return "translation"
    if ev.kept >= REWRITE:
        return "rewrite"
    return "paraphrase"


def trace(story: Story, articles: Sequence[Article]) -> None:
    """Set `story.families` and each article's derived_from, relation, fidelity, departures.

    Near-verbatim copies (word 5-gram containment >= NEAR_COPY both ways) are first collapsed
    onto one representative: they are one voice, and dozens of republished copies must
    neither outvote the rest of the story when weak links are judged nor multiply the work.
    Families are linked among the representatives, then each copy joins its
    representative's family as its "copy"."""
    run_ids = RunIds()
    texts = {a.id: text_runs(a, run_ids) for a in articles}
    grouped = by_pair(story.alignments)
    rep_of, near = _copy_groups(articles, grouped, texts)
    reps = [a for a in articles if rep_of[a.id] == a.id]
    between_reps = [
        al for al in story.alignments if rep_of[al.a] == al.a and rep_of[al.b] == al.b
    ]
    evidence = _all_evidence(reps, between_reps, texts)
    groups = _link(reps, evidence, texts)
    copies: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        if rep_of[a.id] != a.id:
            copies[rep_of[a.id]].append(a.id)

    users = name_users(reps)
    involving: dict[str, list[Alignment]] = defaultdict(list)
    for al in story.alignments:
        involving[al.a].append(al)
        involving[al.b].append(al)
    among: dict[str, list[Alignment]] = defaultdict(list)
    for al in between_reps:
        among[al.a].append(al)
        among[al.b].append(al)
    flu = {a.id: fluency(a, reps, among[a.id], users) for a in reps}
    t = _Tracing(articles, {a.id: a for a in articles}, texts, evidence, involving, users, flu)
    order = {a.id: n for n, a in enumerate(articles)}
    families: list[Family] = []
    for ids in groups:
        everyone = sorted(ids + [c for i in ids for c in copies[i]], key=order.__getitem__)
        best = _best_member([t.by_id[i] for i in ids], t.fluent, evidence)
        notes = t.place_members(ids, best, single=len(everyone) == 1)
        for r in ids:
            notes.update(t.place_copies(r, copies[r], near))
        families.append(Family(articles=everyone, best=best.id, evidence=notes))
        t.consensus_fidelity(everyone, {i: t.fluent[rep_of[i]] for i in everyone})
    families.sort(key=lambda f: (-len(f.articles), order[f.articles[0]]))
    story.families = families
    # Copies in another language: words cannot see them, the encoder can (when installed).
    crosslingual.mark_translations(story, articles)


@dataclass
class _Tracing:
    """One story's provenance inputs, shared by the steps that place its members."""

    articles: Sequence[Article]
    by_id: dict[str, Article]
    texts: dict[str, TextRuns]
    evidence: dict[tuple[str, str], PairEvidence]
    involving: dict[str, list[Alignment]]
    users: Users
    flu: dict[str, tuple[float, list[str]]]  # representatives' fluency and artefacts
    fluent: dict[str, float] = field(init=False)

    def __post_init__(self) -> None:
        self.fluent = {i: f for i, (f, _) in self.flu.items()}

    def place_members(self, ids: list[str], best: Article, single: bool) -> dict[str, object]:
        """Each representative's source, relation, fidelity and departures; the evidence."""
        members = [self.by_id[i] for i in ids]
        notes: dict[str, object] = {}
        for m in members:
            m.departures = []
            if m.id == best.id:
                m.derived_from = None
                m.relation = "independent" if single else "source"
                m.fidelity = round(self.fluent[m.id], 3)
                continue
            src = _likely_source(m, members, best, self.evidence)
            ev = self.evidence.get((m.id, src.id)) or pair_evidence(
                m, src, self.involving[m.id], self.texts
            )
            m.derived_from = src.id
            rel = relation_of(ev, garbled=self.fluent[m.id] < self.fluent[src.id])
            # Linked into the family through another member but weakly to its own source.
            m.relation = rel if rel != "independent" else "paraphrase"
            report = assess(m, self.articles, self.involving[m.id], src, self.users, self.flu[m.id])
            m.fidelity = round(report.fidelity, 3)
            m.departures = report.departures
            notes[m.id] = {"derived_from": src.id, **ev.as_dict()}
        return notes

    def place_copies(
        self, r: str, copies: list[str], near: dict[str, dict[str, float]]
    ) -> dict[str, object]:
        """Representative `r`'s near-verbatim copies, each its "copy"."""
        notes: dict[str, object] = {}
        for c in copies:
            copy = self.by_id[c]
            copy.derived_from, copy.relation = r, "copy"
            # The copy reads as its representative does; departures are its own edits
            # (none when the two texts are word for word the same).
            if self.texts[c].words == self.texts[r].words:
                copy.fidelity, copy.departures = round(self.flu[r][0], 3), []
            else:
                report = assess(
                    copy, self.articles, self.involving[c], self.by_id[r], self.users, self.flu[r]
                )
                copy.fidelity = round(report.fidelity, 3)
                copy.departures = report.departures
            notes[c] = {"derived_from": r, "near_copy": True, **near[c]}
        return notes

    def consensus_fidelity(self, everyone: list[str], fam_flu: dict[str, float]) -> None:
        """Fidelity from the whole family's consensus, the best member judged like the rest."""
        inside = set(everyone)
        consensus = family_fidelity(
            [self.by_id[i] for i in everyone],
            [al for i in everyone for al in self.involving[i] if al.a == i],
            fam_flu,
            [a for a in self.articles if a.id not in inside],
        )
        for i, f in consensus.items():
            self.by_id[i].fidelity = round(f, 3)


def _copy_groups(
    articles: Sequence[Article],
    aligned: dict[tuple[str, str], list[Alignment]],
    texts: dict[str, TextRuns],
) -> tuple[dict[str, str], dict[str, dict[str, float]]]:
    """Article id -> representative of its near-copy group (itself if it has no copy), and
    for each copy its 5-gram containment in and of its representative.

    Only aligned pairs are candidates (a copy is always aligned, with its representative at
    least). The representative is the member aligned with most articles outside the group:
    in a large story only one member of a group is aligned with the rest (see
    storyfold.align.article_pairs, which picks it as below); in a small one all are, and
    the source is the first by `storyfold.align.source_first`: by dates, then by what the
    story's other texts lack (a copy's own added line or edited words), never by input
    order."""
    copies: DisjointSets[str] = DisjointSets(a.id for a in articles)
    partners: dict[str, set[str]] = defaultdict(set)
    for x, y in aligned:
        partners[x].add(y)
        partners[y].add(x)
        if texts[x].words == texts[y].words or (
            gram_containment(texts[x], texts[y], False, NEAR_N) >= NEAR_COPY
            and gram_containment(texts[y], texts[x], False, NEAR_N) >= NEAR_COPY
        ):
            copies.union(x, y)
    rep_of: dict[str, str] = {}
    near: dict[str, dict[str, float]] = {}
    rank = {a.id: n for n, a in enumerate(source_first(articles))}
    for members in copies.groups():
        inside = set(members)
        if len(members) == 1:
            rep_of[members[0]] = members[0]
            continue
        rep = max(members, key=lambda m: (len(partners[m] - inside), -rank[m]))
        for m in members:
            rep_of[m] = rep
            if m != rep:
                near[m] = {
                    "c5": round(gram_containment(texts[m], texts[rep], False, NEAR_N), 3),
                    "c5_back": round(gram_containment(texts[rep], texts[m], False, NEAR_N), 3),
                }
    return rep_of, near


def _all_evidence(
    articles: Sequence[Article], alignments: Sequence[Alignment], texts: dict[str, TextRuns]
) -> dict[tuple[str, str], PairEvidence]:
    """Evidence both ways for every article pair that has aligned sentences."""
    by_id = {a.id: a for a in articles}
    out: dict[tuple[str, str], PairEvidence] = {}
    for (a_id, b_id), group in sorted(by_pair(alignments).items()):
        out[(a_id, b_id)] = pair_evidence(by_id[a_id], by_id[b_id], group, texts)
        out[(b_id, a_id)] = pair_evidence(by_id[b_id], by_id[a_id], group, texts)
    return out


def _link(
    articles: Sequence[Article],
    evidence: dict[tuple[str, str], PairEvidence],
    texts: dict[str, TextRuns],
) -> list[list[str]]:
    """Families as groups of article ids (input order kept inside and between groups).

    Strong evidence (derived score >= STRONG_RATIO * DERIVED with a common run of
    VERBATIM_RUN words, or a shared passage) links outright, except two texts credited to
    different wire agencies, which only a shared passage links. Weaker evidence (a score
    of DERIVED or more without both) links only when the two also share words the rest of the
    story lacks (`exclusivity`) at least EXCLUSIVE_RATIO times the story's typical pair: two
    independent reports of one event share its facts, and often even their order, but a
    rewrite keeps its source's own wording and details."""
    ids = [a.id for a in articles]
    linked: DisjointSets[str] = DisjointSets(ids)
    find = linked.find
    score: dict[tuple[str, str], float] = {}
    passage: set[tuple[str, str]] = set()
    worded: set[tuple[str, str]] = set()
    for (x, y), ev in evidence.items():
        if x < y:
            score[(x, y)] = max(ev.derived_score, evidence[(y, x)].derived_score)
            if ev.passage:
                passage.add((x, y))
            if max(ev.run, evidence[(y, x)].run) >= VERBATIM_RUN:
                worded.add((x, y))
    # Texts credited to two different wire agencies were written apart: only a pasted
    # passage links them (storyfold.credits).
    credited = {a.id: agencies(a) for a in articles}
    two_agencies = {
        (x, y) for x, y in score if (x, y) not in passage and apart(credited[x], credited[y])
    }
    weak = []
    for (x, y), d in sorted(score.items()):
        if (x, y) in two_agencies:
            continue
        if (d >= STRONG_RATIO * DERIVED and (x, y) in worded) or (x, y) in passage:
            linked.union(x, y)
        elif d >= DERIVED:
            weak.append((x, y))
    if weak and len(ids) >= 3:
        stems = {i: set(texts[i].stems) for i in ids}
        members: dict[str, set[str]] = defaultdict(set)
        for i in ids:
            members[find(i)].add(i)

        def exclusivity(x: str, y: str) -> float:
            return _exclusivity(x, y, stems, members[find(x)] | members[find(y)])

        # The story's typical aligned pair. Copies were collapsed before (trace), so a text
        # republished dozens of times counts once here. (Averaging per pair of strongly
        # linked groups instead lowers the bar too far: on the Clough set independent
        # answers then link to each other.)
        values = sorted(exclusivity(x, y) for x, y in score)
        base = values[len(values) // 2]
        gated = [(x, y) for x, y in weak if exclusivity(x, y) > EXCLUSIVE_RATIO * base]
        for x, y in gated:
            linked.union(x, y)
    elif weak:
        for x, y in weak:
            linked.union(x, y)
    return linked.groups()


def _exclusivity(x: str, y: str, stems: dict[str, set[str]], known: set[str]) -> float:
    """Share of the stems articles x and y share that no other article uses, not counting
    articles `known` to copy x or y (copies share everything: they are one voice)."""
    shared = stems[x] & stems[y]
    if not shared:
        return 0.0
    only = set(shared)
    for k, s in stems.items():
        if k not in known and k not in (x, y):
            only -= s
    return len(only) / len(shared)


def family_of(story: Story) -> dict[str, int]:
    """Article id -> index of its family in `story.families`."""
    return {a: k for k, f in enumerate(story.families) for a in f.articles}


def independent_count(story: Story, article_ids: Sequence[str]) -> int:
    """How many distinct families the given articles come from (independent confirmations)."""
    fam = family_of(story)
    return len({fam.get(a, -1 - n) for n, a in enumerate(article_ids)})


def _likely_source(
    m: Article, members: list[Article], best: Article, linked: dict[tuple[str, str], PairEvidence]
) -> Article:
    """The member `m` most likely derives from: the family's best member (a chain of copies
    usually goes back to the fullest text) unless `m` links to it only weakly and another
    member clearly better."""
    to_best = linked[(m.id, best.id)].derived_score if (m.id, best.id) in linked else 0.0
    scored = [(linked[(m.id, o.id)].derived_score, o) for o in members if (m.id, o.id) in linked]
    if not scored or to_best >= DERIVED:
        return best
    top_score, top = max(scored, key=lambda t: (t[0], t[1].id))
    return top if top_score > to_best else best


def _best_member(
    members: list[Article],
    fluency: dict[str, float],
    evidence: dict[tuple[str, str], PairEvidence],
) -> Article:
    """The family's source: the earliest-dated member when the members' dates differ; among
    those (or all, undated), the most complete, fluent, least garbled: fluency times how
    much of the other members' content the member contains (a source holds what its copies
    took from it; a condensed copy holds only part of its source), relative to the
    family's most containing member. Ties go by `source_rank`, never by input order."""
    if len(members) == 1:
        return members[0]
    # Dates first: a member dated after another cannot be its source.
    day = {m.id: parse_day(m.published) for m in members}
    earliest = _earliest_dated([m.id for m in members], day)
    members = [m for m in members if m.id in earliest]
    if len(members) == 1:
        return members[0]
    held = {
        m.id: sum(evidence[(o.id, m.id)].c1 for o in members if (o.id, m.id) in evidence)
        for m in members
    }
    top = max(held.values()) or 1.0

    rank = {a.id: n for n, a in enumerate(source_first(members))}

    def score(m: Article) -> tuple[float, int]:
        return (fluency[m.id] * (0.5 + 0.5 * held[m.id] / top), -rank[m.id])

    return max(members, key=score)


def _earliest_dated(ids: Sequence[str], day: Mapping[str, int | None]) -> set[str]:
    """The ids that may be the source by their dates (`day`: id -> ordinal day or None):
    when at least two dated members have different days, the undated ones and those dated
    on the earliest day; else all."""
    dated = [day[i] for i in ids if day.get(i) is not None]
    if len(set(dated)) < 2:
        return set(ids)
    first = min(d for d in dated if d is not None)
    return {i for i in ids if day.get(i) is None or day[i] == first}


