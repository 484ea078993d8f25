"""The Spark engine gives the report of the local path (`storyfold.engines.spark`).

The cluster tests need a Spark master: STORYFOLD_SPARK_MASTER (CI starts a standalone
master and two workers on 127.0.0.1 with scripts/ci/spark.sh). Without it they are
skipped locally and fail under CI=true. One session serves the module: `fold` on the same
master uses the running session, since starting one costs seconds.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import storyfold
from storyfold.cli import main
from storyfold.engines import fold_with
from storyfold.engines.rows import dumps, load_article, load_story
from storyfold.features import parse_day
from storyfold.read import read_inputs
from storyfold.records import Article, Report
from storyfold.report.json_report import to_json
from storyfold.shards import SHARD_DAYS, time_shards
from tests.conftest import data_dir


def _need(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the Spark tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def master() -> Iterator[str]:
    url = os.environ.get("STORYFOLD_SPARK_MASTER")
    if not url:
        _need("STORYFOLD_SPARK_MASTER not set (scripts/ci/spark.sh start)")
    try:
        import pyspark  # noqa: F401

        from storyfold.engines.spark import start_session
    except ImportError:
        _need("pyspark not installed (pip install 'storyfold[spark]')")
    session = start_session(url)
    yield url
    session.stop()


def _shape(report: Report) -> tuple[list[list[str]], list[list[tuple[list[str], str]]]]:
    stories = [s.articles for s in report.stories]
    families = [[(f.articles, f.best) for f in s.families] for s in report.stories]
    return stories, families


def test_rows_round_trip_every_record_of_a_report(seeds_dir: Path) -> None:
    report = storyfold.fold([str(seeds_dir)])
    assert report.stories[0].families and report.stories[0].conflicts
    assert report.articles[1].dropped and report.articles[1].sentences
    for article in report.articles:
        assert load_article(dumps(article)) == article
    for story in report.stories:
        assert load_story(dumps(story)) == story


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        fold_with("dask", ["examples/seeds"])


def test_seeds_on_the_cluster_give_the_local_report(master: str, seeds_dir: Path) -> None:
    local = storyfold.fold([str(seeds_dir)])
    spark = storyfold.fold([str(seeds_dir)], engine="spark", master=master)
    assert _shape(spark) == _shape(local)
    assert len(spark.stories) == 1 and len(spark.stories[0].families) == 3
    assert to_json(spark) == to_json(local)  # cleaning, alignments, conflicts, brief too


@pytest.mark.slow
def test_ecbplus_dev_on_the_cluster_gives_the_local_stories(master: str) -> None:
    folder = data_dir()
    if folder is None or not (folder / "ecbplus_dev.jsonl").exists():
        pytest.skip("ECB+ dev data not found (set STORYFOLD_DATA)")
    path = str(folder / "ecbplus_dev.jsonl")
    local = storyfold.fold([path])
    spark = storyfold.fold([path], engine="spark", master=master)
    assert len(spark.articles) == 535 and len(spark.stories) > 20
    assert _shape(spark) == _shape(local)
    assert to_json(spark) == to_json(local)


def _dated_rounds(seeds_dir: Path, gaps: list[int]) -> list[Article]:
    """The seeds again at each day offset in `gaps`, as new articles (ids r<k>-...)."""
    seeds = [a for a in read_inputs([str(seeds_dir)]) if isinstance(a, Article)]
    out = []
    for k, gap in enumerate(gaps):
        day = (date(2024, 1, 1) + timedelta(days=gap)).isoformat()
        out += [dataclasses.replace(a, id=f"r{k}-{a.id}", published=day) for a in seeds]
    return out


def test_time_shards_are_clustered_apart_and_joined(master: str, seeds_dir: Path) -> None:
    # Day 130 lies in shard 0's overlap and in shard 1: clustered twice, joined once.
    gaps = [0, 130, 300]
    corpus = _dated_rounds(seeds_dir, gaps)
    shards = time_shards([parse_day(a.published) for a in corpus], SHARD_DAYS)
    assert len(shards) == 3 and sum(map(len, shards)) > len(corpus)
    local = storyfold.fold(_dated_rounds(seeds_dir, gaps))
    spark = storyfold.fold(corpus, engine="spark", master=master)
    assert [len(s.articles) for s in local.stories] == [5, 5, 5]
    assert _shape(spark) == _shape(local)


def test_cli_spark_writes_the_report_and_parquet(master: str, seeds_dir: Path,
                                                 tmp_path: Path) -> None:
    runner = CliRunner()
    local = runner.invoke(main, ["fold", str(seeds_dir), "-o", str(tmp_path / "local"), "-q"])
    assert local.exit_code == 0, local.output
    out = tmp_path / "spark"
    result = runner.invoke(main, ["fold", str(seeds_dir), "-o", str(out), "-q",
                                  "--engine", "spark", "--master", master])
    assert result.exit_code == 0, result.output
    for name in ("report.json", "report.md", "report.html"):
        assert (out / name).read_text() == (tmp_path / "local" / name).read_text()
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    assert session is not None
    stories = session.read.parquet(str(out / "stories.parquet")).orderBy("position")
    rows: list[Any] = stories.collect()
    report = json.loads((out / "report.json").read_text())
    assert [json.loads(r["record"])["articles"] for r in rows] == [
        s["articles"] for s in report["stories"]]
    assert session.read.parquet(str(out / "articles.parquet")).count() == 5
