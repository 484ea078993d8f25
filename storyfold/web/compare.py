"""The side-by-side view of two copies in a story: each sentence of one article beside the
sentence of the other the story's alignment paired it with (the report's own
`side_by_side`), the words that differ marked on both sides, and the departures
provenance found (garbled name, polarity...) named on the row.

Everything here is plain data (strings and numbers); the page template escapes it.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from storyfold.engines.rows import article_from_dict, story_from_dict
from storyfold.report.html import side_by_side

# Words and the spaces/punctuation between them, so a diff of tokens joins back into the
# sentence exactly as written.
_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


def default_pair(story: dict[str, Any], articles: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The pair a story page links first: a derived copy and the article it came from,
    else the first two articles."""
    ids = {a["id"] for a in articles}
    for a in articles:
        if a.get("derived_from") in ids:
            return a["id"], a["derived_from"]
    if len(articles) >= 2:
        return articles[0]["id"], articles[1]["id"]
    return None


def compare(story: dict[str, Any], articles: list[dict[str, Any]], left: str, right: str
            ) -> dict[str, Any]:
    """The rows of the side-by-side view of `left` against `right` (article ids of the
    story); KeyError when either is not one of `articles`."""
    by_id = {a["id"]: a for a in articles}
    a = article_from_dict({"raw": "", **by_id[left]})
    b = article_from_dict({"raw": "", **by_id[right]})
    view = side_by_side(story_from_dict(story), a, b)
    rows = []
    changed = 0
    for row in view.rows:
        if row.left is not None and row.right is not None:
            lseg, rseg = diff_words(row.left, row.right)
            changed += any(kind != "same" for kind, _ in lseg + rseg)
        else:
            lseg = [("only", row.left)] if row.left is not None else []
            rseg = [("only", row.right)] if row.right is not None else []
        rows.append({"left": row.left_index, "right": row.right_index, "score": row.score,
                     "kinds": row.kinds, "left_parts": _parts(lseg), "right_parts": _parts(rseg)})
    paired = sum(1 for r in rows if r["left"] is not None and r["right"] is not None)
    return {
        "left": _meta(by_id[left]), "right": _meta(by_id[right]),
        "rows": rows,
        "counts": {"rows": len(rows), "paired": paired, "paired_with_changes": changed,
                   "left_only": sum(1 for r in rows if r["right"] is None),
                   "right_only": sum(1 for r in rows if r["left"] is None)},
    }


def diff_words(left: str, right: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Both sentences as runs of ("same" | "changed", text): a word diff (case and spacing
    kept), so what one copy changed is marked on both sides."""
    lt, rt = _TOKEN.findall(left), _TOKEN.findall(right)
    matcher = SequenceMatcher(None, [t.lower() for t in lt], [t.lower() for t in rt],
                              autojunk=False)
    lout: list[tuple[str, str]] = []
    rout: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        kind = "same" if op == "equal" else "changed"
        _add(lout, kind, "".join(lt[i1:i2]))
        _add(rout, kind, "".join(rt[j1:j2]))
    return lout, rout


def _add(out: list[tuple[str, str]], kind: str, text: str) -> None:
    if not text:
        return
    if kind == "changed" and not text.strip():
        kind = "same"  # a changed run of spaces only is not worth a mark
    if out and out[-1][0] == kind:
        out[-1] = (kind, out[-1][1] + text)
    else:
        out.append((kind, text))


def _parts(segments: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"kind": kind, "text": text} for kind, text in segments]


def _meta(article: dict[str, Any]) -> dict[str, Any]:
    return {k: article.get(k) for k in ("id", "title", "site", "published", "relation",
                                        "derived_from", "fidelity")}
