"""storyfold: fold every copy of a news story into one verified account.

The public surface: `fold` (the whole pipeline) and the record types.
"""

from storyfold.pipeline import fold
from storyfold.records import (
    Alignment,
    Article,
    Conflict,
    Entity,
    Fact,
    Family,
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
    "ReadError",
    "Report",
    "Sentence",
    "Story",
    "fold",
]
