"""The local engine: `storyfold.pipeline.fold`, one process for reading, cleaning and
clustering, a process pool for the per-story stages (the default engine)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from storyfold.records import Article, Report


def fold_local(inputs: Sequence[str] | Iterable[Article], **options: Any) -> Report:
    from storyfold.pipeline import fold

    return fold(inputs, **options)
