"""Disjoint sets (union-find): groups that grow by joining pairs. Near-copies of one text
and families of one source (`provenance`), stories joined across time shards (`shards`)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class DisjointSets(Generic[K]):
    """Keys in sets that `union` joins; `find` names a key's set by its root key."""

    __slots__ = ("parent",)

    def __init__(self, keys: Iterable[K] = ()) -> None:
        self.parent: dict[K, K] = {k: k for k in keys}

    def add(self, key: K) -> None:
        """A key of its own set, unless it is known already."""
        self.parent.setdefault(key, key)

    def find(self, key: K) -> K:
        parent = self.parent
        while parent[key] != key:
            parent[key] = parent[parent[key]]  # path halving
            key = parent[key]
        return key

    def union(self, a: K, b: K) -> None:
        """Join `a`'s set to `b`'s (`a`'s root goes under `b`'s)."""
        root_b = self.find(b)
        self.parent[self.find(a)] = root_b

    def groups(self) -> list[list[K]]:
        """The sets, members in the order keys were added, sets by their first member."""
        out: dict[K, list[K]] = {}
        for key in self.parent:
            out.setdefault(self.find(key), []).append(key)
        return list(out.values())
