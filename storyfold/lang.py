"""Languages: which one an article is in, and what differs between them.

* `detect(text)` - the ISO 639-1 code of the text's language, or None when the text is too
  short or mixed to say (py3langid: langid.py's naive Bayes model over byte n-grams, 97
  languages, the model inside its wheel; nothing is downloaded).
* `number_view(text, lang)` - the text with numbers written the English way ("3 000" ->
  "3000", "1.200,50" -> "1200.50"), *of the same length*, so offsets found in the view hold
  in the text. Unambiguous forms are rewritten whatever the language; "1.200" and "3,5" only
  when the language says which separator is the decimal one.
* `no_sentence_break(before, after, lang)` - abbreviations and ordinals ("z. B.", "am 3.
  Oktober", "M. Durand") after which a period does not end a sentence, per language.
* `translit_key(name)` - a key under which spellings of one name across languages and
  scripts meet ("Gorbatschow", "Gorbachev", "Горбачёв"; "Oustinov", "Ustinov").
* `stemmer(lang)` - the language's own (Snowball) stemmer, for the word channel of pairwise
  similarity: "Warszawa", "Warszawie" -> "warszaw".
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from anyascii import anyascii

# The languages whose numbers, abbreviations and ordinals are handled here; detection
# itself reports any of py3langid's languages.
LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "pl")

# Below this many letters a language guess is noise (a headline of three words, a caption).
MIN_LETTERS = 20
# py3langid's normalised probability below which the text is called undetermined.
MIN_CONFIDENCE = 0.5
# Enough of an article to know its language; the rest costs time and says nothing new.
DETECT_CHARS = 1500

_lock = threading.Lock()
_identifier: Any = None


def _langid() -> Any:
    global _identifier
    with _lock:  # the model takes ~2 s to unpack: once per process
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect(text: str, title: str | None = None) -> str | None:
    """The language of `text` (with its title, when given), or None when unsure."""
    sample = ((title or "") + "\n" + text)[:DETECT_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    lang, confidence = _langid().classify(sample)
    return str(lang) if confidence >= MIN_CONFIDENCE else None


# --- numbers -------------------------------------------------------------------------------

# Languages that write the decimal separator as a comma and group thousands with a period
# or a space ("1.200,50", "3 000"); English (and unknown text) the other way round.
_COMMA_DECIMAL = frozenset(("fr", "de", "es", "it", "pt", "pl", "nl", "ru", "uk", "tr", "cs"))
_THIN_SPACES = "\u00a0\u202f\u2009"  # no-break, narrow no-break, thin: only ever separators

_NUM = r"(?<![\w.,])"  # a number not glued to a word or another number
# "1.200,50" and "1.200.000": periods group thousands (a comma decimal is optional).
_DOT_GROUPS_COMMA = re.compile(_NUM + r"(\d{1,3}(?:\.\d{3})+),(\d+)(?![\d.,]\d)")
_DOT_GROUPS_MANY = re.compile(_NUM + r"(\d{1,3}(?:\.\d{3}){2,})(?![\d.,]\d)")
_DOT_GROUPS_ONE = re.compile(_NUM + r"(\d{1,3}\.\d{3})(?![\d.,]\d)")
# "3 000", "3 000,5": spaces group thousands (thin spaces in any language, plain ones only
# in languages that write numbers so; in English "May 15 100 people" is two numbers).
_THIN_GROUPS = re.compile(_NUM + r"(\d{1,3}(?:[" + _THIN_SPACES + r"]\d{3})+)(?!\d)")
_SPACE_GROUPS = re.compile(_NUM + r"(\d{1,3}(?: \d{3})+)(?!\d)")
# "3,5": a comma decimal where the language uses one (not "1,200": three digits group).
_COMMA_DECIMAL_RE = re.compile(_NUM + r"(\d+),(\d{1,2}|\d{4,})(?![\d,]|\.\d)")


def _squeeze(digits: str, width: int) -> str:
    """`digits` padded with spaces after to `width` characters (offsets stay put)."""
    return digits + " " * (width - len(digits))


def number_view(text: str, lang: str | None = None) -> str:
    """`text` with numbers in the English form, of the same length (see module doc)."""
    if not any(ch.isdigit() for ch in text):
        return text
    comma_decimal = lang in _COMMA_DECIMAL

    def dot_comma(m: re.Match[str]) -> str:
        return _squeeze(m.group(1).replace(".", "") + "." + m.group(2), len(m.group()))

    def ungroup(m: re.Match[str]) -> str:
        whole = m.group(1)
        return _squeeze(re.sub(r"[. " + _THIN_SPACES + r"]", "", whole), len(whole))

    text = _DOT_GROUPS_COMMA.sub(dot_comma, text)
    text = _DOT_GROUPS_MANY.sub(ungroup, text)
    text = _THIN_GROUPS.sub(ungroup, text)
    if comma_decimal:
        text = _SPACE_GROUPS.sub(ungroup, text)
        text = _DOT_GROUPS_ONE.sub(ungroup, text)
        text = _COMMA_DECIMAL_RE.sub(lambda m: m.group(1) + "." + m.group(2), text)
    return text


# --- sentences -----------------------------------------------------------------------------

# Abbreviations that end with a period inside a sentence, per language (lower-cased, without
# the period). English ones live in storyfold.sentences.
_ABBREVIATIONS = {
    "fr": "m mm mme mlle me dr pr st ste av bd env cf etc p ex no nº vol chap",
    "de": "z b bzw ca dr prof nr str st hr fr u a v usw vgl evtl ggf inkl bspw zb d h s o "
    "jh jhd mio mrd tsd abs art gr",
    "es": "sr sra srta dr dra d dña ud uds av avda etc ej pág núm n º",
    "it": "sig sigg sig.ra dott dr prof ing avv on sen geom ecc es pag n",
    "pt": "sr sra srs dr dra prof av etc ex pág n nº",
    "pl": "ul al pl np tzw m in godz tys mln mld ok dr prof inż mgr r w wg nr im św ks",
}
_ABBREVIATION_SETS = {k: frozenset(v.split()) for k, v in _ABBREVIATIONS.items()}

# Month names that follow an ordinal's period in languages that write dates "3. Oktober".
_ORDINAL_MONTHS = frozenset(
    """januar jänner februar märz april mai juni juli august september oktober november
    dezember stycznia lutego marca kwietnia maja czerwca lipca sierpnia września
    października listopada grudnia""".split()
)
_ORDINAL_LANGS = frozenset(("de", "pl", "cs", "da", "no", "fi"))
_LAST_WORD = re.compile(r"([^\W\d_]+|\d{1,4})\.$")
_FIRST_WORD = re.compile(r"[\"'“‘(\[]*([^\W\d_]+)")


def no_sentence_break(before: str, after: str, lang: str | None) -> bool:
    """True when a period ending `before` does not end the sentence in `lang`: an
    abbreviation of that language, or an ordinal before a month ("am 3. Oktober")."""
    if lang is None or lang == "en":
        return False
    m = _LAST_WORD.search(before.rstrip("\"'”’)]"))
    if not m:
        return False
    word = m.group(1)
    if word.isdigit():
        if lang not in _ORDINAL_LANGS or len(word) > 2:
            return False
        nxt = _FIRST_WORD.match(after)
        return nxt is not None and nxt.group(1).lower() in _ORDINAL_MONTHS
    return word.lower() in _ABBREVIATION_SETS.get(lang, frozenset())


# --- names ---------------------------------------------------------------------------------

# Spellings that transliteration into English, German, French and Polish writes differently
# for one sound, folded to one (applied in order, on lower-case ASCII).
_TRANSLIT_FOLDS = (
    ("tsch", "ch"),
    ("tz", "s"),  # German "Scholz", "Moritz" / "Sholts"
    ("ts", "s"),  # German "Tschaikowski"
    ("dzh", "j"),
    ("dsch", "j"),  # German "Dschamal"
    ("sch", "sh"),  # German "Schewtschenko"
    ("sz", "sh"),  # Polish
    ("cz", "ch"),
    ("tch", "ch"),  # French "Tchaïkovski"
    ("kh", "ch"),  # "Khodorkovsky" / German, Polish "Chodorkowski"
    ("ck", "k"),
    ("ph", "f"),
    ("ou", "u"),  # French "Oustinov"
    ("w", "v"),  # German, Polish "w" is "v"
    ("x", "ks"),
    ("q", "k"),
    ("z", "s"),  # German "S" is the English "Z" ("Sinowjew" / "Zinoviev")
    ("c", "k"),
    ("j", "i"),  # German, Polish "j" is the English "y"
    ("y", "i"),
)
# Endings that vary by language and none of which tells names apart ("-skyj", "-sky",
# "-skiy", "-ski"; French "-ine").
_TRANSLIT_ENDING = re.compile(r"(?<=[^aeiou])(?:ii|i|e)$")
_LETTERS = re.compile(r"[a-z]+")


@lru_cache(maxsize=100_000)
def translit_key(name: str) -> str:
    """A key of `name` (one or more words) under which its spellings across languages and
    scripts meet: the Latin transliteration (anyascii), sound spellings folded, variable
    endings dropped, doubled letters collapsed, and inner vowels dropped from long words."""
    keys = []
    for word in _LETTERS.findall(re.sub(r"['’`ʹʼ]", "", anyascii(name)).lower()):
        for a, b in _TRANSLIT_FOLDS:
            if a in word:
                word = word.replace(a, b)
        word = word.replace("h", "") or word
        word = _TRANSLIT_ENDING.sub("", word) if len(word) > 3 else word
        collapsed = word[:1]
        for ch in word[1:]:
            if ch != collapsed[-1]:
                collapsed += ch
        skeleton = collapsed[:1] + "".join(c for c in collapsed[1:] if c not in "aeiou")
        keys.append(skeleton if len(skeleton) >= 3 else collapsed)
    return " ".join(k for k in keys if k)


# --- stopwords -----------------------------------------------------------------------------

# The commonest function words of each language (English ones live in storyfold.features):
# they say nothing about which story a text tells, and without document frequencies to
# discount them they would dominate a word cosine of two German or Polish texts.
_STOPWORDS = {
    "fr": """le la les un une des du de d l au aux et ou mais donc or ni car que qui quoi dont
    où ce cet cette ces se sa son ses leur leurs lui elle elles il ils on nous vous je tu me te
    y en ne pas plus moins très tout tous toute toutes aussi comme avec sans pour par sur sous
    dans entre vers chez avant après depuis pendant être est sont était été sera ont avait
    avoir a ai fait faire dit selon lors ainsi alors encore déjà même autre autres fois
    jour jours année ans mois lundi mardi mercredi jeudi vendredi samedi dimanche""",
    "de": """der die das den dem des ein eine einer eines einem einen und oder aber doch denn
    dass daß wie als wenn ob weil auch noch schon nur sehr mehr nicht kein keine keinen ist
    sind war waren wird werden wurde wurden worden sein hat haben hatte hatten kann können
    soll sollen muss müssen will wollen sich er sie es wir ihr ich man sein seine ihre ihren
    ihrem ihrer mit von vom zu zum zur bei beim nach vor über unter auf aus an am im in um
    durch für gegen ohne bis seit so da dort hier dies diese dieser dieses diesem diesen
    jahr jahre jahren tag tagen montag dienstag mittwoch donnerstag freitag samstag sonntag
    sagte sagt laut heute gestern mal etwa bereits""",
    "es": """el la los las un una unos unas lo al del de y o u pero sino que quien quienes cual
    cuales cuyo donde como cuando porque si no ni más menos muy todo todos toda todas también
    ya aún con sin para por sobre bajo entre hacia desde hasta durante ante tras se su sus le
    les él ella ellos ellas nos vos yo tú me te mi es son era eran fue fueron ser sido está
    están estaba ha han había haber hay hace dijo según este esta estos estas ese esa eso otro
    otra otros año años día días lunes martes miércoles jueves viernes sábado domingo""",
    "it": """il lo la i gli le un uno una di del dello della dei degli delle a al allo alla ai
    agli alle da dal dalla dai in nel nello nella nei negli nelle su sul sulla sui con per tra
    fra e ed o ma che chi cui non più meno molto tutto tutti anche ancora già se si suo sua
    suoi sue loro lui lei noi voi io è sono era erano stato stata essere ha hanno aveva avere
    fa ha detto secondo questo questa questi quello quella altro altri anno anni giorno giorni
    lunedì martedì mercoledì giovedì venerdì sabato domenica""",
    "pt": """o a os as um uma uns umas do da dos das de em no na nos nas ao aos à às por pelo
    pela pelos pelas para com sem sobre entre até desde e ou mas que quem qual quais onde como
    quando porque se não mais menos muito todo todos toda todas também já ainda seu sua seus
    suas ele ela eles elas nós vós eu me te é são era eram foi foram ser sido está estão estava
    tem têm tinha ter há disse segundo este esta estes estas esse essa isso outro outra outros
    ano anos dia dias segunda terça quarta quinta sexta sábado domingo""",
    "pl": """i w we z ze na do od o u za po przez przy pod nad dla bez ale lub albo oraz a że
    czy jak gdy gdzie kiedy bo jeśli nie tak też także już jeszcze tylko bardzo więcej mniej
    to ten ta te tego tej tym tych jest są był była było byli były być będzie został została
    zostało ma mają miał miała się jego jej ich on ona ono oni one my wy ja mnie nas go mu
    który która które którzy którego której jako roku rok lat dni dzień powiedział według
    poniedziałek wtorek środa czwartek piątek sobota niedziela""",
}
STOPWORDS = {k: frozenset(v.split()) for k, v in _STOPWORDS.items()}


def stopwords(lang: str | None) -> frozenset[str]:
    """Function words of `lang` (empty for English, handled elsewhere, and for unknown)."""
    return STOPWORDS.get(lang or "", frozenset())


# --- stems ---------------------------------------------------------------------------------

# Snowball's stemmer (snowballstemmer, pure Python) of each language storyfold handles
# besides English, which keeps the crude stemmer every stage shares (storyfold.text.stem).
# A language that inflects its nouns for case ("Warszawa", "Warszawie", "Warszawy") meets
# itself only through its own stemmer; the English suffix rules leave those words apart.
_SNOWBALL = {"fr": "french", "de": "german", "es": "spanish", "it": "italian",
             "pt": "portuguese", "pl": "polish"}  # fmt: skip


@cache
def stemmer(lang: str | None) -> Callable[[str], str] | None:
    """A stemmer of lower-case words of `lang` (Snowball's, results cached), None for
    English, a language without one here, or a snowballstemmer without that language."""
    if lang is None or lang not in _SNOWBALL:
        return None
    import snowballstemmer

    if _SNOWBALL[lang] not in snowballstemmer.algorithms():
        return None
    snowball = snowballstemmer.stemmer(_SNOWBALL[lang])
    lock = threading.Lock()  # a Snowball stemmer object keeps state while it stems

    @lru_cache(maxsize=100_000)
    def stem_word(word: str) -> str:
        with lock:
            return str(snowball.stemWord(word))

    return stem_word
