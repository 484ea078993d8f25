"""What capitals say about names in languages other than English.

In German every noun is capitalised, so a run of capitalised words ("Die Polizei", "Beginn
der Krise", "Graue Erbsen") says nothing about a person. The signals used instead are
facts about the language, not about any story:

* function words (storyfold.lang's lists) open or close a run without being part of a
  name ("Laut Kaniber" -> "Kaniber");
* a word the story writes right after an article or a determiner ("die Polizei", "der
  Krise") is a common noun, and so is a word with a noun-only ending ("-ung", "-heit");
  a word it also writes in lower case is neither noun nor name ("Grüne Zone");
* a capitalised noun of office or trade in front of a name ("Bundesfinanzminister",
  "Trainer") is a title: what follows it is a person's name.

In such a language a run is a person only with evidence: a title or honorific in front,
the surname used alone elsewhere, or at least two mentions none of whose words is a noun.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from itertools import pairwise

from storyfold.lang import stopwords
from storyfold.reconcile.lexicon import fold

# Languages that capitalise every noun.
CAPITALISED_NOUNS = frozenset({"de"})

_DETERMINERS = {
    "de": frozenset(
        """der die das den dem des ein eine einen einem einer eines kein keine keinen keinem
        keiner keines im am zum zur vom beim ins ans jede jeder jedes jeden jedem diese
        dieser dieses diesen diesem alle allen viele vielen mehrere einige manche unser
        unsere unseren sein seine seinen seiner ihr ihre ihren ihrer mein meine dein deine
        welche welcher welches solche wer wen wem wessen was wo wann warum""".split()
    ),
}
# Number words open a run of capitals ("Zwei Surfer", "Tausende Menschen") and are no name.
_NUMBER_WORDS = {
    "de": frozenset(
        """zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig hundert
        hunderte tausend tausende million millionen milliarde milliarden mio mrd dutzend
        dutzende beide beiden ersten erste zweite dritte""".split()
    ),
}

# Endings no German name has: nouns of action, quality, state ("Ermittlung", "Krankheit").
# Written folded (no umlauts): they are matched against folded words.
_NOUN_ENDINGS = re.compile(
    r"(?:ungen|ung|heit|heiten|keit|keiten|schaft|schaften|tion|tionen|tat|taten|ismus|"
    r"nisse|innen|ierung|logie|gie|mus)$"
    # ... nor adjectives ("Schwedischer", "Alkoholische", "Wichtige").
    r"|(?:isch|lich|ig)(?:e|er|en|es|em)$"
)
# Nouns of office and trade, by their ending: "Bundesfinanzminister", "Pressesprecherin".
_TITLE_ENDINGS = re.compile(
    r"(?:minister|kanzler|prasident|sprecher|chef|burgermeister|trainer|politiker|kandidat|"
    r"direktor|vorsitzender?|experte|profi|leiter|richter|anwalt|anwaltin|reporter|sanger|"
    r"schauspieler|autor|publizist|regisseur|abgeordneter?|senator|gouverneur|botschafter|"
    r"kommissar|sekretar|manager|grunder|forscher|okonom|kapitan|spieler|sturmer|torwart|"
    r"coach|moderator|journalist|historiker|virologe|epidemiologe|arzt|professor)"
    r"(?:in|en|s)?$"
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def capitalises_nouns(lang: str | None) -> bool:
    return lang in CAPITALISED_NOUNS


@cache
def function_words(lang: str | None) -> frozenset[str]:
    """Words that are never part of a name in `lang` (empty for English and unknown)."""
    words = (
        stopwords(lang)
        | _DETERMINERS.get(lang or "", frozenset())
        | _NUMBER_WORDS.get(lang or "", frozenset())
    )
    return frozenset(fold(w) for w in words)


def nouns_after_determiners(texts: Iterable[str], lang: str) -> set[str]:
    """Folded words the texts write right after a lower-case article or determiner."""
    dets = _DETERMINERS.get(lang, frozenset())
    out: set[str] = set()
    for text in texts:
        words = _WORD.findall(text)
        for a, b in pairwise(words):
            if a in dets and b[:1].isupper():
                low = fold(b)
                out.add(re.sub(r"['’]s?$", "", low))
    return out


def noun_like(word: str, nouns: set[str] | frozenset[str], lower: set[str]) -> bool:
    """Is the folded word a common noun by the story's usage or its ending, or a word the
    story writes in lower case (an adjective: "Grüne Zone"; no noun or name is)?"""
    if word in nouns or word.split("-")[-1] in nouns or word in lower:
        return True
    return len(word) > 5 and bool(_NOUN_ENDINGS.search(word))


def title_noun(word: str) -> bool:
    """A noun of office or trade ("bundesfinanzminister", "trainerin")."""
    return len(word) > 4 and bool(_TITLE_ENDINGS.search(word))
