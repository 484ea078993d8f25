"""A stream stops and goes on: the state on disk, and what is refused."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import random
from collections.abc import Iterable
from pathlib import Path

import pytest

from storyfold.pipeline import stream
from storyfold.records import Article, Placement, ReadError, Settled
from storyfold.stream_state import FORMAT, StateError, StreamState


def _articles(dev_data: Path, n: int) -> list[Article]:
    rows = [json.loads(line) for line in (dev_data / "ecbplus_dev.jsonl").open(encoding="utf-8")]
    random.Random(3).shuffle(rows)
    return [Article(id=r["id"], source="ecb", raw=r["text"]) for r in rows[:n]]


def _placements(
    items: Iterable[Placement | ReadError],
) -> list[tuple[str, int, list[tuple[str, int]]]]:
    out = []
    for p in items:
        assert isinstance(p, Placement | Settled)
        out.append((p.article_id if isinstance(p, Placement) else "", p.story
                    if isinstance(p, Placement) else -p.arrivals, p.moved))
    return out


def test_a_resumed_stream_places_as_one_unbroken_stream(dev_data: Path, tmp_path: Path) -> None:
    whole = _placements(stream(_articles(dev_data, 160)))
    arts = _articles(dev_data, 160)
    state = StreamState.new()
    # (no settle at the end of the first part: the unbroken stream has none there)
    first = _placements(stream(arts[:70], state=state, settle_at_end=False))
    state.save(tmp_path / "state")
    resumed = StreamState.load(tmp_path / "state")
    assert resumed.articles == 70
    rest = _placements(stream(arts[70:], state=resumed))
    # Same stories, same story ids, same moves and settle points as if the stream had
    # never stopped.
    assert first + rest == whole
    assert [s for _, s, _ in whole if s < 0] == [-100, -160]
    assert any(moved for _, _, moved in whole)  # refinement did move articles


def test_a_repeated_id_after_resuming_is_kept_apart(tmp_path: Path) -> None:
    text = "A strong earthquake hit northern Chile on Monday, killing ten people in Arica."
    state = StreamState.new()
    list(stream([Article(id="q", source="t", raw=text)], state=state))
    state.save(tmp_path / "s")
    resumed = StreamState.load(tmp_path / "s")
    again = list(stream([Article(id="q", source="t", raw=text)], state=resumed))
    assert isinstance(again[0], Placement) and again[0].article_id == "q~2"


def test_what_is_not_a_state_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage"
    garbage.write_bytes(b"\x00\x01 not a pickle")
    foreign = tmp_path / "foreign"
    foreign.write_text('{"format": "something else"}\n{}\n')
    old = tmp_path / "old"
    StreamState.new().save(old)
    head, _, rest = old.read_bytes().partition(b"\n")
    header = json.loads(head)
    header["version"] = FORMAT - 1
    old.write_bytes(json.dumps(header).encode() + b"\n" + rest)
    pickled = tmp_path / "pickled"
    pickled.write_bytes(pickle.dumps({"format": 2, "state": "an old state"}))
    for path, message in ((garbage, "not a storyfold stream state"),
                          (foreign, "not a storyfold stream state"),
                          (pickled, "older pickled state"),
                          (old, "format"),
                          (tmp_path / "missing", "cannot read")):
        with pytest.raises(StateError, match=message):
            StreamState.load(path)


def test_a_failed_save_leaves_the_previous_state_whole(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "state"
    state = StreamState.new()
    state.articles = 7
    state.save(path)
    before = path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    state.articles = 8
    with pytest.raises(OSError, match="disk full"):
        state.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["state"]  # no temporary file left


def test_a_stream_state_keeps_nothing_that_grows_with_the_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import storyfold.stream_state as stream_state

    monkeypatch.setattr(stream_state, "SEEN_IDS", 5)
    state = StreamState.new()
    assert state.clusterer.keep_retired is False  # the consumer has the placements
    ids = [state.remember(f"a{i}") for i in range(12)]
    assert ids == [f"a{i}" for i in range(12)] and len(state.seen) == 5
    assert state.remember("a11") == "a11~2"  # remembered: kept apart
    assert state.remember("a0") == "a0"  # forgotten long ago: placed under its own id


def test_a_format_4_state_is_refused_with_what_to_do(tmp_path: Path) -> None:
    # Format 4 is the shape before the clusterer held its ClusterConfig: the same file
    # with the clusterer's `config` field taken out and the header's version at 4.
    path = tmp_path / "state"
    StreamState.new().save(path)
    head, _, rest = path.read_bytes().partition(b"\n")
    payload = json.loads(rest)
    for entry in payload["objects"]:
        if entry["class"] == "StoryClusterer":
            del entry["fields"]["config"]
    body = json.dumps(payload).encode()
    header = json.loads(head)
    header.update(version=4, bytes=len(body), sha256=hashlib.sha256(body).hexdigest())
    path.write_bytes(json.dumps(header).encode() + b"\n" + body + b"\n")
    with pytest.raises(StateError, match=r"format 4, this storyfold reads 5; start a new"):
        StreamState.load(path)
    # Relabelled as the current format, the old shape is still refused (by its fields).
    header["version"] = FORMAT
    path.write_bytes(json.dumps(header).encode() + b"\n" + body + b"\n")
    with pytest.raises(StateError, match=r"StoryClusterer fields differ.*missing \['config'\]"):
        StreamState.load(path)
