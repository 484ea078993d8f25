"""The report as JSON, and the JSON Schema it follows (`schema.json` beside this module).

`write_json` streams: each article and story is encoded and written on its own, so memory
follows the largest record, not the whole report (a report of 20,000 articles is hundreds
of megabytes as one string). Reports of more than PRETTY_MAX articles are written compact,
one record a line: the pure-Python encoder that indentation needs is several times slower
than the C one.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from functools import cache
from importlib import resources
from typing import Any, TextIO

from storyfold.records import Report

PRETTY_MAX = 1000


def to_json(report: Report, *, indent: int | None = 2) -> str:
    out = io.StringIO()
    write_json(report, out, indent=indent)
    return out.getvalue()


def write_json(report: Report, fh: TextIO, *, indent: int | str | None = "auto") -> None:
    """Write `report` as JSON to `fh`, record by record. `indent="auto"`: 2 up to
    PRETTY_MAX articles, compact (one record a line) above."""
    if indent == "auto":
        indent = 2 if len(report.articles) <= PRETTY_MAX else None
    assert indent is None or isinstance(indent, int)
    pad = " " * (indent or 0)
    fh.write("{" + ("\n" if indent else "") + f'{pad}"version": {json.dumps(report.version)},')
    sections: list[tuple[str, Iterable[Any]]] = [
        ("articles", report.articles),
        ("stories", report.stories),
        ("errors", report.errors),
        ("notes", report.notes),
    ]
    for n, (name, items) in enumerate(sections):
        fh.write(f'\n{pad}"{name}": [')
        first = True
        for item in items:
            # The records go to the encoder as they are: `_fields` hands it each one's
            # fields, which is what `to_dict()` (asdict) gives, without first building
            # (and deep-copying) the nested dicts in Python.
            text = json.dumps(item, ensure_ascii=False, indent=indent, default=_fields)
            if indent:
                text = text.replace("\n", "\n" + pad * 2)
            fh.write(("" if first else ",") + "\n" + pad * 2 + text)
            first = False
        fh.write(("" if first else "\n" + pad) + "]" + ("," if n < len(sections) - 1 else ""))
    fh.write("\n}\n")


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _fields(value: Any) -> dict[str, Any]:
    if is_dataclass(value) and not isinstance(value, type):
        return {name: getattr(value, name) for name in _names(type(value))}
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `Report.to_dict()`."""
    text = resources.files("storyfold.report").joinpath("schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
