"""Sentence segmentation with character offsets into the article's clean text.

A rule-based splitter: news text is well punctuated, and a model would add a heavy
dependency for little gain. Splits at . ! ? (and closing quotes after them) followed by
space and an upper-case letter, digit or opening quote, and at line breaks; does not split
after common abbreviations ("Mr.", "U.S.", "Sept.") or single initials.
"""

from __future__ import annotations

import re

from storyfold.lang import no_sentence_break
from storyfold.records import Sentence

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st gen col lt sgt capt cmdr adm gov sen rep pres rev hon
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    inc ltd co corp dept univ est approx vs etc no nos fig vol ch ed eds al""".split()
)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_NEXT_STARTS_SENTENCE = re.compile(r"[\"'“‘(\[]*[A-Z0-9À-ÖØ-Þ]")


def _is_abbreviation(chunk: str) -> bool:
    """True when the text before a period ends with an abbreviation or an initial."""
    m = re.search(r"([A-Za-z][A-Za-z.]*)\.$", chunk.rstrip("\"'”’)]"))
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1:  # an initial: "John F. Kennedy"
        return True
    if "." in word:  # "U.S." , "a.m."
        return True
    return word.lower() in _ABBREVIATIONS


def split_sentences(text: str, lang: str | None = None) -> list[Sentence]:
    """Split `text` into sentences; offsets satisfy `text[s.start:s.end] == s.text`.
    `lang` (ISO 639-1) adds that language's abbreviations and ordinals ("am 3. Oktober")."""
    sentences: list[Sentence] = []
    for line_match in re.finditer(r"[^\n]+", text):
        line_start = line_match.start()
        line = line_match.group()
        start = 0
        for m in _BOUNDARY.finditer(line):
            end = m.end()
            rest = line[end:]
            if not _NEXT_STARTS_SENTENCE.match(rest):
                continue
            piece = line[start : m.start() + len(m.group().rstrip())]
            if m.group().startswith(".") and (
                _is_abbreviation(piece) or no_sentence_break(piece, rest, lang)
            ):
                continue
            _append(sentences, text, line_start + start, line_start + start + len(piece))
            start = end
        _append(sentences, text, line_start + start, line_start + len(line))
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(index=len(out), start=start, end=end, text=text[start:end]))
