"""Contradictions between sources: aligned sentences (or entity records) that disagree.

Checked on each pair of aligned sentences from different articles:

* number — both count the same kind of thing once, in values that differ beyond the
  rounding either writer used ("12" vs "13 provinces"; "$2.46bn" vs "$2.5bn" is no
  conflict, nor are different currencies);
* unit — one value counts different kinds of thing ("30 soldiers" vs "30 countries");
* polarity — a word on one side meets its antonym or its prefix negation on the other
  ("pleased"/"displeased"), or, in near-identical sentences, one side is negated and
  the other not;
* actor — a shared action has different doers ("Denmark is expelling" vs "it [Norway] was
  expelling"), each named in the other sentence too: roles swapped, not a name dropped;
* speaker — one side says a named person said it, the other gives a different speaker and
  never names that person;
* event — one side says someone was killed, hurt or held, and the sentences other sources
  align with it speak of the same person without it, nor does any other source say that
  person came to harm (a garbled "an official who spoke to" -> "an official who was killed
  by").

And per entity: *title* — sources give one person different offices ("Prime Minister" vs
"President"). Every conflict shows both sides and favours the side whose
supporters (articles agreeing with it) weigh more: families count once, by fidelity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from storyfold import polarity
from storyfold.reconcile.context import SentenceRef, StoryContext
from storyfold.reconcile.edits import meaning_edits
from storyfold.reconcile.entities import EntityIndex
from storyfold.reconcile.lexicon import STOPWORDS as _STOP
from storyfold.reconcile.lexicon import fold, stem
from storyfold.reconcile.numbers import (
    Quantity,
    consistent,
    find_quantities,
    plural,
    same_number,
    unit_kinds,
)
from storyfold.reconcile.quotes import PRONOUN, reported_speaker
from storyfold.records import Conflict, Side

MIN_SCORE = 0.3  # alignment score below which two sentences are not "about the same thing"
ACTOR_MIN_SCORE = 0.6
SPEAKER_MIN_SCORE = 0.45
# Provenance relations of a text that follows its source sentence by sentence.
CLOSE_COPIES = ("copy", "translation", "rewrite")
HEADLINE_MIN_SHARED = 2  # content words two headlines share besides the number
NUMBER_MIN_SCORE = 0.55
NUMBER_MIN_OVERLAP = 0.4
# Offices a person holds one of at a time; ranks and functions ("constable", "spokesman")
# combine with them and with each other, so they never make a title conflict.
OFFICES = frozenset(
    {
        "president",
        "vice president",
        "prime minister",
        "deputy prime minister",
        "chancellor",
        "minister",
        "foreign minister",
        "defence minister",
        "secretary of state",
        "secretary-general",
        "director general",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "senator",
        "representative",
        "governor",
        "mayor",
        "chief executive",
        "chairman",
        "ambassador",
    }
)
# A close copy's edit of meaning (edits.py) -> the kind of conflict it is.
_EDIT_KINDS = {
    "negation": "polarity",
    "polarity": "polarity",
    "date": "date",
    "duration": "duration",
    "number": "number",
    "actor": "actor",
}
_MEASURE_KINDS = frozenset({"length", "mass", "time", "area", "speed", "%"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_ACTION_SKIP = frozenset(
    """said says say told added announced confirmed stated would could should will may might
    must been being have has had was were is are do does did""".split()
)
_PRONOUNS = {
    "it": ("place", "org", "group", "other"),
    "they": ("place", "org", "group"),
    "he": ("person",),
    "she": ("person",),
}


def find_conflicts(
    ctx: StoryContext,
    index: EntityIndex,
    quantities: dict[SentenceRef, list[Quantity]],
) -> list[Conflict]:
    out: list[Conflict] = []
    seen: set[tuple[str, SentenceRef, SentenceRef]] = set()

    def add(
        kind: str,
        x: SentenceRef,
        tx: str,
        y: SentenceRef,
        ty: str,
        why: str,
        support_x: Iterable[str],
        support_y: Iterable[str],
    ) -> None:
        key = (kind, min(x, y), max(x, y))
        if key in seen:
            return
        seen.add(key)
        out.append(_conflict(ctx, kind, x, tx, y, ty, why, set(support_x), set(support_y)))

    roles = _role_words(index)  # once per story, not a scan of every mention per pair
    for x, y, score in ctx.aligned_pairs():
        if score < MIN_SCORE or x[0] == y[0]:
            continue
        tx, ty = ctx.sentence(*x), ctx.sentence(*y)
        if tx == ty:
            continue  # one sentence text on both sides contradicts nothing (copies: most pairs)
        for edit in meaning_edits(tx, ty):
            kind = _EDIT_KINDS[edit.kind]
            add(
                kind,
                x,
                tx,
                y,
                ty,
                edit.why,
                _word_supporters(ctx, x, y, fold(edit.left)),
                _word_supporters(ctx, y, x, fold(edit.right)),
            )
        qx, qy = quantities.get(x, []), quantities.get(y, [])
        for kind, why in _number_conflicts(qx, qy, tx, ty, score):
            sx = _number_supporters(ctx, quantities, x, y, qx, kind)
            sy = _number_supporters(ctx, quantities, y, x, qy, kind)
            add(kind, x, tx, y, ty, why, sx, sy)
        pol = polarity.sentence_flip(tx, ty, score)
        if pol:
            wx, wy, why = pol
            add(
                "polarity",
                x,
                tx,
                y,
                ty,
                why,
                _word_supporters(ctx, x, y, wx),
                _word_supporters(ctx, y, x, wy),
            )
        if score >= ACTOR_MIN_SCORE:
            act = _actor_swap(index, x, tx, y, ty) or _agent_dropped(index, x, tx, y, ty)
            if act:
                add("actor", x, tx, y, ty, act, {x[0]}, {y[0]})
        if score >= SPEAKER_MIN_SCORE:
            spk = _speaker_swap(ctx, index, x, tx, y, ty, roles)
            if spk:
                add("speaker", x, tx, y, ty, spk, {x[0]}, {y[0]})
    for x, y, why, also in _grave_events(ctx):
        add("event", x, ctx.sentence(*x), y, ctx.sentence(*y), why, {x[0]}, {y[0], *also})
    for x, y, why in _stated_quantity_conflicts(ctx, index, quantities):
        q_kind = "number"
        sx = _number_supporters(ctx, quantities, x, y, quantities[x], q_kind)
        sy = _number_supporters(ctx, quantities, y, x, quantities[y], q_kind)
        add(q_kind, x, ctx.sentence(*x), y, ctx.sentence(*y), why, sx, sy)
    out.extend(_headline_conflicts(ctx))
    out.extend(_headline_edits(ctx))
    out.extend(_title_conflicts(ctx, index))
    return _one_per_claim(out)


def _one_per_claim(conflicts: list[Conflict]) -> list[Conflict]:
    """One wrong sentence aligned to two good copies is one conflict, not two."""
    kept: list[Conflict] = []
    taken: set[tuple[str, str, int | None]] = set()
    for c in conflicts:
        losers = [s for s in c.sides if s.article != c.favoured] if c.favoured else c.sides
        keys = {(c.kind, s.article, s.sentence) for s in losers}
        if c.favoured and keys & taken:
            continue
        taken |= keys
        kept.append(c)
    return kept


def _conflict(
    ctx: StoryContext,
    kind: str,
    x: SentenceRef,
    tx: str,
    y: SentenceRef,
    ty: str,
    why: str,
    support_x: set[str],
    support_y: set[str],
) -> Conflict:
    wx, wy = ctx.weight(support_x | {x[0]}), ctx.weight(support_y | {y[0]})
    if abs(wx - wy) < 1e-9:
        wx, wy = ctx.trust(x[0]), ctx.trust(y[0])
    favoured = None if abs(wx - wy) < 1e-9 else (x[0] if wx > wy else y[0])
    sides = [Side(article=x[0], text=tx, sentence=x[1]), Side(article=y[0], text=ty, sentence=y[1])]
    return Conflict(kind=kind, sides=sides, favoured=favoured, why=why)


# -- numbers ---------------------------------------------------------------------------
def _number_conflicts(
    qx: list[Quantity], qy: list[Quantity], tx: str, ty: str, score: float
) -> list[tuple[str, str]]:
    out = []
    # Two values only contradict each other if the sentences say the same thing otherwise.
    close = score >= NUMBER_MIN_SCORE and _overlap(tx, ty) >= NUMBER_MIN_OVERLAP
    kinds_x = {q.kind for q in qx}
    for kind in kinds_x & {q.kind for q in qy}:
        if kind == "number":
            continue
        ax = [q for q in qx if q.kind == kind]
        ay = [q for q in qy if q.kind == kind]
        # Only a quantity alone of its kind on both sides is surely the same quantity.
        if (
            len(ax) == 1
            and len(ay) == 1
            and not consistent(ax[0], ay[0])
            and close
            and not ax[0].compound
            and not ay[0].compound
            # "two men" vs "three people" may both be right: compare like with like.
            and (ax[0].unit == ay[0].unit or ax[0].unit.isupper() or ax[0].kind in _MEASURE_KINDS)
        ):
            if ax[0].unit != ay[0].unit and ax[0].unit.isupper():
                continue  # two currencies: no exchange rate is assumed
            out.append(("number", f"'{ax[0].text}' vs '{ay[0].text}'"))
    # Only kinds the lexicon knows are surely different things ("soldiers" vs "countries");
    # two unknown nouns may be synonyms ("pirates", "brigands").
    known_kinds = set(unit_kinds().values())
    for a in qx:
        if a.kind in ("number", "%") or a.unit.isupper():
            continue
        for b in qy:
            if (
                b.kind != a.kind
                and not b.unit.isupper()
                and b.kind not in ("number", "%")
                and a.value == b.value
                and a.value >= 2
                and sum(1 for q in qx if q.value == a.value) == 1
                and sum(1 for q in qy if q.value == b.value) == 1
                and not any(q.kind == a.kind for q in qy)
                and not any(q.kind == b.kind for q in qx)
                and _counts_things(a)
                and _counts_things(b)
                and a.kind in known_kinds
                and b.kind in known_kinds
            ):
                out.append(
                    (
                        "unit",
                        f"'{a.text}' vs '{b.text}': the same number counts "
                        f"{plural(a.unit)} on one side, {plural(b.unit)} on the "
                        "other",
                    )
                )
    return out


# Words near a number that say what happened to what it counts ("evacuated", "missing").
QUANTITY_WINDOW = 4
STATED_MAX_PER_KIND = 60
STATED_MIN_NAMES = 0.25  # share of the fewer names two reports of one event both give
STATED_MIN_SHARED = 2  # content words two statements of one count share, the predicate too
# Measures and ages are compared only between close copies (edits.py): "39 days left" and
# "five minutes left" are seldom one quantity.
_NOT_STATED = frozenset(
    {"number", "year-old", "length", "mass", "time", "area", "speed", "%"}
)  # quantities of one kind compared story-wide (all pairs)


def _stated_quantity_conflicts(
    ctx: StoryContext, index: EntityIndex, quantities: dict[SentenceRef, list[Quantity]]
) -> list[tuple[SentenceRef, SentenceRef, str]]:
    """The same quantity stated differently anywhere in the story, aligned or not.

    Two statements count the same thing when they count one kind in one unit, each alone
    of its kind in its sentence, and share a word that says what happened to it within a
    few words of the number ("3,000 people were evacuated" / "5,000 evacuated"). Values
    that are one another's rounding, or bounds both can meet, are no conflict."""
    by_kind: dict[str, list[tuple[SentenceRef, Quantity, frozenset[str]]]] = {}
    for ref, qs in quantities.items():
        text = ctx.sentence(*ref)
        for q in qs:
            if q.kind in _NOT_STATED or q.compound or q.unit.isupper():
                continue
            if sum(1 for o in qs if o.kind == q.kind) != 1:
                continue
            by_kind.setdefault(q.kind, []).append((ref, q, _predicates(text, q)))
    values: dict[str, list[Quantity]] = {}
    for ref, qs in quantities.items():
        values.setdefault(ref[0], []).extend(qs)
    # Two reports of one event name its places and people: articles that share few of
    # their names may be two events a story holds, each with its own count.
    names: dict[str, set[str]] = {}
    for (aid, _), mentions in index.by_sentence.items():
        names.setdefault(aid, set()).update(e.name for _, e in mentions)
    out: list[tuple[SentenceRef, SentenceRef, str]] = []
    for items in by_kind.values():
        items = items[:STATED_MAX_PER_KIND]
        for i, (x, qa, pa) in enumerate(items):
            for y, qb, pb in items[i + 1 :]:
                if x[0] == y[0] or qa.unit != qb.unit:
                    continue
                shared = pa & pb
                if not shared or consistent(qa, qb):
                    continue
                nx, ny = names.get(x[0], set()), names.get(y[0], set())
                if len(nx & ny) < STATED_MIN_NAMES * min(len(nx), len(ny)) or not nx & ny:
                    continue
                px, py = _people(index, x), _people(index, y)
                if px and py and not px & py:
                    continue  # "Bush missed four games" / "Thomas missed 16": two players
                if _states(values, x[0], qb) or _states(values, y[0], qa):
                    continue  # an article giving both values counts two different things
                if _shared(ctx.sentence(*x), ctx.sentence(*y)) < STATED_MIN_SHARED:
                    continue
                out.append(
                    (
                        x,
                        y,
                        f"'{qa.text}' vs '{qb.text}' ({', '.join(sorted(shared))}): "
                        "the same count stated differently",
                    )
                )
    return out


def _people(index: EntityIndex, ref: SentenceRef) -> set[str]:
    return {e.name for _, e in index.by_sentence.get(ref, []) if e.type == "person"}


def _states(values: dict[str, list[Quantity]], aid: str, q: Quantity) -> bool:
    return any(o.kind == q.kind and consistent(o, q) for o in values.get(aid, []))


def _predicates(text: str, q: Quantity) -> frozenset[str]:
    """Stems of the words in the quantity's clause, within a few words of it, that say
    what happened to what it counts: verbs and participles ("evacuated", "missing",
    "killed") and states ("dead", "hurt"). Names, figures and the unit are left out."""
    start = max(text.rfind(c, 0, q.start) for c in _CLAUSE_ENDS) + 1
    ends = [i for i in (text.find(c, q.end) for c in _CLAUSE_ENDS) if i >= 0]
    stop = min(ends) if ends else len(text)
    before = [m.group() for m in _WORD.finditer(text, start, q.start)]
    after = [m.group() for m in _WORD.finditer(text, q.end, stop)]

    def keep(words: list[str]) -> list[str]:
        return [w for w in words if not w[:1].isupper() and fold(w) not in _STOP]

    near = keep(before)[-QUANTITY_WINDOW:] + keep(after)[:QUANTITY_WINDOW]
    return frozenset(stem(fold(w)) for w in near if _predicate_like(fold(w)))


_CLAUSE_ENDS = (",", ";", ":", "(", ")", "—", " - ")
_STATES = frozenset("dead hurt alive homeless safe held lost shot hit left sent kept".split())


def _predicate_like(word: str) -> bool:
    return word in _STATES or (len(word) > 4 and word.endswith(("ed", "ing", "en")))


def _overlap(tx: str, ty: str) -> float:
    """Jaccard overlap of the content-word stems of two sentences, numbers left out."""
    a = {stem(w) for w in _words(tx) if w not in _STOP}
    b = {stem(w) for w in _words(ty) if w not in _STOP}
    return len(a & b) / max(1, len(a | b))


def _headline_conflicts(ctx: StoryContext) -> list[Conflict]:
    """Headlines are not aligned sentences, but they sum up one event: compare their numbers.

    Only the kind of thing counted is compared (a headline's "26 soldiers" against another's
    "26 Nations"): headline values are often rounded or partial, so differing values are
    left alone."""
    titles = {
        aid: (ctx.articles[aid].title or "").strip()
        for aid in ctx.order
        if (ctx.articles[aid].title or "").strip()
    }
    quantities = {aid: find_quantities(t) for aid, t in titles.items()}
    out: list[Conflict] = []
    done: set[str] = set()
    ids = [a for a in ctx.order if quantities.get(a)]
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if a in done or b in done or _shared(titles[a], titles[b]) < HEADLINE_MIN_SHARED:
                continue
            for kind, why in _number_conflicts(quantities[a], quantities[b], "", "", 0.0):
                if kind != "unit":
                    continue
                qa = quantities[a]
                agree_a = {c for c in ids if _shares_quantity(quantities[c], qa)}
                agree_b = {c for c in ids if _shares_quantity(quantities[c], quantities[b])}
                wa, wb = ctx.weight(agree_a), ctx.weight(agree_b)
                favoured = a if wa > wb else b if wb > wa else None
                loser = b if favoured == a else a if favoured == b else None
                if loser:
                    done.add(loser)
                out.append(
                    Conflict(
                        kind="unit",
                        sides=[Side(article=a, text=titles[a]), Side(article=b, text=titles[b])],
                        favoured=favoured,
                        why=f"headlines: {why}",
                    )
                )
    return out


def _headline_edits(ctx: StoryContext) -> list[Conflict]:
    """Headlines that are one headline passed on, with a word changed in meaning."""
    titles = [(aid, t) for aid in ctx.order if (t := (ctx.articles[aid].title or "").strip())]
    out: list[Conflict] = []
    for i, (a, ta) in enumerate(titles):
        for b, tb in titles[i + 1 :]:
            if ta == tb:
                continue
            for edit in meaning_edits(ta, tb)[:1]:
                wa, wb = ctx.trust(a), ctx.trust(b)
                favoured = None if abs(wa - wb) < 1e-9 else (a if wa > wb else b)
                out.append(
                    Conflict(
                        kind=_EDIT_KINDS[edit.kind],
                        sides=[Side(article=a, text=ta), Side(article=b, text=tb)],
                        favoured=favoured,
                        why=f"headlines: {edit.why}",
                    )
                )
    return out


def _shares_quantity(qs: list[Quantity], others: list[Quantity]) -> bool:
    return any(q.kind == o.kind and same_number(q, o) for q in qs for o in others)


def _shared(tx: str, ty: str) -> int:
    a = {stem(w) for w in _words(tx) if w not in _STOP}
    b = {stem(w) for w in _words(ty) if w not in _STOP}
    return len(a & b)


def _counts_things(q: Quantity) -> bool:
    return q.kind not in _MEASURE_KINDS | {"year-old"} and q.value == int(q.value)


def _number_supporters(
    ctx: StoryContext,
    quantities: dict[SentenceRef, list[Quantity]],
    x: SentenceRef,
    other: SentenceRef,
    qx: list[Quantity],
    kind: str,
) -> set[str]:
    """Articles with a sentence aligned to either side that state the number of side x."""
    mine = [q for q in qx if q.kind == kind] or qx
    support = {x[0]}
    for ref in set(ctx.links.get(x, {})) | set(ctx.links.get(other, {})):
        if ref[0] in (x[0], other[0]):
            continue
        for q in quantities.get(ref, []):
            if any(q.kind == m.kind and same_number(q, m) for m in mine):
                support.add(ref[0])
    return support


# -- polarity --------------------------------------------------------------------------
def _words(text: str) -> tuple[str, ...]:
    return polarity.words(text)


def _word_supporters(ctx: StoryContext, x: SentenceRef, other: SentenceRef, word: str) -> set[str]:
    support = {x[0]}
    if not word:
        return support
    for ref in set(ctx.links.get(x, {})) | set(ctx.links.get(other, {})):
        if ref[0] in (x[0], other[0]):
            continue
        text = ctx.sentence(*ref)
        if word in _words(text) or (" " in word and word in fold(text)):
            support.add(ref[0])
    return support


# -- grave events ----------------------------------------------------------------------
# Harm done to someone: the claims a reader must never take from one garbled copy.
_HARM = frozenset(
    """killed died dies dead murdered slain executed assassinated injured wounded hurt
    arrested detained kidnapped abducted jailed imprisoned""".split()
)
# Befall their subject on their own ("Smith died"); the others only in the passive or as a
# state ("Smith was killed", "who is dead"): "troops killed two" names the doer.
_HARM_INTRANSITIVE = frozenset({"died", "dies"})
# Words between the person and the harm word: "an official, who was later killed".
_HARM_GAP = frozenset(
    "who which that was were is are been being be had has have later reportedly allegedly "
    "also then".split()
)
_HARM_AUX = frozenset("was were is are been being be".split())
# Any mention of harm, in any form ("killing", "death", "fatal"): a partner or another source
# using one speaks of the harm, however it words it.
_HARM_STEMS = (
    "kill",
    "die",
    "died",
    "dead",
    "death",
    "fatal",
    "murder",
    "slain",
    "slay",
    "execut",
    "assassin",
    "injur",
    "wound",
    "hurt",
    "arrest",
    "detain",
    "kidnap",
    "abduct",
    "jail",
    "imprison",
    "custody",
    "casualt",
    "victim",
    "shot",
    "shoot",
    "stab",
)


# An aligned partner this close is "the same sentence" for the harm check.
GRAVE_MIN_SCORE = 0.5


def _speaks_of_harm(words: Sequence[str]) -> bool:
    return any(w.startswith(_HARM_STEMS) for w in words)


def _harmed(words: Sequence[str]) -> list[tuple[str, str]]:
    """(harm word, the person it befell) in a sentence: the content word just before the
    harm word, past relative pronouns and auxiliaries ("official, who was killed"), which
    only "died" may go without. A pronoun or no word there names nobody to check."""
    out = []
    for i, w in enumerate(words):
        if w not in _HARM:
            continue
        j = i - 1
        while j >= 0 and words[j] in _HARM_GAP:
            j -= 1
        if w not in _HARM_INTRANSITIVE and not _HARM_AUX & set(words[j + 1 : i]):
            continue
        if j >= 0 and words[j] not in _STOP and words[j] not in _HARM and len(words[j]) > 2:
            out.append((w, stem(words[j])))
    return out


def _grave_events(
    ctx: StoryContext,
) -> list[tuple[SentenceRef, SentenceRef, str, set[str]]]:
    """Harm one sentence reports and nothing else in the story backs: each aligned partner
    (at GRAVE_MIN_SCORE or closer) in another article names the same person without any harm
    word, and no other article puts harm and that person in one sentence. Returns (harm
    side, closest partner, why, the other partners' articles)."""
    # word stem -> articles with a sentence that speaks of harm and uses the word
    harmed_in: dict[str, set[str]] = {}
    found: list[tuple[SentenceRef, str, str]] = []
    for aid, idx, text in ctx.sentences():
        words = _words(text)
        if not _speaks_of_harm(words):
            continue
        for w in words:
            harmed_in.setdefault(stem(w), set()).add(aid)
        for word, person in _harmed(words):
            found.append(((aid, idx), word, person))
    out = []
    for x, word, person in found:
        if harmed_in[person] != {x[0]}:
            continue
        partners = [
            (score, y)
            for y, score in ctx.links.get(x, {}).items()
            if y[0] != x[0] and score >= GRAVE_MIN_SCORE
        ]
        if not partners:
            continue
        if any(
            _speaks_of_harm(_words(ctx.sentence(*y)))
            or person not in {stem(w) for w in _words(ctx.sentence(*y))}
            for _, y in partners
        ):
            continue
        _, y = max(partners)
        why = f"'{word}' here; {len(partners)} aligned source(s) speak of the same without it"
        out.append((x, y, why, {ref[0] for _, ref in partners}))
    return out


# -- actors and speakers ---------------------------------------------------------------
def _doers(index: EntityIndex, ref: SentenceRef, text: str) -> dict[str, set[str]]:
    """Action stem -> the entities just before the verb (its doers), pronouns resolved.

    Passives ("was signed") name no doer before the verb, and coordinated subjects ("the
    FBI and ATF offered") are all doers."""
    mentions = index.by_sentence.get(ref, [])
    out: dict[str, set[str]] = {}
    for m in re.finditer(r"[A-Za-z]+", text):
        word = m.group().lower()
        if len(word) < 4 or word in _ACTION_SKIP or not word.endswith(("ing", "ed", "es")):
            continue
        left = text[max(0, m.start() - 40) : m.start()]
        # The doer sits right before the verb, with at most an auxiliary between.
        pm = re.search(r"(\b\w+\b)\s+(?:(?:is|was|are|were|has|had|have|will|would)\s+)?$", left)
        if not pm:
            continue
        if word.endswith("ed") and re.search(
            r"\b(?:was|were|been|be|being|is|are|get|got)\s+$", left, re.I
        ):
            continue
        pos = m.start() - (len(left) - pm.start(1))
        doer = None
        for men, ent in mentions:
            if men.start <= pos < men.end + 3 or (men.end <= pos and pos - men.end <= 1):
                doer = ent.name
        pron = pm.group(1).lower()
        if doer is None and pron in _PRONOUNS:
            before = [e for men, e in mentions if men.end <= pos and e.type in _PRONOUNS[pron]]
            if before:
                doer = before[-1].name
        if doer:
            doers = out.setdefault(stem(word), set())
            doers.add(doer)
            for men, ent in mentions:  # "X and Y offered": Y's partner is a doer too
                if re.fullmatch(r"\s*(?:and|,|&)\s*(?:the\s+)?", text[men.end : pos] or "x"):
                    doers.add(ent.name)
    return out


def _actor_swap(index: EntityIndex, x: SentenceRef, tx: str, y: SentenceRef, ty: str) -> str | None:
    dx, dy = _doers(index, x, tx), _doers(index, y, ty)
    names_x, names_y = set(index.names_in(*x)), set(index.names_in(*y))
    for action in sorted(set(dx) & set(dy)):
        if dx[action] & dy[action] or len(dx[action]) != 1 or len(dy[action]) != 1:
            continue
        a, b = next(iter(dx[action])), next(iter(dy[action]))
        ta, tb = index.entity(a), index.entity(b)
        if a in names_y and b in names_x and ta and tb and ta.type == tb.type:
            return f"who does '{action}' differs: {a} on one side, {b} on the other"
    return None


_BY = re.compile(
    r"\b(?:[a-z]+ed|led|held|shot|hit|won|paid|sent|built|brought|bought|caught|fought|sold|"
    r"made|done|given|taken|seen|known|run)\s+by\s+",
)


def _agents(index: EntityIndex, ref: SentenceRef, text: str) -> list[tuple[str | None, str]]:
    """Each "<participle> by X" of a sentence: (X's entity or None, the words after "by")."""
    mentions = index.by_sentence.get(ref, [])
    out: list[tuple[str | None, str]] = []
    for m in _BY.finditer(text):
        after = text[m.end() : m.end() + 40]
        ent = next((e.name for men, e in mentions if m.end() <= men.start <= m.end() + 5), None)
        out.append((ent, " ".join(after.split()[:3])))
    return out


def _agent_dropped(
    index: EntityIndex, x: SentenceRef, tx: str, y: SentenceRef, ty: str
) -> str | None:
    """One side names who did it ("backed by China"), the other puts something else there."""
    ax, ay = _agents(index, x, tx), _agents(index, y, ty)
    if not ax or len(ax) != len(ay):
        return None  # the "by" phrases pair up in order only when both have as many
    names_x, names_y = set(index.names_in(*x)), set(index.names_in(*y))
    for (ex, wx), (ey, wy) in zip(ax, ay, strict=True):
        if ex and not ey and ex not in names_y:
            return f"'by {ex}' on one side, 'by {wy}' on the other: the agent is gone"
        if ey and not ex and ey not in names_x:
            return f"'by {ey}' on one side, 'by {wx}' on the other: the agent is gone"
    return None


def _speaker_swap(
    ctx: StoryContext,
    index: EntityIndex,
    x: SentenceRef,
    tx: str,
    y: SentenceRef,
    ty: str,
    roles: dict[str, set[str]] | None = None,
) -> str | None:
    rx = reported_speaker(tx, index.by_sentence.get(x, []))
    ry = reported_speaker(ty, index.by_sentence.get(y, []))
    if not rx or not ry:
        return None
    names_x, names_y = set(index.names_in(*x)), set(index.names_in(*y))
    sx, sy = rx[0], ry[0]
    if PRONOUN in (sx, sy):
        return None
    words_x, words_y = set(_words(tx)), set(_words(ty))
    # "The president said" may well mean the named president: not a different speaker.
    if roles is None:
        roles = _role_words(index)
    if (sx and roles.get(sx, set()) & words_y) or (sy and roles.get(sy, set()) & words_x):
        return None
    # A copy that names a speaker where its better source does not has put words in
    # someone's mouth; the better source naming one where a copy says "officials" is mere
    # condensation. So only the less trusted side's named speaker is suspect.
    named, other_speaker, other_text, other_names, suspect = (
        (sx, sy, ty, names_y, x[0])
        if ctx.trust(x[0]) < ctx.trust(y[0])
        else (sy, sx, tx, names_x, y[0])
    )
    if not named or named == other_speaker or named in other_names:
        return None
    if fold(named.split()[-1]) in _words(other_text):
        return None  # the other side names the same person in another form
    if ctx.family[x[0]] != ctx.family[y[0]]:
        return None  # independent reports may each quote someone else
    copy = ctx.articles[suspect]
    other = y[0] if suspect == x[0] else x[0]
    if copy.relation not in (None, *CLOSE_COPIES) or copy.derived_from not in (None, other):
        # A heavy paraphrase may reattribute; a copy or translation of this very source
        # may not.
        return None
    return f"{named} is the speaker in {suspect} only; the other side never names {named}"


def _role_words(index: EntityIndex) -> dict[str, set[str]]:
    """Entity name -> the title words any source puts before it, in one pass."""
    out: dict[str, set[str]] = {}
    for items in index.by_sentence.values():
        for m, e in items:
            if m.role:
                words = out.setdefault(e.name, set())
                words.update(m.role.replace("-", " ").split())
                words.update(w for w in _words(m.role_text))
    return out


# -- titles ----------------------------------------------------------------------------
_COMPATIBLE = {frozenset({"leader"}), frozenset({"officer"})}


def _title_conflicts(ctx: StoryContext, index: EntityIndex) -> list[Conflict]:
    out: list[Conflict] = []
    per_entity: dict[str, dict[str, list[tuple[str, int, str]]]] = {}
    for (aid, sidx), items in index.by_sentence.items():
        for m, e in items:
            if e.type == "person" and m.role in OFFICES:
                per_entity.setdefault(e.name, {}).setdefault(m.role, []).append(
                    (aid, sidx, m.role_text)
                )
    for name, roles in per_entity.items():
        if len(roles) < 2:
            continue
        weights = {r: ctx.weight(a for a, _, _ in uses) for r, uses in roles.items()}
        main = max(roles, key=lambda r: (weights[r], len(roles[r])))
        main_articles = {a for a, _, _ in roles[main]}
        for role, uses in roles.items():
            if role == main:
                continue
            articles = {a for a, _, _ in uses}
            if ctx.independent(articles) > 1 or articles & main_articles:
                continue  # two families agree on it, or one article uses both: both hold
            pair = _aligned_use(ctx, uses, roles[main])
            if pair is None:
                continue  # titles compared only where two sources say the same thing
            (a, s, written), (b, t, main_written) = pair
            out.append(
                Conflict(
                    kind="title",
                    sides=[
                        Side(article=a, text=ctx.sentence(a, s), sentence=s),
                        Side(article=b, text=ctx.sentence(b, t), sentence=t),
                    ],
                    favoured=b if weights[main] > weights[role] else None,
                    why=f"{name} is '{written}' here but '{main_written}' in "
                    f"{ctx.independent(main_articles)} independent source(s)",
                )
            )
    return out


Use = tuple[str, int, str]


def _aligned_use(ctx: StoryContext, uses: list[Use], main: list[Use]) -> tuple[Use, Use] | None:
    for u in uses:
        linked = ctx.links.get((u[0], u[1]), {})
        for v in main:
            if (v[0], v[1]) in linked:
                return u, v
    return None
