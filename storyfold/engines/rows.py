"""Records to plain JSON rows and back, for engines that ship work to other processes.

An engine sends executors JSON text (`json.dumps` of `to_dict()`), never pickled
records: the bytes that cross hold only strings, numbers, lists and dicts, so nothing an
input article carries is ever unpickled. `article_from_dict` and `story_from_dict` are
the inverses of `Article.to_dict` and `Story.to_dict`.
"""

from __future__ import annotations

import json
from typing import Any

from storyfold.records import (
    Alignment,
    Article,
    Citation,
    Conflict,
    Departure,
    Dropped,
    Entity,
    Fact,
    Family,
    Sentence,
    Side,
    Story,
    Variant,
)


def article_from_dict(d: dict[str, Any]) -> Article:
    return Article(
        **{k: v for k, v in d.items() if k not in ("dropped", "sentences", "departures")},
        dropped=[Dropped(**x) for x in d.get("dropped", [])],
        sentences=[Sentence(**x) for x in d.get("sentences", [])],
        departures=[Departure(**x) for x in d.get("departures", [])],
    )


def story_from_dict(d: dict[str, Any]) -> Story:
    return Story(
        id=d["id"],
        articles=list(d["articles"]),
        title=d.get("title"),
        families=[Family(**x) for x in d.get("families", [])],
        alignments=[Alignment(**x) for x in d.get("alignments", [])],
        entities=[
            Entity(**{**x, "variants": [Variant(**v) for v in x.get("variants", [])]})
            for x in d.get("entities", [])
        ],
        facts=[
            Fact(**{**x, "citations": [Citation(**c) for c in x.get("citations", [])]})
            for x in d.get("facts", [])
        ],
        conflicts=[
            Conflict(**{**x, "sides": [Side(**s) for s in x.get("sides", [])]})
            for x in d.get("conflicts", [])
        ],
        brief=d.get("brief", ""),
    )


def dumps(record: Article | Story) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False)


def load_article(row: str) -> Article:
    return article_from_dict(json.loads(row))


def load_story(row: str) -> Story:
    return story_from_dict(json.loads(row))
