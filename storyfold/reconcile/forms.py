"""Name forms and how alike two are: the spelling, sound and shape tests entity
clustering (storyfold.reconcile.entities) asks tens of thousands of times per story."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from storyfold.names import SURE, same_name_word, sound, sounds_alike, within_reach
from storyfold.names import spelling as similar
from storyfold.reconcile.lexicon import (
    FACILITY_WORDS,
    GROUP_WORDS,
    ORG_WORDS,
    STOPWORDS,
    demonyms,
    places,
)
from storyfold.reconcile.mentions import Mention

HEADS = FACILITY_WORDS | GROUP_WORDS | ORG_WORDS  # head nouns of named things

# How alike (Jaro-Winkler, `storyfold.names.spelling`) the words of two multi-word forms
# must be for `match_multi`, by what else they share:
# with the same surname, first names this close (or sharing three first letters: "Vlad" /
# "Vladimir") are one person's ("Jon" / "John" 0.93), others are relatives;
FIRST_CLOSE = 0.7
# with the same first name in a form of one family of copies, a surname this alike is its
# garbling (a single family has no second source to spell it);
SURNAME_WEAK = 0.62
# with neither shared, both words must be close: the first name this much and the surname
# by the "same name" rule (storyfold.names.same_name_word); and a thing's name before a
# shared head noun ("Hilton Hotel" / "Hiltan Hotel") this much.
FIRST_SURE = 0.8


@dataclass
class Form:
    ckey: str  # comparison key: folded, hyphens as spaces
    mentions: list[Mention] = field(default_factory=list)
    # Memos: clustering asks for a form's tokens and articles tens of thousands of times.
    # `articles` holds while `mentions` keeps its length (mentions are only ever appended).
    _tokens: tuple[str, list[str]] = field(default=("", []), init=False, repr=False, compare=False)
    _articles: tuple[int, list[str]] = field(
        default=(-1, []), init=False, repr=False, compare=False
    )
    _sentences: tuple[int, set[tuple[str, int]]] = field(
        default=(-1, set()), init=False, repr=False, compare=False
    )

    @property
    def tokens(self) -> list[str]:
        """The key's words (a shared list: do not modify)."""
        if self._tokens[0] is not self.ckey:
            self._tokens = (self.ckey, self.ckey.split())
        return self._tokens[1]

    @property
    def articles(self) -> list[str]:
        """Ids of the articles that use the form, in order (a shared list: do not modify)."""
        if self._articles[0] != len(self.mentions):
            self._articles = (
                len(self.mentions),
                list(dict.fromkeys(m.article for m in self.mentions)),
            )
        return self._articles[1]

    @property
    def sentences(self) -> set[tuple[str, int]]:
        """(article, sentence) of every mention (a shared set: do not modify)."""
        if self._sentences[0] != len(self.mentions):
            self._sentences = (
                len(self.mentions),
                {(m.article, m.sentence) for m in self.mentions},
            )
        return self._sentences[1]

    @property
    def surfaces(self) -> Counter[str]:
        return Counter(m.surface for m in self.mentions)

    @property
    def term(self) -> bool:
        return any(m.term for m in self.mentions)


def person_like(tokens: list[str]) -> bool:
    return _person_like_words(tuple(tokens))


@lru_cache(maxsize=1 << 16)
def _person_like_words(tokens: tuple[str, ...]) -> bool:
    """Could these words be a person's name? (Cached: asked for every pair of forms.)"""
    if not 2 <= len(tokens) <= 4:
        return False
    if " ".join(tokens) in places():
        return False
    return not any(
        t in ORG_WORDS
        or t in GROUP_WORDS
        or t in FACILITY_WORDS
        or t in demonyms()
        or t in places()
        or not re.fullmatch(r"[a-z][a-z'-]*", t)
        for t in tokens
    )


class FormIndex:
    """Forms already placed in clusters, by their words, so each form is compared only
    with forms it could match. `rank` is a form's (cluster, position) in the order a scan
    of the clusters would meet it: ties go to the earliest, as before."""

    def __init__(self, multi: list[Form]) -> None:
        self.rank: dict[int, tuple[int, int]] = {}
        self.cluster_of: dict[int, int] = {}
        self.by_last: dict[str, list[Form]] = {}
        self.by_first: dict[str, list[Form]] = {}
        # Last words of every person-like multi-word form (placed or not): the vocabulary
        # surnames spelled alike are looked up in.
        lasts = {f.tokens[-1] for f in multi if person_like(f.tokens)}
        self.person_lasts: dict[str, list[str]] = {}
        for t in sorted(lasts):
            self.person_lasts.setdefault(t[:1], []).append(t)
        self.all_lasts = sorted(lasts)
        self.by_sound: dict[str, list[str]] = {}
        for t in self.all_lasts:
            if len(t) > 2:
                self.by_sound.setdefault(sound(t), []).append(t)
        self._near: dict[str, list[str]] = {}
        self.acronyms: dict[str, tuple[int, Form]] = {}
        self.persons_last: dict[str, list[Form]] = {}
        self.persons_first: dict[str, list[Form]] = {}
        # One-word forms that opened a cluster, by first letter, in cluster order.
        self.single_keys: dict[str, list[str]] = {}
        self.single_clusters: dict[str, list[int]] = {}

    def place(self, f: Form, cluster: int, position: int) -> None:
        self.rank[id(f)] = (cluster, position)
        self.cluster_of[id(f)] = cluster
        self.by_last.setdefault(f.tokens[-1], []).append(f)
        self.by_first.setdefault(f.tokens[0], []).append(f)

    def near_surnames(self, word: str) -> list[str]:
        """Person-form last words that look (Jaro-Winkler >= SURE) or sound like `word`."""
        if word not in self._near:
            found = set(alike(word, self.all_lasts, SURE))
            if len(word) > 2:
                found.update(self.by_sound.get(sound(word), ()))
            self._near[word] = sorted(found)
        return self._near[word]

    def candidates(self, f: Form) -> list[Form]:
        ft = f.tokens
        out: dict[int, Form] = {id(g): g for g in self.by_last.get(ft[-1], ())}
        if person_like(ft):
            out.update((id(g), g) for g in self.by_first.get(ft[0], ()))
            for t in self.near_surnames(ft[-1]):
                out.update((id(g), g) for g in self.by_last.get(t, ()))
        return sorted(out.values(), key=lambda g: self.rank[id(g)])

    def freeze_multi(self) -> None:
        """The multi-word forms are all placed: index what one-word forms look up."""
        placed = sorted(
            (g for forms in self.by_last.values() for g in forms), key=lambda g: self.rank[id(g)]
        )
        for g in placed:
            self.acronyms.setdefault(_acronym(g.tokens), (self.cluster_of[id(g)], g))
            if person_like(g.tokens):
                self.persons_last.setdefault(g.tokens[-1], []).append(g)
                self.persons_first.setdefault(g.tokens[0], []).append(g)

    def place_single(self, f: Form, cluster: int) -> None:
        self.single_keys.setdefault(f.ckey[:1], []).append(f.ckey)
        self.single_clusters.setdefault(f.ckey[:1], []).append(cluster)


def alike_at(word: str, choices: list[str], cutoff: float) -> list[int]:
    """Positions of the choices within reach of Jaro-Winkler `cutoff` of `word` (rapidfuzz,
    a little below the cutoff: the caller decides with `similar`)."""
    return within_reach(word, choices, cutoff)


def alike(word: str, choices: list[str], cutoff: float) -> list[str]:
    return [choices[pos] for pos in sorted(alike_at(word, choices, cutoff))]


def match_multi(f: Form, g: Form, weak: bool) -> tuple[float, str] | None:
    """Does multi-word form `f` name what `g` names? `weak`: one of the two occurs in one
    family of copies only."""
    ft, gt = f.tokens, g.tokens
    if person_like(ft) and person_like(gt):
        if not f.sentences.isdisjoint(g.sentences):
            return None  # two spellings in one sentence are two people
        if ft[-1] == gt[-1]:
            if ft[0] == gt[0] or similar(ft[0], gt[0]) >= FIRST_CLOSE or ft[0][:3] == gt[0][:3]:
                return 3.0, f"same surname as '{show(g)}', first name close"
            return None  # same surname, different first name: relatives, not one person
        if ft[0] == gt[0] and weak:
            s = similar(ft[-1], gt[-1])
            if s >= SURNAME_WEAK or sounds_alike(ft[-1], gt[-1]):
                return 2.0 + s, f"same first name as '{show(g)}', surname spelled alike"
        if (
            weak
            and similar(ft[0], gt[0]) >= FIRST_SURE
            and same_name_word(ft[-1], gt[-1])
        ):
            return 1.5, f"sounds like '{show(g)}'"
        return None
    if (
        weak
        and ft[-1] == gt[-1]
        and ft[-1] in HEADS
        and ft[0] != gt[0]
        and similar(ft[0], gt[0]) >= FIRST_SURE
    ):
        return 1.0, f"same kind of thing as '{show(g)}' and a name spelled alike"
    return None


def _acronym(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t not in STOPWORDS)


def show(form: Form) -> str:
    return form.surfaces.most_common(1)[0][0]


def own_first_name(f: Form, g: Form) -> bool:
    """A full name whose first name differs from `g`'s and that its source writes more than
    once: a source that spells a first name one way throughout means it (consensus alone
    does not make it a garbling; alignment may)."""
    return (
        len(f.tokens) > 1
        and len(g.tokens) > 1
        and f.tokens[0] != g.tokens[0]
        and f.tokens[-1] == g.tokens[-1]
        and len(f.mentions) >= 2
    )
