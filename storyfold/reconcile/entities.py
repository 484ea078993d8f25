"""Merge the story's name mentions into canonical entities, judging each variant.

Mentions (see `mentions.py`) are grouped by their folded key into forms, and forms into
entities in three passes:

1. multi-word forms, best supported first: two person names join when they share a surname
   and have close first names ("Tomas Lind"/"Tobias Lind"), share a first name and have a
   surname that looks or sounds alike ("Anna Berk"/"Anna Birk"), or both parts
   look or sound alike ("Stephen Carlsen"/"Stefan Karlsen"); a facility or group whose
   head noun matches and whose modifier is spelled alike joins too;
2. one-word forms: a surname or first name of a person ("Holm", "Lena"), an acronym of a
   longer name ("EU"), or a spelling close to a known surname ("Kowalsky" beside "Kowalski");
3. alignment: when two aligned sentences each name exactly one thing the other does not,
   and one of the two names occurs only in one family of copies, that name is the other's
   garbled rendering (machine translation turns a name into a word: "Harmony" for
   "peace pact").

The canonical name is the form best supported by independent, high-fidelity sources. A
variant is judged garbled when it differs from the canonical spelling and no second family
of sources uses it; its `why` says what tied it to the entity.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import jellyfish

from storyfold.reconcile.context import StoryContext
from storyfold.reconcile.lexicon import (
    FACILITY_WORDS,
    GROUP_WORDS,
    ORG_WORDS,
    STOPWORDS,
    demonyms,
    places,
)
from storyfold.reconcile.mentions import Mention, Vocabulary, article_mentions, quoted_terms
from storyfold.records import Entity, Variant

_HEADS = FACILITY_WORDS | GROUP_WORDS | ORG_WORDS  # head nouns of named things
ALIGN_MERGE_MIN_SCORE = 0.35  # sentences less alike may name different things
ALIGN_MERGE_PERSON_SCORE = 0.5
_SPEECH = re.compile(r"^\W{0,3}\s*(?:said|says|told|added|stated|warned|urged|insisted|noted)\b")


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


@dataclass
class Cluster:
    forms: list[Form]
    reasons: dict[str, str] = field(default_factory=dict)  # form ckey -> why it joined
    type: str = "other"
    name: str = ""

    @property
    def mentions(self) -> list[Mention]:
        return [m for f in self.forms for m in f.mentions]

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(m.article for m in self.mentions))


@dataclass
class EntityIndex:
    """Which entity each mention names: what facts, quotes and conflicts look up."""

    entities: list[Entity]
    by_sentence: dict[tuple[str, int], list[tuple[Mention, Entity]]]
    headlines: dict[str, list[int]]

    def names_in(self, article: str, sentence: int) -> list[str]:
        return list(dict.fromkeys(e.name for _, e in self.by_sentence.get((article, sentence), [])))

    def entity(self, name: str) -> Entity | None:
        return next((e for e in self.entities if e.name == name), None)


def similar(a: str, b: str) -> float:
    return jellyfish.jaro_winkler_similarity(a, b)


def sounds_alike(a: str, b: str) -> bool:
    return len(a) > 2 and len(b) > 2 and jellyfish.metaphone(a) == jellyfish.metaphone(b)


def _person_like(tokens: list[str]) -> bool:
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


def find_entities(ctx: StoryContext) -> EntityIndex:
    sentences = [(aid, idx, text) for aid, idx, text in ctx.sentences()]
    vocab = Vocabulary.of(text for _, _, text in sentences)
    terms: set[str] = set()
    for _, _, text in sentences:
        terms.update(quoted_terms(text))
    mentions: list[Mention] = []
    headlines: dict[str, list[int]] = {}
    for aid in ctx.order:
        found, heads = article_mentions(
            aid, [(s.index, s.text) for s in ctx.articles[aid].sentences], vocab, terms
        )
        mentions.extend(found)
        headlines[aid] = heads
    _headline_mentions(ctx, mentions, headlines)
    forms: dict[str, Form] = {}
    for m in mentions:
        ckey = m.key.replace("-", " ")
        forms.setdefault(ckey, Form(ckey)).mentions.append(m)
    _set_agreement(ctx, mentions, forms)
    clusters = _cluster(ctx, list(forms.values()))
    entities, by_sentence = _to_entities(ctx, clusters)
    return EntityIndex(entities, by_sentence, headlines)


def _headline_mentions(
    ctx: StoryContext, mentions: list[Mention], headlines: dict[str, list[int]]
) -> None:
    """Headline-case lines only yield names running text already established."""
    from storyfold.reconcile.mentions import find_key

    known: dict[str, str] = {}
    for m in mentions:
        if len(m.key) > 2:
            known.setdefault(m.key, m.key)
    ordered = sorted(known, key=len, reverse=True)
    for aid, heads in headlines.items():
        for idx in heads:
            text = ctx.sentence(aid, idx)
            taken: list[tuple[int, int]] = []
            for key in ordered:
                for start, end in find_key(text, key):
                    if any(start < e and end > s for s, e in taken):
                        continue
                    taken.append((start, end))
                    mentions.append(Mention(aid, idx, start, end, text[start:end], key))


def _set_agreement(ctx: StoryContext, mentions: list[Mention], forms: dict[str, Form]) -> None:
    """Share of an article's name mentions that another family spells the same way."""
    families = {k: {ctx.family[a] for a in f.articles} for k, f in forms.items()}
    per: dict[str, list[int]] = {}
    for m in mentions:
        others = families[m.key.replace("-", " ")] - {ctx.family[m.article]}
        per.setdefault(m.article, []).append(1 if others else 0)
    for aid, hits in per.items():
        ctx.agreement[aid] = sum(hits) / len(hits)


def _form_weight(ctx: StoryContext, form: Form) -> float:
    return ctx.weight(form.articles) + 0.01 * len(form.mentions)


def _cluster(ctx: StoryContext, forms: list[Form]) -> list[Cluster]:
    multi = sorted(
        (f for f in forms if len(f.tokens) > 1),
        key=lambda f: (-_form_weight(ctx, f), -len(f.tokens), f.ckey),
    )
    single = sorted(
        (f for f in forms if len(f.tokens) == 1), key=lambda f: (-_form_weight(ctx, f), f.ckey)
    )
    clusters: list[Cluster] = []
    # Whether a form's articles all come from one family, asked of every pair of forms:
    # computed once per form.
    one_family: dict[int, bool] = {id(f): ctx.single_family(f.articles) for f in forms}
    for f in multi:
        best: tuple[float, Cluster, str] | None = None
        for c in clusters:
            for g in c.forms:
                match = _match_multi(f, g, one_family[id(f)] or one_family[id(g)])
                if match and (best is None or match[0] > best[0]):
                    best = (match[0], c, match[1])
        if best:
            best[1].forms.append(f)
            best[1].reasons[f.ckey] = best[2]
        else:
            clusters.append(Cluster([f]))
    for f in single:
        target = _match_single(ctx, f, clusters)
        if target:
            target[0].forms.append(f)
            target[0].reasons[f.ckey] = target[1]
        else:
            clusters.append(Cluster([f]))
    for c in clusters:
        c.type = _type_of(c)
    _merge_by_alignment(ctx, clusters)
    return [c for c in clusters if c.forms]


def _match_multi(f: Form, g: Form, weak: bool) -> tuple[float, str] | None:
    """Does multi-word form `f` name what `g` names? `weak`: one of the two occurs in one
    family of copies only."""
    ft, gt = f.tokens, g.tokens
    if _person_like(ft) and _person_like(gt):
        if not f.sentences.isdisjoint(g.sentences):
            return None  # two spellings in one sentence are two people
        if ft[-1] == gt[-1]:
            if ft[0] == gt[0] or similar(ft[0], gt[0]) >= 0.7 or ft[0][:3] == gt[0][:3]:
                return 3.0, f"same surname as '{_show(g)}', first name close"
            return None  # same surname, different first name: relatives, not one person
        if ft[0] == gt[0] and weak:
            s = similar(ft[-1], gt[-1])
            if s >= 0.62 or sounds_alike(ft[-1], gt[-1]):
                return 2.0 + s, f"same first name as '{_show(g)}', surname spelled alike"
        if (
            weak
            and similar(ft[0], gt[0]) >= 0.8
            and (similar(ft[-1], gt[-1]) >= 0.85 or sounds_alike(ft[-1], gt[-1]))
        ):
            return 1.5, f"sounds like '{_show(g)}'"
        return None
    if (
        weak
        and ft[-1] == gt[-1]
        and ft[-1] in _HEADS
        and ft[0] != gt[0]
        and similar(ft[0], gt[0]) >= 0.8
    ):
        return 1.0, f"same kind of thing as '{_show(g)}' and a name spelled alike"
    return None


def _acronym(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t not in STOPWORDS)


def _match_single(
    ctx: StoryContext, f: Form, clusters: list[Cluster]
) -> tuple[Cluster, str] | None:
    word = f.ckey
    if word in places():
        return None
    surface = f.surfaces.most_common(1)[0][0]
    if surface.isupper() and 2 <= len(word) <= 6:
        for c in clusters:
            for g in c.forms:
                if len(g.tokens) > 1 and _acronym(g.tokens) == word:
                    return c, f"acronym of '{_show(g)}'"
    surname: list[tuple[float, Cluster, Form]] = []
    first: list[tuple[float, Cluster, Form]] = []
    fuzzy: list[tuple[float, Cluster, Form]] = []
    one_family = ctx.single_family(f.articles)
    for c in clusters:
        w = -1.0  # the cluster's weight, looked up once and only if needed
        for g in c.forms:
            if not _person_like(g.tokens):
                continue
            if w < 0:
                w = ctx.weight(c.articles)
            if g.tokens[-1] == word:
                surname.append((w, c, g))
            elif g.tokens[0] == word:
                first.append((w, c, g))
            elif (
                one_family
                and word[0] == g.tokens[-1][0]
                and (
                    similar(word, g.tokens[-1]) >= 0.85
                    or (sounds_alike(word, g.tokens[-1]) and similar(word, g.tokens[-1]) >= 0.75)
                )
            ):
                fuzzy.append((similar(word, g.tokens[-1]) + w, c, g))
    if surname:
        _, c, g = max(surname, key=lambda x: x[0])
        return c, f"surname of '{_show(g)}'"
    if len({id(c) for _, c, _ in first}) == 1:
        _, c, g = first[0]
        return c, f"first name of '{_show(g)}'"
    if fuzzy:
        _, c, g = max(fuzzy, key=lambda x: x[0])
        return c, f"spelled like the surname of '{_show(g)}'"
    for c in clusters:  # one-word names spelled alike: "Kowalsky" beside "Kowalski"
        g = c.forms[0]
        if (
            len(g.tokens) == 1
            and one_family
            and g.ckey not in places()
            and word[0] == g.ckey[0]
            and len(word) >= 5
            and abs(len(word) - len(g.ckey)) <= 2
            and similar(word, g.ckey) >= 0.9
        ):
            return c, f"spelled like '{_show(g)}'"
    return None


def _type_of(c: Cluster) -> str:
    keys = [f.ckey for f in c.forms]
    mentions = c.mentions
    if any(k in places() for k in keys):
        return "place"
    tokens = {t for k in keys for t in k.split()}
    if any(f.term for f in c.forms) or tokens & GROUP_WORDS:
        return "group"
    if any(m.role or m.honorific for m in mentions):
        return "person"
    if tokens & FACILITY_WORDS:
        return "other"
    if tokens & ORG_WORDS or any(m.surface.isupper() and len(m.surface) > 1 for m in mentions):
        return "org"
    if any(_person_like(f.tokens) for f in c.forms):
        return "person"
    return "other"


def _merge_by_alignment(ctx: StoryContext, clusters: list[Cluster]) -> None:
    owner: dict[tuple[str, int], list[Cluster]] = {}
    for c in clusters:
        for m in c.mentions:
            lst = owner.setdefault((m.article, m.sentence), [])
            if c not in lst:
                lst.append(c)
    for x, y, score in ctx.aligned_pairs():
        if score < ALIGN_MERGE_MIN_SCORE:
            continue
        a = [c for c in owner.get(x, []) if c.forms and c.type != "place"]
        b = [c for c in owner.get(y, []) if c.forms and c.type != "place"]
        only_a = [c for c in a if c not in b]
        only_b = [c for c in b if c not in a]
        if len(only_a) != 1 or len(only_b) != 1:
            continue
        ca, cb = only_a[0], only_b[0]
        if ca.type != cb.type and not (_guessed_type(ca) or _guessed_type(cb)):
            continue
        # A garbled rendering lives in one article; the name it garbles is used by others.
        weak_a = len(ca.articles) == 1 and not ctx.single_family(cb.articles)
        weak_b = len(cb.articles) == 1 and not ctx.single_family(ca.articles)
        if weak_a == weak_b:
            continue
        weak, strong = (ca, cb) if weak_a else (cb, ca)
        people = [c for c in (weak, strong) if c.type == "person" and not _guessed_type(c)]
        if people and (score < ALIGN_MERGE_PERSON_SCORE or not _persons_compatible(weak, strong)):
            continue
        side = x if weak is ca else y
        other = y if side == x else x
        why = (
            f"aligned with {other[0]} sentence {other[1]}, which names "
            f"'{_show(strong.forms[0])}' where this copy has it"
        )
        for f in weak.forms:
            strong.forms.append(f)
            strong.reasons[f.ckey] = why
        weak.forms = []
        strong.type = _type_of(strong)
        for lst in owner.values():
            if weak in lst:
                lst.remove(weak)
                if strong not in lst:
                    lst.append(strong)


def _guessed_type(c: Cluster) -> bool:
    """Typed "person" or "other" only for want of evidence (no title, honorific, gazetteer)."""
    return c.type == "other" or (
        c.type == "person" and not any(m.role or m.honorific for m in c.mentions)
    )


def _persons_compatible(a: Cluster, b: Cluster) -> bool:
    ta = {t for f in a.forms for t in f.tokens}
    tb = {t for f in b.forms for t in f.tokens}
    return any(similar(x, y) >= 0.75 or sounds_alike(x, y) for x in ta for y in tb)


def _show(form: Form) -> str:
    return form.surfaces.most_common(1)[0][0]


def _to_entities(
    ctx: StoryContext, clusters: list[Cluster]
) -> tuple[list[Entity], dict[tuple[str, int], list[tuple[Mention, Entity]]]]:
    entities: list[tuple[float, Entity, Cluster]] = []
    for c in clusters:
        canon = _canonical(ctx, c)
        name = _show(canon)
        garbled_forms = _judge(ctx, c, canon)
        variants: list[Variant] = []
        by_surface: dict[str, list[Mention]] = {}
        for m in c.mentions:
            by_surface.setdefault(m.surface, []).append(m)
        for surface, ms in sorted(by_surface.items(), key=lambda kv: -len(kv[1])):
            ckey = ms[0].key.replace("-", " ")
            garbled, why = garbled_forms[ckey]
            if ckey == canon.ckey and surface != name:
                why = f"same name as '{name}', written differently"
            if any(m.glued for m in ms):
                garbled, why = True, "fused with the next word in the source"
            elif any(m.spacing for m in ms):
                garbled, why = True, f"broken spacing; same name as '{name}'"
            variants.append(
                Variant(
                    form=surface,
                    articles=list(dict.fromkeys(m.article for m in ms)),
                    garbled=garbled,
                    why=why,
                )
            )
        entity = Entity(name=name, type=c.type, variants=variants)
        entities.append((ctx.weight(c.articles) + 0.01 * len(c.mentions), entity, c))
    entities.sort(key=lambda t: -t[0])
    by_sentence: dict[tuple[str, int], list[tuple[Mention, Entity]]] = {}
    for _, entity, c in entities:
        for m in c.mentions:
            by_sentence.setdefault((m.article, m.sentence), []).append((m, entity))
    for lst in by_sentence.values():
        lst.sort(key=lambda me: me[0].start)
    return [e for _, e, _ in entities], by_sentence


def _canonical(ctx: StoryContext, c: Cluster) -> Form:
    candidates = c.forms
    if c.type == "person":
        full = [f for f in c.forms if len(f.tokens) > 1]
        candidates = full or candidates
    return max(
        candidates,
        key=lambda f: (
            round(ctx.weight(f.articles), 6),
            len(f.articles),
            not any(m.spacing or m.glued for m in f.mentions),
            len(f.tokens),
            f.ckey,
        ),
    )


def _judge(ctx: StoryContext, c: Cluster, canon: Form) -> dict[str, tuple[bool, str]]:
    """Per form: (garbled?, why). Full forms first so their short forms can inherit."""
    out: dict[str, tuple[bool, str]] = {canon.ckey: (False, "canonical form")}
    n_canon = ctx.independent(canon.articles)
    token_articles: dict[str, set[str]] = {}
    for g in c.forms:
        for t in g.tokens:
            token_articles.setdefault(t, set()).update(g.articles)
    for f in sorted(c.forms, key=lambda f: -len(f.tokens)):
        if f.ckey in out:
            continue
        reason = c.reasons.get(f.ckey, "")
        if set(f.tokens) <= set(canon.tokens):
            out[f.ckey] = (False, f"short form of '{_show(canon)}'")
            continue
        parent = next((g for g in c.forms if g is not f and set(f.tokens) < set(g.tokens)), None)
        if ctx.independent(f.articles) >= 2:
            parent = None
        if parent is not None and parent.ckey in out:
            bad = out[parent.ckey][0]
            why = f"short form of {'garbled ' if bad else ''}'{_show(parent)}'"
            out[f.ckey] = (bad, why)
            continue
        if reason.startswith("acronym"):
            out[f.ckey] = (False, reason)
            continue
        n = ctx.independent(f.articles)
        odd = [t for t in f.tokens if t not in canon.tokens]
        if n >= 2 or (odd and all(ctx.independent(token_articles[t]) >= 2 for t in odd)):
            out[f.ckey] = (
                False,
                f"alternative spelling used by {max(n, 2)} independent sources; {reason}",
            )
            continue
        out[f.ckey] = (
            True,
            f"{reason}; only in {', '.join(f.articles)}, while '{_show(canon)}' is backed by "
            f"{n_canon} independent source{'s' if n_canon != 1 else ''}",
        )
    return out
