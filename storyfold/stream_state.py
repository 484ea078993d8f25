"""A stream's state on disk, so `storyfold stream --state FILE` goes on where it stopped.

The state is the clusterer itself (stories, both indexes, document frequencies, neighbour
lists) plus the most recent ids placed. It stays bounded: the clusterer holds only the
articles in the time window and keeps no ids of retired stories (a stream's consumer has
them from the placements), and at most SEEN_IDS ids are remembered.

On disk it is JSON, not a pickle: a header line (format, length and SHA-256 of the rest)
and one line of data written by `storyfold.state_codec`, which rebuilds only the
whitelisted classes below with exactly their current fields, so a crafted file cannot run
code and an old, cut or altered one is refused with a clear message. Saves are atomic and
durable (temporary file, fsync, rename, fsync of the folder); temporary files that a killed
process left behind are removed on the next load or save.

Story numbers are never reused: a small side file (FILE.ids) holds a mark reserved ahead
of the numbers printed, written (durably) before a number beyond it is printed, and a
resumed stream starts numbering above it: after kill -9 the placements printed after the
last save keep meaning what they said.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections import OrderedDict
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from storyfold import cluster
from storyfold.cluster import StoryClusterer
from storyfold.features import DocFreq
from storyfold.state_codec import Codec, CodecError

# Bumped whenever the stored shape changes in a way the field check would not see.
FORMAT = 5  # 5: the clusterer holds its ClusterConfig (storyfold.cluster package)
MAGIC = "storyfold stream state"
# Ids remembered to keep a repeated id apart (suffixed, as `fold` does): the latest this
# many, twice the idle horizon, so an id is remembered while its article can be held.
SEEN_IDS = 100_000
# Story numbers reserved at a time in FILE.ids: one small write per this many stories.
RESERVE = 1000


class StateError(ValueError):
    """A state file that cannot be resumed from (unreadable, not a state, or older)."""


@dataclass
class StreamState:
    """What a stream needs to go on: the clusterer and the ids it has placed (a repeated
    id is kept apart with a suffix, as `fold` does), and how many articles it has placed.
    `path` (not stored) is where it is saved; with it, story numbers are reserved ahead in
    `path`.ids as they are handed out."""

    clusterer: StoryClusterer
    seen: OrderedDict[str, int] = field(default_factory=OrderedDict)
    articles: int = 0
    path: Path | None = field(default=None, compare=False)
    reserved: int = field(default=0, compare=False)  # numbers below it may have been printed
    # Arrivals since the latest settle (`storyfold.pipeline.stream`'s read points), kept
    # so a resumed stream settles where the unbroken one would.
    since_settle: int = 0

    @classmethod
    def new(cls, *, refine: bool = True, path: Path | None = None) -> StreamState:
        state = cls(StoryClusterer(refine=refine, keep_retired=False), path=path)
        state._resume_numbers()
        return state

    def remember(self, article_id: str) -> str:
        """The id to place an arriving article under (see `unique_id`); only the latest
        SEEN_IDS ids are remembered."""
        return unique_id(article_id, self.seen, limit=SEEN_IDS)

    def placed(self) -> None:
        """Count a placement; called after the clusterer placed it and before it is
        shown, so the story numbers it used are reserved on disk first."""
        self.articles += 1
        self.reserve()

    def reserve(self) -> None:
        """Reserve on disk the story numbers the clusterer has used, before they are shown
        (a resumed stream starts above them)."""
        if self.path is not None and self.clusterer.next_story > self.reserved:
            self.reserved = self.clusterer.next_story + RESERVE
            _write_durably(_ids_path(self.path), json.dumps(
                {"format": MAGIC + " ids", "next_story": self.reserved}).encode())

    @classmethod
    def load(cls, path: Path) -> StreamState:
        _clean_temp_files(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise StateError(f"{path}: cannot read the stream state ({exc.strerror})") from exc
        state = _decode(data, path)
        state.path = path
        state._resume_numbers()
        return state

    def save(self, path: Path) -> None:
        """Write the state to `path` atomically and durably, so a crash while writing
        leaves the previous state whole and a finished save survives a power cut."""
        _clean_temp_files(path)
        payload = json.dumps(_CODEC.encode(self), ensure_ascii=False, allow_nan=False,
                             separators=(",", ":")).encode("utf-8")
        header = json.dumps({"format": MAGIC, "version": FORMAT, "bytes": len(payload),
                             "sha256": hashlib.sha256(payload).hexdigest()})
        _write_durably(path, header.encode() + b"\n" + payload + b"\n")
        if self.path is None:
            self.path = path
            self._resume_numbers()

    def _resume_numbers(self) -> None:
        """Number new stories above every number a run on this path may have shown."""
        if self.path is None:
            return
        mark = _read_ids(_ids_path(self.path))
        self.clusterer.number_stories_from(mark)
        self.reserved = max(self.reserved, mark)


def _stored_fields(cls: type) -> tuple[str, ...]:
    if cls is StreamState:
        return ("clusterer", "seen", "articles", "since_settle")  # path and reservation are per run
    if is_dataclass(cls):
        return tuple(f.name for f in fields(cls))
    if hasattr(cls, "__slots__"):
        return tuple(cls.__slots__)
    # A plain class: the attributes a fresh instance has (the clusterer's __init__ sets
    # every one it ever uses).
    return tuple(vars(cls()))


_CODEC = Codec([StreamState, StoryClusterer, cluster.ClusterConfig, cluster._Doc, cluster._Story,
                DocFreq],
               _stored_fields)


def _decode(data: bytes, path: Path) -> StreamState:
    head, _, rest = data.partition(b"\n")
    try:
        header = json.loads(head)
    except (ValueError, RecursionError):
        header = None
    if not isinstance(header, dict) or header.get("format") != MAGIC:
        old = " (an older pickled state: start a new state file)" if data[:1] == b"\x80" else ""
        raise StateError(f"{path}: not a storyfold stream state{old}")
    if header.get("version") != FORMAT:
        raise StateError(f"{path}: stream state format {header.get('version')}, this storyfold "
                         f"reads {FORMAT}; start a new state file")
    payload = rest[:-1] if rest.endswith(b"\n") else rest
    if len(payload) != header.get("bytes") or \
            hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        raise StateError(f"{path}: the stream state is cut short or altered (its checksum "
                         "does not match); restore a good copy or start a new state file")
    try:
        state = _CODEC.decode(json.loads(payload))
    except (CodecError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise StateError(f"{path}: not a storyfold stream state of this version ({exc})") from exc
    if not (isinstance(state, StreamState) and isinstance(state.clusterer, StoryClusterer)
            and isinstance(state.seen, OrderedDict) and type(state.articles) is int):
        raise StateError(f"{path}: not a storyfold stream state")
    state.path = None
    state.reserved = 0
    return state


def _ids_path(path: Path) -> Path:
    return path.with_name(path.name + ".ids")


def _read_ids(path: Path) -> int:
    try:
        data: Any = json.loads(path.read_bytes())
    except FileNotFoundError:
        return 0
    except (OSError, ValueError) as exc:
        raise StateError(f"{path}: unreadable story number mark ({exc}); it only ever "
                         "grows: remove it only if no earlier placements are kept") from exc
    mark = data.get("next_story") if isinstance(data, dict) else None
    if type(mark) is not int or mark < 0:
        raise StateError(f"{path}: not a storyfold story number mark")
    return mark


def _write_durably(path: Path, data: bytes) -> None:
    """Temporary file beside `path` (named with this process id), fsync, rename over
    `path`, fsync of the folder: `path` is always the old or the new content."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _clean_temp_files(path: Path) -> None:
    """Remove temporary files of `path` (and of its .ids) left by processes that died
    while writing (kill -9): their process id is in the name."""
    for name in (path.name, path.name + ".ids"):
        for tmp in path.parent.glob(f".{_glob_escape(name)}.*.tmp"):
            pid = tmp.name[len(name) + 2:].split(".", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                with contextlib.suppress(OSError):
                    tmp.unlink()


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process writes one file at a time: a leftover is its own
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def unique_id(article_id: str, seen: OrderedDict[str, int], *, limit: int | None = None) -> str:
    """`article_id`, or suffixed ("~2", "~3") when an article in `seen` already has it: two
    inputs with one id (a.txt and a.html, or one id sent twice) stay apart in stories.
    With `limit`, the ids least recently seen beyond it are forgotten."""
    n = seen.pop(article_id, 0) + 1
    seen[article_id] = n  # (re)inserted last: the oldest ids are forgotten first
    if limit is not None and len(seen) > limit:
        seen.popitem(last=False)
    return article_id if n == 1 else f"{article_id}~{n}"
