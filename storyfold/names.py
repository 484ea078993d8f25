"""One rule for "same name, other spelling", and the named neighbours of that question.

Copies of a story spell one name several ways: a transliteration ("Gorbachev" /
"Gorbatschow"), a machine translation's garbling ("Kowalski" / "Kovalsky"), a typo. Two
name words are one name spelled differently when (`same_name_word`):

* their Jaro-Winkler similarity (`spelling`) is at least SURE, or
* it is at least ALIKE and they sound alike (`sounds_alike`: equal Metaphone codes).

Jaro-Winkler is the metric because it weighs the start of a word most, which is what
transliteration and garbling keep ("Echeverria" / "Etcheveria" 0.94), and it stays high
for the dropped or doubled letters translation adds, where an edit ratio falls with the
word's length. Entity clustering (storyfold/reconcile: forms, entities) asks it.

Other questions about spellings are asked elsewhere and are *not* this rule; they are
named here so a reader finds them in one place:

* `garbled_spelling` (reconcile/names_evidence): could this word in a copy be that word of
  its source garbled? A stricter edit bound on top of the spelling, because there a wrong
  yes rewrites what an article says.
* `word_credit` (textsim): partial credit, for any word (names or not), when two sentences
  are aligned: a graded Indel ratio from WORD_CREDIT_MIN, not a yes/no identity.
* `shared_form_ratio` (pairwise): do two articles share a name form, for a similarity
  score? Inflections and compounds count there ("Jahr" / "Jahren", "Deutschland" /
  "Deutschen": what a German text capitalises), so an edit ratio with the same first
  letter, from SHARED_FORM_MIN. Asking the rule instead (with transliteration keys,
  inflections and an edit bound; bench/README.md, "One names rule") left the shipped
  scores as they were but moved the words-only fallback by -0.003 to +0.003 across the
  SemEval groups: not better everywhere, so this question stays its own.
* Fidelity's garbled names (storyfold/fidelity.py: GARBLE_RATIO, NAME_RATIO,
  ANY_LETTER_RATIO on that Indel ratio): how far a machine translation let a name drift,
  a score fitted against human MQM judgements (bench/eval_fidelity.py), not identity.
* Quotes quoted twice (reconcile/facts) and near-verbatim sentences (collapse, provenance)
  compare whole texts word by word; they are text identity, not name identity.
"""

from __future__ import annotations

import jellyfish
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, JaroWinkler

# On spelling alone, from this Jaro-Winkler two name words are one name: "Kowalski" /
# "Kovalsky" 0.87, "Echeverria" / "Etcheveria" 0.94; "Merkel" / "Mercer" (0.84) stay two.
SURE = 0.85
# With equal Metaphone codes a looser spelling will do ("Philips" / "Filips" 0.85,
# "Catherine" / "Kathryn" 0.76): sounding alike is evidence the letters alone do not give.
ALIKE = 0.75
# Jaro-Winkler is lenient with short words ("Bush" / "Bucs" 0.88, "Tanabe" / "Tanaka"
# 0.87): a garbling without alignment also differs in only about one letter in
# EDIT_SHARE (at least one).
EDIT_SHARE = 4
# Rapidfuzz pre-filters candidates this far below a cutoff; `spelling` decides (the two
# Jaro-Winkler implementations may differ in the last digits).
NEAR = 0.02


def spelling(a: str, b: str) -> float:
    """How alike two words are spelled (Jaro-Winkler, 0..1; 1 for equal words)."""
    return jellyfish.jaro_winkler_similarity(a, b)


def sound(word: str) -> str:
    """How a word sounds: its Metaphone code (an index key for `sounds_alike`)."""
    return jellyfish.metaphone(word)


def sounds_alike(a: str, b: str) -> bool:
    """Do two words (of 3 letters or more) sound the same (equal Metaphone codes)?"""
    return len(a) > 2 and len(b) > 2 and sound(a) == sound(b)


def same_name_word(a: str, b: str, sure: float = SURE, alike: float = ALIKE) -> bool:
    """The rule: is `b` the name word `a` spelled differently (both folded)?"""
    s = spelling(a, b)
    return s >= sure or (s >= alike and sounds_alike(a, b))


def few_edits(a: str, b: str) -> bool:
    """Do `a` and `b` differ in at most about one letter in EDIT_SHARE of `b` (edits
    counted with transpositions, Damerau-Levenshtein)?"""
    return jellyfish.damerau_levenshtein_distance(a, b) <= max(1, len(b) // EDIT_SHARE)


def within_reach(word: str, choices: list[str], cutoff: float) -> list[int]:
    """Positions of the choices whose spelling may reach `cutoff` with `word` (a fast
    pre-filter a little below the cutoff: decide with `spelling`)."""
    if not choices:
        return []
    found = process.extract(
        word, choices, scorer=JaroWinkler.similarity, score_cutoff=cutoff - NEAR, limit=None
    )
    return [pos for _, _, pos in found]


# -- the neighbouring questions ----------------------------------------------------------
GARBLE_CLOSE = 0.8  # Jaro-Winkler of a word and its garbling in a copy...
GARBLE_ALIGNED = 0.6  # ... when alignment already says they stand for one another


def garbled_spelling(variant: str, canon: str, *, aligned: bool) -> bool:
    """Could `variant` be `canon` garbled by a copy? They sound alike, or their spelling
    reaches GARBLE_CLOSE (GARBLE_ALIGNED when aligned sentences vouch for the pair), and
    without alignment they also differ in at most about one letter in four (Jaro-Winkler
    is lenient with short words: "Bucs" / "Bush")."""
    if sounds_alike(variant, canon):
        return True
    if spelling(variant, canon) < (GARBLE_ALIGNED if aligned else GARBLE_CLOSE):
        return False
    return aligned or few_edits(variant, canon)


# Pairwise similarity's shared name forms: the rapidfuzz ratio (0..100) of two lower-cased
# forms of 4+ letters that start with the same letter, from SHARED_FORM_MIN.
SHARED_FORM_MIN = 80.0


def shared_form_ratio(a: str, b: str) -> float:
    """How alike two name forms are as shared forms (0 when first letters differ)."""
    if a[:1].lower() != b[:1].lower():
        return 0.0  # first letters are what transliteration keeps
    return fuzz.ratio(a.lower(), b.lower())


# Two words of at least WORD_CREDIT_MIN_LEN letters count as one word in an alignment,
# with the ratio as partial credit, from this Indel ratio: "kovalsky"/"kowalski" 0.75,
# "dahl"/"dale" 0.75, "shchepansky"/"szczepanski" 0.73. Graded (an edit ratio), because
# it weighs a word's share of a sentence, not whether two names are one.
WORD_CREDIT_MIN = 0.66
WORD_CREDIT_MIN_LEN = 4
word_credit = Indel.normalized_similarity  # (a, b) -> 0..1, the scorer rapidfuzz batches
