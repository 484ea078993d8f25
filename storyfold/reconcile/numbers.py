"""Numbers with their units and what they count: "12 provinces", "€3.4bn", "40 drones".

`find_quantities(text)` returns `Quantity` records: a value normalised to plain units
("3.4bn" -> 3.4e9), a unit (a currency code, "%", a measure like "km", or the counted noun
in the singular), the noun's *kind* (countries, nations and allies are all polities — see
`data/reconcile_units.txt`) and the precision the writer gave. Two quantities are the same
number when each is the other rounded to its writer's precision ("$2.46bn" and "$2.5bn"),
and measures convert ("5 km" and "3.1 miles"). Different currencies never compare: no
exchange rates are assumed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from storyfold.data import classes as data_classes
from storyfold.lang import number_view
from storyfold.reconcile.lexicon import STOPWORDS, fold
from storyfold.text import MONTHS_DAYS

_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
_CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB"}
_CURRENCY_CODES = {"eur", "usd", "gbp", "jpy", "cny", "inr", "rub", "chf", "cad", "aud"}
_CURRENCY_WORDS = {
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "rupee": "INR",
    "rupees": "INR",
    "francs": "CHF",
    "franc": "CHF",
}
# Measures that convert: unit word -> (dimension, factor to the base unit).
_MEASURES = {
    "km": ("length", 1000.0),
    "kilometre": ("length", 1000.0),
    "kilometer": ("length", 1000.0),
    "kilometres": ("length", 1000.0),
    "kilometers": ("length", 1000.0),
    "mile": ("length", 1609.344),
    "miles": ("length", 1609.344),
    "metre": ("length", 1.0),
    "metres": ("length", 1.0),
    "meter": ("length", 1.0),
    "meters": ("length", 1.0),
    "feet": ("length", 0.3048),
    "foot": ("length", 0.3048),
    "ft": ("length", 0.3048),
    "kg": ("mass", 1.0),
    "kilogram": ("mass", 1.0),
    "kilograms": ("mass", 1.0),
    "kilos": ("mass", 1.0),
    "lb": ("mass", 0.45359),
    "lbs": ("mass", 0.45359),
    "tonne": ("mass", 1000.0),
    "tonnes": ("mass", 1000.0),
    "second": ("time", 1.0),
    "seconds": ("time", 1.0),
    "minute": ("time", 60.0),
    "minutes": ("time", 60.0),
    "hour": ("time", 3600.0),
    "hours": ("time", 3600.0),
    "day": ("time", 86400.0),
    "days": ("time", 86400.0),
    "week": ("time", 604800.0),
    "weeks": ("time", 604800.0),
    "month": ("time", 2629800.0),
    "months": ("time", 2629800.0),
    "year": ("time", 31557600.0),
    "years": ("time", 31557600.0),
    "mph": ("speed", 0.44704),
    "kph": ("speed", 1 / 3.6),
    "kmh": ("speed", 1 / 3.6),
    "knots": ("speed", 0.514444),
    "knot": ("speed", 0.514444),
    "hectare": ("area", 1e4),
    "hectares": ("area", 1e4),
    "acre": ("area", 4046.86),
    "acres": ("area", 4046.86),
}
_IRREGULAR = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "police": "police",
    "personnel": "personnel",
    "staff": "staff",
    "feet": "foot",
}
_APPROX = re.compile(
    r"(?:about|around|nearly|almost|some|roughly|approximately|over|more than|less than|"
    r"fewer than|at least|up to|under|close to|an estimated|estimated)\s+$",
    re.I,
)
_NUM = (
    r"(?:\d{1,3}(?:,\s?\d{3}(?!\d))+|\d+)(?:\.\d+)?"
    r"|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?"
    r"|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen)(?![A-Za-z])"
)
_QUANTITY = re.compile(
    r"(?<![\w.,/:-])"
    r"(?P<cur>US\s?\$|\$\s?US|[€$£¥₹₽]|(?:EUR|USD|GBP|JPY|CNY|INR|RUB|CHF|CAD|AUD)\s?)?\s?"
    r"(?P<num>" + _NUM + r")"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|mln|tn|trn|[kmb])(?![\w]))?"
    r"(?P<pct>\s?%|\s(?:per\s?cent|percent)\b)?",
    re.I,
)
_WORD = re.compile(r"[\w'’]+|[^\w\s]")


@dataclass
class Quantity:
    start: int
    end: int
    text: str  # the number and its unit as written
    value: float  # in the base unit of `unit`
    unit: str  # "EUR", "%", "length", or a counted noun in the singular
    kind: str  # what is counted, coarsely: a currency, "%", a dimension, or a noun kind
    precision: float  # half a step of the last written digit, in base units
    approx: bool = False
    compound: bool = False  # a modifier like "a five-boat attack", not a count of its own
    bound: str = ""  # "lower" ("more than 100"), "upper" ("up to 120") or "" (a value)

    @property
    def label(self) -> str:
        return format_quantity(self.value, self.unit)


@cache
def unit_kinds() -> dict[str, str]:
    """Unit noun ("troops", "barrels") -> the kind of quantity it counts."""
    return data_classes("reconcile_units.txt")


def singular(word: str) -> str:
    w = fold(word)
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if re.search(r"(?:ss|x|ch|sh)es$", w):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _word_value(num: str) -> float | None:
    low = num.lower().replace(",", "")
    try:
        return float(low)
    except ValueError:
        pass
    parts = re.split(r"[-\s]", low)
    if parts[0] in _TENS:
        return float(_TENS[parts[0]] + (_SMALL.get(parts[1], 0) if len(parts) > 1 else 0))
    return float(_SMALL[low]) if low in _SMALL else None


def _step(num: str) -> float:
    """Half the step of the last digit written: "1.28" -> 0.005, "26" -> 0.5."""
    if "." in num:
        return 0.5 * 10 ** -len(num.split(".")[1])
    return 0.5


_LOWER = re.compile(r"(?:more than|over|at least|upwards of|in excess of)\s*$", re.I)
_UPPER = re.compile(r"(?:up to|under|less than|fewer than|at most|no more than)\s*$", re.I)


def _bound(before: str) -> str:
    if _UPPER.search(before):
        return "upper"
    return "lower" if _LOWER.search(before) else ""


# "No one is missing", "nobody was hurt", "no deaths": a count of zero, which a report of
# "two people missing" contradicts.
_ZERO = re.compile(r"\b(?:no[\s-]one|nobody)\b|\bno\s+(?=[a-z]+s\b)", re.I)


def _zero_counts(text: str) -> list[Quantity]:
    out = []
    for m in _ZERO.finditer(text):
        if m.group().lower().startswith(("no one", "no-one", "nobody")):
            out.append(Quantity(m.start(), m.end(), m.group(), 0.0, "person", "person", 0.5))
            continue
        noun = _counted_noun(text[m.end() - 1 :])
        if noun is None or not _plural(fold(noun[0])) or fold(noun[0]) in _MEASURES:
            continue
        word, offset = noun
        if fold(word) in ("longer", "less", "matter", "means"):
            continue
        lemma = singular(word)
        end = m.end() - 1 + offset
        kind = unit_kinds().get(lemma, lemma)
        out.append(Quantity(m.start(), end, text[m.start() : end], 0.0, lemma, kind, 0.5))
    return out


def find_quantities(text: str, lang: str | None = None) -> list[Quantity]:
    # Numbers in the English form ("3 000" -> "3000"), offsets unchanged (storyfold.lang).
    text = number_view(text, lang)
    out: list[Quantity] = _zero_counts(text)
    for m in _QUANTITY.finditer(text):
        q = _quantity(text, m)
        if q is not None:
            out.append(q)
    out.sort(key=lambda q: q.start)
    return out


def _quantity(text: str, m: re.Match[str]) -> Quantity | None:
    """The quantity one number match states: a share, money, a measure, a count of things
    or a scaled bare number; None for dates, times, split numbers and a lone "one"."""
    num = m.group("num")
    value = _word_value(num)
    if value is None:
        return None
    cur = m.group("cur")
    scale_word = (m.group("scale") or "").lower()
    if scale_word in ("k", "m", "b") and not cur:
        scale_word = ""  # "5m" alone may be metres; a bare letter scales money only
    scale = _SCALE.get(scale_word, 1.0)
    end = m.end() if scale_word or m.group("pct") else m.end("num")
    before = text[: m.start()]
    after = text[end:]
    if _is_date_or_time(num, before, after, bool(cur or scale_word)):
        return None
    if re.search(r"\d[.:]\s$", before):
        return None  # the tail of a number split by stray spacing: "6. 1", "3: 10"
    if num.lower() in ("one",) and not cur:
        return None
    step = _step(num) * scale
    approx = bool(_APPROX.search(before))
    start = m.start()
    q: Quantity | None
    if m.group("pct"):
        q = Quantity(start, end, text[start:end], value, "%", "%", step, approx)
    elif code_end := _currency(cur, after, end):
        code, unit_end = code_end
        surface = text[start:unit_end].strip()
        q = Quantity(start, unit_end, surface, value * scale, code, code, step, approx)
    else:
        q = _counted(text, start, end, value, scale, step, approx, bool(scale_word))
    if q is not None:
        q.bound = _bound(before)
    return q


def _currency(cur: str | None, after: str, end: int) -> tuple[str, int] | None:
    """The currency code of a sign before the number ("$", "US$") or a word or code after
    it ("5 euros", "5 EUR"), and where the quantity ends."""
    if cur:
        sign = cur.replace("US", "").strip()
        code = _CURRENCY_SIGNS.get(sign) or sign.upper()
        return (code, end) if code else None
    wm = re.match(r"\s*(?:-\s*)?([A-Za-z]+)", after)
    if wm and fold(wm.group(1)) in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[fold(wm.group(1))], end + wm.end()
    if wm and fold(wm.group(1)) in _CURRENCY_CODES:
        return fold(wm.group(1)).upper(), end + wm.end()
    return None


def _counted(
    text: str,
    start: int,
    end: int,
    value: float,
    scale: float,
    step: float,
    approx: bool,
    scaled: bool,
) -> Quantity | None:
    """A number with the noun it counts or the unit it measures in ("12 provinces", "5 km");
    a scaled number with neither is a bare number ("2 million"), an unscaled one nothing."""
    after = text[end:]
    noun = _counted_noun(after)
    if noun is None:
        if scaled:
            return Quantity(start, end, text[start:end], value * scale, "", "number", step, approx)
        return None
    word, offset = noun
    compound = bool(re.match(r"\s?-\s?[a-z]", after))
    unit_end = end + offset
    surface = text[start:unit_end]
    low = fold(word)
    if low in _MEASURES:
        dim, factor = _MEASURES[low]
        value, step = value * scale * factor, step * scale * factor
        return Quantity(start, unit_end, surface, value, dim, dim, step, approx)
    lemma = singular(word)
    kind = unit_kinds().get(lemma, lemma)
    return Quantity(
        start, unit_end, surface, value * scale, lemma, kind, step * scale, approx, compound
    )


def _is_date_or_time(num: str, before: str, after: str, money: bool) -> bool:
    if money:
        return False
    prev = re.findall(r"[A-Za-z]+", before[-12:])
    nxt = re.match(r"\s*([A-Za-z]+)", after)
    if prev and fold(prev[-1]) in MONTHS_DAYS:
        return True
    if nxt and fold(nxt.group(1)) in MONTHS_DAYS:
        return True
    if re.match(r"\s*(?:am|pm|a\.\s?m|p\.\s?m|GMT|BST|CET|ET)\b|:\s?\d", after, re.I):
        return True
    if re.match(r"(?:st|nd|rd|th)\b", after):
        return True
    if num.isdigit() and len(num) == 4 and 1800 <= int(num) <= 2100:
        return not re.match(r"\s+[a-z]+s\b", after) or bool(re.match(r"\s+(?:was|is|has)", after))
    return False


def _counted_noun(after: str) -> tuple[str, int] | None:
    """The noun a number counts, and where it ends in `after`.

    "26 European countries pledged" -> countries; "112 strike and decoy drones" -> drones;
    "26 of Ukraine's allies" -> allies; "a 26-nation pledge" -> nation."""
    age = re.match(r"\s?-\s?years?\s?-\s?old\b", after)
    if age:
        return "year-old", age.end()
    hyph = re.match(r"\s?-\s?([a-z]+)\b", after)
    if hyph:
        return hyph.group(1), hyph.end()
    words = [(w.group(), w.end()) for w in _WORD.finditer(after[:80])]
    i = 0
    if words and words[0][0].lower() == "of":  # "26 of Ukraine's allies"
        i = 1
        while i < len(words) and (
            words[i][0].lower() in ("the", "its", "their", "his", "her", "our", "'s", "’s")
            or words[i][0][:1].isupper()
        ):
            i += 1
    head: tuple[str, int] | None = None
    seen = 0
    while i < len(words) and seen < 5:
        w, end = words[i]
        low = fold(w)
        if not w[0].isalpha():
            break
        if low in _MEASURES or low in _IRREGULAR or _plural(low):
            head = (w, end)
            if i + 1 < len(words) and words[i + 1][0].lower() in ("and", "or") and seen < 3:
                i += 2
                seen += 2
                continue
            break
        if low in ("and", "or") and seen and i + 1 < len(words):
            i += 1
            seen += 1
            continue
        if low in STOPWORDS:
            break
        if (
            seen == 0
            and w.islower()
            and not low.endswith(("ed", "ing", "ly"))
            and (
                i + 1 >= len(words)
                or not words[i + 1][0][0].isalpha()
                or (
                    fold(words[i + 1][0]) in STOPWORDS
                    and fold(words[i + 1][0]) not in ("and", "or")
                )
            )
        ):
            head = (w, end)  # a singular count noun: "1 person", "a 6.1 magnitude"
            break
        i += 1
        seen += 1
    return head


def _plural(low: str) -> bool:
    return (
        len(low) > 3
        and low.endswith("s")
        and not low.endswith(("ss", "us", "is", "ous"))
        and low not in STOPWORDS
    )


def same_number(a: Quantity, b: Quantity) -> bool:
    """Equal within the rounding either writer used (or 10% when one hedged: "about")."""
    if a.unit != b.unit and a.kind != b.kind:
        return False
    tol = max(a.precision, b.precision) + 1e-9 * max(abs(a.value), abs(b.value), 1.0)
    if a.approx or b.approx:
        tol = max(tol, 0.1 * max(abs(a.value), abs(b.value)))
    return abs(a.value - b.value) <= tol


def consistent(a: Quantity, b: Quantity) -> bool:
    """Can both statements be true? "more than 100" and "up to 120" can; "26" and "27" not.

    Bounds of one direction are compared as values: "at least 10" against "at least
    three" is a disagreement a reader wants to see, even if both could hold."""
    if same_number(a, b):
        return True
    lo, hi = (a, b) if a.value < b.value else (b, a)
    return _bounds_agree(lo, hi)


def _bounds_agree(lo: Quantity, hi: Quantity) -> bool:
    # lo < hi in value. The statements agree when the smaller is a lower bound met by the
    # larger ("more than 100" and "120"), or the larger an upper bound met by the smaller.
    if lo.bound == "lower" and hi.bound in ("", "upper"):
        return True
    return hi.bound == "upper" and lo.bound in ("", "lower")


def comparable(a: Quantity, b: Quantity) -> bool:
    """Same kind of thing in compatible units: a disagreement in value would be a conflict."""
    return a.kind == b.kind and a.kind != "number"


def plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return {"person": "people", "man": "men", "woman": "women", "child": "children"}.get(
        noun, noun + "s"
    )


def format_quantity(value: float, unit: str) -> str:
    if unit == "%":
        return f"{_fmt(value)}%"
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{(unit + ' ') if unit.isupper() else ''}{_fmt(value / size)} {word}" + (
                "" if unit.isupper() or not unit else f" {unit}"
            )
    if unit.isupper():
        return f"{unit} {_fmt(value, group=True)}"
    if unit and unit.isalpha() and value != 1 and unit not in ("length", "mass", "time", "area"):
        unit = plural(unit)
    return f"{_fmt(value)} {unit}".strip()


def _fmt(x: float, group: bool = False) -> str:
    if math.isclose(x, round(x)):
        return f"{round(x):,}" if group else str(round(x))
    return f"{x:.3g}"
