"""The typed records that flow through storyfold's stages.

One `Article` is made by a reader, filled in by cleaning and sentence splitting, and
annotated by provenance; a `Story` groups article ids and carries what the story-level
stages (families, entities, facts, conflicts, brief) add. `Report` is what `fold` returns.
Every record turns into plain JSON with `to_dict()`; the JSON Schema lives in
`storyfold/report/schema.json`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Dropped:
    """A line removed from an article's text, and why."""

    text: str
    reason: str
    line: int  # 0-based line number in the article's raw text


@dataclass(slots=True)
class Sentence:
    """A sentence of an article's clean text; `start`/`end` are character offsets."""

    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Departure:
    """A sentence of an article that departs from the aligned sentence of its source."""

    sentence: int  # index in this article
    text: str
    source_article: str
    source_sentence: int
    source_text: str
    kinds: list[str] = field(default_factory=list)  # e.g. "garbled name", "polarity"
    score: float = 0.0  # alignment score of the pair


@dataclass(slots=True)
class Article:
    """One news article, from reading to provenance."""

    id: str
    source: str  # file path, url or "<stdin>"
    raw: str  # text as read (for HTML: the extracted main text)
    title: str | None = None
    site: str | None = None
    url: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO 8601 date when known
    text: str = ""  # clean body text
    dropped: list[Dropped] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # dateline, credit, ...
    sentences: list[Sentence] = field(default_factory=list)
    # Added by provenance.
    derived_from: str | None = None
    relation: str | None = None  # "source", "copy", "rewrite", "paraphrase", ...
    fidelity: float | None = None
    departures: list[Departure] = field(default_factory=list)
    # Added when read (storyfold.lang.detect): ISO 639-1 code, None when unsure.
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Alignment:
    """Sentence `a_sentence` of article `a` carries the content of `b_sentence` of `b`."""

    a: str
    a_sentence: int
    b: str
    b_sentence: int
    score: float


@dataclass(slots=True)
class Family:
    """Articles of one story that copy one source text; `best` is its most faithful copy."""

    articles: list[str]
    best: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Variant:
    form: str
    articles: list[str]
    garbled: bool = False
    why: str = ""


@dataclass(slots=True)
class Entity:
    name: str
    type: str  # "person", "org", "place", "group", "other"
    variants: list[Variant] = field(default_factory=list)


@dataclass(slots=True)
class Citation:
    article: str
    sentence: int | None = None


@dataclass(slots=True)
class Fact:
    text: str
    kind: str  # "number", "quote", "claim"
    articles: list[str]
    independent: int  # distinct families among `articles`
    citations: list[Citation] = field(default_factory=list)
    value: str | None = None  # normalised number or speaker


@dataclass(slots=True)
class Side:
    article: str
    text: str
    sentence: int | None = None


@dataclass(slots=True)
class Conflict:
    kind: str  # "number", "polarity", "actor", "title", ...
    sides: list[Side]
    favoured: str | None = None  # article id of the side better supported (None: neither)
    why: str = ""


@dataclass(slots=True)
class Story:
    id: str
    articles: list[str]
    title: str | None = None
    families: list[Family] = field(default_factory=list)
    alignments: list[Alignment] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    brief: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def family_numbers(self) -> dict[str, int]:
        """Each article's family number, counted from 1 in `families` order; an article in
        no family has a number of its own after them, in story order. Every view (the
        brief's source table, the HTML and Markdown reports, the web page) shows these."""
        numbers: dict[str, int] = {}
        for n, fam in enumerate(self.families, start=1):
            for aid in fam.articles:
                numbers.setdefault(aid, n)
        n = len(self.families)
        for aid in self.articles:
            if aid not in numbers:
                n += 1
                numbers[aid] = n
        return numbers


@dataclass(slots=True)
class ReadError:
    """An input that could not be read; the rest of the input is still processed."""

    path: str
    error: str


@dataclass(slots=True)
class Placement:
    """Where one arriving article went in a stream (`storyfold.pipeline.stream`), and the
    held articles that changed story because of it (a merge, a split, a re-placed member).
    Story ids name live stories; when two merge, one id stays and the other's members are
    listed in `moved`."""

    article_id: str
    story: int
    moved: list[tuple[str, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.article_id,
            "story": self.story,
            "moved": [{"id": i, "story": s} for i, s in self.moved],
        }


@dataclass(slots=True)
class Settled:
    """A stream's read point (`storyfold.pipeline.stream`): after `arrivals` articles every
    held article was re-placed where it fits best, and `moved` lists those that changed
    story. Replaying placements and settles gives the current stories."""

    arrivals: int
    moved: list[tuple[str, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"settled": self.arrivals, "moved": [{"id": i, "story": s} for i, s in self.moved]}


@dataclass(slots=True)
class Report:
    articles: list[Article]
    stories: list[Story]
    errors: list[ReadError] = field(default_factory=list)
    version: str = "1"
    # What the fold could not do and why (e.g. cross-lingual matching without its extra).
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "articles": [a.to_dict() for a in self.articles],
            "stories": [s.to_dict() for s in self.stories],
            "errors": [asdict(e) for e in self.errors],
            "notes": list(self.notes),
        }

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
