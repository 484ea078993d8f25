"""fold(): storyfold's stages in order, readable top to bottom.

read -> clean each article -> clean across a site -> split sentences -> cluster into
stories -> per story: clean against the story, align sentences, trace provenance,
reconcile (entities, facts, conflicts, brief) -> Report.
"""

from __future__ import annotations

import copy
import logging
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TextIO

from storyfold import clean, cluster, crosslingual, passages
from storyfold.lang import detect as detect_language
from storyfold.read import read_inputs
from storyfold.read.limits import DEFAULT_LIMITS, Limits
from storyfold.records import Article, Placement, ReadError, Report, Settled, Story
from storyfold.sentences import split_sentences
from storyfold.story_stages import StoryWork, run_stages
from storyfold.stream_state import StreamState, unique_id

log = logging.getLogger("storyfold")
Progress = Callable[[str, int, int], None]


def fold(
    inputs: Sequence[str] | Iterable[Article],
    *,
    refine: bool = True,
    stdin: TextIO | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    engine: str = "local",
    master: str | None = None,
) -> Report:
    """Read `inputs` (paths, folders, globs, "-" for JSONL on stdin, or Article records)
    and fold them into stories. Unreadable inputs land in `Report.errors`.

    `jobs` processes work in parallel (default: one per core, up to 4, once there are
    enough articles or stories to pay for starting them): the per-article stages in
    chunks (cleaning; language and sentences), then the per-story stages. The results
    come back in order, so the report is the same for any `jobs`. Article records passed
    in are never changed: the stages work on copies, which the report holds.

    Skipped inputs and failed stories are also logged (logger "storyfold", warnings).

    `engine="spark"` runs the same stages on Apache Spark (`master`: a Spark master URL;
    `storyfold.engines.spark`) and gives the same Report."""
    if engine != "local":
        from storyfold.engines import fold_with

        return fold_with(engine, inputs, refine=refine, stdin=stdin, master=master)
    articles: list[Article] = []
    errors: list[ReadError] = []
    for item in _read(inputs, stdin, limits):
        if isinstance(item, ReadError):
            log.warning("skipped %s: %s", item.path, item.error)
            errors.append(item)
        else:
            articles.append(item)
    articles = _dedupe_ids(articles)

    with _Workers(jobs) as workers:
        articles = _per_article(workers, _clean_chunk, articles, "clean", progress)
        clean.clean_corpus(articles)
        articles = _per_article(workers, _split_chunk, articles, None, None)
        report = _fold_clustered(articles, errors, refine, workers, progress)
    return report


def _fold_clustered(
    articles: list[Article], errors: list[ReadError], refine: bool, workers: _Workers,
    progress: Progress | None,
) -> Report:
    groups = cluster.cluster_articles(articles, refine=refine)
    # Reports in other languages that words could not join (storyfold[multilingual]).
    groups, note = crosslingual.join_stories(articles, groups)
    # Copies sharing a passage with another story's article join it (storyfold.passages).
    groups = passages.join_shared(articles, groups)
    by_id = {a.id: a for a in articles}
    tasks = [(f"story-{n}", [by_id[i] for i in ids]) for n, ids in enumerate(groups, start=1)]
    n_tasks, order = len(tasks), [a.id for a in articles]
    # From here the batch is held by `by_id` and the tasks only, so that the copies a
    # worker sends back replace the articles it was sent instead of doubling them.
    articles.clear()
    stories: list[Story] = []
    for done, (story, members, failure) in enumerate(_fold_stories(tasks, workers), start=1):
        if failure is not None:  # that story's stages failed: listed bare, the rest goes on
            log.warning("%s: %s", story.id, failure)
            errors.append(ReadError(story.id, failure))
        for article in members:  # from a worker process: copies that carry its annotations
            by_id[article.id] = article
        stories.append(story)
        if progress:
            progress("stories", done, n_tasks)
    articles = [by_id[i] for i in order]
    return Report(articles=articles, stories=stories, errors=errors, notes=[note] if note else [])


# `stream` settles (re-places every held article where it fits best now) every this many
# arrivals: a reader of its lines then has stories as good as a batch's every so often,
# and the early arrivals of a story are not left where they landed before it grew.
SETTLE_EVERY = 100
# ... but never more often than once per this fraction of the held articles, so settling
# costs a bounded number of scorings per arrival however many the window holds.
SETTLE_HELD_FRACTION = 4


def stream(
    inputs: Sequence[str] | Iterable[Article],
    *,
    refine: bool = True,
    stdin: TextIO | None = None,
    state: StreamState | None = None,
    limits: Limits = DEFAULT_LIMITS,
    settle_every: int | None = SETTLE_EVERY,
    settle_at_end: bool = True,
) -> Iterator[Placement | Settled | ReadError]:
    """Cluster articles as they arrive, one `Placement` per article (or a `ReadError` for
    an input that could not be read), without waiting for the end of the input: JSONL on
    stdin is placed line by line.

    Each article is cleaned on its own (no cross-site pass: that needs the whole corpus)
    and placed by a streaming `StoryClusterer`: incremental refinement, document
    frequencies counted as articles arrive, stories retired once they fall behind the time
    window. No per-story stages run; `fold` is the batch path that does.

    With refinement the stream settles at read points: every `settle_every` arrivals (at
    least a `1 / SETTLE_HELD_FRACTION` of the articles held in between; None: never) and,
    with `settle_at_end`, when the input ends, each held article is re-placed where it fits
    best (`StoryClusterer.settle`) and a `Settled` record lists the articles that moved.

    `state` goes on from an earlier stream (`StreamState.load`; its own `refine` setting
    holds) and is updated as articles are placed; save it between placements."""
    if state is None:
        state = StreamState.new(refine=refine)
    clusterer = state.clusterer
    for item in _read(inputs, stdin, limits):
        if isinstance(item, ReadError):
            yield item
            continue
        item.id = state.remember(item.id)
        clean.clean_article(item)
        item.language = detect_language(item.text, item.title)
        story = clusterer.add(item)
        state.placed()  # reserves the story numbers it used before they are shown
        state.since_settle += 1
        yield Placement(item.id, story, clusterer.moves())
        if (
            clusterer.refine
            and settle_every
            and state.since_settle >= settle_every
            # (held() scans the live stories: only asked once the count is reached)
            and state.since_settle >= clusterer.held() // SETTLE_HELD_FRACTION
        ):
            yield _settle(state)
    if settle_at_end and clusterer.refine and state.since_settle:
        yield _settle(state)


def _settle(state: StreamState) -> Settled:
    state.clusterer.settle()
    state.since_settle = 0
    state.reserve()  # a split opens stories: their numbers reserved before they are shown
    return Settled(state.articles, state.clusterer.moves())


def fold_story(
    story_id: str, members: list[Article], timings: dict[str, float] | None = None
) -> tuple[Story, list[Article]]:
    """The per-story stages (`storyfold.story_stages.STORY_STAGES`): clean against the
    story, collapse near-verbatim copies, align, trace provenance, reconcile. `timings`,
    if given, gets each stage's CPU seconds added."""
    work = StoryWork(Story(id=story_id, articles=[a.id for a in members]), members)
    run_stages(work, timings)
    return work.story, members


# Starting worker processes and shipping articles to them costs about a second; below
# this many stories one process is faster.
PARALLEL_MIN_STORIES = 24


def _fold_story_or_failure(
    story_id: str, members: list[Article]
) -> tuple[Story, list[Article], str | None]:
    try:
        return (*fold_story(story_id, members), None)
    except Exception as exc:  # what one story's articles hold must not end the whole run
        failure = f"story stages failed ({type(exc).__name__}: {str(exc)[:200]})"
        return Story(id=story_id, articles=[a.id for a in members]), members, failure


# Per-article stages (cleaning; language and sentences) go to the worker processes in
# chunks of this many articles once a batch holds PARALLEL_MIN_ARTICLES: a chunk is
# large enough that shipping it costs little beside its work.
ARTICLE_CHUNK = 250
PARALLEL_MIN_ARTICLES = 1000


class _Workers:
    """The fold's worker processes, started when a stage first has enough work for them
    (`jobs`: how many; default one per core, up to 4) and shared by the later stages."""

    def __init__(self, jobs: int | None) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def pool(self, items: int, minimum: int) -> ProcessPoolExecutor | None:
        """The pool for a stage of `items` tasks, or None to run it in this process."""
        jobs = self.jobs
        if jobs is None:
            jobs = min(os.cpu_count() or 1, 4) if items >= minimum else 1
        if jobs <= 1:
            return None
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=jobs)
        return self._pool


def _clean_chunk(articles: list[Article]) -> list[Article]:
    for article in articles:
        clean.clean_article(article)
    return articles


def _split_chunk(articles: list[Article]) -> list[Article]:
    for article in articles:
        article.language = detect_language(article.text, article.title)
        article.sentences = split_sentences(article.text, article.language)
    return articles


def _per_article(
    workers: _Workers,
    stage: Callable[[list[Article]], list[Article]],
    articles: list[Article],
    name: str | None,
    progress: Progress | None,
) -> list[Article]:
    """`stage` over `articles`, in chunks on the workers when there are enough; the
    result is in input order (from a worker: copies that carry the stage's work)."""
    pool = workers.pool(len(articles), PARALLEL_MIN_ARTICLES)
    chunks = [articles[i : i + ARTICLE_CHUNK] for i in range(0, len(articles), ARTICLE_CHUNK)]
    results = map(stage, chunks) if pool is None else pool.map(stage, chunks)
    out: list[Article] = []
    for chunk in results:
        out.extend(chunk)
        if progress and name:
            progress(name, len(out), len(articles))
    return out


def _fold_stories(
    tasks: list[tuple[str, list[Article]]], workers: _Workers
) -> Iterator[tuple[Story, list[Article], str | None]]:
    pool = workers.pool(len(tasks), PARALLEL_MIN_STORIES)
    if pool is None:
        for story_id, members in tasks:
            yield _fold_story_or_failure(story_id, members)
        return
    # Largest stories first so one big story does not finish last on its own.
    order = sorted(range(len(tasks)), key=lambda i: -len(tasks[i][1]))
    futures = {i: pool.submit(_fold_story_or_failure, *tasks[i]) for i in order}
    tasks.clear()  # each task's articles are let go once its story is done
    for i in range(len(futures)):
        yield futures.pop(i).result()


class NoArticle(ValueError):
    """An input named for a single article held none that could be read."""


def load_article(path: str, *, stdin: TextIO | None = None) -> Article:
    """Read and clean the first article of `path` (for pairwise comparison)."""
    for item in read_inputs([path], stdin=stdin):
        if isinstance(item, ReadError):
            raise NoArticle(f"{item.path}: {item.error}")
        clean.clean_article(item)
        item.language = detect_language(item.text, item.title)
        item.sentences = split_sentences(item.text, item.language)
        return item
    raise NoArticle(f"{path}: no article found")


def _read(
    inputs: Sequence[str] | Iterable[Article], stdin: TextIO | None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Article | ReadError]:
    # Lazily: `stream` answers for each record before the next one is drawn.
    items = iter(inputs)
    first = next(items, None)
    if first is None:
        return
    if not isinstance(first, Article):
        yield from read_inputs([str(first), *map(str, items)], stdin=stdin, limits=limits)
        return
    # The caller's records are copied: no stage changes what it passed in.
    yield copy.deepcopy(first)
    for item in items:
        if not isinstance(item, Article):
            raise TypeError(f"inputs mix Article records and paths ({item!r})")
        yield copy.deepcopy(item)


def _dedupe_ids(articles: list[Article]) -> list[Article]:
    """Two inputs with one id (a.txt and a.html) would collide in stories: suffix them."""
    seen: OrderedDict[str, int] = OrderedDict()
    for article in articles:
        article.id = unique_id(article.id, seen)
    return articles
