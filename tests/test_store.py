"""The store: idempotent ingest, the background fold, and nothing acknowledged lost when
the ingesting process is killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

from sqlalchemy import func, select

from storyfold.read import read_inputs
from storyfold.records import Article
from storyfold.store import add_articles, fold_all, open_store
from storyfold.store.models import ArticleRow, StoryRow
from tests.store_backends import db_url

__all__ = ["db_url"]  # the fixture


def _seeds(seeds_dir: Path) -> list[Article]:
    return [a for a in read_inputs([str(seeds_dir)]) if isinstance(a, Article)]


def test_ingest_is_idempotent_by_id_url_and_text(db_url: str) -> None:
    store = open_store(db_url)
    a = Article(id="a", source="t", raw="Alpha text about a flood in the valley.", url="u1")
    first = add_articles(store, [a])
    assert first.stored == ["a"]
    same_id = Article(id="a", source="t", raw="Other words entirely.")
    same_url = Article(id="b", source="t", raw="Yet other words.", url="u1")
    same_text = Article(id="c", source="t", raw="Alpha  text about a flood\nin the valley.")
    again = add_articles(store, [same_id, same_url, same_text])
    assert again.stored == []
    assert [d for d, _ in again.duplicates] == ["a", "b", "c"]
    with store.session() as session:
        assert session.scalar(select(func.count(ArticleRow.seq))) == 1


def test_fold_places_seeds_in_one_story_and_resend_changes_nothing(
    db_url: str, seeds_dir: Path
) -> None:
    store = open_store(db_url)
    add_articles(store, _seeds(seeds_dir))
    result = fold_all(store)
    assert result.placed == 5 and len(result.created) == 1
    with store.session() as session:
        story = session.scalars(select(StoryRow)).one()
        assert story.size == 5 and story.data["brief"]
        revision = story.revision
    again = add_articles(store, _seeds(seeds_dir))
    assert not again.stored
    assert fold_all(store).placed == 0
    with store.session() as session:
        assert session.scalars(select(StoryRow)).one().revision == revision


def test_reopen_continues_from_the_store(db_url: str, seeds_dir: Path) -> None:
    path = db_url
    seeds = _seeds(seeds_dir)
    store = open_store(path)
    add_articles(store, seeds[:3])
    fold_all(store)
    store.close()
    store = open_store(path)  # migrations already applied: a no-op
    add_articles(store, seeds[3:])
    result = fold_all(store)
    assert result.placed == 2
    with store.session() as session:
        sizes = sorted(session.scalars(select(StoryRow.size)))
    assert sizes == [5]


def test_sigkill_mid_ingest_loses_nothing_acknowledged(tmp_path: Path, db_url: str) -> None:
    feed = tmp_path / "feed.jsonl"
    with feed.open("w") as fh:
        for i in range(3000):
            fh.write(json.dumps({"id": f"n{i}", "text": f"Report {i} on item {i * 7} of "
                                 f"the series, number {i}."}) + "\n")
    db = db_url
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyfold.cli", "ingest", "--db", db, "--batch", "50",
         "--no-fold", str(feed)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    acked: list[str] = []
    for line in proc.stdout:
        acked += json.loads(line)["stored"]
        if len(acked) >= 500:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    acked += [i for line in proc.stdout for i in json.loads(line)["stored"]]
    assert proc.returncode == -signal.SIGKILL
    store = open_store(db)
    with store.session() as session:
        stored = set(session.scalars(select(ArticleRow.id)))
    assert set(acked) <= stored
    assert len(stored) < 3000  # killed mid-ingest, not after the end


def test_nul_characters_are_dropped_on_every_backend(db_url: str) -> None:
    # PostgreSQL text cannot hold NUL (schemathesis sent one): both stores drop them.
    store = open_store(db_url)
    a = Article(id="n\x00ul", source="t", raw="Text with a \x00 NUL inside.", title="T\x00")
    assert add_articles(store, [a]).stored == ["nul"]
    with store.session() as session:
        row = session.scalars(select(ArticleRow)).one()
    assert "\x00" not in row.raw and row.title == "T"
