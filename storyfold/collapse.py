"""Near-verbatim copies collapsed onto one representative before a story's costly stages.

A wire text republished dozens of times, each copy with a word or two edited, carries one
voice: aligning every copy with every other and reconciling each pair of identical
sentences costs time quadratic in the story and says nothing new. `collapse` picks, among
a story's members, the copies that are near-verbatim to an earlier member (the
*representative*) and whose edits are harmless; the per-story stages then run on the
representatives only, and `expand_provenance` / `storyfold.copy_checks` give each copy
what follows from its representative and the sentence diff between the two:

* relation "copy", derived from its representative, in its representative's family;
* alignments: each sentence of the copy to its counterpart in the diff (identical ones
  score 1.0, edited ones their word similarity);
* fidelity and departures judged against the representative (storyfold.fidelity.assess,
  with the representative's fluency, as provenance does for its own near copies);
* the facts and entity variants its representative carries (support is counted by
  families, and a copy is in its representative's family, so no count moves); a risky
  copy (below) only those of the sentences it kept, and what its changed sentences say.

*Near-verbatim* is judged on words, not shingles: at most MAX_EDITS word edits (insert,
delete, substitute; or MAX_EDIT_SHARE of the longer text if that is more) between the two
word sequences, title included. 5-gram containment alone misses half of such copies in
short texts: a four-word edit touches up to twenty 5-grams of a 100-word report.

*Harmless* edits change no number, name, negation, antonym, office title or the noun
next to a number. A copy whose edits are not harmless ("13 provinces" for "12 provinces",
"not" added, "30 soldiers" for "30 countries": what departures and conflicts are made of)
is collapsed too, but marked *risky*: the reconcile stage then sees it as a stub holding
only its changed sentences (storyfold.copy_checks), so its conflicts, facts and name
variants come from the same checks as before, run on the sentences that differ.

Candidates come from shared rare features, not all pairs: each member is looked up by
its sentence texts (and its first and last words) in an index of the representatives so
far, and only the few sharing most are compared.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from storyfold import fidelity
from storyfold.polarity import FUNCTION_OPPOSITES, antonyms, is_negator, opposite, prefix_pair
from storyfold.records import Alignment, Article, Story

# At most this many word edits between a copy and its representative ...
MAX_EDITS = 8
# ... or this share of the longer text's words, if more (a long text takes more edits).
MAX_EDIT_SHARE = 0.05
# A copy whose edits are not harmless collapses only with at most this many: its fidelity
# is then judged against its representative alone; a long text edited in dozens of places
# (two machine translations that nearly agree) is a light rewrite, whose fidelity the
# family's consensus judges (provenance), as before (TED MQM: tau 0.215 with the cap,
# 0.203 without).
MAX_RISKY_EDITS = MAX_EDITS
# Representatives compared with each member, those sharing the most features first.
CANDIDATES = 3
# Words at each end of a text used as lookup features besides the sentences.
EDGE_WORDS = 8

_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred hundreds thousand thousands million millions billion billions
    trillion dozen dozens half quarter first second third once twice""".split()
)
_PUNCT = "\"'“”‘’`.,;:!?()[]"


@dataclass(slots=True)
class Collapsed:
    """A story's members split into representatives and copies (id -> its representative)."""

    representatives: list[Article]
    copy_of: dict[str, str] = field(default_factory=dict)
    edits: dict[str, int] = field(default_factory=dict)  # copy id -> word edits
    # Copies whose edits are not harmless (a number, a name, a negation ...): reconcile
    # checks their changed sentences (storyfold.copy_checks).
    risky: set[str] = field(default_factory=set)

    def copies(self, rep: str) -> list[str]:
        return [c for c, r in self.copy_of.items() if r == rep]


def collapse(members: Sequence[Article]) -> Collapsed:
    """Near-verbatim copies, each onto the earliest member it copies; those whose edits
    are not harmless are marked risky."""
    reps: list[Article] = []
    index: dict[str, list[int]] = {}
    tokens: list[list[str]] = []
    out = Collapsed(reps)
    for article in members:
        toks = _tokens(article)
        shared: Counter[int] = Counter()
        keys = _features(article, toks)
        for key in keys:
            for r in index.get(key, ()):
                shared[r] += 1
        found = None
        # Most shared features first, the earliest representative on a tie (`keys` is a
        # set: counting order, and so most_common's tie order, would follow string hashes,
        # which differ from one process to the next).
        best = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]
        for r, _ in best:
            edits = near_verbatim(tokens[r], toks)
            if edits is None:
                continue
            risky = bool(edits) and not harmless(tokens[r], toks)
            if risky and edits > MAX_RISKY_EDITS:
                continue
            found = (r, edits, risky)
            break
        if found is not None:
            r, edits, risky = found
            out.copy_of[article.id] = reps[r].id
            out.edits[article.id] = edits
            if risky:
                out.risky.add(article.id)
            continue
        number = len(reps)
        reps.append(article)
        tokens.append(toks)
        for key in keys:
            index.setdefault(key, []).append(number)
    return out


def near_verbatim(a: Sequence[str], b: Sequence[str]) -> int | None:
    """Word edits between two token sequences when they are near-verbatim copies (see the
    module doc), else None; `harmless` says whether those edits can change a meaning."""
    longest = max(len(a), len(b))
    limit = max(MAX_EDITS, int(MAX_EDIT_SHARE * longest))
    if abs(len(a) - len(b)) > limit:
        return None
    edits = Levenshtein.distance(a, b, score_cutoff=limit)
    if edits > limit:
        return None
    return int(edits)


def harmless(a: Sequence[str], b: Sequence[str]) -> bool:
    """No edit between the two token sequences touches what a conflict or departure can
    turn on (see the module doc)."""
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            continue
        gone, new = a[op.src_start : op.src_end], b[op.dest_start : op.dest_end]
        if any(_risky(w) for w in (*gone, *new)):
            return False
        # "30 soldiers" for "30 countries": the edit sits next to a number.
        around = (a[op.src_start - 1 : op.src_start], a[op.src_end : op.src_end + 1],
                  b[op.dest_start - 1 : op.dest_start], b[op.dest_end : op.dest_end + 1])
        if any(_number_like(w) for side in around for w in side):
            return False
        for x in gone:
            for y in new:
                if prefix_pair(_plain(x), _plain(y)) or _flips(_plain(x), _plain(y)):
                    return False
    return True


def _flips(x: str, y: str) -> bool:
    """The conflict check's own word rule (storyfold.reconcile.edits): antonyms in any
    inflection ("accepted"/"rejected") and one unit of time for another, so an edit it
    would flag is never collapsed away."""
    from storyfold.reconcile import edits

    units = edits._TIME_UNITS
    if x in units and y in units and units[x] != units[y]:
        return True
    return opposite(x, y)


def _plain(word: str) -> str:
    return word.strip(_PUNCT).lower()


def _number_like(word: str) -> bool:
    w = _plain(word)
    return bool(_DIGIT.search(word)) or w in _NUMBER_WORDS


def _risky(word: str) -> bool:
    """A word a departure or conflict can turn on: a number, a name (capitalised), a
    negation, an antonym, an office title."""
    w = _plain(word)
    if not w:
        return False
    if _number_like(word) or word.strip(_PUNCT)[:1].isupper():
        return True
    return is_negator(w) or w in _sensitive_words()


@cache
def _sensitive_words() -> frozenset[str]:
    from storyfold.reconcile.lexicon import title_words

    out = set(antonyms()) | set(title_words())
    out.update(w for pair in FUNCTION_OPPOSITES for w in pair)
    return frozenset(out)


def _tokens(article: Article) -> list[str]:
    # The title counts: headlines are compared for their numbers too.
    return [*(article.title or "").split(), "\n", *article.text.split()]


def _features(article: Article, toks: list[str]) -> set[str]:
    keys = {"s:" + s.text for s in article.sentences}
    body = toks[toks.index("\n") + 1 :]
    keys.add("h:" + " ".join(body[:EDGE_WORDS]))
    keys.add("t:" + " ".join(body[-EDGE_WORDS:]))
    return keys


# -- giving copies what follows from their representative -----------------------------
def copy_alignments(rep: Article, copy: Article) -> list[Alignment]:
    """The copy's sentences aligned to the representative's through a sentence diff."""
    xs = [s.text for s in rep.sentences]
    ys = [s.text for s in copy.sentences]
    out: list[Alignment] = []
    matcher = difflib.SequenceMatcher(None, xs, ys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(Alignment(rep.id, i1 + k, copy.id, j1 + k, 1.0) for k in range(i2 - i1))
        elif tag == "replace":
            for k in range(min(i2 - i1, j2 - j1)):
                score = fuzz.ratio(xs[i1 + k].split(), ys[j1 + k].split()) / 100
                out.append(Alignment(rep.id, i1 + k, copy.id, j1 + k, round(score, 4)))
    return out


def expand_provenance(story: Story, members: Sequence[Article], collapsed: Collapsed) -> None:
    """After provenance ran on the representatives: annotate each copy, put it in its
    representative's family and add its alignments to the representative."""
    if not collapsed.copy_of:
        return
    by_id = {a.id: a for a in members}
    reps = collapsed.representatives
    order = {a.id: n for n, a in enumerate(members)}
    users = fidelity.name_users(reps)
    involving: dict[str, list[Alignment]] = {}
    for al in story.alignments:
        involving.setdefault(al.a, []).append(al)
        involving.setdefault(al.b, []).append(al)
    rep_fluency: dict[str, tuple[float, list[str]]] = {}
    family_of = {aid: fam for fam in story.families for aid in fam.articles}
    added: list[Alignment] = []
    for cid, rid in collapsed.copy_of.items():
        copy, rep = by_id[cid], by_id[rid]
        aligned = copy_alignments(rep, copy)
        added.extend(aligned)
        if rid not in rep_fluency:
            rep_fluency[rid] = fidelity.fluency(rep, reps, involving.get(rid, []), users)
        copy.derived_from, copy.relation = rid, "copy"
        if collapsed.edits[cid] == 0:
            copy.fidelity, copy.departures = round(rep_fluency[rid][0], 3), []
        else:
            report = fidelity.assess(copy, [rep, copy], aligned, rep, users, rep_fluency[rid])
            copy.fidelity, copy.departures = round(report.fidelity, 3), report.departures
        fam = family_of[rid]
        fam.articles.append(cid)
        fam.evidence[cid] = {"derived_from": rid, "near_copy": True,
                             "word_edits": collapsed.edits[cid]}
    for fam in story.families:
        fam.articles.sort(key=order.__getitem__)
        best = by_id[fam.best]
        if len(fam.articles) > 1 and best.relation == "independent":
            best.relation = "source"
    story.families.sort(key=lambda f: (-len(f.articles), order[f.articles[0]]))
    story.alignments.extend(added)
