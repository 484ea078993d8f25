"""Text that always writes: lone surrogates (from JSON escapes such as "\\ud800", or file
names that are not UTF-8) are replaced at read time, and names are shown on one line."""

from __future__ import annotations

import os
import re
from pathlib import Path

_SURROGATE = re.compile("[\ud800-\udfff]")
# Line breaks and other control characters would let a file name forge lines of stderr
# or of a report, and bidirectional overrides make a name read as another ("rtl\u202etxt.exe");
# they are shown as escapes instead.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def repair_text(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD (valid pairs were joined by the
    JSON decoder already), so it encodes as UTF-8 wherever it is written."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def shown_name(name: str | Path) -> str:
    """A file name as one line of valid text: bytes that are not UTF-8 as \\xNN, control
    characters (a newline in a name) as escapes."""
    raw = os.fsencode(name)
    text = raw.decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
