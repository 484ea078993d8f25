"""The command line: a thin click layer over `storyfold.pipeline.fold` and friends."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from storyfold.pipeline import SETTLE_EVERY, NoArticle, fold, load_article, stream
from storyfold.read import read_inputs as stream_inputs
from storyfold.read.limits import DEFAULT_LIMITS, Limits
from storyfold.records import ReadError, Report, Settled
from storyfold.report.html import to_html
from storyfold.report.json_report import to_json, write_json
from storyfold.report.markdown import to_markdown
from storyfold.stream_state import StateError, StreamState

# Below this many articles a run takes seconds and a bar is only noise.
PROGRESS_MIN_ARTICLES = 300

FORMATS = {"json": to_json, "md": to_markdown, "html": to_html}
FILE_NAMES = {"json": "report.json", "md": "report.md", "html": "report.html"}


class _Bars:
    """tqdm bars on stderr, one per stage, shown only for large inputs."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.articles = 0
        self.bars: dict[str, tqdm] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "clean":  # the first stage that knows how many articles were read
            self.articles = total
        if not self.enabled or self.articles < PROGRESS_MIN_ARTICLES:
            return
        if stage not in self.bars:
            self.bars[stage] = tqdm(total=total, desc=stage, file=sys.stderr, leave=False)
        bar = self.bars[stage]
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


_LIMIT_OPTIONS = (
    ("--max-file-bytes", "file_bytes", "Bytes of one text or HTML file (after gunzip)."),
    ("--max-stream-bytes", "stream_bytes",
     "Bytes of one WARC or JSONL file (after gunzip); records before the limit are kept."),
    ("--max-line-bytes", "line_bytes", "Bytes of one JSONL line."),
    ("--max-record-bytes", "record_bytes", "Bytes of one WARC record."),
    ("--max-article-chars", "article_chars",
     "Characters of one article's text; longer articles are refused, not cut."),
)


def _limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The reading limits (storyfold.read.limits.Limits) as options; each run reads what
    an input holds only up to them, so a hostile input costs bounded time and memory."""
    for option, name, text in reversed(_LIMIT_OPTIONS):
        command = click.option(option, name, type=click.IntRange(min=1),
                               default=getattr(DEFAULT_LIMITS, name), show_default=True,
                               help=text)(command)
    return command


def _limits(values: dict[str, int]) -> Limits:
    return Limits(**{name: values.pop(name) for _, name, _ in _LIMIT_OPTIONS})


@click.group()
@click.version_option(package_name="storyfold")
def main() -> None:
    """storyfold: fold every copy of a news story into one verified account."""
    logger = logging.getLogger("storyfold")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        logger.addHandler(_Stderr())


class _Stderr(logging.Handler):
    """The library's warnings (skipped inputs, failed stories) on stderr, as
    "storyfold: ..." -- written to the stderr of the moment (tests swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"storyfold: {record.getMessage()}", err=True)


@main.command("fold")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path),
              help="Write report.json, report.md and report.html into this folder.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default=None,
              help="Print the report to stdout in this format (default json without -o).")
@click.option("--no-refine", is_flag=True,
              help="Streaming clustering without the incremental split/merge re-checks.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for the per-article and per-story stages (default: one "
                   "per core, up to 4, for inputs with many articles or stories).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local",
              show_default=True,
              help="local: this machine's processes. spark: an Apache Spark cluster "
                   "(pip install 'storyfold[spark]'); with -o, Spark also writes the "
                   "articles and stories as Parquet into the folder.")
@click.option("--master", default=None,
              help="With --engine spark: the Spark master URL (spark://host:7077, "
                   "local[2]; default local[*]).")
@_limit_options
def fold_command(paths: tuple[str, ...], output: Path | None, fmt: str | None,
                 no_refine: bool, jobs: int | None, quiet: bool, engine: str,
                 master: str | None, **limits: int) -> None:
    """Fold the articles in PATHS (files, folders, globs, or - for JSONL on stdin).

    Reads .txt, .html/.htm (also gzipped), .warc/.warc.gz and .jsonl inputs. Unreadable
    inputs are reported on stderr and in the report's errors, and skipped.
    """
    if engine == "spark":
        report = _fold_spark(paths, output, refine=not no_refine, master=master)
    else:
        bars = _Bars(enabled=not quiet)
        try:
            report = fold(list(paths), refine=not no_refine, stdin=sys.stdin, progress=bars,
                          jobs=jobs, limits=_limits(limits))
        finally:
            bars.close()
    if not report.articles:
        raise click.ClickException(
            f"no articles could be read from {', '.join(paths)}"
            + (f" ({len(report.errors)} inputs failed)" if report.errors else "")
        )
    if output is not None:
        _write_all(report, output)
        stories = f"{len(report.stories)} {'story' if len(report.stories) == 1 else 'stories'}"
        click.echo(f"storyfold: {len(report.articles)} articles, {stories} "
                   f"-> {output / 'report.html'}", err=True)
    if fmt in (None, "json") and (fmt is not None or output is None):
        write_json(report, sys.stdout)  # streamed: the whole report is never one string
    elif fmt is not None:
        click.echo(FORMATS[fmt](report))


@main.command("stream")
@click.argument("paths", nargs=-1)
@click.option("--no-refine", is_flag=True,
              help="Place each article once, without the incremental split/merge re-checks.")
@click.option("--state", "state_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Go on from this state file if it exists, and keep it up to date, so a "
                   "stream can stop and resume later with its stories and story ids.")
@click.option("--save-every", type=click.IntRange(min=1), default=1000, show_default=True,
              help="With --state: write the state after this many articles (and at the end).")
@click.option("--settle-every", type=click.IntRange(min=0), default=SETTLE_EVERY,
              show_default=True,
              help="Settle (re-place every held article where it fits best, print the "
                   "moves) after this many articles, and at the end of the input; 0: only "
                   "at the end. Never more often than once per quarter of the articles held.")
@_limit_options
def stream_command(paths: tuple[str, ...], no_refine: bool, state_path: Path | None,
                   save_every: int, settle_every: int, **limits: int) -> None:
    """Place articles in stories as they arrive: one JSON line per article on stdout.

    Reads PATHS like `fold` (default: JSONL on stdin, placed line by line as it comes).
    Each output line is {"id": ..., "story": N, "moved": [{"id": ..., "story": M}, ...]}:
    the story the article joined or opened, and the earlier articles that changed story
    because of it (merges, splits, re-placed members). At each settle point (see
    --settle-every) a line {"settled": ARTICLES, "moved": [...]} lists the articles the
    settle moved. Unreadable inputs are reported on stderr and skipped. For the cited
    report of a finished batch, use `fold`.
    """
    state = _stream_state(state_path, refine=not no_refine)
    placed = failed = 0
    try:
        for item in stream(list(paths) or ["-"], refine=not no_refine, stdin=sys.stdin,
                           state=state, limits=_limits(limits),
                           settle_every=settle_every or None):
            if isinstance(item, ReadError):
                failed += 1
                click.echo(f"storyfold: skipped {item.path}: {item.error}", err=True)
                continue
            if isinstance(item, Settled):
                click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
                continue
            placed += 1
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))  # echo flushes
            if state_path is not None and placed % save_every == 0:
                state.save(state_path)  # between placements: always a consistent state
    except KeyboardInterrupt:
        # Not saved here: the interrupt may have come in the middle of a placement.
        if state_path is not None:
            click.echo(f"storyfold: interrupted; {state_path} holds the state as of its last "
                       f"save (every {save_every} articles)", err=True)
        raise SystemExit(130) from None
    if state_path is not None:
        state.save(state_path)
    if not placed:
        raise click.ClickException(
            "no articles could be read" + (f" ({failed} inputs failed)" if failed else "")
        )


def _stream_state(path: Path | None, *, refine: bool) -> StreamState:
    if path is None or not path.exists():
        try:  # with a path, numbering starts above any a killed run may have shown
            return StreamState.new(refine=refine, path=path)
        except StateError as exc:
            raise click.ClickException(str(exc)) from exc
    try:
        state = StreamState.load(path)
    except StateError as exc:
        raise click.ClickException(str(exc)) from exc
    if state.clusterer.refine != refine:
        how = "with" if state.clusterer.refine else "without"
        click.echo(f"storyfold: {path} was started {how} refinement; it goes on that way",
                   err=True)
    click.echo(f"storyfold: resuming from {path} ({state.articles} articles placed before)",
               err=True)
    return state


@main.command("compare")
@click.argument("a")
@click.argument("b")
def compare_command(a: str, b: str) -> None:
    """Are A and B the same story? Prints a similarity in [0, 1] with its evidence as JSON.

    A and B are article files (text, HTML, WARC or JSONL: the first article of each).
    """
    from storyfold.pairwise import compare

    try:
        left, right = load_article(a), load_article(b)
    except NoArticle as exc:
        raise click.ClickException(str(exc)) from exc
    result = {"a": left.id, "b": right.id, **compare(left, right)}
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


def _write_all(report: Report, folder: Path) -> None:
    """Each report written to a temporary file renamed over the old one: a failure leaves
    the previous report whole, never a 0-byte or half-written file."""
    folder.mkdir(parents=True, exist_ok=True)
    for fmt, render in FORMATS.items():
        target = folder / FILE_NAMES[fmt]
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                if fmt == "json":
                    write_json(report, fh)  # streamed: memory follows the largest story
                else:
                    fh.write(render(report))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _fold_spark(paths: tuple[str, ...], output: Path | None, *, refine: bool,
                master: str | None) -> Report:
    from storyfold.engines.spark import SparkMissing, fold_spark

    try:
        return fold_spark(list(paths), master=master, refine=refine, stdin=sys.stdin,
                          output=str(output.resolve()) if output is not None else None)
    except SparkMissing as exc:
        raise click.ClickException(str(exc)) from exc


# `serve` and `ingest` need the `serve` extra (pip install "storyfold[serve]"): imported
# inside the commands so the batch commands work without it.
_DB_HELP = "Store: a SQLite path (default ./storyfold.db) or postgresql://user@host/name."


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=None, help=_DB_HELP)
@click.option("--batch", type=click.IntRange(min=1), default=100, show_default=True,
              help="Articles committed together; one acknowledgement line each.")
@click.option("--no-fold", is_flag=True, help="Store only; a running `serve` folds them.")
def ingest_command(paths: tuple[str, ...], db: str | None, batch: int, no_fold: bool) -> None:
    """Store the articles in PATHS (read like `fold`) and fold them into the stored stories.

    Prints one JSON line per committed batch ({"stored": [...], "duplicates": [...]}):
    what it lists is in the store even if the process is killed right after. An article
    already stored (same id, URL or text) is not stored again.
    """
    from storyfold.store import add_articles, fold_all, open_store

    store = open_store(db)
    pending: list = []

    def flush() -> None:
        click.echo(json.dumps(add_articles(store, pending).to_dict(), ensure_ascii=False))
        pending.clear()

    for item in stream_inputs(list(paths)):
        if isinstance(item, ReadError):
            click.echo(f"storyfold: skipped {item.path}: {item.error}", err=True)
            continue
        pending.append(item)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    if not no_fold:
        result = fold_all(store)
        click.echo(f"storyfold: placed {result.placed} articles; {len(result.created)} "
                   f"stories created, {len(result.updated)} updated", err=True)


@main.command("serve")
@click.argument("paths", nargs=-1)
@click.option("--db", default=None, help=_DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--token", envvar="STORYFOLD_TOKEN", default=None,
              help="Token for write endpoints (POST /api/articles); also STORYFOLD_TOKEN.")
def serve_command(paths: tuple[str, ...], db: str | None, host: str, port: int,
                  token: str | None) -> None:
    """Serve the store's stories (web pages and a JSON API), ingesting PATHS first.

    Articles POSTed to /api/articles are folded in the background.
    """
    import uvicorn

    from storyfold.store import Worker, add_articles, fold_all, open_store
    from storyfold.web import create_app

    store = open_store(db)
    if paths:
        articles = []
        for item in stream_inputs(list(paths)):
            if isinstance(item, ReadError):
                click.echo(f"storyfold: skipped {item.path}: {item.error}", err=True)
            else:
                articles.append(item)
        add_articles(store, articles)
        fold_all(store)
    worker = Worker(store)
    worker.start()
    try:
        uvicorn.run(create_app(store, token=token, worker=worker), host=host, port=port)
    finally:
        worker.stop()


if __name__ == "__main__":
    main()
