"""PLACEHOLDER: replaced by the readers work."""
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from storyfold.records import Article, ReadError


def read_inputs(
    inputs: Sequence[str], *, stdin: TextIO | None = None
) -> Iterator[Article | ReadError]:
    for name in inputs:
        p = Path(name)
        files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
        for f in files:
            yield Article(id=f.stem, source=str(f), raw=f.read_text())
