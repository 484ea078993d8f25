"""storyfold: fold every copy of a news story into one verified account.

The public surface: `fold` (the whole pipeline), `stream` (clustering as articles arrive),
`similarity` (are two articles the same story?) and the record types.
"""

from storyfold.pairwise import Similarity, similarity
from storyfold.pipeline import fold, stream
from storyfold.records import (
    Alignment,
    Article,
    Conflict,
    Entity,
    Fact,
    Family,
    Placement,
    ReadError,
    Report,
    Sentence,
    Story,
)

__all__ = [
    "Alignment",
    "Article",
    "Conflict",
    "Entity",
    "Fact",
    "Family",
    "Placement",
    "ReadError",
    "Report",
    "Sentence",
    "Similarity",
    "Story",
    "fold",
    "similarity",
    "stream",
]
