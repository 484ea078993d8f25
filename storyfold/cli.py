"""The command line: a thin click layer over `storyfold.pipeline.fold` and friends."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from storyfold.pipeline import SETTLE_EVERY, NoArticle, fold, load_article, stream
from storyfold.records import ReadError, Report, Settled
from storyfold.report.html import to_html
from storyfold.report.json_report import to_json
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


@click.group()
@click.version_option(package_name="storyfold")
def main() -> None:
    """storyfold: fold every copy of a news story into one verified account."""


@main.command("fold")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path),
              help="Write report.json, report.md and report.html into this folder.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default=None,
              help="Print the report to stdout in this format (default json without -o).")
@click.option("--no-refine", is_flag=True,
              help="Streaming clustering without the incremental split/merge re-checks.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for the per-story stages (default: one per core, up to 4, "
                   "for inputs with many stories).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
def fold_command(paths: tuple[str, ...], output: Path | None, fmt: str | None,
                 no_refine: bool, jobs: int | None, quiet: bool) -> None:
    """Fold the articles in PATHS (files, folders, globs, or - for JSONL on stdin).

    Reads .txt, .html/.htm (also gzipped), .warc/.warc.gz and .jsonl inputs. Unreadable
    inputs are reported on stderr and in the report's errors, and skipped.
    """
    bars = _Bars(enabled=not quiet)
    try:
        report = fold(list(paths), refine=not no_refine, stdin=sys.stdin, progress=bars,
                      jobs=jobs)
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
    if fmt is not None or output is None:
        click.echo(FORMATS[fmt or "json"](report))


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
def stream_command(paths: tuple[str, ...], no_refine: bool, state_path: Path | None,
                   save_every: int, settle_every: int) -> None:
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
                           state=state, settle_every=settle_every or None):
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
        return StreamState.new(refine=refine)
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
    folder.mkdir(parents=True, exist_ok=True)
    for fmt, render in FORMATS.items():
        (folder / FILE_NAMES[fmt]).write_text(render(report), encoding="utf-8")


if __name__ == "__main__":
    main()
