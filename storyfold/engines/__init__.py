"""Engines that run `fold`: `local` (this machine's processes, the default) and `spark`
(an Apache Spark cluster, `storyfold[spark]`). Both take the same inputs and give the
same Report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from storyfold.records import Article, Report

ENGINES = ("local", "spark")


def fold_with(
    engine: str, inputs: Sequence[str] | Iterable[Article], **options: Any
) -> Report:
    """`fold` on `engine`; `options` are that engine's (`master=` for spark)."""
    if engine == "local":
        from storyfold.engines.local import fold_local

        return fold_local(inputs, **options)
    if engine == "spark":
        from storyfold.engines.spark import fold_spark

        return fold_spark(inputs, **options)
    raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
