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
  "y:2013"). Numbers and dates are found by `storyfold.quantities` (SMALL_NUMBER and
  COUNT_IN_KEY live there); words, stopwords and stems come from `storyfold.text`.

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
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat
from operator import itemgetter, not_, sub
from typing import TYPE_CHECKING

from storyfold.quantities import (
    add_dates,
    add_number_words,
    add_numbers,
    digit_runs,
    parse_day,
)
from storyfold.text import NUMBER_WORD_FORMS, letter_words, stem
from storyfold.text import TOPIC_STOPWORDS as STOPWORDS  # features serve clustering
from storyfold.text import WORD as _WORD

if TYPE_CHECKING:
    from storyfold.records import Article

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
    words = letter_words(text)
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
    starts = digit_runs(text)
    lead = 1 + LEAD_WEIGHT
    if starts:  # every date and number pattern needs a digit
        used = add_dates(text, out.dates, counts, lead_end, starts, lead)
        add_numbers(text, used, out.numbers, out.dates, lead_end, starts, lead)
    if not NUMBER_WORD_FORMS.isdisjoint(counts):
        add_number_words(words, out.numbers, LEAD_WORDS, lead)
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
            if any(map(str.isdecimal, line)):  # every date holds a digit
                add_dates(line, found, letter_words(line))
                add_numbers(line, [], {}, found)  # (a bare year lands in `found`)
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
