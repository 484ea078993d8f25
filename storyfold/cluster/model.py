"""The two records clustering works on: an article as placed (`_Doc`) and a story (`_Story`)."""

from __future__ import annotations

from dataclasses import dataclass, field

Vec = dict[str, float]


@dataclass(slots=True, eq=False)  # identity equality: `in` and `remove` stay C-fast
class _Doc:
    id: str
    order: int
    vecs: tuple[Vec, Vec, Vec]
    keys: list[str]  # salient features, best first
    day: int | None
    # The day it counts as for ageing out: its date, or for an undated article the stream's
    # date when it arrived (None before any date was seen).
    age: int | None = None
    story: int = -1
    # Features this article counted into the document frequencies (`add_features` with
    # count_df=True), to take back out when it is retired; None when it counted none (batch
    # mode primes the frequencies with `observe` and keeps them).
    counted: list[str] | None = None
    # Shared-neighbour profile: arrival order -> similarity, itself included at 1.0. Keyed
    # by order, not by object, so a retired neighbour is not kept alive.
    prof: dict[int, float] = field(default_factory=dict)
    pn2: float = 1.0  # squared norm of `prof`
    # The three vectors in one dict, channel c scaled by sqrt(weight c) (channel keys are
    # disjoint), and a bit per non-empty channel: an article-to-article similarity is then
    # one dot product (see `_sim_pair`).
    flat: Vec = field(default_factory=dict)
    mask: int = 0
    # Counts of the `counted` keys, by channel (same order), so a stream can weigh the
    # article again with the document frequencies of a later read point (`_reweigh`).
    tf: tuple[list[int], list[int], list[int]] | None = None


@dataclass(slots=True, eq=False)  # identity equality: `in` and `remove` stay C-fast
class _Story:
    id: int
    members: list[_Doc] = field(default_factory=list)
    sums: tuple[Vec, Vec, Vec] = field(default_factory=lambda: ({}, {}, {}))
    norms2: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])  # members with channel
    first: int | None = None  # date range of the dated members (the time window)
    last: int | None = None
    # Range of the members' ageing days (`_Doc.age`): undated members included, so a story
    # retires, and a member is peeled, by the date the stream had when it arrived.
    aged_first: int | None = None
    aged_last: int | None = None
    newest: int = 0  # arrival number of the latest-arrived member (idle retirement)
    # Arrival number of the earliest-arrived live member, or lower (a member that moves
    # away leaves it stale): when it falls behind the idle horizon, old members are peeled.
    oldest: int = 0
    # Members peeled off because they aged out while the story kept being fed (`_peel`):
    # (arrival number, id), kept only for the result, which still shows them in the story.
    gone: list[tuple[int, str]] = field(default_factory=list)
    indexed: set[str] = field(default_factory=set)
    psum: dict[int, float] = field(default_factory=dict)  # sum of members' profiles
    pnorm2: float = 0.0
    checked_size: int = 1
    alive: bool = True


# The records under their public names, for code outside the package (tests, benches) that
# reads what the parts return; the package itself keeps the short private spellings.
Doc = _Doc
Story = _Story
