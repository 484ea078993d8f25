"""`fold` on Apache Spark: the same stages and the same report as the local path, with
the work spread over a cluster's executors (`pip install storyfold[spark]`, Java 17).

    driver:    read the inputs (paths are read where they are named), give ids
    map:       clean each article
    by site:   clean across a site (the articles of one site meet on one executor)
    map:       split sentences
    by shard:  cluster each time shard (`storyfold.shards.time_shards`: windows with
               overlap), one partition per shard; the driver joins the shards' stories
               where they share an article (`storyfold.shards.join`)
    by story:  clean against the story, align, trace provenance, reconcile
    driver:    gather the Report; with `output`, Spark also writes the articles and
               stories as Parquet (one JSON record per row)

Only plain rows cross to executors: (position, JSON text) tuples and small dicts of
ints, so no record an input carries is ever unpickled (`storyfold.engines.rows`).
Executors must import the same storyfold: on a cluster, install `storyfold[spark]` in
the Python that `spark.pyspark.python` names on every worker (this driver's own Python
by default, which is right when driver and workers share a machine or an image).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from storyfold import clean, cluster, crosslingual, passages, pipeline
from storyfold.engines.rows import dumps, load_article, load_story
from storyfold.features import parse_day
from storyfold.lang import detect as detect_language
from storyfold.records import Article, ReadError, Report, Story
from storyfold.sentences import split_sentences
from storyfold.shards import SHARD_DAYS, join, time_shards

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

Row = tuple[int, str]  # (position in the input, JSON of the record)

DEFAULT_MASTER = "local[*]"
# Articles per partition of the per-article and per-story maps. Partitions follow the data,
# not the cores: with one partition a core, 100,000 articles made partitions of 50,000
# cleaned records whose shuffle blocks did not fit a 1 GB executor (OutOfMemoryError in the
# per-story stage, bench/bench_spark.py 100000); a task of 1,000 articles costs seconds,
# so the scheduling overhead per task stays small.
ROWS_PER_PARTITION = 1000

# Spark settings the driver starts with; `conf` overrides them. The web UI and the console
# progress bar are off: a fold is a batch job whose own report says what happened.
DEFAULT_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.memory": "2g",
    "spark.executor.memory": "1g",
    # Rows are JSON text of whole articles; the default 128 MB result cap is too small
    # for the stories of a large batch gathered by the driver.
    "spark.driver.maxResultSize": "0",
}


class SparkMissing(RuntimeError):
    """pyspark is not installed (it comes with the `spark` extra)."""


def fold_spark(
    inputs: Sequence[str] | Iterable[Article],
    *,
    master: str | None = None,
    refine: bool = True,
    stdin: TextIO | None = None,
    shard_days: int = SHARD_DAYS,
    partitions: int | None = None,
    output: str | None = None,
    conf: dict[str, str] | None = None,
    spark: SparkSession | None = None,
) -> Report:
    """`storyfold.fold(inputs, refine=refine)` on Spark: the same Report.

    `master` is a Spark master URL (`local[2]`, `spark://host:7077`; default `local[*]`),
    or pass a running `spark` session (left running). `partitions` splits the per-article
    and per-story maps (default: one per ROWS_PER_PARTITION articles, and at least the
    cluster's default parallelism and 2).
    `shard_days` is the length of a clustering time shard (`storyfold.shards`). With
    `output` (a folder or URI the executors can write: local for `local[N]` or a
    one-machine cluster, a shared filesystem otherwise) the articles and stories are also
    written as Parquet to `output`/articles.parquet and `output`/stories.parquet."""
    articles, errors = _read(inputs, stdin)
    session, own = (spark, False) if spark is not None else _session(master, conf)
    try:
        report = _fold(session, articles, refine=refine, shard_days=shard_days,
                       partitions=partitions, output=output)
    finally:
        if own:
            session.stop()
    report.errors = errors
    return report


def _session(master: str | None, conf: dict[str, str] | None) -> tuple[SparkSession, bool]:
    """A session on `master`, and whether this fold started it (and so stops it): a
    session already running in this process on the same master is used and left running,
    since a JVM holds one Spark context at a time."""
    master = master or DEFAULT_MASTER
    active = _pyspark().SparkSession.getActiveSession()
    if active is not None and active.sparkContext.master == master and not conf:
        return active, False
    return start_session(master, conf), True


def _pyspark() -> Any:
    try:
        import pyspark.sql
    except ImportError as exc:
        raise SparkMissing(
            "the spark engine needs pyspark: pip install 'storyfold[spark]'"
        ) from exc
    return pyspark.sql


def start_session(master: str, conf: dict[str, str] | None = None) -> SparkSession:
    """A Spark session on `master` with storyfold's settings (`DEFAULT_CONF`, `conf`)."""
    SparkSession = _pyspark().SparkSession
    # Executors run this Python, which imports this storyfold (pyspark reads the variable
    # when the context starts; an explicit setting wins).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName("storyfold fold")
    settings = {**DEFAULT_CONF, **_loopback(master), **(conf or {})}
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    return session


def _loopback(master: str) -> dict[str, str]:
    """A driver for a master on this machine listens on 127.0.0.1, where the executors
    look for it, rather than on whatever the host name resolves to."""
    host = master.split("://", 1)[-1].split(":", 1)[0]
    if master.startswith("local") or host in ("127.0.0.1", "localhost"):
        return {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"}
    return {}


def _read(
    inputs: Sequence[str] | Iterable[Article], stdin: TextIO | None
) -> tuple[list[Article], list[ReadError]]:
    articles: list[Article] = []
    errors: list[ReadError] = []
    for item in pipeline._read(inputs, stdin):
        if isinstance(item, ReadError):
            pipeline.log.warning("skipped %s: %s", item.path, item.error)
            errors.append(item)
        else:
            articles.append(item)
    return pipeline._dedupe_ids(articles), errors


def _fold(
    spark: SparkSession,
    articles: list[Article],
    *,
    refine: bool,
    shard_days: int,
    partitions: int | None,
    output: str | None,
) -> Report:
    if not articles:
        return Report(articles=[], stories=[])
    sc = spark.sparkContext
    slices = partitions or max(2, sc.defaultParallelism, -(-len(articles) // ROWS_PER_PARTITION))
    rows = sc.parallelize([(i, dumps(a)) for i, a in enumerate(articles)], slices)
    ids = [a.id for a in articles]
    del articles  # the executors hold them from here on
    cleaned = _cleaned(rows, slices)
    position = {article_id: i for i, article_id in enumerate(ids)}
    groups = _clustered(sc, cleaned, len(ids), refine, shard_days, position)
    groups, note = _joined(sc, cleaned, groups, ids, position)
    # Per story, in the order of `fold`: story-1 is the story of the earliest article.
    story_of = {position[a]: (n, rank) for n, g in enumerate(groups, 1) for rank, a in
                enumerate(g)}
    members = sc.broadcast(story_of)
    folded = (
        # Story 0 holds any article no shard placed: it passes through unfolded, as in `fold`.
        cleaned.map(lambda row: _story_key(members.value.get(row[0], (0, row[0])), row))
        .groupByKey(slices)
        .flatMap(_fold_one_story)
        .persist(_storage())
    )
    # Every partition at once: toLocalIterator alone computes one partition per job, one
    # after another, so one executor would fold its stories while the others wait.
    folded.count()
    if output is not None:
        _write_parquet(spark, folded, output)
    article_rows: dict[int, str] = {}
    story_rows: dict[int, str] = {}
    for kind, key, row in folded.toLocalIterator():
        (article_rows if kind == "article" else story_rows)[key] = row
    folded.unpersist()
    cleaned.unpersist()
    members.unpersist()
    return Report(
        articles=[load_article(article_rows[i]) for i in range(len(ids))],
        stories=[load_story(story_rows[n]) for n in range(1, len(groups) + 1)],
        notes=[note] if note else [],
    )


def _storage() -> Any:
    from pyspark import StorageLevel

    return StorageLevel.MEMORY_AND_DISK


def _cleaned(rows: Any, slices: int) -> Any:
    """The per-article stages as maps: (position, article JSON) rows, cleaned and split."""
    return (
        rows.map(_clean_one)
        .groupByKey(slices)
        .flatMap(_clean_site)
        # The cross-site pass needs a site's articles on one executor; language and
        # sentences are per article again, so the rows are spread back over every
        # partition first (one JSONL file is one "site": its whole batch would otherwise
        # be split into sentences by one executor while the others wait).
        .partitionBy(slices)
        .map(_split_one)
        .persist(_storage())
    )


def _in_order(groups: Iterable[Iterable[str]], position: dict[str, int]) -> list[list[str]]:
    out = [sorted(g, key=position.__getitem__) for g in groups]
    out.sort(key=lambda g: position[g[0]])
    return out


def _clustered(
    sc: Any, cleaned: Any, n: int, refine: bool, shard_days: int, position: dict[str, int]
) -> list[list[str]]:
    """Clustering: one partition per time shard; the driver joins the shards' stories."""
    days = dict(cleaned.map(_day).collect())
    shards = time_shards([days[i] for i in range(n)], shard_days)
    shards_of: dict[int, list[int]] = {}
    for k, shard in enumerate(shards):
        for i in shard:
            shards_of.setdefault(i, []).append(k)
    placed = sc.broadcast(shards_of)
    shard_stories = (
        # The whole cleaned record, as `fold`'s clusterer reads it (dateline, dropped lines).
        cleaned.flatMap(lambda row: [(k, row) for k in placed.value[row[0]]])
        .groupByKey(len(shards), partitionFunc=lambda k: k)
        .flatMap(lambda kv: _cluster_shard(kv[1], refine))
        .collect()
    )
    placed.unpersist()
    return _in_order(join(shard_stories), position)


def _joined(
    sc: Any, cleaned: Any, groups: list[list[str]], ids: list[str], position: dict[str, int]
) -> tuple[list[list[str]], str | None]:
    """Stories in other languages, and stories sharing a copied passage, joined as `fold`
    joins them."""
    # The driver needs the texts only when the batch holds more than one language.
    note = None
    if len(set(cleaned.map(_language).distinct().collect()) - {None}) > 1:
        light = [load_article(text) for _, text in sorted(cleaned.collect())]
        joined_langs, note = crosslingual.join_stories(light, groups)
        groups = _in_order(joined_langs, position)
    # Fingerprints come from the executors; the driver reads only the texts of the
    # candidate pairs.
    prints = [p for _, p in sorted(cleaned.map(_fingerprint).collect(), key=_first)]

    def words_of(wanted: set[str]) -> dict[str, list[str]]:
        keep = sc.broadcast({position[i] for i in wanted})
        texts = cleaned.filter(lambda row: row[0] in keep.value).collect()
        keep.unpersist()
        return {a.id: passages.words_of(a) for a in (load_article(t) for _, t in texts)}

    joined = passages.join_prints(prints, groups, ids, words_of)
    if joined is not groups:
        groups = _in_order(joined, position)
    return groups, note


# The functions below run on executors: rows in, rows out.


def _clean_one(row: Row) -> tuple[str, Row]:
    """Clean one article; key it by its site (`clean.clean_corpus`'s grouping), or by its
    own position when it has none, so it meets only the articles of its site."""
    position, text = row
    article = load_article(text)
    clean.clean_article(article)
    return clean._site_key(article) or f"#{position}", (position, dumps(article))


def _clean_site(keyed: tuple[str, Iterable[Row]]) -> Iterator[Row]:
    """Clean across one site, in input order as `fold` does."""
    rows = sorted(keyed[1])
    site = [load_article(text) for _, text in rows]
    clean.clean_corpus(site)
    for (position, _), article in zip(rows, site, strict=True):
        yield position, dumps(article)


def _split_one(row: Row) -> Row:
    """Language and sentences of one cleaned article."""
    position, text = row
    article = load_article(text)
    article.language = detect_language(article.text, article.title)
    article.sentences = split_sentences(article.text, article.language)
    return position, dumps(article)


def _day(row: Row) -> tuple[int, int | None]:
    return row[0], parse_day(json.loads(row[1]).get("published"))


def _fingerprint(row: Row) -> tuple[int, passages.Fingerprint]:
    return row[0], passages.fingerprint(load_article(row[1]))


def _first(pair: tuple[int, passages.Fingerprint]) -> int:
    return pair[0]


def _language(row: Row) -> str | None:
    lang: str | None = json.loads(row[1]).get("language")
    return lang


def _cluster_shard(rows: Iterable[Row], refine: bool) -> list[list[str]]:
    shard = [load_article(text) for _, text in sorted(rows)]
    return cluster.cluster_articles(shard, refine=refine)


def _story_key(place: tuple[int, int], row: Row) -> tuple[int, tuple[int, Row]]:
    return place[0], (place[1], row)


def _fold_one_story(keyed: tuple[int, Iterable[tuple[int, Row]]]) -> Iterator[
        tuple[str, int, str]]:
    number, ranked = keyed
    rows = [row for _, row in sorted(ranked)]
    if number == 0:
        for position, text in rows:
            yield "article", position, text
        return
    story, folded = pipeline.fold_story(f"story-{number}", [load_article(t) for _, t in rows])
    yield "story", number, dumps(story)
    for (position, _), article in zip(rows, folded, strict=True):
        yield "article", position, dumps(article)


def _write_parquet(spark: SparkSession, folded: Any, output: str) -> None:
    base = output.rstrip("/")
    for kind, name in (("article", "articles"), ("story", "stories")):
        (
            spark.createDataFrame(
                folded.filter(lambda r, k=kind: r[0] == k).map(lambda r: (r[1], r[2])),
                "position INT, record STRING",
            )
            .write.mode("overwrite")
            .parquet(f"{base}/{name}.parquet")
        )


def parquet_stories(spark: SparkSession, output: str) -> list[Story]:
    """The stories a run wrote to `output`, in story order (for reading results back)."""
    frame = spark.read.parquet(f"{output.rstrip('/')}/stories.parquet").orderBy("position")
    return [load_story(r["record"]) for r in frame.collect()]
