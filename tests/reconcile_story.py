"""A small made-up story for the reconcile tests: three reports of a fictional accord.

Article "a" is the source (fidelity 0.95); "b" a garbled machine translation of it (same
family, fidelity 0.6) that misspells names, renames the accord and flips one word; "c" an
independent report (fidelity 0.9) that counts one company more.
"""

from __future__ import annotations

from storyfold.records import Alignment, Article, Family, Story
from storyfold.sentences import split_sentences

TEXTS = {
    "a": (
        "Chilean President Marisol Aranda said on Monday that 14 mining companies had signed "
        "the accord in Santiago. "
        "Finance Minister Tomas Echeverria said the deal was worth $2.4 billion over ten years. "
        "The unions were very satisfied with the terms, Ms Aranda told reporters. "
        "The so-called “green copper pact” will run until 2035, Mr Echeverria said."
    ),
    "b": (
        "Chilean President Marisol Arandah said on Monday that 14 mining companies had signed "
        "the agreement in Santiago. "
        "Finance Minister Thomas Echevarria said the deal was worth $2.4bn over ten years. "
        "The unions were very dissatisfied with the terms, Ms Arandah told reporters. "
        "The “Verdant Copper Covenant” will run until 2035, Mr Echevarria said."
    ),
    "c": (
        "Chilean President Marisol Aranda said on Monday that 15 mining companies had signed "
        "the accord in Santiago. "
        "The agreement, known as the “green copper pact”, is worth about $2.4 billion, "
        "according to Finance Minister Tomas Echeverria."
    ),
}
FIDELITY = {"a": 0.95, "b": 0.6, "c": 0.9}
ALIGNED = [
    ("a", 0, "b", 0, 0.9),
    ("a", 1, "b", 1, 0.85),
    ("a", 2, "b", 2, 0.8),
    ("a", 3, "b", 3, 0.6),
    ("a", 0, "c", 0, 0.8),
    ("a", 1, "c", 1, 0.45),
]


def make_story(*, provenance: bool = True) -> tuple[Story, list[Article]]:
    articles = []
    for aid, text in TEXTS.items():
        a = Article(id=aid, source=f"{aid}.txt", raw=text, text=text, site=f"{aid}.example")
        a.sentences = split_sentences(text)
        articles.append(a)
    story = Story(id="story-1", articles=[a.id for a in articles])
    if provenance:
        story.alignments = [Alignment(*row) for row in ALIGNED]
        story.families = [Family(articles=["a", "b"], best="a"), Family(articles=["c"], best="c")]
        for a in articles:
            a.fidelity = FIDELITY[a.id]
            a.relation = "source" if a.id != "b" else "translation"
            a.derived_from = "a" if a.id == "b" else None
    return story, articles
