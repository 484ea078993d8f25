"""The worker processes change nothing: `fold` with one process and with two (per-article
stages in chunks, per-story stages) gives the same report, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfold import pipeline
from storyfold.read import read_inputs
from storyfold.records import Article
from storyfold.report.json_report import to_json
from tests.conftest import data_dir


def _inputs(seeds_dir: Path) -> list[Article]:
    folder = data_dir()
    if folder is None or not (folder / "ecbplus_dev.jsonl").exists():
        pytest.skip("ECB+ dev data not found (set STORYFOLD_DATA)")
    arts = [a for a in read_inputs([str(seeds_dir)]) if isinstance(a, Article)]
    with (folder / "ecbplus_dev.jsonl").open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= 90:
                break
            row = json.loads(line)  # only the text: the labels stay in the file
            arts.append(Article(id=f"ecb-{n}", source="ecb", raw=row["text"]))
    return arts


def test_one_and_two_processes_give_the_same_report(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks, so the batch is cut in many and their order matters.
    monkeypatch.setattr(pipeline, "ARTICLE_CHUNK", 7)
    steps: list[tuple[str, int, int]] = []
    serial = pipeline.fold(_inputs(seeds_dir), jobs=1)
    parallel = pipeline.fold(
        _inputs(seeds_dir), jobs=2, progress=lambda *step: steps.append(step)
    )
    assert len(serial.stories) > 5
    assert to_json(parallel) == to_json(serial)
    cleaned = [done for name, done, _ in steps if name == "clean"]
    assert cleaned == sorted(cleaned) and cleaned[-1] == len(serial.articles)


def test_fold_leaves_the_callers_records_untouched(seeds_dir: Path) -> None:
    for jobs in (1, 2):
        given = _inputs(seeds_dir)[:12]
        before = [a.to_dict() for a in given]
        report = pipeline.fold(given, jobs=jobs)
        assert [a.to_dict() for a in given] == before  # not cleaned, split or traced
        assert all(a.sentences for a in report.articles)  # the report's copies are
        assert {id(a) for a in report.articles}.isdisjoint(id(a) for a in given)
