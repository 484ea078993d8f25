"""Language identification, numbers, sentence breaks and name keys across languages."""

from __future__ import annotations

import pytest

from storyfold.lang import detect, no_sentence_break, number_view, stemmer, translit_key
from storyfold.reconcile.numbers import find_quantities
from storyfold.sentences import split_sentences

SAMPLES = {
    "en": "The ministers met in Brussels on Monday to agree on a new budget for the coming year.",
    "fr": "Les ministres se sont réunis lundi à Bruxelles pour adopter un nouveau budget.",
    "de": "Die Minister trafen sich am Montag in Brüssel, um einen neuen Haushalt zu beschließen.",
    "es": "Los ministros se reunieron el lunes en Bruselas para aprobar un nuevo presupuesto.",
    "it": "I ministri si sono riuniti lunedì a Bruxelles per approvare un nuovo bilancio.",
    "pt": "Os ministros reuniram-se na segunda-feira em Bruxelas para aprovar um novo orçamento.",
    "pl": "Ministrowie spotkali się w poniedziałek w Brukseli, aby przyjąć nowy budżet.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_detect_each_language(lang: str) -> None:
    assert detect(SAMPLES[lang]) == lang


def test_detect_abstains_on_too_little_text() -> None:
    assert detect("Brussels") is None
    assert detect("") is None


@pytest.mark.parametrize(
    ("text", "lang", "view"),
    [
        ("3 000 habitants", "fr", "3000  habitants"),
        ("3\u00a0000 habitants", None, "3000  habitants"),  # a no-break space only groups
        ("1.200,50 Euro", "de", "1200.50  Euro"),
        ("1.200,50 Euro", None, "1200.50  Euro"),  # unambiguous whatever the language
        ("2.500.000 zł", "pl", "2500000   zł"),
        ("3,5 Prozent", "de", "3.5 Prozent"),
        ("1.200 Menschen", "de", "1200  Menschen"),
        # English keeps its own separators, and a plain space is no grouping there.
        ("1,200 people", "en", "1,200 people"),
        ("1.2 million", "en", "1.2 million"),
        ("May 15 100 people", "en", "May 15 100 people"),
        ("3,5", None, "3,5"),
    ],
)
def test_number_view(text: str, lang: str | None, view: str) -> None:
    out = number_view(text, lang)
    assert out == view
    assert len(out) == len(text)  # offsets found in the view hold in the text


def test_quantities_read_grouped_numbers_by_language() -> None:
    fr = find_quantities("La ville compte 3 000 habitants.", "fr")
    assert [q.value for q in fr] == [3000]
    de = find_quantities("Die Kosten betragen 1.200,50 Euro.", "de")
    assert [q.value for q in de] == [1200.5]
    assert [q.value for q in find_quantities("Der Anteil stieg auf 3,5 %.", "de")] == [3.5]


def test_sentence_breaks_per_language() -> None:
    de = "Der Gipfel beginnt am 3. Oktober in Berlin. Dort treffen sich z. B. Minister."
    assert [s.text for s in split_sentences(de, "de")] == [
        "Der Gipfel beginnt am 3. Oktober in Berlin.",
        "Dort treffen sich z. B. Minister.",
    ]
    fr = "Selon M. Durand, le sommet a réussi. Il a dit cela lundi."
    assert len(split_sentences(fr, "fr")) == 2
    # Without the language the old rules hold: the ordinal's period ends a sentence.
    assert len(split_sentences(de)) == 3
    assert not no_sentence_break("Es waren 3.", "Dann kamen mehr.", "de")
    assert not no_sentence_break("Er kam am 3.", "Oktober", "en")


@pytest.mark.parametrize(
    "forms",
    [
        ("Selenskyj", "Zelensky", "Zelenskyy", "Zelenskiy", "Зеленский", "Zelens'kiy"),
        ("Putin", "Poutine", "Путин"),
        ("Khodorkovsky", "Chodorkowski"),
        ("Scholz", "Sholts"),
        ("Gorbatschow", "Gorbachev", "Горбачёв"),
        ("Sinowjew", "Zinoviev", "Зиновьев"),
        ("Oustinov", "Ustinov"),
    ],
)
def test_translit_key_joins_spellings(forms: tuple[str, ...]) -> None:
    assert len({translit_key(f) for f in forms}) == 1


def test_translit_key_keeps_names_apart() -> None:
    keys = {translit_key(n) for n in ("Merkel", "Macron", "Mercer", "Biden", "Zelensky", "Putin")}
    assert len(keys) == 6


def test_stemmer_folds_case_endings_of_each_language() -> None:
    pl = stemmer("pl")
    assert pl is not None
    assert pl("warszawa") == pl("warszawie") == pl("warszawy")
    assert pl("koronawirusa") == pl("koronawirusem")
    assert pl("warszawa") != pl("wrocław")
    de = stemmer("de")
    assert de is not None and de("häuser") == de("haus")
    assert stemmer("en") is None and stemmer(None) is None and stemmer("zz") is None
