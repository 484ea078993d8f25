"""Which stored story is this text about, with the evidence (`POST /api/match`).

Read-only: the text is cleaned and split in memory and never written to the store.

1. Candidates: stories naming an entity the text names. The text's capitalised words and
   runs of them (up to three words, e.g. "Ada Lovelace") are looked up among the
   stories' entity names (an indexed equality, so the cost does not grow with the store),
   and each story scores the rarity of the names it shares (log of stories / stories
   naming it).
2. The CANDIDATES best candidates are scored on content: the cosine of the text's content
   stems against each member article's (the story keeps its best article's score).
3. A story is the answer when that cosine reaches MIN_SCORE; the evidence is the shared
   names, the best article and the sentence pairs that overlap most (with links).
"""

from __future__ import annotations

import math
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storyfold import clean
from storyfold.records import Article
from storyfold.sentences import split_sentences
from storyfold.store.models import ArticleRow, StoryEntityRow, StoryRow
from storyfold.textsim import content_stems

CANDIDATES = 20
# Cosine of content-stem sets at which a text is "about" a story. Chosen by hand, not fit
# on any labelled data: a paragraph retold from an article scores 0.3-0.6 against it,
# two different stories about the same people 0.05-0.15.
MIN_SCORE = 0.2
MAX_NAMES = 400  # distinct name look-ups of one text
EVIDENCE = 3  # sentence pairs shown
_CAP = re.compile(r"[^\W\d_][\w'’.-]*")


def match_text(session: Session, text: str, title: str | None = None) -> dict[str, Any]:
    article = Article(id="match", source="<match>", raw=text, title=title)
    clean.clean_article(article)
    body = article.text or text
    sentences = split_sentences(body)
    query = set(content_stems((title or "") + "\n" + body))
    names = _names((title or "") + "\n" + body)
    found = _candidates(session, names)
    matches: list[dict[str, Any]] = []
    for story_id, (weight, shared) in found:
        best = _best_article(session, story_id, query)
        if best is None:
            continue
        score, article_id, stems_of = best
        matches.append({"story_id": story_id, "score": round(score, 4),
                        "name_weight": round(weight, 3), "shared_names": sorted(shared),
                        "best_article": article_id,
                        "sentences": _evidence(sentences, stems_of)})
    matches.sort(key=lambda m: (-m["score"], -m["name_weight"], m["story_id"]))
    matches = matches[:5]
    if matches:
        titles = dict(session.execute(select(StoryRow.id, StoryRow.title).where(
            StoryRow.id.in_([m["story_id"] for m in matches]))).all())
        for m in matches:
            m["title"] = titles.get(m["story_id"])
    top = matches[0] if matches and matches[0]["score"] >= MIN_SCORE else None
    return {"story_id": top["story_id"] if top else None, "min_score": MIN_SCORE,
            "names": sorted(names)[:50], "matches": matches}


def _names(text: str) -> set[str]:
    """Capitalised words and runs of up to three of them (split at punctuation)."""
    out: set[str] = set()
    run: list[str] = []
    last_end = -1
    for m in _CAP.finditer(text):
        word = m.group().rstrip(".'’-")
        joined = text[last_end:m.start()] in (" ", "-") if run else False
        if not word or not word[0].isupper():
            run, last_end = [], m.end()
            continue
        run = (run if joined else []) + [word]
        last_end = m.end()
        for n in range(1, min(3, len(run)) + 1):
            out.add(" ".join(run[-n:]))
        if len(out) >= MAX_NAMES:
            break
    return {n[:512] for n in out}


def _candidates(session: Session, names: set[str]) -> list[tuple[int, tuple[float, set[str]]]]:
    if not names:
        return []
    total = session.scalar(select(func.count(StoryRow.id))) or 1
    df = dict(session.execute(select(StoryEntityRow.name, func.count(StoryEntityRow.story_id))
                              .where(StoryEntityRow.name.in_(names))
                              .group_by(StoryEntityRow.name)).all())
    idf = {n: math.log(1 + total / c) for n, c in df.items()}
    scores: dict[int, tuple[float, set[str]]] = {}
    rare = sorted(idf, key=lambda n: -idf[n])[:50]  # the commonest names add little
    for story_id, name in session.execute(
            select(StoryEntityRow.story_id, StoryEntityRow.name)
            .where(StoryEntityRow.name.in_(rare))):
        weight, shared = scores.get(story_id, (0.0, set()))
        shared.add(name)
        scores[story_id] = (weight + idf[name], shared)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return ranked[:CANDIDATES]


def _best_article(session: Session, story_id: int, query: set[str]
                  ) -> tuple[float, str, list[tuple[int, str, set[str]]]] | None:
    best: tuple[float, str, list[tuple[int, str, set[str]]]] | None = None
    if not query:
        return None
    for article_id, folded in session.execute(
            select(ArticleRow.id, ArticleRow.folded).where(ArticleRow.story_id == story_id)):
        if not folded:
            continue
        stems = set(content_stems(folded.get("text") or ""))
        if not stems:
            continue
        score = len(query & stems) / math.sqrt(len(query) * len(stems))
        if best is None or score > best[0]:
            sents = [(s["index"], s["text"], set(content_stems(s["text"])))
                     for s in folded.get("sentences", [])]
            best = (score, article_id, sents)
    return best


def _evidence(sentences: list[Any], stems_of: list[tuple[int, str, set[str]]]
              ) -> list[dict[str, Any]]:
    pairs = []
    for s in sentences[:200]:
        q = set(content_stems(s.text))
        if len(q) < 3:
            continue
        for index, text, stems in stems_of:
            if not stems:
                continue
            overlap = len(q & stems) / len(q | stems)
            pairs.append((overlap, s.text, index, text))
    pairs.sort(key=lambda p: (-p[0], p[2]))
    out: list[dict[str, Any]] = []
    used: set[int] = set()
    for overlap, qtext, index, text in pairs:
        if index in used or qtext in {o["text"] for o in out}:
            continue
        used.add(index)
        out.append({"text": qtext, "sentence": index, "article_text": text,
                    "overlap": round(overlap, 3)})
        if len(out) == EVIDENCE:
            break
    return out
