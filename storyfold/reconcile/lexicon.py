"""General word lists the reconcile stage leans on, loaded once from `storyfold/data/`.

Nothing here knows any story: titles, honorifics, place names, nationality adjectives,
and English function words are facts about the language and the world.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from storyfold.data import classes as data_classes
from storyfold.data import lines as data_lines

# `stem` is re-exported: the reconcile modules import it from here with the word lists.
from storyfold.text import STOPWORDS, stem  # noqa: F401


def fold(text: str) -> str:
    """Lower-case, accent-free, typographic quotes made plain: the key two spellings share.

    Keeps the length of `text`, so offsets found in the folded text hold in the original."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


@cache
def _fold_char(c: str) -> str:
    if c in "’‘":
        return "'"
    base = [d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d)]
    low = (base[0] if len(base) == 1 else c).lower()
    return low if len(low) == 1 else c


@cache
def title_classes() -> dict[str, str]:
    """Title form ("spokesman", "secretary general") -> its office class ("spokesperson")."""
    return data_classes("reconcile_titles.txt")


@cache
def title_words() -> frozenset[str]:
    """Every single word that occurs in a title form ("secretary-general", "prime", ...)."""
    words: set[str] = set()
    for form in title_classes():
        words.update(form.split())
    return frozenset(words)


@cache
def honorifics() -> frozenset[str]:
    return frozenset(w for ln in data_lines("reconcile_honorifics.txt") for w in ln.split())


@cache
def places() -> frozenset[str]:
    return frozenset(fold(ln) for ln in data_lines("reconcile_places.txt"))


@cache
def demonyms() -> frozenset[str]:
    return frozenset(w for ln in data_lines("reconcile_demonyms.txt") for w in ln.split())


# Words that make a capitalised span an organisation, a group or a facility.
ORG_WORDS = frozenset(
    """union commission council house ministry department agency party bank company corp
    corporation inc ltd llc university college institute association organization
    organisation committee court parliament congress senate assembly army navy force forces
    police office times post news press centre center hospital school club foundation fund
    group network airlines airways authority board bureau service services guard government
    kremlin pentagon administration federation league cabinet embassy""".split()
)
GROUP_WORDS = frozenset(
    """coalition alliance movement front bloc axis initiative force forces brigade militia
    rebels""".split()
)
FACILITY_WORDS = frozenset(
    """pipeline river bridge dam airport canal strait sea lake mountain mountains valley
    island islands bay gulf port harbour harbor station tunnel highway motorway road street
    square park stadium plant reactor mine field oilfield""".split()
)

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def content_words(text: str) -> list[str]:
    """Lower-case words of `text` without function words, for overlap measures."""
    return [w for w in (fold(m.group()) for m in _WORD.finditer(text)) if w not in STOPWORDS]
