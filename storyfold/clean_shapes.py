"""Line shapes that tell page furniture from article text, and the furniture pattern list.

Shared by the cleaner and the text reader (which guesses a title from the first line).
Every predicate looks at one stripped line; none knows any site or story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from storyfold.data import lines as data_lines
from storyfold.lang import STOPWORDS as LANG_STOPWORDS
from storyfold.text import MONTH_ALTS, STOPWORDS

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# Terminal punctuation, optionally followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:;,][\"'”’)\]]*$")
_BARE_URL = re.compile(r"^(?:<)?(?:https?://|www\.)\S+(?:>)?$", re.IGNORECASE)
_EMAIL_ONLY = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_TIMESTAMP = re.compile(
    r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?(?:\s*[/|-]\s*\d{1,2}:\d{2}(?::\d{2})?)?$",
    re.IGNORECASE,
)
_COUNTER = re.compile(
    r"^(?:[\d.,]+\s*[kKmM]?\+?\s*(?:views?|comments?|shares?|likes?|reads?|reactions?|replies|"
    r"votes?|min(?:ute)?s?\s+read|hours?\s+ago|minutes?\s+ago|days?\s+ago)|"
    r"(?:views?|comments?|shares?|likes?|reads?)\s*:?\s*[\d.,]+\s*[kKmM]?)$",
    re.IGNORECASE,
)
_LONE_PUNCTUATION = re.compile(r"^[^\w]+$|^_+$")
# "Lending slows as banks focus on recovery of loans at fiscal yea..." - a teaser cut
# mid-word or mid-phrase by a list widget.
_TRUNCATED = re.compile(r"[^\W_](?:\.\.\.|…)$")
_MONTH = rf"(?i:{MONTH_ALTS})\.?"
_DATE_ONLY = re.compile(
    rf"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|[A-Z]{2,4}))*)?\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|reported by|author\s*:)\s+(?P<name>\S.{0,80}?)\s*$",
    re.IGNORECASE,
)
# Datelines open the first paragraph: "PARIS, Sept 5: ...", "KYIV, Ukraine (AP) – ...",
# "WASHINGTON (Reuters) - ...", "Paris, Sept 5 (AFP) - ...". The place is in capitals, or
# is followed by a date or an agency in brackets; then a dash or colon, then the sentence.
# A few agencies write themselves in lower case, and credits pool: "Berlin (dpa/AFP) - ...";
# other lower-case words in brackets ("Mendes (left) - ...") are no agency.
_AGENCY_WORD = r"(?:[A-Z][\w.&'-]*|dpa|epd|kna|sid)"
_AGENCY = rf"\({_AGENCY_WORD}(?:[\s/]{_AGENCY_WORD}){{0,3}}\)"
_DATELINE = re.compile(
    r"^(?P<dateline>"
    r"(?:[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?"
    rf"(?:\s*{_AGENCY})?"
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},\s*"
    rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:\s*{_AGENCY})?"
    rf"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}(?:,\s*[A-Z][a-z]+)?\s*{_AGENCY})"
    r")\s*(?::|--|[–—-])\s+(?=[\"“‘'A-Z0-9])"
)
_CREDIT = [
    re.compile(r"^\((?:[A-Z][\w&.'’-]*\s?){1,4}\)\.?$"),  # "(BBC)", "(AP)"
    re.compile(r"^(?:[–—]|--)\s*(?:[A-Z][\w&.'’-]*\s?){1,4}$"),  # "— Reuters"
    re.compile(r"^-\s*[A-Z]{2,}(?:\s[A-Z]{2,}){0,2}$"),  # "- AFP"; "- Activities" is a list item
    re.compile(
        r"^\(?(?:with (?:inputs?|files|reporting) from|(?:additional )?reporting by|writing by|"
        r"editing by|edited by|compiled by|translated by|produced by|source|sources|courtesy)\b"
        r"\s*:?\s*.{1,200}$",
        re.IGNORECASE,
    ),
    re.compile(r"\bcontributed (?:to )?(?:this |the )?(?:report|story|article|reporting)\b", re.I),
    re.compile(
        r"^(?:[A-Z][\w'’-]+\s){1,4}(?:and\s(?:[A-Z][\w'’-]+\s){1,3})?"
        r"reported (?:this \w+ )?from [A-Z]"
    ),
    re.compile(
        r"^this (?:story|article|report|piece) (?:was|has been|is) (?:originally |first )?"
        r"(?:published|produced|republished|written|reported)\b",
        re.IGNORECASE,
    ),
]


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def is_sentence_like(line: str) -> bool:
    """Running text: a punctuated clause of some length, or a long line whatever its end."""
    n = len(words(line))
    return (n >= 6 and ends_sentence(line)) or n >= 15


def looks_like_headline(line: str) -> bool:
    """A title: 3-30 words, not ending like a sentence, capitalised, not a link, byline or
    bare date."""
    n = len(words(line))
    if not 3 <= n <= 30 or len(line) > 250:
        return False
    if re.search(r"[.,;:]$", line) or re.search(r"[»›|•·]", line):
        return False
    if _BARE_URL.match(line) or _BYLINE.match(line) or _DATE_ONLY.match(line):
        return False
    if _TRUNCATED.search(line):
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"


def is_label_line(line: str) -> bool:
    """A menu entry, section label or widget caption: a few words, no sentence punctuation."""
    w = words(line)
    if not w or len(w) > 5 or re.search(r"[.!?;,\"“”]", line):
        return False
    if line.isupper() or len(w) <= 2:
        return True
    capitalised = sum(1 for x in w if x[0].isupper() or x[0].isdigit())
    return capitalised >= len(w) - 1


def shape_reason(line: str) -> str | None:
    """Furniture recognisable from the line's shape alone, wherever it stands."""
    if _BARE_URL.match(line):
        return "bare url"
    if _EMAIL_ONLY.match(line):
        return "bare email"
    if _LONE_PUNCTUATION.match(line):
        return "lone punctuation"
    if _TIMESTAMP.match(line):
        return "timestamp"
    if _COUNTER.match(line):
        return "counter"
    if _TRUNCATED.search(line) and len(words(line)) <= 20:
        return "truncated teaser"
    return None


def is_date_line(line: str) -> bool:
    return bool(_DATE_ONLY.match(line))


def byline_name(line: str) -> str | None:
    m = _BYLINE.match(line)
    if not m:
        return None
    name = m.group("name")
    # "By the end of the week, ..." is a sentence, not a byline.
    if len(words(name)) > 8 or (ends_sentence(name) and "@" not in name and "]" not in name):
        return None
    if not (name[0].isupper() or name[0] in "[@"):
        return None
    return name


def split_dateline(line: str) -> tuple[str, str] | None:
    """("KYIV, Ukraine (AP)", "French President ...") when the line opens with a dateline."""
    m = _DATELINE.match(line)
    if not m:
        return None
    dateline = m.group("dateline").strip()
    rest = line[m.end() :].strip()
    if len(words(rest)) < 4 or len(words(dateline)) > 8:
        return None
    return dateline, rest


def is_credit(line: str) -> bool:
    return len(words(line)) <= 60 and any(p.search(line) for p in _CREDIT)


@dataclass(frozen=True, slots=True)
class Pattern:
    kind: str  # "line" or "heading"
    reason: str
    regex: re.Pattern[str]
    needs: tuple[str, ...] = ()  # one of these is in every match (lower case); () = any line


@lru_cache(maxsize=1)
def furniture_patterns() -> tuple[Pattern, ...]:
    """The phrase and pattern list in storyfold/data/furniture_patterns.txt."""
    patterns = []
    for raw in data_lines("furniture_patterns.txt"):
        head, reason, regex = (part.strip() for part in raw.split("|", 2))
        kind, *needs = head.split()
        if any(not n.startswith("~") or len(n) < 2 for n in needs):
            raise ValueError(f"furniture pattern kind {head!r}: words after the kind are ~word")
        compiled = re.compile(regex, re.IGNORECASE)
        patterns.append(Pattern(kind, reason, compiled, tuple(n[1:].lower() for n in needs)))
    return tuple(patterns)


def pattern_match(line: str) -> Pattern | None:
    lowered = line.lower()
    for pattern in furniture_patterns():
        # (the literal test runs in C and skips most unanchored regexes on body text)
        if pattern.needs and not any(n in lowered for n in pattern.needs):
            continue
        if pattern.regex.search(line):
            return pattern
    return None


# Interstitial pages and consent boxes: the text a site serves instead of (or around) the
# article when it checks for bots, asks to switch off an ad blocker, to accept cookies, to
# enable JavaScript or to subscribe. Saved as an article's text, two such pages look like
# copies of each other. Each pattern is a message pages address to the reader, in English,
# French, German, Spanish, Italian, Portuguese and Polish, matched in one sentence; none
# names a site. A sentence that merely mentions privacy, robots or subscribers stays.
_INTERSTITIAL = [
    ("bot check", re.compile(
        r"\b(i'?m|i am) not a robot\b|\bnie jestem robotem\b|\bje ne suis pas un robot\b|"
        r"\bich bin kein roboter\b|\bno soy un robot\b|\bnon sono un robot\b|"
        r"\bnão sou um robô\b|captcha\b|\bunusual traffic\b|"
        r"\bip[- ]?(address|adresse)\b|\b(address|adres\w*|adresse|dirección|indirizzo|"
        r"endereço)\s+(ip|ip-\w+)\b", re.IGNORECASE)),
    ("ad blocker", re.compile(r"\b(ad ?block\w*|ublock\w*)\b", re.IGNORECASE)),
    ("ad blocker", re.compile(
        r"\bblocking ads\b|\bblokowani\w* reklam|\bwerbeblocker|\bbloqueur de pub|"
        r"\bbloqueador de anuncios|\bblocco (degli )?annunci", re.IGNORECASE)),
    # a sentence about cookies that also speaks of the site, the browser or consent
    ("cookies", re.compile(
        r"^(?=.*cookie)(?=.*\b(web ?site|site|seite|webseite|witryn\w*|stron\w*|serwis\w*|"
        r"browser|navigat\w*|przeglądar\w*|accept\w*|akzept\w*|zgod\w*|consent\w*|"
        r"einverstanden|utilis\w*|utiliz\w*|usamos|verwende\w*|einsatz|nutzung|settings|"
        r"einstellung\w*|ustawie\w*|deaktivier\w*|enabled?|benötigt|we|wir|nous|używamy|"
        r"wykorzystujemy)\b)", re.IGNORECASE | re.DOTALL)),
    ("consent box", re.compile(
        r"\b(click\w*|klikając|kliknij|anklicken|cliquant|clic|cliccando)\b.{0,60}"
        r"(accept|akzept|zaakceptuj|akceptuj|accepte|acept|accett)|"
        r"\b(zgod\w* na przetwarzanie|consent to the processing|consentez au traitement|"
        r"consiente el tratamiento|acconsenti al trattamento)|"
        r"\bstimmen sie\b.{0,80}\bverarbeitung\b", re.IGNORECASE)),
    ("privacy notice", re.compile(
        r"\bprivacy (policy|notice|statement)\b|\bdatenschutz(erklärung|bestimmungen|"
        r"hinweis\w*|richtlinie\w*)\b|\bpolitique de confidentialité\b|"
        r"\bpolítica de privacidad(e)?\b|\binformativa (sulla )?privacy\b|"
        r"\bpolity\w* prywatności\b|\b(collect|sammeln|collectons|recopilamos|"
        r"raccogliamo|zbieramy)\s+(\w+\s+){0,2}(anonym|anonim|anónim)", re.IGNORECASE)),
    ("enable JavaScript", re.compile(
        r"\b(enabl|activ|turn on|aktivier|habilit|abilit|attiv|włącz)\w*.{0,40}javascript|"
        r"javascript.{0,30}\b(enabled|aktiviert|activé|habilitado|abilitato|włączon\w*)",
        re.IGNORECASE)),
    ("paywall", re.compile(
        r"\b(subscribe|abonnez-vous|abonnieren|suscríbete|abbonati|assine|zaprenumeruj|"
        r"wykup)\w*.{0,40}\b(to (continue|keep) reading|to read|pour (continuer|lire)|"
        r"weiterlesen|weiter ?zu ?lesen|para (seguir|continuar) leyendo|"
        r"per (continuare a )?leggere|aby (czytać|przeczytać))|"
        r"\b(réservé aux abonnés|nur für abonnenten|exclusivo para (suscriptores|abonados)|"
        r"riservato agli abbonati|dla (prenumeratorów|subskrybentów)|subscribers only)\b",
        re.IGNORECASE)),
    ("newsletter sign-up", re.compile(
        r"\bsign (me )?up (to|for)\b.{0,60}\b(newsletters?|e-?mail alerts?|alerts)\b|"
        r"\bthank you for subscribing\b|\binscrivez-(vous|moi)\b.{0,60}\bnewsletter|"
        r"\bnewsletter (abonnieren|bestellen)\b|\bdanke für ihre anmeldung\b|"
        r"\bsuscríbete a(l)? .{0,30}\b(newsletter|boletín)|\bgracias por suscribirte\b|"
        r"\biscriviti alla newsletter\b|\b(assine|inscreva-se)\b.{0,30}\bnewsletter|"
        r"\bzapisz się (do|na) newslett\w*|\bdziękujemy za zapisanie\b", re.IGNORECASE)),
]
# Sentences: after terminal punctuation (with or without the space that copied page text
# often loses before a capital) and at line breaks.
_SENTENCE_GAP = re.compile(r"(?<=[.!?…])(?:\s+|(?=[\"„«]?[A-ZÀ-ÞĄĆĘŁŃŚŹŻ]))|\s*\n\s*")


def interstitial_reason(sentence: str) -> str | None:
    """What page message `sentence` is (bot check, cookies, ...), or None."""
    for reason, regex in _INTERSTITIAL:
        if regex.search(sentence):
            return reason
    return None


def _message_start(piece: str) -> int | None:
    """Where the first page message found in `piece` matches; None when none does, or
    only a pattern of lookaheads (the cookie one), which says nothing of where."""
    starts = [m.start() for _, regex in _INTERSTITIAL if (m := regex.search(piece)) and m.end()]
    return min(starts, default=None)


# A headline copied without its line break runs into the page message after it ("...
# zakażonych koronawirusem Dokładamy wszelkich starań, aby chronić swoje dane"): the
# message opens at the last place before its match where a word runs into a capitalised
# one (SOFT_BREAK). The text's opening piece keeps what comes before that place when it
# reads as a headline: TITLE_WORDS words, the last no function word and the next not an
# acronym ("connections from the | IP address": a message sentence), and no page message
# itself once re-checked. The place must look like a new sentence: the message's own
# words open there ("...New Year's Day | Sign up to FREE email alerts"), or a word not
# capitalised runs into a capital ("koronawirusem | Dokładamy"); a capitalised word before
# a capital is a German noun inside the message ("auf unserer Webseite | Cookies").
_SOFT_BREAK = re.compile(r"(?<=[^\W_])[ \t]+(?=[\"„«(]?[A-ZÀ-ÞĄĆĘŁŃŚŹŻ])")
TITLE_WORDS = range(4, 16)
_ANY_FUNCTION_WORD = STOPWORDS.union(*LANG_STOPWORDS.values())


def _capitalised(token: str) -> bool:
    return token[:1].isupper() and any(ch.islower() for ch in token[1:])


def _glued_title(piece: str) -> str:
    """The headline at the head of a page-message `piece` ("" when there is none)."""
    at = _message_start(piece)
    cuts = [m for m in _SOFT_BREAK.finditer(piece) if at is not None and m.end() <= at]
    if not cuts:
        return ""
    head, tail = piece[: cuts[-1].start()], piece[cuts[-1].start() :].split(maxsplit=1)[0]
    head_words = words(head)
    if not head_words or head_words[-1].lower() in _ANY_FUNCTION_WORD or tail.isupper():
        return ""
    if cuts[-1].end() != at and _capitalised(head.split()[-1]):
        return ""
    if interstitial_reason(head) is not None:
        head = _glued_title(head)
    return head.strip() if len(words(head)) in TITLE_WORDS else ""


def strip_interstitial(text: str) -> tuple[str, list[str]]:
    """`text` without the sentences that are page messages rather than article, and the
    reasons found (each once, in order). Text with none comes back unchanged. A headline
    glued to a message in the text's opening piece stays (`_glued_title`)."""
    reasons: list[str] = []
    kept: list[str] = []
    pos = 0
    for gap in [*_SENTENCE_GAP.finditer(text), None]:
        end = gap.start() if gap is not None else len(text)
        piece = text[pos:end]
        reason = interstitial_reason(piece) if piece.strip() else None
        if reason is None:
            kept.append(piece + (gap.group(0) if gap is not None else ""))
        else:
            if not text[:pos].strip() and (title := _glued_title(piece)):
                kept.append(title + "\n")
            if reason not in reasons:
                reasons.append(reason)
        if gap is not None:
            pos = gap.end()
    return ("".join(kept).strip() if reasons else text), reasons
