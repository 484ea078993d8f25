"""A stream's state on disk, so `storyfold stream --state FILE` goes on where it stopped.

The state is the clusterer itself (stories, both indexes, document frequencies, neighbour
lists) plus the most recent ids placed, pickled. It stays bounded: the clusterer holds only
the articles in the time window and keeps no ids of retired stories (a stream's consumer
has them from the placements), and at most SEEN_IDS ids are remembered.
A pickle runs code when it is loaded: resume only from state files you wrote yourself.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from storyfold.cluster import StoryClusterer

# Bumped whenever the pickled classes change shape: an old file is then refused with a
# clear message instead of resuming into a clusterer with missing fields.
FORMAT = 2
# Ids remembered to keep a repeated id apart (suffixed, as `fold` does): the latest this
# many, twice the idle horizon, so an id is remembered while its article can be held.
SEEN_IDS = 100_000


class StateError(ValueError):
    """A state file that cannot be resumed from (unreadable, not a state, or older)."""


@dataclass
class StreamState:
    """What a stream needs to go on: the clusterer and the ids it has placed (a repeated
    id is kept apart with a suffix, as `fold` does), and how many articles it has placed."""

    clusterer: StoryClusterer
    seen: OrderedDict[str, int] = field(default_factory=OrderedDict)
    articles: int = 0
    # Arrivals since the latest settle (`storyfold.pipeline.stream`'s read points), kept
    # so a resumed stream settles where the unbroken one would.
    since_settle: int = 0

    @classmethod
    def new(cls, *, refine: bool = True) -> StreamState:
        return cls(StoryClusterer(refine=refine, keep_retired=False))

    def remember(self, article_id: str) -> str:
        """The id to place an arriving article under (see `unique_id`); only the latest
        SEEN_IDS ids are remembered."""
        return unique_id(article_id, self.seen, limit=SEEN_IDS)

    @classmethod
    def load(cls, path: Path) -> StreamState:
        try:
            with path.open("rb") as fh:
                data = pickle.load(fh)
        except OSError as exc:
            raise StateError(f"{path}: cannot read the stream state ({exc.strerror})") from exc
        except Exception as exc:  # unpickling garbage raises many kinds: all mean "not a state"
            raise StateError(f"{path}: not a storyfold stream state ({exc})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("state"), StreamState):
            raise StateError(f"{path}: not a storyfold stream state")
        if data.get("format") != FORMAT:
            raise StateError(
                f"{path}: stream state format {data.get('format')}, this storyfold reads "
                f"{FORMAT}; start a new state file"
            )
        state: StreamState = data["state"]
        return state

    def save(self, path: Path) -> None:
        """Write the state to `path` atomically: to a temporary file beside it, renamed over
        it, so a crash while writing leaves the previous state whole."""
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"format": FORMAT, "state": self}, fh, pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def unique_id(article_id: str, seen: OrderedDict[str, int], *, limit: int | None = None) -> str:
    """`article_id`, or suffixed ("~2", "~3") when an article in `seen` already has it: two
    inputs with one id (a.txt and a.html, or one id sent twice) stay apart in stories.
    With `limit`, the ids least recently seen beyond it are forgotten."""
    n = seen.pop(article_id, 0) + 1
    seen[article_id] = n  # (re)inserted last: the oldest ids are forgotten first
    if limit is not None and len(seen) > limit:
        seen.popitem(last=False)
    return article_id if n == 1 else f"{article_id}~{n}"
