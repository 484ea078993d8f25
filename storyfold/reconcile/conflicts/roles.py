"""Who did it, who said it, which office: actor, speaker and title conflicts."""

from __future__ import annotations

import re

from storyfold.polarity import words as _words
from storyfold.reconcile.context import SentenceRef, StoryContext
from storyfold.reconcile.entities import EntityIndex
from storyfold.reconcile.lexicon import fold, stem
from storyfold.reconcile.quotes import PRONOUN, reported_speaker
from storyfold.records import Conflict, Side

# Provenance relations of a text that follows its source sentence by sentence.
CLOSE_COPIES = ("copy", "translation", "rewrite")
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


def _doers(index: EntityIndex, ref: SentenceRef, text: str) -> dict[str, set[str]]:
    """Action stem -> the entities just before the verb (its doers), pronouns resolved.

    Passives ("was signed") name no doer before the verb, and coordinated subjects ("the
    FBI and ATF offered") are all doers. Memoised on the index: read-only to callers."""
    key = ("doers", ref)
    if key not in index.memo:
        index.memo[key] = _find_doers(index, ref, text)
    found: dict[str, set[str]] = index.memo[key]
    return found


def _find_doers(index: EntityIndex, ref: SentenceRef, text: str) -> dict[str, set[str]]:
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


def actor_swap(index: EntityIndex, x: SentenceRef, tx: str, y: SentenceRef, ty: str) -> str | None:
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


def agent_dropped(
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


def speaker_swap(
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
        roles = role_words(index)
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


def role_words(index: EntityIndex) -> dict[str, set[str]]:
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


def title_conflicts(ctx: StoryContext, index: EntityIndex) -> list[Conflict]:
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
        # (with the collapsed copies that state the same sentences: ctx.holders)
        main_articles = {h for a, s, _ in roles[main] for h in ctx.holders((a, s))}
        for role, uses in roles.items():
            if role == main:
                continue
            articles = {h for a, s, _ in uses for h in ctx.holders((a, s))}
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
