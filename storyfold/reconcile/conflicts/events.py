"""Event conflicts: one side says someone came to harm, and no other source says so."""

from __future__ import annotations

from collections.abc import Sequence

from storyfold.polarity import words as _words
from storyfold.reconcile.context import SentenceRef, StoryContext
from storyfold.reconcile.lexicon import STOPWORDS as _STOP
from storyfold.reconcile.lexicon import stem

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
    "kill", "die", "died", "dead", "death", "fatal", "murder", "slain", "slay", "execut",
    "assassin", "injur", "wound", "hurt", "arrest", "detain", "kidnap", "abduct", "jail",
    "imprison", "custody", "casualt", "victim", "shot", "shoot", "stab",
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


def grave_events(
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
        holders = ctx.holders((aid, idx))  # collapsed copies stating it count too
        for w in words:
            harmed_in.setdefault(stem(w), set()).update(holders)
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
