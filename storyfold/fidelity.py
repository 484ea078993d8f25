"""Fidelity: how faithfully an article carries its family's source text.

Two kinds of evidence, combined in `assess`:
- Fluency (needs no source): traces machine translation and scraping leave in text --
  doubled words ("and and"), words glued to the next sentence ("BrandtAnd"), hyphens split
  from their word ("so -called"), and name forms that no other article of the story uses
  although at least two others use a near-identical spelling (a garbled name).
- Departures (needs the aligned source): for each sentence, compared with its best-aligned
  source sentence, names whose spelling changed ("garbled name"), names the source has and
  the sentence lost ("dropped actor"), numbers that differ ("number") and a statement
  turned around ("polarity": storyfold.polarity's rule, the one the conflict check uses).

`assess` gives fluency and the departures (shown in the report); the fidelity the report
gives comes from `family_fidelity`: fluency times the member's consensus -- how well the
rest of its family backs its sentences (aligned similarity), the names and numbers nobody
else gives, and what the others carry that it lacks -- relative to the family's best-backed
member. Every member, the family's "source" too, is judged that way: the source is often
itself a machine translation, and judged against itself it would always score perfectly.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from storyfold import polarity
from storyfold.align import pairs_between
from storyfold.records import Alignment, Article, Departure
from storyfold.textsim import STOPWORDS, fold, fuzzy_ratio, words

# A name form is a garbling of another when the spellings are at least this close
# ("Bower"/"Bauer" 0.6, "Kovalsky"/"Kowalski" 0.75, "Morrow"/"Moreau" 0.5) ...
NAME_RATIO = 0.5
# ... and, without a source to compare with, when at least this many other articles use the
# other form (one other article could equally be the garbled one).
SUPPORT = 2
# Without a source the bar is higher: near-twins like "Dirk"/"Derek" (0.67) are different
# names, "Kovalsky"/"Kowalski" (0.75), "Novak"/"Nowak" (0.8) are garblings.
GARBLE_RATIO = 0.7
# Between aligned sentences a name is garbled from this ratio whatever its first letter
# ("Bower"/"Bauer" 0.6; with the same first letter NAME_RATIO will do) ...
ANY_LETTER_RATIO = 0.6
# ... and an actor the copy lost is not "dropped" when a word of the copy is spelled this
# close to it (it is there, respelled).
KEPT_ACTOR_RATIO = 0.75
# Only sentence pairs aligned at least this well are trusted to name the same people.
SWAP_MIN_SCORE = 0.35
# Fluency loses this much per artefact per sentence.
ARTEFACT_WEIGHT = 1.5
DEPARTURE_WEIGHT = 0.6
KIND_WEIGHT = {"polarity": 1.0, "number": 1.0, "garbled name": 0.6, "dropped actor": 0.4}

_NAME = re.compile(r"\b[A-Z][\w'’\-]*[a-z][\w'’\-]*\b")
_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
_GLUED = re.compile(r"\b[A-Za-z]*[a-z]([A-Z][a-z]+)\b")
_SPLIT_HYPHEN = re.compile(r"\w\s-\w")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE_RUN = re.compile(r"\s*")  # what str.lstrip takes away
# Doubling that English allows ("that that", "had had").
_DOUBLE_OK = frozenset({"that", "had", "is", "very", "so", "bye", "no", "ha"})


@dataclass(slots=True)
class FidelityReport:
    fidelity: float
    fluency: float
    artefacts: list[str] = field(default_factory=list)
    departures: list[Departure] = field(default_factory=list)


@lru_cache(maxsize=1 << 16)
def names(text: str) -> tuple[str, ...]:
    """Capitalised words that are not sentence openers or function words (cached: the same
    sentences are asked about once per aligned partner)."""
    out = []
    for m in _NAME.finditer(text):
        w = m.group()
        if fold(w) in STOPWORDS:
            continue
        # A bounded look back (the whole prefix only when the window is blank): slicing
        # text[:start] for every name made a long text quadratic.
        before = text[max(0, m.start() - 64) : m.start()].rstrip()
        if not before and m.start() > 64:
            before = text[: m.start()].rstrip()
        if not before or before[-1] in ".!?:\"“‘'(":
            # A sentence opener is a name only when the next word is capitalised too.
            # Found in place: slicing and splitting the rest of the text for every opener
            # made a long text quadratic.
            space = _SPACE_RUN.match(text, m.end())
            at = space.end() if space else m.end()
            stop = text.find(" ", at)
            nxt = text[at : stop if stop >= 0 else len(text)]
            if not (nxt[:1].isupper() and fold(nxt) not in STOPWORDS):
                continue
        out.append(w)
    return tuple(out)


def artefacts(text: str) -> list[str]:
    """Machine-translation and scraping traces in `text`, one string per occurrence."""
    found = []
    for m in _DOUBLED.finditer(text):
        if m.group(1).lower() not in _DOUBLE_OK and not m.group(1).isupper():
            found.append(f"doubled word: {m.group()}")
    for m in _GLUED.finditer(text):
        if m.group(1).lower() in STOPWORDS:
            found.append(f"glued words: {m.group()}")
    for m in _SPLIT_HYPHEN.finditer(text):
        found.append(f"split hyphen: {text[max(0, m.start() - 8) : m.end() + 8].strip()}")
    return found


Users = dict[str, set[str]]


def name_users(articles: Sequence[Article]) -> Users:
    """Folded name form -> ids of the articles using it (compute once per story)."""
    users: Users = defaultdict(set)
    for a in articles:
        for n in set(names(a.text)):
            users[_base(n)].add(a.id)
    return users


def garbled_forms(
    article: Article, articles: Sequence[Article], users: Users | None = None
) -> dict[str, str]:
    """Name forms only `article` uses whose near-twin at least SUPPORT other articles use:
    form -> the supported form. Same first letter, spelling ratio >= GARBLE_RATIO, and
    neither a prefix of the other ("German"/"Germany" are two words, not a garbling)."""
    users = users if users is not None else name_users(articles)
    own = {_base(n) for n in names(article.text)}
    out: dict[str, str] = {}
    # The supported forms other articles use, by first letter, gathered once: scanning every
    # form of the story for each of a long text's names was quadratic.
    supported: dict[str, list[str]] = defaultdict(list)
    for other, who in users.items():
        if article.id not in who and len(who) >= SUPPORT:
            supported[other[:1]].append(other)
    for n in own:
        if users[n] != {article.id} or len(n) < 4:
            continue
        best, best_r = "", 0.0
        for other in supported.get(n[:1], ()):
            if other.startswith(n) or n.startswith(other):
                continue
            r = fuzzy_ratio(n, other)
            if r > best_r:
                best, best_r = other, r
        if best_r >= GARBLE_RATIO:
            out[n] = best
    return out


def looks_garbled(form: str, other: str) -> bool:
    """Could `form` be a corruption of the name `other` (both folded)? Close spelling, and
    not a derived word of the same stem ("Norwegian"/"Norway", "Chinese"/"China")."""
    if other in form or form in other:
        return False
    if form[:4] == other[:4] and abs(len(form) - len(other)) >= 2:
        return False
    r = fuzzy_ratio(form, other)
    return r >= ANY_LETTER_RATIO or (r >= NAME_RATIO and form[:1] == other[:1])


@lru_cache(maxsize=1 << 16)
def _base(name: str) -> str:
    """Folded name without a possessive ending."""
    n = fold(name)
    return n[:-2] if n.endswith("'s") else n


def fluency(
    article: Article,
    articles: Sequence[Article],
    alignments: Sequence[Alignment] = (),
    users: Users | None = None,
) -> tuple[float, list[str]]:
    """Fluency in [0, 1] judged without a source, and the artefacts that lowered it.
    `users` (from `name_users`) saves recounting the story's names for every article."""
    users = users if users is not None else name_users(articles)
    found = artefacts(article.text)
    garbled = garbled_forms(article, articles, users)
    garbled.update(swapped_names(article, articles, alignments, users))
    found += [f"garbled name: {g} (others: {s})" for g, s in sorted(garbled.items())]
    n = max(1, len(article.sentences))
    return max(0.0, 1.0 - ARTEFACT_WEIGHT * len(found) / n), found


def swapped_names(
    article: Article,
    articles: Sequence[Article],
    alignments: Sequence[Alignment],
    users: Users | None = None,
) -> dict[str, str]:
    """Names of `article` that an aligned sentence of another article spells differently,
    where more of the story's articles use the other spelling: form -> the other form."""
    users = users if users is not None else name_users(articles)
    by_id = {a.id: a for a in articles}
    out: dict[str, str] = {}
    for al in alignments:
        if al.score < SWAP_MIN_SCORE or article.id not in (al.a, al.b):
            continue
        if al.a == article.id:
            mine, other = article.sentences[al.a_sentence].text, by_id[al.b]
            theirs = other.sentences[al.b_sentence].text
        else:
            mine, other = article.sentences[al.b_sentence].text, by_id[al.a]
            theirs = other.sentences[al.a_sentence].text
        n_mine = {_base(n) for n in names(mine)}
        n_theirs = {_base(n) for n in names(theirs)}
        if n_mine == n_theirs:
            continue
        for m in n_mine - n_theirs:
            for t in n_theirs - n_mine:
                if len(users[t]) > len(users[m]) and looks_garbled(m, t):
                    out.setdefault(m, t)
    return out


def assess(
    article: Article,
    articles: Sequence[Article],
    alignments: Sequence[Alignment],
    source: Article | None,
    users: Users | None = None,
    known_fluency: tuple[float, list[str]] | None = None,
) -> FidelityReport:
    """Fidelity of `article`; with a `source`, also its departures from it. `alignments`
    need only include those that involve `article`. `known_fluency` (fluency and artefacts,
    as `fluency` returns them) skips judging fluency again: a verbatim copy has its
    original's, and judged on its own its garbled names would look like the story's norm."""
    flu, found = known_fluency if known_fluency is not None else fluency(
        article, articles, alignments, users
    )
    if source is None or not article.sentences:
        return FidelityReport(flu, flu, found)
    best: dict[int, tuple[float, int]] = {}
    for i, j, s in pairs_between(alignments, article.id, source.id):
        if i not in best or s > best[i][0]:
            best[i] = (s, j)
    # A split sentence: every sentence of the article whose best partner is source sentence
    # j shares in carrying it, so a name is "dropped" only if all of them lack it.
    carried: dict[int, list[str]] = defaultdict(list)
    for i, (_, j) in best.items():
        carried[j].append(article.sentences[i].text)
    recurring = {n for n, c in Counter(_base(n) for n in names(source.text)).items() if c >= 2}
    departures = []
    for i in sorted(best):
        score, j = best[i]
        mine, theirs = article.sentences[i].text, source.sentences[j].text
        if mine == theirs:  # a copied sentence departs in nothing (and copies are many)
            continue
        kinds = departure_kinds(mine, theirs, " ".join(carried[j]), recurring, score)
        if kinds:
            departures.append(Departure(i, mine, source.id, j, theirs, kinds, round(score, 4)))
    weight = sum(min(1.0, sum(KIND_WEIGHT.get(k, 0.5) for k in d.kinds)) for d in departures)
    share = weight / max(1, len(best))
    fid = flu * (1.0 - DEPARTURE_WEIGHT * min(1.0, share))
    return FidelityReport(max(0.0, min(1.0, fid)), flu, found, departures)


def departure_kinds(
    mine: str,
    theirs: str,
    carried: str | None = None,
    actors: set[str] | None = None,
    score: float = 1.0,
) -> list[str]:
    """How sentence `mine` departs from the aligned source sentence `theirs`.

    `carried`: all text of this article aligned to `theirs` (for split sentences);
    `actors`: names the source uses repeatedly (only those count as dropped actors);
    `score`: the pair's alignment score (a lone negation is trusted only in a close pair)."""
    kinds = []
    carried = carried or mine
    n_mine = {_base(n) for n in names(mine)}
    n_theirs = {_base(n) for n in names(theirs)}
    lost = n_theirs - n_mine
    new = n_mine - n_theirs
    if any(looks_garbled(m, t) for t in lost for m in new):
        kinds.append("garbled name")
    folded = fold(carried)
    for t in lost:
        if actors is not None and t not in actors:
            continue
        if t in folded or any(looks_garbled(m, t) for m in new):
            continue
        if any(fuzzy_ratio(t, w) >= KEPT_ACTOR_RATIO for w in words(carried)):
            continue
        kinds.append("dropped actor")
        break
    num_mine = set(_NUMBER.findall(mine))
    num_theirs = set(_NUMBER.findall(theirs))
    if num_mine and num_theirs and num_mine != num_theirs:
        kinds.append("number")
    if polarity.flips(mine, theirs, score):  # the conflict check's own rule
        kinds.append("polarity")
    return kinds


# Consensus fidelity (`family_fidelity`): a copy is judged against all of its family, never
# against one member -- the "best" member is itself often a machine translation, and judged
# against itself it would score perfectly. Unfitted weights, chosen for meaning: an
# unsupported name or number costs a share of its sentence, a passage the rest of the family
# carries and the copy lacks costs through the square root (condensing is a milder fault
# than distortion).
UNSUPPORTED_WEIGHT = 0.5  # at most half the support, when every name and number is new
OMISSION_POWER = 0.5


@dataclass(slots=True)
class Consensus:
    """How the rest of its family backs one member: `support` (word-weighted mean over its
    sentences of the mean, over the other members, of the best alignment score, 0 where a
    member has no aligned sentence), `unsupported` (share of its names and numbers that no
    aligned sentence of another member carries, nor any article outside the family),
    `coverage` (share of the others' words in
    sentences aligned to this member), and `score` combining them."""

    support: float
    unsupported: float
    coverage: float
    score: float


def consensus(
    members: Sequence[Article],
    alignments: Sequence[Alignment],
    outside: Sequence[Article] = (),
) -> dict[str, Consensus]:
    """Each member's backing by the other members of its family (see `Consensus`).
    `alignments` may hold pairs outside `members`; those are ignored. `outside`: the story's
    articles of other families -- a name or number one of them gives is not the member's
    invention (in a family of two, the faithful member's names are "unsupported" by its
    garbled copy). A member alone has nothing to be compared with: support and coverage 1."""
    elsewhere: set[str] = set()
    for a in outside:
        elsewhere.update(_base(n) for n in names(a.text))
        elsewhere.update(_NUMBER.findall(a.text))
    ids = {m.id for m in members}
    by_id = {m.id: m for m in members}
    # (article, sentence) -> other article -> (best score, sentence indices aligned)
    best: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    partners: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for al in alignments:
        if al.a not in ids or al.b not in ids or al.a == al.b:
            continue
        for x, i, y, j in ((al.a, al.a_sentence, al.b, al.b_sentence),
                           (al.b, al.b_sentence, al.a, al.a_sentence)):
            row = best[(x, i)]
            row[y] = max(row.get(y, 0.0), al.score)
            partners[(x, i)].append((y, j))
    # Words of each member, and of each other member's sentences aligned to it (one pass
    # over the alignments, not over every pair of members: wire families can be large).
    totals = {m.id: sum(len(x.text.split()) for x in m.sentences) for m in members}
    totals = {i: t for i, t in totals.items() if t}
    with_text = len(totals)
    held: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (o, j), row in best.items():
        w = len(by_id[o].sentences[j].text.split())
        for mid in row:
            held[mid][o] += w
    out: dict[str, Consensus] = {}
    n_others = len(members) - 1
    for m in members:
        if n_others == 0 or not m.sentences:
            out[m.id] = Consensus(1.0, 0.0, 1.0, 1.0)
            continue
        sup_sum = weight_sum = 0.0
        unsupported = tokens = 0
        for i, s in enumerate(m.sentences):
            w = len(s.text.split())
            row = best.get((m.id, i), {})
            sup_sum += w * sum(min(1.0, v) for v in row.values()) / n_others
            weight_sum += w
            carried = {by_id[y].sentences[j].text for y, j in partners.get((m.id, i), ())}
            if carried:
                n, lacking = _unsupported(s.text, fold(" ".join(carried)), elsewhere)
                tokens += n
                unsupported += lacking
        support = sup_sum / max(1.0, weight_sum)
        unsup = unsupported / max(1, tokens)
        others = with_text - (m.id in totals)
        coverage = (
            sum(h / totals[o] for o, h in held[m.id].items()) / others if others else 1.0
        )
        score = support * (1.0 - UNSUPPORTED_WEIGHT * unsup)
        score *= coverage**OMISSION_POWER
        out[m.id] = Consensus(support, unsup, coverage, score)
    return out


def _unsupported(text: str, carried: str, elsewhere: set[str]) -> tuple[int, int]:
    """How many names and numbers `text` gives, and how many of them neither the folded
    `carried` text nor `elsewhere` has."""
    toks = {_base(n) for n in names(text)} | set(_NUMBER.findall(text))
    return len(toks), sum(1 for t in toks if t not in carried and t not in elsewhere)


def family_fidelity(
    members: Sequence[Article],
    alignments: Sequence[Alignment],
    fluency_of: dict[str, float],
    outside: Sequence[Article] = (),
) -> dict[str, float]:
    """Fidelity of every member of one family, the best member scored like the rest:
    fluency (judged without a source) times the member's consensus relative to the
    best-backed member's (so a family's most faithful copy reads near its fluency, and a
    family of one reads its fluency). `outside` as for `consensus`."""
    cons = consensus(members, alignments, outside)
    top = max((c.score for c in cons.values()), default=1.0) or 1.0
    return {
        m.id: max(0.0, min(1.0, fluency_of.get(m.id, 1.0) * cons[m.id].score / top))
        for m in members
    }
