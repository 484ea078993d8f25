"""Per-article features shared by clustering, pairwise similarity and later stages.

`extract(text)` returns a `Features` record with four bags, each a dict feature -> count:

* `terms`  - content words: lower-cased, stopwords dropped, crudely stemmed ("pledged",
  "pledges" -> "pledg"), so rewrites that change inflection still meet.
* `names`  - *name keys* of the tokens of capitalised proper-name spans. A key is a
  consonant skeleton after folding spellings that machine translation and transliteration
  swap ("wh"->"w", "ch"/"kh"/"ck"/"q"->"k", "v"/"ph"->"f", "y"->vowel, doubled letters
  collapsed), so "Kolomoisky"/"Kolomoyskyi" and "Philaret"/"Filaret" share a key.
* `numbers` - normalised quantities ("1.1 billion" -> "n:1100000000"; "5%" -> "n:5%";
  "350" -> "n:350"). An integer below SMALL_NUMBER counts only with what it counts: "26
  people", "twenty-six people" -> "n:26 peopl" (COUNT_IN_KEY; "n:26" with it off); list
  markers, ordinals and small numbers followed by no content word are left out.
* `dates`  - calendar mentions ("May 3, 2013", "MAY 3, 2013", "05/03/13" -> "md:05-03" and
  "y:2013").

`name_forms` keeps a surface form per name key for evidence, `spans` the multi-word names.
Document frequencies for TF-IDF weights live in `DocFreq`, updated one document at a time so
a streaming consumer never needs the whole corpus.

Everything is plain dicts and precompiled regexes: extraction is on the hot path of
clustering (tens of thousands of articles a minute).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import compress, count, repeat
from operator import itemgetter, not_, sub
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyfold.records import Article

# A general English stopword list plus words every news report uses (reporting verbs,
# time words) that say nothing about which story an article tells. (The general list alone,
# `_FUNCTION_WORDS`, decides what a number counts: "26 people", "a 24-year-old".)
_FUNCTION_WORDS = frozenset(
    """a about above after again against ago all almost also although always am among an and
    another any are around as at away back be became because become been before being below
    between both but by can cannot could did do does doing done down during each either else
    even ever every few for from further get gets got had has have having he her here hers
    herself him himself his how however i if in into is it its itself just least less like
    made make many may me might more most much must my myself near nearly neither never
    no nor not now of off often on once one only or other others our ours ourselves out over
    own per perhaps put rather said same say saying says see seen shall she should since so
    some still such than that the their theirs them themselves then there these they this
    those though through thus to told too toward towards under until up upon us very via
    was we were what whatever when where whether which while who whom whose why will with
    within without would yet you your yours yourself yourselves""".split()
)
STOPWORDS = _FUNCTION_WORDS | frozenset(
    """according added adding asked called comes coming days did earlier including later
    latest meanwhile monday tuesday wednesday thursday friday saturday sunday today
    tomorrow yesterday week weeks year years month months time times new news report
    reported reports reporting statement people mr mrs ms dr also last next first second
    well way went going go goes take took taken come came want wanted told tell tells
    speaking spoke speak says stated states according
    despite amid since following former read more click share photo video image images
    copyright reserved rights""".split()
)

# The lead - the title and the opening sentences - states the incident's specifics (who,
# where, when, how many: the inverted pyramid of news writing), while later paragraphs drift
# into background that two incidents of one kind share. Words among the first LEAD_WORDS,
# and numbers and dates in the first LEAD_CHARS characters (about as far: two sentences),
# count LEAD_WEIGHT extra times. Off by default: on ECB+ it lifted B-cubed F1 by about
# 0.005 in both split halves, but on uncleaned pages the "lead" is page furniture (a
# breadcrumb repeating the headline, bylines) and one seed copy then fell out of its story
# without refinement; a knob for callers that feed cleaned text.
LEAD_WORDS = 64
LEAD_CHARS = 400
LEAD_WEIGHT = 0

# Capitalised words that open sentences without naming anything ("Earlier on Thursday").
_NOT_NAMES = STOPWORDS | frozenset(
    """there here this that these those today yesterday tomorrow earlier later meanwhile
    however although after before despite during while when where what who why how
    according speaking but and or so if as at in on for with from by of the a an it its he
    she they we you i his her their our my your mr mrs ms dr sir madam president minister
    prime chief officials official police government january february march april may june
    july august september october november december monday tuesday wednesday thursday
    friday saturday sunday""".split()
)

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "dozen": 12,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SMALL = {"one": 1, **{k: v for k, v in _UNITS.items() if v < 10}}
_NUMBER_WORD_FORMS = frozenset(
    f for w in (*_UNITS, *_TENS) for f in (w, w.capitalize(), w.upper())
)
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "k": 1e3,
}  # fmt: skip

# Words: letters with inner apostrophes; hyphens split words ("war-torn" -> war, torn).
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_MONTH_ALTS = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_MONTH_RE = "(" + _MONTH_ALTS + "|" + _MONTH_ALTS.upper() + r")\.?"
# "May 3", "May 3, 2013" and "May 2013" in one pass.
_DATE_MDY = re.compile(
    _MONTH_RE + r"\s+(?:(\d{1,2})(?:st|nd|rd|th)?\b(?:\s*,?\s*((?:19|20)\d\d)\b)?"
    r"|,?\s*((?:19|20)\d\d)\b)"
)
_DATE_DMY = re.compile(
    r"(?=\d)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH_RE
    + r"(?:\s*,?\s*((?:19|20)\d\d)\b)?"
)
# "04/28/09", "28/04/2009" (spaces around the slashes: text tokenised and joined back).
_DATE_NUMERIC = re.compile(
    r"(?=\d)(?<![\w./:-])(\d{1,2}) ?/ ?(\d{1,2}) ?/ ?((?:19|20)\d\d|\d\d)(?![\w/])"
)
_ISO_PREFIX = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_ISO_TAIL = re.compile(r"-(\d\d)-(\d\d)(?!\d)")
# A number not glued to a word or a time ("10:30"), with optional decimals and scale.
# The leading "(?=\d)" (here and in _DATE_DMY) only makes the scan fail fast at the many
# positions that hold no digit, before the lookbehind or word boundary is tried.
_NUMBER = re.compile(
    r"(?=\d)(?<![\w.:/-])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d:/])"
    r"(?:\s*(%|per\s?cent|percent|hundred|thousand|million|billion|trillion|mn|bn|tn)\b|(%))?",
    re.IGNORECASE,
)
_MONTH_FORMS = frozenset(
    f
    for m in ("january february march april may june july august september october november "
              "december jan feb mar apr jun jul aug sep sept oct nov dec").split()
    for f in (m.capitalize(), m.upper())
)
_WORD_SCALES = frozenset(("hundred", "thousand", "million", "billion", "trillion"))
_CAP_SPAN = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W_]*(?:['’][^\W\d_]+)*")

# Spelling folds applied before taking a name's consonant skeleton. Order matters.
_NAME_FOLDS = (
    ("tch", "tk"), ("sch", "s"), ("sh", "s"), ("zh", "s"), ("ch", "k"), ("kh", "k"),
    ("ck", "k"), ("ph", "f"), ("wh", "w"), ("th", "t"), ("gh", "g"), ("dj", "j"),
    ("q", "k"), ("x", "ks"), ("c", "k"), ("v", "f"), ("w", "f"), ("z", "s"), ("j", "i"),
    ("y", "i"),
)  # fmt: skip
_VOWELS = frozenset("aeiou")
_first = itemgetter(0)


class Memo(dict[str, str]):
    """A per-word cache read with `map(memo.__getitem__, words)`: a hit is a plain dict
    lookup in C (an `lru_cache` hit still goes through a call and its LRU bookkeeping),
    only a miss runs Python. Emptied when full, which bounds memory on an endless stream
    without changing any result."""

    __slots__ = ("fn", "limit")

    def __init__(self, fn: Callable[[str], str], limit: int = 200_000) -> None:
        super().__init__()
        self.fn = fn
        self.limit = limit

    def __missing__(self, word: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.fn(word)
        return value


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude suffix stripper: enough to let "pledged", "pledges" and "pledge" meet."""
    w = word.replace("’", "'")
    if len(w) > 4 and w.endswith("'s"):
        w = w[:-2]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif (len(w) > 4 and w.endswith("ied")) or (len(w) > 4 and w.endswith("ies")):
        w = w[:-3] + "y"
    elif (len(w) > 4 and w.endswith("ed")) or (len(w) > 3 and w.endswith("es") and w[-3] in "sxz"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "planned" -> "plann" -> "plan"
    return w


def _term_of(word: str) -> str:
    """The term a word counts as ("" for stopwords and short words)."""
    low = word.lower()
    if len(low) < 3 or low in STOPWORDS:
        return ""
    return stem(low)


_TERMS = Memo(_term_of)
_term = _TERMS.__getitem__  # the term of a word, cached per spelling


@lru_cache(maxsize=200_000)
def name_key(token: str) -> str:
    """A spelling-tolerant key for one name token: transliteration variants collide.

    Long names keep their first letter plus a consonant skeleton ("kolomoisky" -> "klmsk");
    names with fewer than three consonants keep their vowels too, or every short name
    would collide with every other.
    """
    t = unicodedata.normalize("NFKD", token.lower())
    t = "".join(ch for ch in t if "a" <= ch <= "z")
    if t.endswith("s") and len(t) > 3 and token[-2:] in ("'s", "’s"):
        t = t[:-1]
    if not t:
        return ""
    if t.startswith("tch"):
        t = t[1:]  # a transliterated initial "Tch" is a plain "Ch"
    for a, b in _NAME_FOLDS:
        if a in t:
            t = t.replace(a, b)
    t = t.replace("h", "") or t
    collapsed = [t[0]]
    for ch in t[1:]:
        if ch != collapsed[-1]:
            collapsed.append(ch)
    t = "".join(collapsed)
    skeleton = t[0] + "".join(ch for ch in t[1:] if ch not in _VOWELS)
    if sum(ch not in _VOWELS for ch in skeleton) >= 3:
        return skeleton
    return t


def _fmt_number(value: float, unit: str = "") -> str:
    if value == int(value) and abs(value) < 1e15:
        text = str(int(value))
    else:
        text = f"{value:.6g}"
    return "n:" + text + unit


@dataclass(slots=True)
class Features:
    """What one article says that helps tell its story apart from others."""

    terms: dict[str, int] = field(default_factory=dict)
    names: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    dates: dict[str, int] = field(default_factory=dict)
    name_forms: dict[str, str] = field(default_factory=dict)  # key -> first surface form
    spans: list[str] = field(default_factory=list)  # multi-token proper names, in order
    day: int | None = None  # published date as a proleptic ordinal, when known
    length: int = 0  # words in the text


def parse_day(published: str | None) -> int | None:
    """The ordinal day of an ISO date ("2025-09-04", "2025-09-04T10:00Z"), else None."""
    if not published:
        return None
    m = _ISO_PREFIX.match(published.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).toordinal()
    except ValueError:
        return None


def _is_name_word(low: str, lower_vocab: set[str]) -> bool:
    """A capitalised word is part of a name unless it is a stopword or common opener
    ("However", "Earlier") or the same text also uses it in lower case ("Troops" in a
    title-case headline, "President" beside "the president")."""
    return len(low) > 1 and low not in _NOT_NAMES and low not in lower_vocab


@lru_cache(maxsize=200_000)
def _base(word: str) -> tuple[str, str]:
    """(surface form, lower-case form) of a word without a possessive "'s"."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return word, word.lower()


_NameEntry = tuple[str, str, str] | None


def _name_entry_of(word: str) -> _NameEntry:
    """(lower-case form, name key, surface form) of a capitalised word that can name
    something, None for one that never can (stopword, opener, one letter, empty key).
    Whether it does in a given text also depends on that text's lower-case vocabulary
    (`_is_name_word`); the lower-case form is "" when it cannot be in it (its first letter
    is not lower case, so the text's lower-case words never hold it)."""
    tok, low = _base(word)
    if len(low) <= 1 or low in _NOT_NAMES:
        return None
    key = name_key(tok)
    return (low if low[0].islower() else "", key, tok) if len(key) > 1 else None


_NAME_ENTRIES: dict[str, _NameEntry] = {}


def _names(
    capitalised: list[tuple[str, int]], vocab: Container[str], out: Features
) -> None:
    """Name keys of the distinct capitalised words (with counts); `vocab` holds the text's
    words (its lower-case ones decide, see `_is_name_word`). The per-word part
    (possessive, key) is cached by spelling: only the lower-case check is per text."""
    names = out.names
    forms = out.name_forms
    entries = _NAME_ENTRIES
    if len(entries) >= 200_000:
        entries.clear()  # bounds memory on an endless stream; results do not change
    for w, c in capitalised:
        try:
            entry = entries[w]
        except KeyError:
            entry = entries[w] = _name_entry_of(w)
        if entry is None or entry[0] in vocab:
            continue
        _, key, tok = entry
        names[key] = names.get(key, 0) + c
        if key not in forms:
            forms[key] = tok


def name_spans(text: str, lower_vocab: set[str] | None = None) -> list[str]:
    """Multi-word proper names ("Maria Kowalski"): runs of name words separated by single
    spaces or hyphens. For evidence and later stages; clustering needs only the keys."""
    if lower_vocab is None:
        lower_vocab = {w for w in _WORD.findall(text) if w[0].islower()}
    spans: list[str] = []
    span: list[str] = []
    span_end = -1
    for m in _CAP_SPAN.finditer(text):
        tok, low = _base(m.group())
        gap = text[span_end : m.start()] if span else ""
        if not _is_name_word(low, lower_vocab) or (span and gap not in (" ", "-", " - ")):
            if len(span) > 1:
                spans.append(" ".join(span))
            span = []
            if not _is_name_word(low, lower_vocab):
                continue
        span.append(tok)
        span_end = m.end()
    if len(span) > 1:
        spans.append(" ".join(span))
    return spans


_DIGITS = re.compile(r"\d+")
_start = re.Match.start


def _digit_runs(text: str) -> list[int]:
    """Start of every run of digits. Day-month dates and numbers can only begin at one
    (their pattern opens with a digit not preceded by a word character), so they are
    matched there instead of scanning the text once per pattern."""
    return list(map(_start, _DIGITS.finditer(text)))


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` yields for a pattern that can only match at one of
    `starts` (ascending): a match is tried at each start not inside the previous one."""
    end = 0
    match = pattern.match
    for start in starts:
        if start >= end:
            m = match(text, start)
            if m:
                end = m.end()
                yield m


def _dates(
    text: str,
    out: dict[str, int],
    words: Iterable[str],
    lead_end: int = 0,
    starts: list[int] | None = None,
) -> list[tuple[int, int]]:
    """Add date features (those starting before `lead_end` weigh 1 + LEAD_WEIGHT); return
    the character ranges used so numbers skip them. `starts`: `_digit_runs(text)`."""
    used: list[tuple[int, int]] = []
    if starts is None:
        starts = _digit_runs(text)
    lead = 1 + LEAD_WEIGHT

    def add(key: str, start: int) -> None:
        out[key] = out.get(key, 0) + (lead if start < lead_end else 1)

    # Numeric dates ("04/28/09", "28/04/2009"): month first when it can be a month, as
    # English-language news writes them; day first when only that reading is a date.
    if "/" in text:
        for m in _matches_at(_DATE_NUMERIC, text, starts):
            a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
            if 1 <= a <= 12 and 1 <= b <= 31:
                month, day = a, b
            elif 1 <= b <= 12 and 1 <= a <= 31:
                month, day = b, a
            else:
                continue
            add(f"md:{month:02d}-{day:02d}", m.start())
            if len(year) == 2:
                year = ("20" if int(year) < 50 else "19") + year
            add("y:" + year, m.start())
            used.append(m.span())
    if _MONTH_FORMS.isdisjoint(words):
        return used

    for m in _DATE_MDY.finditer(text):
        month = _MONTHS[m.group(1)[:3].lower()]
        if m.group(4):
            add(f"ym:{m.group(4)}-{month:02d}", m.start())
            used.append(m.span())
            continue
        day, year = int(m.group(2)), m.group(3)
        if 1 <= day <= 31:
            add(f"md:{month:02d}-{day:02d}", m.start())
            if year:
                add("y:" + year, m.start())
            used.append(m.span())
    for m in _matches_at(_DATE_DMY, text, starts):
        day, month, year = int(m.group(1)), _MONTHS[m.group(2)[:3].lower()], m.group(3)
        if 1 <= day <= 31:
            add(f"md:{month:02d}-{day:02d}", m.start())
            if year:
                add("y:" + year, m.start())
            used.append(m.span())
    return used


# Numbers count only with what they count. A bare small integer is as often a list marker
# ("3. Water the plants"), a step or a rank ("Step 2", "Top 10"), an ordinal ("1st") or a
# stray count ("one of 5") as a quantity, and small values are shared by any two texts: on
# 200 unrelated web pages list numbers 0-10 alone joined a dozen pairs. So an integer
# below SMALL_NUMBER (no unit, no decimals) is kept only when a content word follows it
# ("26 people", "five miners", "a 24-year-old"), and the key names that word, so "10
# movies" and "10 tips" do not meet. Larger values, decimals and units are rare enough as
# they stand.
SMALL_NUMBER = 100
COUNT_IN_KEY = False
COUNT_BOTH = False
COUNTED_WORDS = 1
COUNTED_SEP = " "
# The word after a number: spaces or one hyphen between ("24-year-old"), letters only.
_NEXT_WORD = re.compile(r"[ \t]*-?[ \t]*([^\W\d_]+)")
_FOLLOWING_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_LIST_MARK = re.compile(r"[.)\]:]")


def _counted(text: str, start: int, end: int) -> list[str]:
    """What the small integer at text[start:end] counts: the terms of the (at most two)
    content words right after it ("26 border posts": border, post, so "twenty-six posts"
    still meets it), or none for a list marker (first on its line, followed by ".", ")" or
    ":"), an ordinal ("1st"), or a number no content word follows."""
    if _LIST_MARK.match(text, end):
        line_start = text.rfind("\n", 0, start) + 1
        if not text[line_start:start].strip(" \t*•-#("):
            return []
    out: list[str] = []
    m = _NEXT_WORD.match(text, end)
    while m and len(out) < COUNTED_WORDS:
        term = _counted_term(m.group(1))
        if not term:
            break
        out.append(term)
        m = _FOLLOWING_WORD.match(text, m.end())
    return out


def _counted_keys(number: str, counted: list[str]) -> list[str]:
    """The fact keys of a small number that counts `counted` (none when it counts
    nothing): the number with each counted word, and with COUNT_BOTH the bare number too."""
    if not counted:
        return []
    if not COUNT_IN_KEY:
        return [number]
    keys = [number + COUNTED_SEP + t for t in counted]
    if COUNT_BOTH:
        keys.append(number)
    return keys


@lru_cache(maxsize=50_000)
def _counted_term(word: str) -> str:
    """The stem of a word a number can count ("" for function words and short words):
    news words that are stopwords for the terms ("people", "years") are what tolls and
    ages count."""
    low = word.lower()
    if len(low) < 3 or low in _FUNCTION_WORDS:
        return ""
    return stem(low)


def _numbers(
    text: str,
    used: list[tuple[int, int]],
    out: dict[str, int],
    dates: dict[str, int],
    lead_end: int = 0,
    starts: list[int] | None = None,
) -> None:
    """Quantities; a bare 19xx/20xx is a year and goes to `dates` (one regex pass for both).
    Those starting before `lead_end` weigh 1 + LEAD_WEIGHT. `starts`: `_digit_runs(text)`."""
    lead = 1 + LEAD_WEIGHT
    if starts is None:
        starts = _digit_runs(text)
    for m in _matches_at(_NUMBER, text, starts):
        start = m.start()
        # `used` holds a handful of date spans: scanning it beats building a set of
        # every character position they cover.
        if used and any(a <= start < b for a, b in used):
            continue
        weight = lead if start < lead_end else 1
        whole = m.group(1)
        if (
            len(whole) == 4
            and whole[:2] in ("19", "20")
            and not m.group(2)
            and not m.group(3)
            and not m.group(4)
        ):
            key = "y:" + whole
            dates[key] = dates.get(key, 0) + weight
            iso = _ISO_TAIL.match(text, m.end())  # "2013-05-03": the year opened an ISO date
            if iso:
                key = f"md:{iso.group(1)}-{iso.group(2)}"
                dates[key] = dates.get(key, 0) + weight
            continue
        comma = "," in whole
        whole = whole.replace(",", "")
        value = float(whole + ("." + m.group(2) if m.group(2) else ""))
        unit = (m.group(3) or m.group(4) or "").lower().replace(" ", "")
        if unit in ("%", "percent", "percent"):
            key = _fmt_number(value, "%")
        elif unit:
            key = _fmt_number(value * _SCALES.get(unit, 1.0))
        elif value < SMALL_NUMBER and not m.group(2) and not comma:
            counted = _counted(text, start, m.end())
            number = _fmt_number(value)
            for key in _counted_keys(number, counted):
                out[key] = out.get(key, 0) + weight
            continue
        else:
            key = _fmt_number(value)
        out[key] = out.get(key, 0) + weight


def _number_words(words: list[str], out: dict[str, int]) -> None:
    """Spelled-out numbers from the word sequence ("twenty-six" arrives as two words):
    a pass over the few matching positions is cheaper than a case-insensitive regex."""
    n = len(words)
    skip = -1
    for i in compress(count(), map(_NUMBER_WORD_FORMS.__contains__, words)):
        if i <= skip:
            continue
        low = words[i].lower()
        j = i
        if low in _TENS:
            value = float(_TENS[low])
            if j + 1 < n and words[j + 1].lower() in _SMALL:
                value += _SMALL[words[j + 1].lower()]
                j += 1
        elif low in _UNITS:
            value = float(_UNITS[low])
        else:
            continue
        if j + 1 < n and words[j + 1].lower() in _WORD_SCALES:
            value *= _SCALES[words[j + 1].lower()]
            j += 1
        skip = j
        key = _fmt_number(value)
        if value < SMALL_NUMBER:
            counted: list[str] = []
            for word in words[j + 1 : j + 1 + COUNTED_WORDS]:  # as `_counted`
                term = _counted_term(word)
                if not term:
                    break
                counted.append(term)
            weight = 1 + LEAD_WEIGHT if i < LEAD_WORDS else 1
            for k in _counted_keys(key, counted):
                out[k] = out.get(k, 0) + weight
            continue
        out[key] = out.get(key, 0) + (1 + LEAD_WEIGHT if i < LEAD_WORDS else 1)


def _words(text: str) -> list[str]:
    """`_WORD.findall(text)`, cheaper: a word never spans whitespace, and a
    whitespace-separated token of letters only is one word as it stands, so the regex
    runs only on the other tokens (those with punctuation, digits or apostrophes)."""
    # One new list, not slices replaced in place: each replacement shifted the rest of
    # the list, quadratic in a long text.
    out: list[str] = []
    for token in text.split():
        if token.isalpha():
            out.append(token)
        else:
            out.extend(_WORD.findall(token))
    return out


def _lead_end(text: str) -> int:
    """End of the lead: LEAD_CHARS into the text, moved on to the end of a word."""
    if len(text) <= LEAD_CHARS:
        return len(text)
    end = text.find(" ", LEAD_CHARS)
    return len(text) if end < 0 else end


def extract(
    text: str, *, title: str | None = None, published: str | None = None, spans: bool = False
) -> Features:
    """Features of one article's clean text (the title, when separate, counts as text).
    `spans=True` also fills `Features.spans` (multi-word names; not needed to cluster)."""
    if title and not text.startswith(title):
        text = title + "\n" + text
    out = Features(day=parse_day(published))
    # Every per-word step runs in C (findall, Counter, map over the cached `_term`,
    # compress over first-letter case): Python-level loops per word were the hot spot.
    words = _words(text)
    n = len(words)
    lead_end = _lead_end(text)
    tokens = words + words[:LEAD_WORDS] * LEAD_WEIGHT if LEAD_WEIGHT else words
    counts = Counter(tokens)
    terms = Counter(map(_term, tokens))
    terms.pop("", None)
    out.terms = terms
    capitalised = list(compress(counts.items(), map(str.isupper, map(_first, counts))))
    out.length = n
    _names(capitalised, counts, out)
    if spans:
        out.spans = name_spans(text, {w for w in counts if w[0].islower()})
    starts = _digit_runs(text)
    if starts:  # every date and number pattern needs a digit
        used = _dates(text, out.dates, counts, lead_end, starts)
        _numbers(text, used, out.numbers, out.dates, lead_end, starts)
    if not _NUMBER_WORD_FORMS.isdisjoint(counts):
        _number_words(words, out.numbers)
    return out


# What cleaning takes out of the text but still tells one incident from another of its
# kind: the date lines above the body ("May 03, 2013", "Updated: May 3, 2013 9: 56 AM",
# however the cleaner classed them) date the report, a dateline ("ARICA, Chile") places
# it. Of the lines dropped before the body only the dates count (the rest is menus and
# labels); the dateline counts as text.
EVIDENCE_METADATA = ("dateline",)


def article_features(article: Article, *, spans: bool = False) -> Features:
    """Features of a cleaned article's whole record: its title, its clean text (the raw
    text when it was never cleaned), the dateline cleaning moved to metadata, and the dates
    of the lines it dropped above the body."""
    text = article.text or article.raw
    extra = [article.metadata[k] for k in EVIDENCE_METADATA if article.metadata.get(k)]
    if extra:
        text = "\n".join((*extra, text))
    out = extract(text, title=article.title, published=article.published, spans=spans)
    head = [
        d.text
        for d in article.dropped
        if d.reason.startswith("before body") or d.reason == "date line"
    ]
    if head:
        found: dict[str, int] = {}
        for line in head:
            if _DIGITS.search(line):  # every date holds a digit
                _dates(line, found, _words(line))
                _numbers(line, [], {}, found)  # (a bare year lands in `found`)
        dates = out.dates
        for key in found:  # each date once: "Posted" and "Updated" lines repeat it
            dates[key] = dates.get(key, 0) + 1
    return out


class DocFreq:
    """Document frequencies of features, kept one document at a time (streaming TF-IDF).

    `add` counts a document, `forget` takes it back out and deletes the features no counted
    document has any more: a stream that forgets what it retires keeps IDF over the
    documents it holds, in memory that follows them (features are an open vocabulary of
    numbers, dates and names, so a table that only grows would grow with the stream).

    `idf` is smoothed so a feature seen in every document still weighs a little and an
    unseen one weighs the most: log((n + 1) / (df + 1)) + 1.
    """

    __slots__ = ("_logs", "df", "n")

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        self._logs: list[float] = [0.0]  # _logs[d] = log(d + 1), grown on demand

    def add(self, keys: Iterable[str]) -> None:
        """Count one document's (distinct) feature keys."""
        self.df.update(keys)  # Counter.update counts in C
        self.n += 1

    def forget(self, keys: Sequence[str]) -> None:
        """Take one counted document back out (the distinct keys it was `add`ed with).
        Counts that reach 0 are deleted, so the table holds only the features of documents
        still counted: on an endless stream it stays the size of what is held, not of
        every feature ever seen."""
        df = self.df
        # Decrement and delete with C-level map/update/pop (a retirement forgets a whole
        # story at once); the keys are distinct, so reading all before writing is exact.
        left = list(map(sub, map(df.__getitem__, keys), repeat(1)))
        dict.update(df, zip(keys, left, strict=True))  # set, not add as Counter.update would
        if 0 in left:
            deque(map(df.pop, compress(keys, map(not_, left))), maxlen=0)
        self.n -= 1

    def idf(self, key: str) -> float:
        return math.log((self.n + 1) / (self.df.get(key, 0) + 1)) + 1.0

    def idf_map(self, keys: Iterable[str]) -> list[float]:
        """`idf` of many keys at once (the hot path of vectorising an article)."""
        top = math.log(self.n + 1) + 1.0
        # Nested maps run in C: several times faster than a list comprehension here; and
        # log(df + 1) is read from a table (the same floats as calling math.log).
        counts = list(map(self.df.get, keys, repeat(0)))
        logs = self._logs
        try:
            return list(map(top.__sub__, map(logs.__getitem__, counts)))
        except IndexError:  # a count the table does not reach yet: grow it and retry
            logs.extend(map(math.log, range(len(logs) + 1, max(counts) + 2)))
            return list(map(top.__sub__, map(logs.__getitem__, counts)))

    def count(self, key: str) -> int:
        return self.df.get(key, 0)
