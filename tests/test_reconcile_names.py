"""Names are repaired into other names only with evidence (reconcile/names_evidence.py),
and capitalised German nouns are not people (reconcile/names_lang.py)."""

from __future__ import annotations

import storyfold
from storyfold.reconcile import reconcile
from storyfold.reconcile.names_evidence import spelled_close
from storyfold.reconcile.names_lang import function_words, noun_like, title_noun
from storyfold.records import Alignment, Article, Family, Story
from storyfold.sentences import split_sentences


def _article(aid: str, text: str, title: str | None = None) -> Article:
    return Article(id=aid, source=f"{aid}.txt", raw=text, text=text, title=title)


def _repairs(story: Story) -> list[tuple[str, str]]:
    return [(v.form, e.name) for e in story.entities for v in e.variants if v.garbled]


EAST = (
    "Storm Hilda flooded towns along the East Coast on Monday, forecasters said. "
    "The East Coast saw winds of 120 km/h and 40,000 homes lost power overnight. "
    "Emergency crews on the East Coast cleared roads into the evening, officials said."
)
WEST = (
    "Storm Hilda flooded towns along the West Coast on Monday, forecasters said. "
    "On the West Coast winds reached 110 km/h and 25,000 homes lost power overnight. "
    "Emergency crews worked along the West Coast through the night, officials said. "
    "Storm Hilda is expected to weaken by Wednesday."
)


def test_east_coast_is_not_a_garbling_of_west_coast():
    report = storyfold.fold([_article("east", EAST), _article("west", WEST)])
    stories = [s for s in report.stories if {"east", "west"} <= set(s.articles)]
    assert stories, "the two reports of one storm are one story"
    story = stories[0]
    names = {e.name for e in story.entities}
    assert {"East Coast", "West Coast"} <= names  # two places, not one with a variant
    assert not _repairs(story)
    for e in story.entities:
        forms = {v.form for v in e.variants}
        assert not {"East Coast", "West Coast"} <= forms
    assert "East Coast" in "\n".join([story.brief, story.title or ""]) or "West Coast" in (
        story.brief
    )


GERMAN = (
    "Die Polizei hat am Montag in Berlin einen Mann festgenommen. "
    "Laut Polizei hatte der Mann in der Nacht mehrere Autos beschädigt. "
    "Die Ermittlungen der Kriminalpolizei dauern an, sagte ein Sprecher. "
    "Beim Einsatz der Feuerwehr wurde niemand verletzt. "
    "Graue Autos standen am Straßenrand, die Anwohner riefen die Feuerwehr. "
    "Bundesinnenminister Thomas Weidmann lobte die Arbeit der Polizei und der Feuerwehr. "
    "Weidmann sagte, die Sicherheit in der Stadt habe Vorrang."
)


def test_capitalised_german_nouns_do_not_become_people():
    report = storyfold.fold([_article("de1", GERMAN)])
    assert report.articles[0].language == "de"
    story = report.stories[0]
    people = {e.name for e in story.entities if e.type == "person"}
    # The one person, named after a noun of office and then by surname alone.
    assert people == {"Thomas Weidmann"}
    nouns = {"Polizei", "Kriminalpolizei", "Feuerwehr", "Einsatz", "Ermittlungen", "Mann"}
    for e in story.entities:
        assert not (e.type == "person" and set(e.name.split()) & nouns), e


SOURCE = (
    "Mayor Ingrid Solvang opened the new harbour bridge in Tromvik on Friday. "
    "Ms Solvang said the bridge cost 40 million kroner and took three years to build. "
    "The North Terminal will open next spring, the harbour office said."
)
COPY = (
    "Mayor Ingrid Solwang opened the new harbour bridge in Tromvik on Friday. "
    "Ms Solwang said the bridge cost 40 million kroner and took three years to build. "
    "The South Terminal will open next spring, the harbour office said."
)


def _aligned_pair(*, derived: bool) -> tuple[Story, list[Article]]:
    articles = [_article("src", SOURCE), _article("copy", COPY)]
    for a in articles:
        a.sentences = split_sentences(a.text)
        a.fidelity = 0.9 if a.id == "src" else 0.6
    story = Story(id="s", articles=["src", "copy"])
    story.alignments = [Alignment("src", i, "copy", i, 0.9) for i in range(3)]
    if derived:
        articles[1].derived_from, articles[1].relation = "src", "translation"
        articles[0].relation = "source"
        story.families = [Family(articles=["src", "copy"], best="src")]
    return story, articles


def test_garbled_name_in_an_aligned_copy_is_repaired_but_an_antonym_is_not():
    story, articles = _aligned_pair(derived=True)
    reconcile(story, articles)
    repairs = _repairs(story)
    assert ("Ingrid Solwang", "Ingrid Solvang") in repairs
    why = next(v.why for e in story.entities for v in e.variants if v.form == "Ingrid Solwang")
    assert "aligned with src" in why
    # "South" for "North" in the same place is a change of meaning, never a spelling.
    assert not any("Terminal" in form for form, _ in repairs)
    assert "Ingrid Solwang" not in story.brief


def test_without_alignment_or_consensus_one_source_keeps_its_own_name():
    story, articles = _aligned_pair(derived=False)
    story.alignments = []
    reconcile(story, articles)
    assert not _repairs(story)
    names = {e.name for e in story.entities}
    assert {"Ingrid Solvang", "Ingrid Solwang"} <= names


def test_spelled_close_tells_a_spelling_from_another_word():
    assert spelled_close(["ingrid", "solwang"], ["ingrid", "solvang"], aligned=False)
    assert not spelled_close(["east", "coast"], ["west", "coast"], aligned=False)
    # Antonyms are never one name, even where alignment ties them.
    assert not spelled_close(["north", "terminal"], ["south", "terminal"], aligned=True)
    # A real word in a copy aligned with its original may be a garbled name...
    assert spelled_close(["dana", "fast"], ["dana", "vast"], aligned=True)
    # ... but never without alignment, nor a short word two letters off.
    assert not spelled_close(["dana", "fast"], ["dana", "vast"], aligned=False)
    assert not spelled_close(["bucs"], ["bush"], aligned=False)
    # A short or a longer form is not a different spelling.
    assert not spelled_close(["arduino", "uno"], ["arduino"], aligned=True)


def test_german_signals():
    assert {"laut", "die", "zwei"} <= function_words("de")
    assert not function_words("en")
    assert noun_like("ermittlungen", set(), set())
    assert noun_like("polizei", {"polizei"}, set())
    assert not noun_like("weidmann", {"polizei"}, set())
    assert title_noun("bundesinnenminister") and title_noun("sprecherin")
    assert not title_noun("weidmann")


def _three_sources(first: str, second: str) -> Story:
    texts = {
        "a": f"Fire chief {first} said the blaze at the Harlow paper mill began at dawn. {second}",
        "b": "Fire chief John Owen said the blaze at the Harlow paper mill began at dawn. "
        "John Owen said no one was hurt.",
        "c": "The blaze at the Harlow paper mill began at dawn, fire chief John Owen said. "
        "Crews from three towns fought it.",
    }
    articles = [_article(aid, t) for aid, t in texts.items()]
    for a in articles:
        a.sentences = split_sentences(a.text)
    story = Story(id="s", articles=list(texts))
    reconcile(story, articles)
    return story


def test_consensus_repairs_a_one_off_spelling_but_not_a_first_name_kept_throughout():
    once = _three_sources("Jon Owen", "Crews worked all day.")
    assert ("Jon Owen", "John Owen") in _repairs(once)
    why = next(v.why for e in once.entities for v in e.variants if v.form == "Jon Owen")
    assert "independent sources" in why
    kept = _three_sources("Jon Owen", "Jon Owen said the mill would reopen.")
    assert not _repairs(kept)
    assert {"Jon Owen", "John Owen"} <= {e.name for e in kept.entities}


def test_two_names_each_used_by_two_sources_stay_two_entities():
    texts = {
        "e1": "Storm Hilda flooded towns along the East Coast on Monday, forecasters said.",
        "w1": "Storm Hilda flooded towns along the West Coast on Monday, forecasters said.",
        "e2": "Towns on the East Coast were flooded by Storm Hilda on Monday.",
        "w2": "Towns on the West Coast were flooded by Storm Hilda on Monday.",
        "w3": "Storm Hilda reached the West Coast late on Monday.",
    }
    articles = [_article(aid, t) for aid, t in texts.items()]
    for a in articles:
        a.sentences = split_sentences(a.text)
    story = Story(id="s", articles=list(texts))
    reconcile(story, articles)
    by_name = {e.name: {v.form for v in e.variants} for e in story.entities}
    assert by_name.get("East Coast") == {"East Coast"}
    assert by_name.get("West Coast") == {"West Coast"}
