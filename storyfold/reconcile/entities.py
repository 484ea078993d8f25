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
of sources uses it; its `why` says what tied it to the entity. Spelling only proposes: a
variant stays garbled (and the brief writes the canonical name in its place) only with the
evidence `names_evidence` asks for, alignment or consensus and a close spelling; without
it the variant leaves, with its short forms, as an entity of its own ("East Coast" beside
"West Coast"). In a language that capitalises nouns a person needs more than capitals
(`names_lang`). How alike two forms are (spelling, sound, shape) is `forms`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from storyfold import names
from storyfold.reconcile.context import StoryContext
from storyfold.reconcile.forms import (
    Form,
    FormIndex,
    alike,
    alike_at,
    match_multi,
    own_first_name,
    person_like,
    show,
    similar,
)
from storyfold.reconcile.lexicon import (
    FACILITY_WORDS,
    GROUP_WORDS,
    ORG_WORDS,
    fold,
    places,
)
from storyfold.reconcile.mentions import (
    Mention,
    Vocabulary,
    article_mentions,
    find_key,
    quoted_terms,
)
from storyfold.reconcile.names_evidence import (
    alignment_evidence,
    consensus_evidence,
    consensus_possible,
    spelled_close,
)
from storyfold.reconcile.names_lang import capitalises_nouns, nouns_after_determiners
from storyfold.reconcile.variants import canonical, judge
from storyfold.records import Entity, Variant

ALIGN_MERGE_MIN_SCORE = 0.35  # sentences less alike may name different things
# A person's name is less often garbled into a word than a thing's: ask more alignment.
ALIGN_MERGE_PERSON_SCORE = 0.5
# Two name words are alike (a one-word form and a known surname, "Kowalsky"/"Kowalski";
# two persons' tokens before an alignment merge) by the "same name" rule of
# storyfold.names; NAME_ALIKE, its looser level, finds candidates.
NAME_ALIKE = names.ALIKE
# Against other one-word names: only long words (short ones collide by chance), spelled
# nearly the same, at most SINGLE_LEN_GAP letters longer or shorter.
SINGLE_MIN_LEN = 5
SINGLE_ALIKE = 0.9
SINGLE_LEN_GAP = 2
# Ties between equally supported clusters go to the one mentioned more (a tie-break only:
# 100 mentions weigh less than one article).
MENTION_TIEBREAK = 0.01
# An all-capitals word of 2 to ACRONYM_MAX letters may be a placed name's initials; longer
# ones are words in capitals (a shouted headline), not acronyms.
ACRONYM_MAX = 6
# In a language that capitalises nouns, a full name written this often (or its surname
# used alone) is a person's, not a capitalised common noun.
PERSON_MIN_MENTIONS = 2
_WORD_START = re.compile(r"(?<![\w-])\w")  # where a name's pattern can begin (find_key)
_SPEECH = re.compile(r"^\W{0,3}\s*(?:said|says|told|added|stated|warned|urged|insisted|noted)\b")


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
    # Per-sentence results the conflict checks ask for once per aligned pair (a sentence
    # is in many pairs): computed once each.
    memo: dict[tuple[str, tuple[str, int]], Any] = field(default_factory=dict, repr=False)

    def names_in(self, article: str, sentence: int) -> list[str]:
        return list(dict.fromkeys(e.name for _, e in self.by_sentence.get((article, sentence), [])))

    def entity(self, name: str) -> Entity | None:
        return next((e for e in self.entities if e.name == name), None)


def find_entities(ctx: StoryContext) -> EntityIndex:
    sentences = [(aid, idx, text) for aid, idx, text in ctx.sentences()]
    vocab = Vocabulary.of(text for _, _, text in sentences)
    lang = {aid: ctx.articles[aid].language for aid in ctx.order}
    for code in {x for x in lang.values() if x and capitalises_nouns(x)}:
        vocab.nouns |= nouns_after_determiners(
            (text for aid, _, text in sentences if lang[aid] == code), code
        )
    terms: set[str] = set()
    for _, _, text in sentences:
        terms.update(quoted_terms(text))
    mentions: list[Mention] = []
    headlines: dict[str, list[int]] = {}
    for aid in ctx.order:
        found, heads = article_mentions(
            aid, [(s.index, s.text) for s in ctx.articles[aid].sentences], vocab, terms, lang[aid]
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
    entities, by_sentence = _to_entities(ctx, clusters, vocab)
    return EntityIndex(entities, by_sentence, headlines)


def _headline_mentions(
    ctx: StoryContext, mentions: list[Mention], headlines: dict[str, list[int]]
) -> None:
    """Headline-case lines only yield names running text already established."""
    known: dict[str, str] = {}
    for m in mentions:
        if len(m.key) > 2:
            known.setdefault(m.key, m.key)
    ordered = sorted(known, key=len, reverse=True)
    # Names by the first letters of their first word, so that a line is searched only for
    # the names that can start at one of its word starts (searching every line for every
    # name was quadratic in a long text); the longest names still go first.
    rank = {key: i for i, key in enumerate(ordered)}
    by_start: dict[str, list[str]] = {}
    anywhere: list[str] = []
    for key in ordered:
        head = key.split("-")[0].split(" ")[0]
        if head and _WORD_START.match(head):
            by_start.setdefault(head[:3], []).append(key)
        else:
            anywhere.append(key)
    for aid, heads in headlines.items():
        for idx in heads:
            text = ctx.sentence(aid, idx)
            folded = fold(text)
            found = set(anywhere)
            for w in _WORD_START.finditer(folded):
                p = w.start()
                for n in (1, 2, 3):
                    found.update(by_start.get(folded[p : p + n], ()))
            taken: list[tuple[int, int]] = []
            for key in sorted(found, key=rank.__getitem__):
                for start, end in find_key(text, key, folded):
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
    return ctx.weight(form.articles) + MENTION_TIEBREAK * len(form.mentions)


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
    index = FormIndex(multi)
    for f in multi:
        # Only forms sharing a word with `f` or a surname spelled alike can match it
        # (`match_multi`); comparing every pair of forms was quadratic in a long text.
        # The best score wins, the earliest form on ties: as a scan in order would.
        best: tuple[float, tuple[int, int], Cluster, str] | None = None
        for g in index.candidates(f):
            match = match_multi(f, g, one_family[id(f)] or one_family[id(g)])
            if not match:
                continue
            rank = index.rank[id(g)]
            if best is None or match[0] > best[0] or (match[0] == best[0] and rank < best[1]):
                best = (match[0], rank, clusters[rank[0]], match[1])
        if best:
            best[2].forms.append(f)
            best[2].reasons[f.ckey] = best[3]
            index.place(f, best[1][0], len(best[2].forms) - 1)
        else:
            clusters.append(Cluster([f]))
            index.place(f, len(clusters) - 1, 0)
    index.freeze_multi()
    for f in single:
        target = _match_single(ctx, f, clusters, index, one_family[id(f)])
        if target:
            target[0].forms.append(f)
            target[0].reasons[f.ckey] = target[1]
        else:
            clusters.append(Cluster([f]))
            index.place_single(f, len(clusters) - 1)
    for c in clusters:
        c.type = _type_of(c)
    _merge_by_alignment(ctx, clusters)
    return [c for c in clusters if c.forms]


def _match_single(
    ctx: StoryContext, f: Form, clusters: list[Cluster], index: FormIndex, one_family: bool
) -> tuple[Cluster, str] | None:
    word = f.ckey
    if word in places():
        return None
    surface = f.surfaces.most_common(1)[0][0]
    if surface.isupper() and 2 <= len(word) <= ACRONYM_MAX and word in index.acronyms:
        k, g = index.acronyms[word]
        return clusters[k], f"acronym of '{show(g)}'"
    # Person forms whose surname or first name is the word, or whose surname is spelled
    # like it, in cluster order; a cluster's weight looked up once and only if needed.
    weights: dict[int, float] = {}

    def weight(k: int) -> float:
        if k not in weights:
            weights[k] = ctx.weight(clusters[k].articles)
        return weights[k]

    surname = index.persons_last.get(word, [])
    if surname:
        g = max(surname, key=lambda g: weight(index.cluster_of[id(g)]))
        return clusters[index.cluster_of[id(g)]], f"surname of '{show(g)}'"
    first = index.persons_first.get(word, [])
    if first and len({index.cluster_of[id(g)] for g in first}) == 1:
        g = first[0]
        return clusters[index.cluster_of[id(g)]], f"first name of '{show(g)}'"
    if one_family:
        fuzzy: list[tuple[float, Form]] = []
        for t in alike(word, index.person_lasts.get(word[:1], []), NAME_ALIKE):
            if names.same_name_word(word, t):
                s = similar(word, t)
                fuzzy.extend((s, g) for g in index.persons_last.get(t, ()) if g.tokens[0] != word)
        if fuzzy:
            fuzzy.sort(key=lambda sg: index.rank[id(sg[1])])
            _, g = max(fuzzy, key=lambda sg: sg[0] + weight(index.cluster_of[id(sg[1])]))
            return clusters[index.cluster_of[id(g)]], f"spelled like the surname of '{show(g)}'"
        # One-word names spelled alike: "Kowalsky" beside "Kowalski".
        if len(word) >= SINGLE_MIN_LEN:
            keys = index.single_keys.get(word[:1], [])
            for pos in sorted(alike_at(word, keys, SINGLE_ALIKE)):
                key = keys[pos]
                if (
                    key not in places()
                    and abs(len(word) - len(key)) <= SINGLE_LEN_GAP
                    and similar(word, key) >= SINGLE_ALIKE
                ):
                    k = index.single_clusters[word[:1]][pos]
                    return clusters[k], f"spelled like '{show(clusters[k].forms[0])}'"
    return None


def _type_of(c: Cluster) -> str:
    keys = [f.ckey for f in c.forms]
    mentions = c.mentions
    if any(k in places() for k in keys):
        return "place"
    tokens = {t for k in keys for t in k.split()}
    if any(f.term for f in c.forms) or tokens & GROUP_WORDS:
        return "group"
    if any(m.role or m.honorific or m.titled for m in mentions):
        return "person"
    if tokens & FACILITY_WORDS:
        return "other"
    if tokens & ORG_WORDS or any(m.surface.isupper() and len(m.surface) > 1 for m in mentions):
        return "org"
    if any(person_like(f.tokens) for f in c.forms) and _named_like_a_person(c):
        return "person"
    return "other"


def _named_like_a_person(c: Cluster) -> bool:
    """In a language that capitalises nouns, capitalised words are a person only with more
    evidence (names_lang): two words or more (not one hyphenated word), none of them a
    common noun, and the surname also used alone or the name written at least twice."""
    mentions = c.mentions
    if not all(m.caps_lang for m in mentions):
        return True  # English and the like: capitals are evidence enough
    full = [
        f
        for f in c.forms
        if person_like(f.tokens)
        and any(" " in m.key for m in f.mentions)
        and not any(m.common for m in f.mentions)
    ]
    if not full:
        return False
    surnames = {f.tokens[-1] for f in full}
    alone = any(len(f.tokens) == 1 and f.ckey in surnames for f in c.forms)
    return alone or sum(len(f.mentions) for f in full) >= PERSON_MIN_MENTIONS


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
            f"'{show(strong.forms[0])}' where this copy has it"
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
    return any(names.same_name_word(x, y) for x in ta for y in tb)


def _split_unsupported(
    ctx: StoryContext, clusters: list[Cluster], vocab: Vocabulary
) -> list[tuple[Cluster, Form, dict[str, tuple[bool, str]]]]:
    """Judge each cluster's forms; a form judged garbled without the evidence a repair
    needs (`names_evidence`: alignment or consensus, and a close spelling) leaves the
    cluster with its short forms, as an entity of its own. Repeated until none leaves."""
    work = list(clusters)
    out: list[tuple[Cluster, Form, dict[str, tuple[bool, str]]]] = []
    while work:
        c = work.pop(0)
        canon = canonical(ctx, c)
        judged = judge(ctx, c, canon)
        leaving: list[Form] = []
        for f in sorted(c.forms, key=lambda f: (-len(f.tokens), f.ckey)):
            if f in leaving or f is canon:
                continue
            bad, said = judged[f.ckey]
            if not bad and said.startswith("alternative spelling"):
                # Used by two sources, so not a garbling; but one name only if spelled
                # like another of the entity's names ("East Coast" is not "West Coast").
                if not _spelled_like_the_rest(c, f, vocab):
                    leaving.append(f)
                continue
            if not bad or said.startswith("short form of garbled"):
                continue  # a garbled short form goes or stays with the form it shortens
            why = _repair_evidence(ctx, c, f, canon, vocab)
            if why is None:
                leaving.append(f)
                leaving.extend(
                    g
                    for g in c.forms
                    if g is not f
                    and g not in leaving
                    and g is not canon
                    and set(g.tokens) < set(f.tokens)
                    and not set(g.tokens) <= set(canon.tokens)
                )
            else:
                judged[f.ckey] = (True, f"{judged[f.ckey][1]}; {why}")
        if not leaving:
            out.append((c, canon, judged))
            continue
        c.forms = [f for f in c.forms if f not in leaving]
        c.type = _type_of(c)
        work.insert(0, c)
        # The forms that left, each with the short forms that shorten it, as new clusters.
        groups: list[list[Form]] = []
        for f in leaving:
            home = next((g for g in groups if set(f.tokens) < set(g[0].tokens)), None)
            if home is None:
                groups.append([f])
            else:
                home.append(f)
        for forms in groups:
            new = Cluster(forms, {f.ckey: c.reasons.get(f.ckey, "") for f in forms[1:]})
            new.type = _type_of(new)
            work.append(new)
    return out


def _spelled_like_the_rest(c: Cluster, f: Form, vocab: Vocabulary) -> bool:
    own = set(f.tokens)
    return any(
        spelled_close(f.tokens, g.tokens, aligned=False, real=vocab.lower)
        or set(g.tokens) < own
        or own < set(g.tokens)
        for g in c.forms
        if g is not f
    )


def _repair_evidence(
    ctx: StoryContext, c: Cluster, f: Form, canon: Form, vocab: Vocabulary
) -> str | None:
    """Why `f` may be repaired into the cluster's canonical name, or None."""
    own = set(f.tokens)
    others = [g for g in c.forms if g is not f and not set(g.tokens) < own]
    # The entity's other mentions by sentence, needed only when a sentence of `f` is
    # aligned with another (a long text's one article has no alignments).
    by_sentence: dict[tuple[str, int], list[Mention]] = {}
    if any(ref in ctx.links for ref in f.sentences):
        for g in others:
            for m in g.mentions:
                by_sentence.setdefault((m.article, m.sentence), []).append(m)
    if c.reasons.get(f.ckey, "").startswith("aligned with"):
        # Joined by the alignment pass, which already asked that the two names be the only
        # ones the sentences do not share, whatever their spelling: the name must also
        # stand in the other's place, at the same share of the sentence, in a copy that
        # derives from the article it was aligned with.
        renamed = alignment_evidence(ctx, f, by_sentence, strict=True) if by_sentence else None
        return renamed.why if renamed and renamed.copy else None
    aligned = alignment_evidence(ctx, f, by_sentence) if by_sentence else None
    if aligned is None and not any(consensus_possible(ctx, f, g) for g in [canon, *others]):
        return None  # no evidence to be had, however the names are spelled
    # A copy aligned with its original may render a name further from it ("Lassen" for
    # "Larsen"); anywhere else a spelling must be close by itself.
    loose = aligned is not None and aligned.copy
    close = [
        g
        for g in [canon, *others]
        if spelled_close(f.tokens, g.tokens, aligned=loose, real=vocab.lower)
    ]
    if not close:
        return None
    if aligned:
        return aligned.why
    for g in close:
        if own_first_name(f, g):
            continue
        agreed = consensus_evidence(ctx, f, g)
        if agreed:
            return agreed.why
    return None


def _to_entities(
    ctx: StoryContext, clusters: list[Cluster], vocab: Vocabulary
) -> tuple[list[Entity], dict[tuple[str, int], list[tuple[Mention, Entity]]]]:
    entities: list[tuple[float, Entity, Cluster]] = []
    for c, canon, garbled_forms in _split_unsupported(ctx, clusters, vocab):
        name = show(canon)
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
        entities.append((ctx.weight(c.articles) + MENTION_TIEBREAK * len(c.mentions), entity, c))
    entities.sort(key=lambda t: -t[0])
    by_sentence: dict[tuple[str, int], list[tuple[Mention, Entity]]] = {}
    for _, entity, c in entities:
        for m in c.mentions:
            by_sentence.setdefault((m.article, m.sentence), []).append((m, entity))
    for lst in by_sentence.values():
        lst.sort(key=lambda me: me[0].start)
    return [e for _, e, _ in entities], by_sentence
