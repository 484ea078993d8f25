"""Sentence segmentation with character offsets into the article's clean text.

A rule-based splitter: news text is well punctuated, and a model would add a heavy
dependency for little gain. Splits at . ! ? (and closing quotes after them) followed by
space and an upper-case letter, digit or opening quote, and at line breaks; does not split
after common abbreviations ("Mr.", "U.S.", "Sept.") or single initials.

A line break is not a boundary when it falls inside a sentence: text hard-wrapped at a
fixed width (e-mail, plain-text archives, PDF extracts) breaks lines mid-sentence, and
cleaning keeps each such line as its own paragraph unless it can tell it continues. A line
that does not end in terminal punctuation joins the next when the next one starts with a
lower-case word ("... add extra detail to" + "existing classes."), or when the line ends
on a word no English sentence ends on ("... referred to as the" + "Base Class") and is
long enough to be a wrapped line rather than a label ("Written by", "Best for"). A line
ending in a comma followed by a capital is left alone: that is as often a garbled full
stop before a new paragraph as a wrap. A list entry ("- ...", "* ...", "2. ...", "b) ...")
always starts its own sentence; a line ending in . ! ? : or ; is never joined, nor is a
line of program code; so headings followed by a capitalised line, list entries and
punctuated lines split as before. Offsets still point into the text; a joined sentence's
`text` reads each line break inside it as one space.
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
# A line that ends its sentence (or is a heading ending in a colon, a code or list line
# ending in a semicolon): never joined to the next.
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’)\]]*$")
# A list entry: a bullet, or a number or letter with "." or ")" (not "3.5 per cent").
_LIST_ENTRY = re.compile(r"(?:[-*•·▪►–—]|\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)])\s")
# Words no English sentence ends on (articles, prepositions, conjunctions, possessives): a
# line ending on one continues on the next line whatever its case ("... by the" + "Board").
_OPEN_ENDINGS = frozenset(
    """a an the of to in on at by for with from into onto upon about over under between
    and or but nor than as that which whose whom if because while although its their his
    her our your my this these those is are was were be been being has have had will
    would can could should may might must shall not""".split()
)
_LAST_WORD = re.compile(r"([^\W\d_]+)$")
_FIRST_WORD = re.compile(r"[^\W_]+")
# Program code shown in a page: its lines are not wrapped prose.
_CODE = re.compile(r"[{}]|//|:=|[=!]=|=>")
# A line ending on an open word is a wrap only when it is this long (a label is shorter).
_WRAPPED_MIN_WORDS = 5
_LINE_BREAK = re.compile(r"\s*\n\s*")


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
    """Split `text` into sentences; `text[s.start:s.end]` is `s.text` (with any line break
    inside a re-joined hard-wrapped sentence read as a space).
    `lang` (ISO 639-1) adds that language's abbreviations and ordinals ("am 3. Oktober")."""
    sentences: list[Sentence] = []
    for line_start, line_end in _logical_lines(text, lang):
        line = text[line_start:line_end]
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


def _logical_lines(text: str, lang: str | None) -> list[tuple[int, int]]:
    """(start, end) of each line of `text`, hard-wrapped lines joined into one (see the
    module doc)."""
    spans: list[tuple[int, int]] = []
    previous = ""
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        if not line:
            continue
        if spans and _continues(previous, line, lang):
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
        previous = line
    return spans


def _continues(line: str, following: str, lang: str | None) -> bool:
    """True when the line break between `line` and `following` falls inside a sentence."""
    if _ENDS_SENTENCE.search(line) or _LIST_ENTRY.match(following):
        return False
    if _CODE.search(line) or _CODE.search(following):
        return False
    first = _FIRST_WORD.search(following)
    if first is None:
        return False
    # A lower-case word, not a name written in lower case ("freeCodeCamp", "iPhone").
    if first.group().islower():
        return True
    last = _LAST_WORD.search(line)
    # Labels ("Best for", "Written by") are short; a hard-wrapped line fills its width.
    return (
        (lang is None or lang == "en")
        and last is not None
        and last.group(1).lower() in _OPEN_ENDINGS
        and len(line.split()) >= _WRAPPED_MIN_WORDS
    )


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        # A re-joined hard wrap reads as one line: its line break is a space.
        body = _LINE_BREAK.sub(" ", text[start:end])
        out.append(Sentence(index=len(out), start=start, end=end, text=body))
