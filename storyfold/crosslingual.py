"""Stories across languages: joining reports words cannot reach, and translated copies.

Clustering compares words, names and numbers, so a French report of an English story joins
it only through the names and numbers they share. `join_stories` runs after clustering:
where the articles span more than one language it embeds the leads (title and opening) of
a few members of each story with the multilingual sentence encoder (storyfold.encoder) and
joins each story in another language than the corpus's main one to its best match among
the main language's stories, when their mean leads are close. Stories of one language are
never compared, so the encoder never overrides what words decided within a language, and
the cost is a few leads per story.

`mark_translations` runs inside a story after provenance: an article in another language
whose sentences the encoder aligns one for one, in order, with an article's is its
`translation` (provenance's word evidence cannot see that), unless the two credit different
wire agencies (storyfold.credits: two agencies' reports are two sources). Numbers on
aligned sentences are checked across the two languages (storyfold.lang.number_view);
sentences without numbers are not checked, and the evidence says how many were.

Without the `storyfold[multilingual]` extra both steps do nothing and `join_stories`
returns a note saying cross-lingual matching was not available.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from storyfold import encoder as enc
from storyfold.credits import written_apart
from storyfold.disjoint import DisjointSets
from storyfold.lang import number_view
from storyfold.records import Article, Departure, Story

# Cosine of two stories' mean leads above which reports in different languages tell one
# story. On SemEval-2022 dev pairs of two languages (400-character leads), 0.55 joins pairs
# graded "same story" (Overall <= 2) with precision 0.90 on the even half and 0.89 on the
# odd one (recall 0.55 / 0.56); the leads of a story's members averaged are steadier still.
JOIN_THRESHOLD = 0.55
LEADS_PER_STORY = 3  # members whose leads stand for a story (the cost bound)

# A translation: sentences aligned one for one (mutual best matches, in order) covering
# this share of both articles' sentences, at this mean cosine. USE puts a sentence and its
# translation at 0.7-0.9 and two sentences of one story in one language at 0.3-0.6.
TRANSLATION_COVERAGE = 0.8
TRANSLATION_MIN_COSINE = 0.65
MAX_SENTENCES = 80  # longer articles: their opening is enough to tell


def languages(articles: Sequence[Article]) -> set[str]:
    return {a.language for a in articles if a.language}


def join_stories(
    articles: Sequence[Article],
    groups: list[list[str]],
    encoder: enc.TextEncoder | None = None,
) -> tuple[list[list[str]], str | None]:
    """`groups` (article ids per story) with stories of different languages joined where
    their leads mean the same; and a note for the report when that could not be done."""
    if len(languages(articles)) < 2:
        return groups, None
    encoder = encoder or enc.get_encoder()
    if encoder is None:
        return groups, enc.NOT_AVAILABLE
    by_id = {a.id: a for a in articles}
    main: list[str | None] = []
    leads: list[list[str]] = []
    for ids in groups:
        counts = Counter(by_id[i].language for i in ids if by_id[i].language)
        main.append(counts.most_common(1)[0][0] if counts else None)
        # The members that carry the most text stand for the story.
        chosen = sorted(ids, key=lambda i: -len(by_id[i].text or by_id[i].raw))[:LEADS_PER_STORY]
        leads.append([enc.lead(by_id[i]) for i in chosen])
    # The corpus's main language: stories in another one each join their best match among
    # its stories. One match each, and never between two stories of the main language, so
    # the encoder cannot chain stories that words kept apart (a French report near two
    # English stories joins one of them).
    counts = Counter(a.language for a in articles if a.language)
    home = counts.most_common(1)[0][0]
    targets = [k for k, lang in enumerate(main) if lang == home]
    movers = [k for k, lang in enumerate(main) if lang is not None and lang != home]
    if not targets or not movers:
        return groups, None
    todo = targets + movers
    flat = [t for k in todo for t in leads[k]]
    vectors = encoder.encode(flat)
    centroids = np.zeros((len(todo), vectors.shape[1]))
    pos = 0
    for row, k in enumerate(todo):
        centroids[row] = vectors[pos : pos + len(leads[k])].mean(axis=0)
        pos += len(leads[k])
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    centroids /= np.where(norms > 0, norms, 1.0)
    cos = centroids[len(targets) :] @ centroids[: len(targets)].T
    joined: DisjointSets[int] = DisjointSets(range(len(groups)))
    for row, k in enumerate(movers):
        best = int(np.argmax(cos[row]))
        if cos[row, best] >= JOIN_THRESHOLD:
            joined.union(k, targets[best])
    out: dict[int, list[str]] = {}
    for k, ids in enumerate(groups):
        out.setdefault(joined.find(k), []).extend(ids)
    return list(out.values()), None


def mark_translations(
    story: Story, members: Sequence[Article], encoder: enc.TextEncoder | None = None
) -> None:
    """Mark `translation`s among `members` (see the module doc); a no-op within one language
    or without the encoder."""
    if len(languages(members)) < 2:
        return
    encoder = encoder or enc.get_encoder()
    if encoder is None:
        return
    order = sorted(members, key=lambda a: (a.published or "9999", story.articles.index(a.id)))
    vectors = {
        a.id: encoder.encode([s.text for s in a.sentences[:MAX_SENTENCES]]) for a in order
    }
    for i, copy in enumerate(order):
        if copy.relation not in (None, "source", "independent") or not copy.sentences:
            continue
        for source in order[:i]:
            if source.language == copy.language or not source.language or not copy.language:
                continue
            if written_apart(copy, source):  # two agencies' reports: two sources
                continue
            pairs = _one_for_one(vectors[copy.id], vectors[source.id])
            if pairs is None:
                continue
            cosines = [c for _, _, c in pairs]
            copy.derived_from, copy.relation = source.id, "translation"
            copy.fidelity = round(float(np.mean(cosines)), 4)
            checked = _check_numbers(copy, source, pairs)
            # The translation leaves a family of its own for its source's.
            story.families = [f for f in story.families if f.articles != [copy.id]]
            for fam in story.families:
                if source.id in fam.articles and copy.id not in fam.articles:
                    fam.articles.append(copy.id)
                    fam.evidence.setdefault("translations", []).append(
                        {"article": copy.id, "aligned": len(pairs),
                         "numbers_checked": checked}
                    )
            break


def _one_for_one(a: np.ndarray, b: np.ndarray) -> list[tuple[int, int, float]] | None:
    """Sentence pairs (i in a, j in b, cosine) when a and b align one for one, else None."""
    if not len(a) or not len(b) or min(len(a), len(b)) < TRANSLATION_COVERAGE * max(len(a), len(b)):
        return None
    cos = a @ b.T
    best_b, best_a = cos.argmax(axis=1), cos.argmax(axis=0)
    pairs = [(i, int(j), float(cos[i, j])) for i, j in enumerate(best_b) if best_a[j] == i]
    pairs = [p for k, p in enumerate(pairs) if k == 0 or p[1] > pairs[k - 1][1]]  # in order
    if len(pairs) < TRANSLATION_COVERAGE * max(len(a), len(b)):
        return None
    if float(np.mean([c for _, _, c in pairs])) < TRANSLATION_MIN_COSINE:
        return None
    return pairs


def _check_numbers(copy: Article, source: Article, pairs: list[tuple[int, int, float]]) -> int:
    """Departures for aligned sentences whose numbers differ; how many pairs had numbers
    to check (the rest are not checked: words cannot be compared across languages here)."""
    checked = 0
    for i, j, c in pairs:
        s_copy, s_source = copy.sentences[i], source.sentences[j]
        # Numbers written in digits only: number words ("two", "zwei") are English-only.
        qa = _digit_values(s_copy.text, copy.language)
        qb = _digit_values(s_source.text, source.language)
        if not qa and not qb:
            continue
        checked += 1
        if qa != qb:
            copy.departures.append(
                Departure(sentence=i, text=s_copy.text, source_article=source.id,
                          source_sentence=j, source_text=s_source.text,
                          kinds=["number (across languages)"], score=round(c, 4))
            )
    return checked


_DIGITS = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?")


def _digit_values(text: str, lang: str | None) -> set[float]:
    """The numbers written in digits, in the English form (storyfold.lang.number_view).
    Scale words are left out: "12 million", "12 Millionen" and "12 millions" are all 12,
    and number words ("two", "zwei") are not read (their lists would be per language)."""
    return {float(m.group().replace(",", "")) for m in _DIGITS.finditer(number_view(text, lang))}
