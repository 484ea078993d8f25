"""Bytes to text: binary sniffing and encoding detection shared by the readers.

Every failure is an `UnreadableInput` carrying a short reason; the dispatcher in
`storyfold.read` turns it into a `ReadError` so one bad file never stops a run.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes


class UnreadableInput(Exception):
    """An input that cannot be turned into text; `reason` is shown to the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Control characters that never occur in text files; a few of them in the first block
# mark a binary file (image, PDF, archive) even when it happens to decode.
_BINARY_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_SNIFF = 8192
# Characters a Windows-1252 decoding produces from bytes of *other* single-byte code pages
# (Polish "ą" -> "¹", "ł" -> "³"), and the C1 range it leaves undefined: if any shows up
# next to a letter, the text is not Western European.
_UNLIKELY_IN_CP1252 = re.compile(r"(?<=\w)[¹³¼½¾¿¦¤¨¸¯°±ª]|[¹³¼½¾¦¤¨¸¯ª](?=\w)|[\x80-\x9f]")


def looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return len(_BINARY_CONTROL.findall(head)) > max(2, len(head) // 1000)


def decode_text(data: bytes) -> str:
    """Decode a text file: BOM, then UTF-8, then Windows-1252 when it fits, else
    charset-normalizer. Raises `UnreadableInput` for empty, binary or undecodable data."""
    if not data.strip():
        raise UnreadableInput("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise UnreadableInput(f"undecodable {encoding} text") from exc
    if looks_binary(data):
        raise UnreadableInput("binary file, not text")
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    western = _as_cp1252(data)
    if western is not None:
        return _normalise(western)
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableInput("undecodable text (no character encoding fits)")
    return _normalise(str(best))


def _as_cp1252(data: bytes) -> str | None:
    """Windows-1252 (a superset of Latin-1 in practice) when the result reads as Western
    European text. Detectors guess Central European or Asian code pages for short French
    or German snippets, which mangles every accent; so Western is tried first and
    rejected only on evidence: undefined bytes, odd symbols inside words, or a text whose
    letters are mostly non-ASCII (Cyrillic or Greek read through the wrong table)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if _UNLIKELY_IN_CP1252.search(text):
        return None
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return text
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    return text if non_ascii / len(letters) < 0.3 else None


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise UnreadableInput("empty file")
    return text
