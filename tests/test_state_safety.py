"""A stream state file is data: a crafted one runs no code, an old or damaged one is
refused with a clear message, and after kill -9 and resume no story number is reused."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from storyfold.pipeline import stream
from storyfold.records import Article
from storyfold.stream_state import FORMAT, MAGIC, StateError, StreamState

STORYFOLD = [sys.executable, "-m", "storyfold.cli"]


def _write_state(path: Path, payload: object, *, version: int = FORMAT) -> None:
    data = json.dumps(payload).encode()
    header = {"format": MAGIC, "version": version, "bytes": len(data),
              "sha256": hashlib.sha256(data).hexdigest()}
    path.write_bytes(json.dumps(header).encode() + b"\n" + data + b"\n")


class _Boom:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_with_code_is_refused_without_running_it(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "state"
    path.write_bytes(pickle.dumps({"format": 2, "state": _Boom(str(marker))}))
    assert len(path.read_bytes()) < 200  # the 139-byte kind of file of the issue
    with pytest.raises(StateError, match="not a storyfold stream state"):
        StreamState.load(path)
    assert not marker.exists()


@pytest.mark.parametrize("entry", [
    {"class": "system", "fields": {}},  # a name that is not on the whitelist
    {"class": "StreamState", "fields": {"clusterer": None, "seen": {"$o": []},
                                        "articles": 0, "__reduce__": "os.system"}},
    {"class": "StreamState", "fields": {"clusterer": {"$r": 7}, "seen": {"$o": []},
                                        "articles": 0}},  # a reference to nothing
])
def test_a_crafted_json_state_is_refused(tmp_path: Path, entry: dict[str, object]) -> None:
    path = tmp_path / "state"
    _write_state(path, {"root": {"$r": 0}, "objects": [entry]})
    with pytest.raises(StateError):
        StreamState.load(path)


def test_a_state_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state"
    _write_state(path, {"root": [1, 2, 3], "objects": []})
    with pytest.raises(StateError, match="not a storyfold stream state"):
        StreamState.load(path)


def test_old_cut_and_altered_states_are_refused_clearly(tmp_path: Path) -> None:
    good = tmp_path / "good"
    state = StreamState.new()
    list(stream([Article(id="a", source="t", raw="A ferry sank off the coast on Monday.")],
                state=state))
    state.save(good)
    data = good.read_bytes()
    head, _, rest = data.partition(b"\n")
    old = tmp_path / "old"
    header = json.loads(head)
    header["version"] = FORMAT - 1
    old.write_bytes(json.dumps(header).encode() + b"\n" + rest)
    with pytest.raises(StateError, match=f"format {FORMAT - 1}.*start a new state file"):
        StreamState.load(old)
    cut = tmp_path / "cut"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(StateError, match="cut short or altered"):
        StreamState.load(cut)
    altered = tmp_path / "altered"
    altered.write_bytes(data.replace(b'"a"', b'"b"', 1))
    with pytest.raises(StateError, match="cut short or altered"):
        StreamState.load(altered)
    assert StreamState.load(good).articles == 1


def test_temp_files_of_killed_saves_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "state"
    StreamState.new().save(path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f".state.{dead}.abc123.tmp"
    stale.write_bytes(b"x" * 1000)
    live = tmp_path / f".state.{os.getppid()}.abc123.tmp"  # a running process's: kept
    live.write_bytes(b"x")
    StreamState.load(path)
    assert not stale.exists() and live.exists()


def _feed(n: int, seed: int) -> list[str]:
    """Articles of unrelated stories: each opens a story of its own."""
    rng = random.Random(seed)
    words = [f"{a}{b}{c}" for a in "bdfgklmnprstvz" for b in "aeiou" for c in "bdgklmnprst"]
    lines = []
    for i in range(n):
        text = " ".join(rng.choice(words).capitalize() if k % 5 == 0 else rng.choice(words)
                        for k in range(80))
        lines.append(json.dumps({"id": f"s{seed}-{i}", "text": text + "."}))
    return lines


def test_after_kill_9_and_resume_no_story_number_is_reused(tmp_path: Path) -> None:
    state = tmp_path / "state"
    cmd = [*STORYFOLD, "stream", "--state", str(state), "--save-every", "5"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    feed = _feed(40, seed=1)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    printed: list[dict[str, object]] = []
    for line in feed[:12]:  # saves after 5 and 10; 11 and 12 are shown but not saved
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        printed.append(json.loads(proc.stdout.readline()))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    saved = StreamState.load(state).articles
    assert saved == 10
    before = {p["story"] for p in printed[:saved]}
    lost = {p["story"] for p in printed[saved:]} - before  # shown, then lost with the kill
    assert lost  # the feed opens new stories after the save

    resumed = subprocess.run(cmd, input="\n".join(feed[12:30]) + "\n", capture_output=True,
                             text=True, env=env, check=True)
    later = [json.loads(line) for line in resumed.stdout.splitlines()]
    # Placement lines and settle lines ({"settled": N, "moved": [...]}) both count.
    numbers = {p["story"] for p in later if "story" in p} | {
        m["story"] for p in later for m in p["moved"]}  # type: ignore[attr-defined]
    assert not numbers & lost, (sorted(lost), sorted(numbers))
    assert not list(tmp_path.glob(".state.*.tmp"))
