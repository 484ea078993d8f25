"""The report as JSON, and the JSON Schema it follows (`schema.json` beside this module)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from storyfold.records import Report


def to_json(report: Report, *, indent: int | None = 2) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=indent)


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `Report.to_dict()`."""
    text = resources.files("storyfold.report").joinpath("schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
