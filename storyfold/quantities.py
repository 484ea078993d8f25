"""Numbers and dates a text mentions, as feature keys: "1.1 billion" -> "n:1100000000",
"5%" -> "n:5%", "26 people" -> "n:26", "May 3, 2013" -> "md:05-03" and "y:2013".
Part of `storyfold.features` (the quantities of `Features.numbers` and `Features.dates`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from itertools import compress, count

from storyfold.text import (
    FUNCTION_WORDS,
    MONTH_FORMS,
    MONTH_RE,
    MONTHS,
    NUMBER_WORD_FORMS,
    SCALES,
    SMALL,
    TENS,
    UNITS,
    WORD_SCALES,
    stem,
)

# "May 3", "May 3, 2013" and "May 2013" in one pass.
_DATE_MDY = re.compile(
    MONTH_RE + r"\s+(?:(\d{1,2})(?:st|nd|rd|th)?\b(?:\s*,?\s*((?:19|20)\d\d)\b)?"
    r"|,?\s*((?:19|20)\d\d)\b)"
)
_DATE_DMY = re.compile(
    r"(?=\d)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + MONTH_RE
    + r"(?:\s*,?\s*((?:19|20)\d\d)\b)?"
)
# "04/28/09", "28/04/2009" (spaces around the slashes: text tokenised and joined back).
_DATE_NUMERIC = re.compile(
    r"(?=\d)(?<![\w./:-])(\d{1,2}) ?/ ?(\d{1,2}) ?/ ?((?:19|20)\d\d|\d\d)(?![\w/])"
)
# A two-digit year below this is 20xx, from it 19xx ("04/28/09" -> 2009, "'87" -> 1987).
TWO_DIGIT_YEAR_PIVOT = 50
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

def fmt_number(value: float, unit: str = "") -> str:
    if value == int(value) and abs(value) < 1e15:
        text = str(int(value))
    else:
        text = f"{value:.6g}"
    return "n:" + text + unit


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


_DIGITS = re.compile(r"\d+")
_start = re.Match.start


def digit_runs(text: str) -> list[int]:
    """Start of every run of digits. Day-month dates and numbers can only begin at one
    (their pattern opens with a digit not preceded by a word character), so they are
    matched there instead of scanning the text once per pattern."""
    return list(map(_start, _DIGITS.finditer(text)))


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
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


def add_dates(
    text: str,
    out: dict[str, int],
    words: Iterable[str],
    lead_end: int = 0,
    starts: list[int] | None = None,
    lead: int = 1,
) -> list[tuple[int, int]]:
    """Add date features (those starting before `lead_end` weigh `lead`); return the
    character ranges used so numbers skip them. `starts`: `digit_runs(text)`."""
    used: list[tuple[int, int]] = []
    if starts is None:
        starts = digit_runs(text)

    def add(key: str, start: int) -> None:
        out[key] = out.get(key, 0) + (lead if start < lead_end else 1)

    # Numeric dates ("04/28/09", "28/04/2009"): month first when it can be a month, as
    # English-language news writes them; day first when only that reading is a date.
    if "/" in text:
        for m in matches_at(_DATE_NUMERIC, text, starts):
            a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
            if 1 <= a <= 12 and 1 <= b <= 31:
                month, day = a, b
            elif 1 <= b <= 12 and 1 <= a <= 31:
                month, day = b, a
            else:
                continue
            add(f"md:{month:02d}-{day:02d}", m.start())
            if len(year) == 2:
                year = ("20" if int(year) < TWO_DIGIT_YEAR_PIVOT else "19") + year
            add("y:" + year, m.start())
            used.append(m.span())
    if MONTH_FORMS.isdisjoint(words):
        return used

    for m in _DATE_MDY.finditer(text):
        month = MONTHS[m.group(1)[:3].lower()]
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
    for m in matches_at(_DATE_DMY, text, starts):
        day, month, year = int(m.group(1)), MONTHS[m.group(2)[:3].lower()], m.group(3)
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
    if len(low) < 3 or low in FUNCTION_WORDS:
        return ""
    return stem(low)


def add_numbers(
    text: str,
    used: list[tuple[int, int]],
    out: dict[str, int],
    dates: dict[str, int],
    lead_end: int = 0,
    starts: list[int] | None = None,
    lead: int = 1,
) -> None:
    """Quantities; a bare 19xx/20xx is a year and goes to `dates` (one regex pass for both).
    Those starting before `lead_end` weigh `lead`. `starts`: `digit_runs(text)`."""
    if starts is None:
        starts = digit_runs(text)
    for m in matches_at(_NUMBER, text, starts):
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
            key = fmt_number(value, "%")
        elif unit:
            key = fmt_number(value * SCALES.get(unit, 1.0))
        elif value < SMALL_NUMBER and not m.group(2) and not comma:
            counted = _counted(text, start, m.end())
            number = fmt_number(value)
            for key in _counted_keys(number, counted):
                out[key] = out.get(key, 0) + weight
            continue
        else:
            key = fmt_number(value)
        out[key] = out.get(key, 0) + weight


def add_number_words(
    words: list[str], out: dict[str, int], lead_words: int = 0, lead: int = 1
) -> None:
    """Spelled-out numbers from the word sequence ("twenty-six" arrives as two words):
    a pass over the few matching positions is cheaper than a case-insensitive regex.
    Those among the first `lead_words` words weigh `lead`."""
    n = len(words)
    skip = -1
    for i in compress(count(), map(NUMBER_WORD_FORMS.__contains__, words)):
        if i <= skip:
            continue
        low = words[i].lower()
        j = i
        if low in TENS:
            value = float(TENS[low])
            if j + 1 < n and words[j + 1].lower() in SMALL:
                value += SMALL[words[j + 1].lower()]
                j += 1
        elif low in UNITS:
            value = float(UNITS[low])
        else:
            continue
        if j + 1 < n and words[j + 1].lower() in WORD_SCALES:
            value *= SCALES[words[j + 1].lower()]
            j += 1
        skip = j
        key = fmt_number(value)
        if value < SMALL_NUMBER:
            counted: list[str] = []
            for word in words[j + 1 : j + 1 + COUNTED_WORDS]:  # as `_counted`
                term = _counted_term(word)
                if not term:
                    break
                counted.append(term)
            weight = lead if i < lead_words else 1
            for k in _counted_keys(key, counted):
                out[k] = out.get(k, 0) + weight
            continue
        out[key] = out.get(key, 0) + (lead if i < lead_words else 1)


