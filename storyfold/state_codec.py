"""Objects to plain JSON and back, for a whitelist of classes: data, never code.

A pickle names any importable callable and runs it on load; this codec knows only the
containers below and the classes it is given, builds them with `cls.__new__` (no
`__init__`, no `__setstate__`, nothing else of the file's choosing runs), and insists that
each object holds exactly the fields the class has today, so a file from another version
is refused instead of resumed into a half-formed object.

Objects are stored once in a table and referred to by number, so objects shared between
containers (an article held by a story and by an index) stay one object, as identity
equality in the clusterer needs.
"""

from __future__ import annotations

import math
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable
from typing import Any


class CodecError(ValueError):
    """A document that is not an encoding of the whitelisted classes."""


Fields = Callable[[type], tuple[str, ...]]


class Codec:
    """Encode/decode object graphs of `classes` (by name), each with the fields `fields`
    returns for it."""

    def __init__(self, classes: Iterable[type], fields: Fields) -> None:
        self.classes = {cls.__name__: cls for cls in classes}
        self.fields = {name: fields(cls) for name, cls in self.classes.items()}

    # ---------------------------------------------------------------- encode
    def encode(self, root: object) -> dict[str, Any]:
        table: list[dict[str, Any]] = []
        ids: dict[int, int] = {}
        keep: list[object] = []  # holds encoded objects so their id() stays unique

        def enc(value: object) -> Any:
            if value is None or isinstance(value, bool | str):
                return value
            if isinstance(value, int):
                return value
            if isinstance(value, float):
                return value if math.isfinite(value) else {"$f": repr(value)}
            kind = type(value)
            if kind is list:
                return [enc(v) for v in value]  # type: ignore[attr-defined]
            if kind is tuple:
                return {"$t": [enc(v) for v in value]}  # type: ignore[attr-defined]
            if kind is set or kind is frozenset:
                return {"$s": [enc(v) for v in value]}  # type: ignore[attr-defined]
            if kind is deque:
                return {"$q": [enc(v) for v in value], "maxlen": value.maxlen}  # type: ignore[attr-defined]
            if kind is Counter:
                return {"$c": [[enc(k), enc(v)] for k, v in value.items()]}  # type: ignore[attr-defined]
            if kind is OrderedDict:
                return {"$o": [[enc(k), enc(v)] for k, v in value.items()]}  # type: ignore[attr-defined]
            if kind is dict:
                return {"$d": [[enc(k), enc(v)] for k, v in value.items()]}  # type: ignore[attr-defined]
            name = kind.__name__
            if self.classes.get(name) is not kind:
                raise CodecError(f"cannot store a {kind.__module__}.{kind.__qualname__}")
            ref = ids.get(id(value))
            if ref is None:
                ref = ids[id(value)] = len(table)
                keep.append(value)
                entry: dict[str, Any] = {"class": name}
                table.append(entry)
                entry["fields"] = {f: enc(getattr(value, f)) for f in self.fields[name]}
            return {"$r": ref}

        top = enc(root)
        return {"root": top, "objects": table}

    # ---------------------------------------------------------------- decode
    def decode(self, doc: Any) -> object:
        if not isinstance(doc, dict) or not isinstance(doc.get("objects"), list):
            raise CodecError("no object table")
        table = doc["objects"]
        objects: list[object] = []
        for n, entry in enumerate(table):
            if not isinstance(entry, dict) or not isinstance(entry.get("fields"), dict):
                raise CodecError(f"object {n} is malformed")
            cls = self.classes.get(entry.get("class"))  # type: ignore[arg-type]
            if cls is None:
                raise CodecError(f"object {n}: class {entry.get('class')!r} is not allowed")
            want = set(self.fields[cls.__name__])
            have = set(entry["fields"])
            if have != want:
                raise CodecError(f"{cls.__name__} fields differ from this storyfold's "
                                 f"(missing {sorted(want - have)}, extra {sorted(have - want)})")
            objects.append(object.__new__(cls))  # no __init__: nothing of the file runs

        def dec(value: Any) -> Any:
            if value is None or isinstance(value, bool | str | int | float):
                return value
            if isinstance(value, list):
                return [dec(v) for v in value]
            if not isinstance(value, dict) or len(value) not in (1, 2):
                raise CodecError(f"unexpected value {str(value)[:80]}")
            if "$r" in value:
                ref = value["$r"]
                if not isinstance(ref, int) or isinstance(ref, bool) or not 0 <= ref < len(objects):
                    raise CodecError(f"bad object reference {ref!r}")
                return objects[ref]
            if "$f" in value:
                if value["$f"] not in ("inf", "-inf", "nan"):
                    raise CodecError(f"bad float {value['$f']!r}")
                return float(value["$f"])
            if "$t" in value:
                return tuple(dec(v) for v in _items(value["$t"]))
            if "$s" in value:
                return {_key(dec(v)) for v in _items(value["$s"])}
            if "$q" in value:
                maxlen = value.get("maxlen")
                if maxlen is not None and (not isinstance(maxlen, int) or maxlen < 0):
                    raise CodecError("bad deque length")
                return deque((dec(v) for v in _items(value["$q"])), maxlen=maxlen)
            for tag, kind in (("$d", dict), ("$o", OrderedDict), ("$c", Counter)):
                if tag in value:
                    out: dict[Any, Any] = kind()
                    for pair in _items(value[tag]):
                        if not isinstance(pair, list) or len(pair) != 2:
                            raise CodecError("bad mapping entry")
                        out[_key(dec(pair[0]))] = dec(pair[1])
                    return out
            raise CodecError(f"unknown tag in {str(value)[:80]}")

        for obj, entry in zip(objects, table, strict=True):
            for name, value in entry["fields"].items():
                object.__setattr__(obj, name, dec(value))
        return dec(doc.get("root"))


def _items(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise CodecError("expected a list")
    return value


def _key(value: Any) -> Any:
    try:
        hash(value)
    except TypeError as exc:
        raise CodecError("unhashable mapping key") from exc
    return value
