"""The Atom feed of changed stories. Built with ElementTree (it escapes text and
attributes); characters XML 1.0 cannot carry at all (most C0 controls) are dropped first,
since escaping cannot make them legal."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

ATOM = "http://www.w3.org/2005/Atom"
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: object) -> str:
    return _ILLEGAL.sub("", str(value))


def atom(changes: list[dict[str, Any]], base: str, feed_url: str) -> bytes:
    """One entry per changed story (its latest change in `changes`), newest first."""
    latest: dict[int, dict[str, Any]] = {}
    for change in changes:
        latest[change["story_id"]] = change
    entries = sorted(latest.values(), key=lambda c: -c["seq"])
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "title", "storyfold: changed stories")
    _sub(feed, "id", feed_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=xml_text(feed_url))
    updated = entries[0]["at"] if entries else datetime.now(UTC).isoformat()
    _sub(feed, "updated", updated)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _sub(author, "name", "storyfold")
    for c in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        title = c.get("title") or f"Story {c['story_id']}"
        if c["action"] == "removed":
            title = f"Story {c['story_id']} (removed)"
        _sub(entry, "title", title)
        _sub(entry, "id", f"{base}/stories/{c['story_id']}#rev{c['seq']}")
        _sub(entry, "updated", c["at"])
        if c["action"] != "removed":
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate",
                          href=f"{base}/stories/{c['story_id']}")
        size = f", {c['size']} articles" if c.get("size") else ""
        _sub(entry, "summary", f"{c['action']}{size}")
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


def _sub(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = xml_text(text)
