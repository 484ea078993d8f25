"""Find mentions of named things (people, organisations, places, named groups) in sentences.

Heuristics over capitalisation, not a model: a mention is a run of capitalised words (with
"of"/"the"/"de"-like connectors inside), minus what a run also catches that is not a name —
sentence-opening words, office titles and honorifics in front ("French President", "Mr"),
possessives, nationality adjectives standing alone. Titles are kept as the mention's `role`,
so later stages can compare what sources call one person. Two lowercase kinds of name are
found too: a quoted phrase introduced as a name ("so-called “X”", or built on a group noun
like "coalition"), and a capitalised word before a facility noun ("X pipeline").
Headline-case lines ("Mayor Says 12 Towns Flooded") only yield names already found in
running text, since in them capitals say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from storyfold.reconcile.lexicon import (
    FACILITY_WORDS,
    GROUP_WORDS,
    STOPWORDS,
    demonyms,
    fold,
    honorifics,
    places,
    title_classes,
    title_words,
)
from storyfold.reconcile.names_lang import (
    capitalises_nouns,
    function_words,
    noun_like,
    title_noun,
)
from storyfold.text import MONTHS_DAYS


@dataclass
class Mention:
    article: str
    sentence: int
    start: int  # character offsets of `surface` in the sentence text
    end: int
    surface: str  # the name as written, without title, honorific or possessive
    key: str  # folded form two spellings of one name share when they only differ in case
    role: str | None = None  # office class of a title in front ("secretary-general")
    role_text: str = ""  # the title as written
    honorific: bool = False
    glued: bool = False  # the source fused the name with the next word ("SmithAnd")
    spacing: bool = False  # broken spacing inside the name ("Al -Hilal")
    term: bool = False  # a quoted or lower-case name ("green copper pact")
    # In a language that capitalises every noun (names_lang): whether the article is in
    # one, whether a word of the name is a common noun, whether a noun of office stands
    # in front ("Trainer", "Bundesfinanzminister").
    caps_lang: bool = False
    common: bool = False
    titled: bool = False

    @property
    def tokens(self) -> list[str]:
        return self.key.split()


_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.K.
    r"|(?<=\s)-(?=[A-Z])[\w'’-]*\w"  # "-Hilal" after a stray space: glue it on later
    r"|\w[\w'’-]*\w|\w"
    r"|[^\w\s]"
)
_CONNECTORS = frozenset("of the de du von van der den la le da di del bin al y".split())
# Where "der", "die", "den" are articles: a name goes on over them only after "von"/"van".
_CONNECTORS_FIRST = {"de": frozenset("von van de da di del bin al zu".split())}
_GLUED = re.compile(r"^([A-Z][a-z]{2,})(And|The|Of|In|On|To|For|With|Is|Was|Who|That|Has)$")
_QUOTED = re.compile(r"“([^”“]{2,80})”|\"([^\"]{2,80})\"|``\s*(.{2,80}?)\s*''|‘([^’‘]{2,60})’")
_NAMED_BY = re.compile(r"(?:so\s*-?\s*called|dubbed|known as|called|named)\s*[“\"‘`]*\s*$", re.I)
_TITLE_FILLER = frozenset(
    "government special foreign defence defense deputy acting interim".split()
)
_POSSESSIVE = re.compile(r"['’]s?$")
_NUMBER_WORD = re.compile(
    r"(?i)^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)\b"
)
_OPENERS = frozenset("“‘\"'`(".split()) | {"“", "‘", '"', "'", "`", "("}


class _Tok:
    """A token of a sentence. `cap` and `low` are computed when it is made: finding
    mentions asks for them hundreds of thousands of times in a story. (A plain class with
    slots: a story has some 100,000 tokens, and a dataclass __init__ calling __post_init__
    cost more than the rest.) Not changed after tokenize() makes it."""

    __slots__ = ("cap", "end", "low", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        t = text[1:] if text.startswith("-") else text
        self.cap = bool(t) and t[0].isupper() and t[0].isalpha()
        # _POSSESSIVE.sub only when it can match (a quote at or before the end): most
        # tokens are not possessives and the regex call cost more than the rest.
        if len(text) > 3 and (text[-1] in "'’" or text[-2] in "'’"):
            text = _POSSESSIVE.sub("", text)
        self.low = text.lower() if text.isascii() else fold(text)

    def __eq__(self, other: object) -> bool:  # as the dataclass it was: by its fields
        if not isinstance(other, _Tok):
            return NotImplemented
        return (self.text, self.start, self.end) == (other.text, other.start, other.end)

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        return f"_Tok(text={self.text!r}, start={self.start!r}, end={self.end!r})"

    @property
    def possessive(self) -> bool:
        return len(self.text) > 3 and self.text[-2:] in ("'s", "’s")

    @property
    def plain(self) -> bool:
        """Could be part of a name: no digits, underscores or slashes."""
        return not re.search(r"[\d_/]", self.text) and not _NUMBER_WORD.match(self.text)


def tokenize(text: str) -> list[_Tok]:
    return list(_tokens(text))


@lru_cache(maxsize=1 << 13)
def _tokens(text: str) -> tuple[_Tok, ...]:
    # Cached: every sentence is tokenized twice (Vocabulary.of, then sentence_mentions).
    return tuple(_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text))


@dataclass
class Vocabulary:
    """Which words the story writes in lower case, and which capitalised mid-sentence."""

    lower: set[str]
    capital: set[str]
    # Common nouns of a language that capitalises them (names_lang), set by the caller.
    nouns: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, sentences: Iterable[str]) -> Vocabulary:
        lower: set[str] = set()
        capital: set[str] = set()
        for text in sentences:
            toks = tokenize(text)
            if _is_headline([t for t in toks if t.text[0].isalpha() or t.text[0] == "-"], text):
                continue
            after_open = {
                toks[k + 1].start for k in range(len(toks) - 1) if toks[k].text in _OPENERS
            }
            for t in toks[1:]:
                if t.start not in after_open:
                    (capital if t.cap else lower).add(t.low)
        return cls(lower, capital)


def _is_headline(words: list[_Tok], text: str = "") -> bool:
    """Title Case lines: most words capitalised, function words included, no full stop."""
    if text.rstrip().endswith((".", "?", "!", ".”", '."')):
        return False
    alpha = [t for t in words if t.text[0].isalpha()]
    if len(alpha) < 4:
        return False
    caps = sum(1 for t in alpha if t.cap)
    content = [t for t in alpha if t.low not in STOPWORDS]
    return caps / len(alpha) >= 0.6 and sum(1 for t in content if t.cap) >= 0.75 * len(content)


def _is_title_word(low: str) -> bool:
    return low in title_words() and low not in STOPWORDS


def _role_class(words: list[str]) -> str | None:
    classes = title_classes()
    for n in range(len(words), 0, -1):  # longest title at the end first: "director general"
        for i in range(len(words) - n, -1, -1):
            form = " ".join(words[i : i + n])
            if form in classes:
                return classes[form]
    return None


def sentence_mentions(
    article: str, index: int, text: str, vocab: Vocabulary, lang: str | None = None
) -> tuple[list[Mention], bool]:
    """Mentions in one sentence, and whether the sentence is a headline-case line.
    `lang`: the article's language, when known (names_lang)."""
    toks = tokenize(text)
    words = [t for t in toks if t.text[0].isalpha() or t.text[0] == "-"]
    if _is_headline(words, text):
        return [], True
    first_word = words[0].start if words else -1
    # Words right after an opening quote are capitalised like sentence openers.
    openers = {first_word} | {
        toks[k + 1].start for k in range(len(toks) - 1) if toks[k].text in _OPENERS
    }
    out: list[Mention] = []
    first_connectors = _CONNECTORS_FIRST.get(lang or "", _CONNECTORS)
    fw = function_words(lang)
    i = 0
    while i < len(toks):
        if not (toks[i].cap and toks[i].plain):
            i += 1
            continue
        j = i
        while not toks[j].possessive and not _GLUED.match(toks[j].text):
            nxt = toks[j + 1] if j + 1 < len(toks) else None
            if (
                nxt is not None
                and nxt.cap
                and nxt.plain
                and nxt.low not in STOPWORDS
                and nxt.low not in fw
                # Two spaces or more: lines joined (a heading, a caption), not one name.
                and not text[toks[j].end : nxt.start].startswith("  ")
            ):
                j += 1
            elif (
                j + 2 < len(toks)
                and toks[j + 1].low in first_connectors
                and (
                    toks[j + 2].cap
                    or (j + 3 < len(toks) and toks[j + 2].low in _CONNECTORS and toks[j + 3].cap)
                )
                and not _POSSESSIVE.search(toks[j].text[-2:])
            ):
                j += 2 if toks[j + 2].cap else 3
            else:
                break
        span = toks[i : j + 1]
        # "Nordvik pipeline", "Nordwick gas pipeline": a name before a facility noun.
        if len(span) <= 2 and j + 1 < len(toks) and not toks[j + 1].cap:
            if toks[j + 1].low in FACILITY_WORDS:
                span = [*span, toks[j + 1]]
            elif (
                j + 2 < len(toks)
                and toks[j + 2].low in FACILITY_WORDS
                and toks[j + 1].text.isalpha()
                and toks[j + 1].low not in STOPWORDS
            ):
                span = [*span, toks[j + 1], toks[j + 2]]
        opener = span[0].start if span[0].start in openers else -1
        out.extend(_span_mentions(article, index, text, toks, span, opener, vocab, lang))
        i = j + 1
    return out, False


def _span_mentions(
    article: str,
    index: int,
    text: str,
    toks: list[_Tok],
    span: list[_Tok],
    first_word: int,
    vocab: Vocabulary,
    lang: str | None = None,
) -> list[Mention]:
    caps = capitalises_nouns(lang)
    span, first_word = _trim_openers(span, first_word, vocab, lang)
    if not span:
        return []
    # An office title or honorific in front: keep it as the role, the rest is the name.
    cut = -1
    honorific = False
    for k, t in enumerate(span):
        low = t.low
        if _is_title_word(low) or low in honorifics():
            cut = k
    out: list[Mention] = []
    role_words: list[str] = []
    role_text = ""
    if cut >= 0 and cut < len(span) - 1:
        head = span[: cut + 1]
        honorific = any(t.low in honorifics() for t in head)
        role_words = [t.low for t in head if _is_title_word(t.low)]
        role_text = text[head[0].start : head[-1].end]
        # What precedes the title may itself be a name: "NATO" in "NATO Director General".
        lead: list[_Tok] = []
        for t in head:
            if _is_title_word(t.low) or t.low in honorifics() or t.low in demonyms():
                break
            lead.append(t)
        # ... but a lone word there is mostly a portfolio ("Finance Minister").
        if lead and (len(lead) > 1 or lead[0].text.isupper()):
            out.extend(_span_mentions(article, index, text, toks, lead, -1, vocab, lang))
        span = _trim(span[cut + 1 :])
        if not span:
            return out
    elif cut == len(span) - 1:
        # Only titles and what precedes them ("Prime Minister", "NATO Secretary-General").
        lead = []
        for t in span:
            if _is_title_word(t.low) or t.low in honorifics() or t.low in demonyms():
                break
            lead.append(t)
        if lead and len(lead) < len(span):
            return _span_mentions(article, index, text, toks, lead, -1, vocab, lang)
        if not (len(span) > 1 and span[-1].low in GROUP_WORDS | FACILITY_WORDS):
            return []
    if not role_words:
        role_words, role_text = _titles_before(text, toks, span)
    # In German a noun of office in front is a title: "Trainer Kassie Byrd".
    titled = False
    if caps and len(span) >= 3 and title_noun(span[0].low):
        # ... but "Sprecher von Siemens" names whom the title belongs to, not a person.
        titled = span[1].low not in _CONNECTORS
        span = _trim(span[1:])
        if not span:
            return out
    if all(t.low in demonyms() for t in span):
        return out
    role = _Role(role_words, role_text, honorific, titled)
    mention = _mention(article, index, text, span, first_word, vocab, caps, role)
    if mention is not None:
        out.append(mention)
    return out


def _trim_openers(
    span: list[_Tok], first_word: int, vocab: Vocabulary, lang: str | None
) -> tuple[list[_Tok], int]:
    """The span without the words that only look like a name's: function words of the
    article's language at either edge ("Laut X"), and a sentence's capitalised first word
    when the story writes it in lower case too. `first_word` becomes -1 once the opening
    word is gone."""
    fw = function_words(lang)
    while span and span[0].low in fw:
        span = span[1:]
        first_word = -1
    while span and span[-1].low in fw:
        span = span[:-1]
    # Words opening a sentence are capitalised whatever they are.
    while span and span[0].start == first_word:
        low = span[0].low
        if (
            low in STOPWORDS
            or low in MONTHS_DAYS
            or (low in vocab.lower and low not in vocab.capital)
        ):
            span = span[1:]
            first_word = -1
        else:
            break
    return _trim(span), first_word


def _titles_before(text: str, toks: list[_Tok], span: list[_Tok]) -> tuple[list[str], str]:
    """Lower-case titles before the name: "UN secretary-general Lena Holm"."""
    pos = toks.index(span[0])
    back: list[_Tok] = []
    k = pos - 1
    while k >= 0 and len(back) < 5:
        low = toks[k].low
        if _is_title_word(low) or low in _TITLE_FILLER or low in demonyms():
            back.insert(0, toks[k])
            k -= 1
        else:
            break
    found = [t.low for t in back if _is_title_word(t.low)]
    if found:
        return found, text[back[0].start : back[-1].end]
    return [], ""


@dataclass(frozen=True, slots=True)
class _Role:
    """What stands before a name: its title words and text, an honorific, a German noun
    of office."""

    words: list[str]
    text: str
    honorific: bool
    titled: bool


def _mention(
    article: str,
    index: int,
    text: str,
    span: list[_Tok],
    first_word: int,
    vocab: Vocabulary,
    caps: bool,
    role: _Role,
) -> Mention | None:
    """The mention a trimmed span makes, or None for one word that is no name here."""
    role_words, honorific = role.words, role.honorific
    fused = _GLUED.match(span[-1].text)
    if len(span) == 1:
        low = fold(fused.group(1)) if fused else span[0].low
        if low in MONTHS_DAYS or low in STOPWORDS or len(low) < 2:
            return None
        if low in vocab.lower and not honorific and not role_words:
            return None  # "Western" when the story also writes "western"
        if (
            span[0].start == first_word
            and low not in vocab.capital
            and not role_words
            and low not in places()
        ):
            return None  # an opening word never capitalised elsewhere
    start, end = span[0].start, span[-1].end
    surface = text[start:end]
    glued = False
    pm = _POSSESSIVE.search(surface)
    if pm and len(surface) > 3 and surface[pm.start() - 1 : pm.start()].isalpha():
        surface = surface[: pm.start()]
        end = start + len(surface)
    name = surface
    if fused and len(span) <= 3:
        # Keep the fused surface as written ("SmithAnd"), but key it by the name inside.
        glued = True
        name = text[start : span[-1].start + len(fused.group(1))]
    spacing = bool(re.search(r"\s-\w|\w-\s", surface))
    key = " ".join(re.sub(r"\s*-\s*", "-", fold(name)).replace(".", "").split())
    return Mention(
        article=article,
        sentence=index,
        start=start,
        end=end,
        surface=surface,
        key=key,
        role=_role_class(role_words) if role_words else None,
        role_text=role.text,
        honorific=honorific,
        glued=glued,
        spacing=spacing,
        caps_lang=caps,
        common=caps and any(noun_like(w, vocab.nouns, vocab.lower) for w in key.split()),
        titled=role.titled,
    )


def _trim(span: list[_Tok]) -> list[_Tok]:
    """Drop function words at the edges ("of the United Kingdom"); keep a capitalised "Al"."""
    while span and (span[0].low in STOPWORDS or (span[0].low in _CONNECTORS and not span[0].cap)):
        span = span[1:]
    while span and (span[-1].low in _CONNECTORS or span[-1].low in STOPWORDS):
        span = span[:-1]
    return span


def quoted_terms(text: str) -> list[str]:
    """Lower-case names a sentence introduces in quotes: "the so-called “X”", “X coalition”."""
    out: list[str] = []
    for m in _QUOTED.finditer(text):
        phrase = next(g for g in m.groups() if g is not None).strip(" ,.;:!?'\"")
        words = phrase.split()
        if not 1 <= len(words) <= 5 or not all(re.fullmatch(r"[\w'’-]+", w) for w in words):
            continue
        lows = [fold(w) for w in words]
        named = bool(_NAMED_BY.search(text[: m.start() + 1]))
        if lows[0] in STOPWORDS and lows[0] != "the":
            continue
        if lows[0] == "the":
            lows = lows[1:]
        if not lows or (len(lows) == 1 and not named):
            continue
        if named or any(w in GROUP_WORDS for w in lows):
            out.append(" ".join(lows))
    return out


def find_key(text: str, key: str, folded: str | None = None) -> list[tuple[int, int]]:
    """Where a folded name occurs in `text`, case- and accent-insensitively, as whole words.
    `folded`: `fold(text)`, when the caller has it already."""
    folded = fold(text) if folded is None else folded
    if key.split("-")[0].split(" ")[0] not in folded:
        return []  # the first word is not there: no need to run the pattern
    return [(m.start(), m.end()) for m in _key_pattern(key).finditer(folded)]


@lru_cache(maxsize=1 << 12)
def _key_pattern(key: str) -> re.Pattern[str]:
    # Compiled once per name: a story asks for each name in every sentence, and re's own
    # cache (512 patterns) is too small for a long text's names.
    pattern = r"(?<![\w-])" + r"\s*-?\s*".join(re.escape(w) for w in key.split("-")) + r"(?![\w])"
    return re.compile(pattern.replace(r"\ ", r"\s+"))


def article_mentions(
    article: str,
    sentences: list[tuple[int, str]],
    vocab: Vocabulary,
    terms: set[str],
    lang: str | None = None,
) -> tuple[list[Mention], list[int]]:
    """All mentions in an article's sentences, and the indexes of its headline-case lines."""
    out: list[Mention] = []
    headlines: list[int] = []
    for index, text in sentences:
        found, headline = sentence_mentions(article, index, text, vocab, lang)
        if headline:
            headlines.append(index)
        # A fixed order (the set's varies from run to run): when two terms overlap, the
        # one handled last keeps the span, so the longer goes last.
        for term in sorted(terms, key=lambda t: (len(t), t)):
            for start, end in find_key(text, term):
                found = [m for m in found if m.end <= start or m.start >= end]
                found.append(Mention(article, index, start, end, text[start:end], term, term=True))
        out.extend(found)
    return out, headlines
