"""CSV exports of stories, facts and conflicts. Cells are safe to open in a spreadsheet:
one starting with = + - @ (or a tab or carriage return) is a formula there, so it gets a
leading apostrophe (OWASP's advice on CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

_FORMULA = ("=", "+", "-", "@", "\t", "\r")

STORY_COLUMNS = ["id", "title", "size", "first_published", "last_published", "sites"]
FACT_COLUMNS = ["story_id", "kind", "text", "value", "independent", "articles", "citations"]
CONFLICT_COLUMNS = ["story_id", "kind", "favoured", "why", "side_a_article", "side_a_text",
                    "side_b_article", "side_b_text", "more_sides"]


def safe_cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value).replace("\x00", "")
    return "'" + text if text.startswith(_FORMULA) else text


def csv_lines(header: list[str], rows: Iterable[list[object]]) -> Iterator[str]:
    """The CSV text, a row at a time (for a streamed response)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        if buf.tell() > 1 << 16:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def fact_rows(story_id: int, data: dict[str, Any]) -> Iterator[list[object]]:
    for f in data.get("facts", []):
        cites = " ".join(f"{c['article']}#s{c['sentence']}" if c.get("sentence") is not None
                         else c["article"] for c in f.get("citations", []))
        yield [story_id, f.get("kind"), f.get("text"), f.get("value"), f.get("independent"),
               " ".join(f.get("articles", [])), cites]


def conflict_rows(story_id: int, data: dict[str, Any]) -> Iterator[list[object]]:
    for c in data.get("conflicts", []):
        sides = c.get("sides", [])
        a = sides[0] if sides else {}
        b = sides[1] if len(sides) > 1 else {}
        more = " | ".join(f"{s.get('article')}: {s.get('text')}" for s in sides[2:])
        yield [story_id, c.get("kind"), c.get("favoured"), c.get("why"), a.get("article"),
               a.get("text"), b.get("article"), b.get("text"), more]
