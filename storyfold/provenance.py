"""Provenance: which articles of a story copy one source text, and how.

`trace` groups a story's articles into families (copies of one source text), names each
family's best member and, for every other member, the article it most likely derives from
and the relation: "copy" (near verbatim), "rewrite" (light edits), "paraphrase" (heavy
rewording) or "translation" (heavy rewording of the same sentences in the same order, as
machine translation makes). The best member of a family of several is "source"; an article
alone in its family is "independent" (same story, own reporting).

Why these signals: how much two texts share is not enough -- a condensed rewrite and an
independent report of the same event both share the story's words. What separates them is
whether the shared material comes in runs (content-word bigram containment) and whether the
aligned sentences keep their order (a copy follows its source; own reporting arranges the
facts its own way). `derived_score` adds the two. A pair with a strong score links
outright; a weak one also needs the two to share words the rest of the story lacks (more
than the story's typical pair does), since two reports of one event may share its facts
and even their order. The degree of reuse (copy / rewrite / paraphrase) is read from word
3-gram containment; "translation" needs sentence-for-sentence alignment plus garbling
traces (see storyfold.fidelity) that the source lacks.

Helpers for later stages: `family_of(story)` (article id -> family index) and
`independent_count(story, ids)` (how many families the given articles come from).

Thresholds were fitted on the Clough & Stevenson reuse corpus (tasks a and b separately,
then rounded between the two fits); bench/eval_reuse.py reproduces the cross-fitted figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyfold.align import by_pair, pairs_between
from storyfold.fidelity import assess, name_users
from storyfold.records import Alignment, Article, Family, Story
from storyfold.textsim import (
    content_stems,
    longest_common_run,
    longest_increasing,
    ngrams,
    words,
)

# Fitted on the Clough reuse corpus by bench/eval_reuse.py (accuracy-maximising cut, midpoint
# of the best gap): task a alone DERIVED 0.255 / COPY 0.544 / REWRITE 0.169; task b alone
# 0.304 / 0.921 / 0.256 (b's "cut" answers are partly copied from text outside its source);
# both tasks pooled 0.280 / 0.702 / 0.213, which we ship, rounded.
# derived_score >= DERIVED: one text derives from the other.
DERIVED = 0.28
# At or above this the link needs no further evidence (about twice DERIVED).
STRONG = 0.6
# Weak links need the pair's exclusivity above this multiple of the story's median pair.
# Measured (bench/eval_reuse.py and the seeds): rewrites 1.23-3.05 x median, independent
# texts 0.0-1.0 x median; 1.1 sits between.
EXCLUSIVE_RATIO = 1.1
# Word 3-gram containment of the derived text in its source separating copy / rewrite /
# paraphrase.
COPY = 0.70
REWRITE = 0.21
# "translation" rather than "paraphrase": most sentences of both texts aligned, in order.
TRANSLATION_SHARE = 0.7


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

    @property
    def derived_score(self) -> float:
        return self.c2 + self.ordered

    def as_dict(self) -> dict[str, float]:
        return {
            "c1": round(self.c1, 3),
            "c2": round(self.c2, 3),
            "c3": round(self.c3, 3),
            "c5": round(self.c5, 3),
            "longest_run": self.run,
            "aligned_share": round(self.aligned, 3),
            "order_kept_share": round(self.ordered, 3),
            "derived_score": round(self.derived_score, 3),
        }


@dataclass(slots=True)
class _Text:
    stems: list[str]
    words: list[str]
    n_sentences: int
    grams: dict[tuple[bool, int], set[tuple[str, ...]]] = field(default_factory=dict)

    def ngrams(self, tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
        """n-grams of this text's stems or words, built once (many pairs ask again)."""
        key = (tokens is self.stems, n)
        if key not in self.grams:
            self.grams[key] = ngrams(tokens, n)
        return self.grams[key]


def _containment(tx: _Text, ty: _Text, use_stems: bool, n: int) -> float:
    gx = tx.ngrams(tx.stems if use_stems else tx.words, n)
    gy = ty.ngrams(ty.stems if use_stems else ty.words, n)
    return len(gx & gy) / len(gx) if gx else 0.0


def pair_evidence(
    x: Article,
    y: Article,
    alignments: Sequence[Alignment],
    texts: dict[str, _Text] | None = None,
) -> PairEvidence:
    """The evidence that `x` derives from `y`, from their texts and sentence alignments
    (`alignments` may be all of the story's or just those between x and y)."""
    tx = texts[x.id] if texts else _text(x)
    ty = texts[y.id] if texts else _text(y)
    pairs = pairs_between(alignments, x.id, y.id)
    xs = {i for i, _, _ in pairs}
    ys = {j for _, j, _ in pairs}
    # One x sentence per step of the chain: the best-scored partner of each x sentence.
    best: dict[int, tuple[float, int]] = {}
    for i, j, s in pairs:
        if i not in best or s > best[i][0]:
            best[i] = (s, j)
    chain = longest_increasing([best[i][1] for i in sorted(best)])
    nx = max(1, tx.n_sentences)

    def grams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
        return (tx if tokens is tx.words else ty).ngrams(tokens, n)

    return PairEvidence(
        c1=_containment(tx, ty, True, 1),
        c2=_containment(tx, ty, True, 2),
        c3=_containment(tx, ty, False, 3),
        c5=_containment(tx, ty, False, 5),
        run=longest_common_run(tx.words, ty.words, grams),
        aligned=len(xs) / nx,
        ordered=chain / nx,
        back_aligned=len(ys) / max(1, ty.n_sentences),
    )


def relation_of(ev: PairEvidence, garbled: bool = False) -> str:
    """The relation of a text to the one it derives from, given their evidence; `garbled`
    says the text shows machine-translation traces its source lacks."""
    if ev.derived_score < DERIVED:
        return "independent"
    if ev.c3 >= COPY:
        return "copy"
    sentence_for_sentence = min(ev.aligned, ev.back_aligned, ev.ordered) >= TRANSLATION_SHARE
    if garbled and sentence_for_sentence:
        return "translation"
    if ev.c3 >= REWRITE:
        return "rewrite"
    return "paraphrase"


def trace(story: Story, articles: Sequence[Article]) -> None:
    """Set `story.families` and each article's derived_from, relation, fidelity, departures."""
    texts = {a.id: _text(a) for a in articles}
    by_id = {a.id: a for a in articles}
    evidence = _all_evidence(articles, story.alignments, texts)
    groups = _link(articles, evidence, texts)

    users = name_users(articles)
    involving: dict[str, list[Alignment]] = defaultdict(list)
    for al in story.alignments:
        involving[al.a].append(al)
        involving[al.b].append(al)
    fluency = {a.id: assess(a, articles, involving[a.id], None, users).fidelity for a in articles}
    families: list[Family] = []
    for ids in groups:
        members = [by_id[i] for i in ids]
        best = _best_member(members, fluency, evidence)
        notes: dict[str, object] = {}
        for m in members:
            m.departures = []
            if m.id == best.id:
                m.derived_from = None
                m.relation = "source" if len(members) > 1 else "independent"
                m.fidelity = round(fluency[m.id], 3)
                continue
            src = _likely_source(m, members, best, evidence)
            ev = evidence.get((m.id, src.id)) or pair_evidence(m, src, involving[m.id], texts)
            m.derived_from = src.id
            rel = relation_of(ev, garbled=fluency[m.id] < fluency[src.id])
            # Linked into the family through another member but weakly to its own source.
            m.relation = rel if rel != "independent" else "paraphrase"
            report = assess(m, articles, involving[m.id], src, users)
            m.fidelity = round(report.fidelity, 3)
            m.departures = report.departures
            notes[m.id] = {"derived_from": src.id, **ev.as_dict()}
        families.append(Family(articles=ids, best=best.id, evidence=notes))
    families.sort(key=lambda f: (-len(f.articles), f.articles[0]))
    story.families = families


def _all_evidence(
    articles: Sequence[Article], alignments: Sequence[Alignment], texts: dict[str, _Text]
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
    texts: dict[str, _Text],
) -> list[list[str]]:
    """Families as groups of article ids (input order kept inside and between groups).

    Strong evidence (derived score >= STRONG) links outright. Weaker evidence
    (DERIVED <= score < STRONG) links only when the two also share words the rest of the
    story lacks (`exclusivity`) at least EXCLUSIVE_RATIO times the story's typical pair: two
    independent reports of one event share its facts, and often even their order, but a
    rewrite keeps its source's own wording and details."""
    ids = [a.id for a in articles]
    parent = {i: i for i in ids}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    score: dict[tuple[str, str], float] = {}
    for (x, y), ev in evidence.items():
        if x < y:
            score[(x, y)] = max(ev.derived_score, evidence[(y, x)].derived_score)
    weak = []
    for (x, y), d in sorted(score.items()):
        if d >= STRONG:
            parent[find(x)] = find(y)
        elif d >= DERIVED:
            weak.append((x, y))
    if weak and len(ids) >= 3:
        stems = {i: set(texts[i].stems) for i in ids}
        members: dict[str, set[str]] = defaultdict(set)
        for i in ids:
            members[find(i)].add(i)

        def exclusivity(x: str, y: str) -> float:
            return _exclusivity(x, y, stems, members[find(x)] | members[find(y)])

        # The story's typical aligned pair. Known weakness: with many verbatim copies the
        # pairs inside their component dominate this median and weak links get stricter.
        values = sorted(exclusivity(x, y) for x, y in score)
        base = values[len(values) // 2]
        gated = [(x, y) for x, y in weak if exclusivity(x, y) > EXCLUSIVE_RATIO * base]
        for x, y in gated:
            parent[find(x)] = find(y)
    elif weak:
        for x, y in weak:
            parent[find(x)] = find(y)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[find(i)].append(i)
    return list(groups.values())


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
    top_score, top = max(scored, key=lambda t: t[0])
    return top if top_score > to_best else best


def _best_member(
    members: list[Article],
    fluency: dict[str, float],
    evidence: dict[tuple[str, str], PairEvidence],
) -> Article:
    """Most complete, fluent, least garbled: fluency times how much of the other members'
    content the member contains (a source holds what its copies took from it; a condensed
    copy holds only part of its source), relative to the family's most containing member."""
    if len(members) == 1:
        return members[0]
    held = {
        m.id: sum(evidence[(o.id, m.id)].c1 for o in members if (o.id, m.id) in evidence)
        for m in members
    }
    top = max(held.values()) or 1.0

    def score(m: Article) -> tuple[float, str]:
        return (fluency[m.id] * (0.5 + 0.5 * held[m.id] / top), m.id)

    return max(members, key=score)


def _text(a: Article) -> _Text:
    body = a.text or " ".join(s.text for s in a.sentences)
    return _Text(content_stems(body), words(body), len(a.sentences))
