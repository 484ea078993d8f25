from storyfold.reconcile import reconcile
from storyfold.reconcile.context import StoryContext
from storyfold.reconcile.entities import find_entities
from storyfold.reconcile.mentions import Vocabulary, sentence_mentions
from tests.reconcile_story import make_story


def _entities():
    story, articles = make_story()
    reconcile(story, articles)
    return {e.name: e for e in story.entities}


def _variant(entity, form):
    return next(v for v in entity.variants if v.form == form)


def test_misspelled_name_joins_the_entity_and_is_judged_garbled():
    ents = _entities()
    assert "Marisol Aranda" in ents
    v = _variant(ents["Marisol Aranda"], "Marisol Arandah")
    assert v.garbled and v.articles == ["b"] and v.why
    assert not _variant(ents["Marisol Aranda"], "Marisol Aranda").garbled
    assert "Marisol Arandah" not in ents


def test_name_that_sounds_alike_joins_and_canonical_is_the_better_supported_form():
    ents = _entities()
    assert "Tomas Echeverria" in ents
    assert _variant(ents["Tomas Echeverria"], "Thomas Echevarria").garbled
    # Surnames alone attach to the full name.
    forms = {v.form for v in ents["Tomas Echeverria"].variants}
    assert {"Echeverria", "Echevarria"} <= forms


def test_alignment_attaches_a_translated_name_to_the_entity_the_source_names():
    ents = _entities()
    pact = ents["green copper pact"]
    v = _variant(pact, "Verdant Copper Covenant")
    assert v.garbled and "aligned" in v.why
    assert pact.type == "group"


def test_without_alignment_the_renamed_group_stays_apart():
    story, articles = make_story(provenance=False)
    reconcile(story, articles)
    names = {e.name for e in story.entities}
    assert "Verdant Copper Covenant" in names
    # Spelling and sound still merge people.
    aranda = next(e for e in story.entities if e.name.startswith("Marisol"))
    assert {v.form for v in aranda.variants} >= {"Marisol Aranda", "Marisol Arandah"}


def test_types_and_roles():
    story, articles = make_story()
    ctx = StoryContext.build(story, articles)
    index = find_entities(ctx)
    types = {e.name: e.type for e in index.entities}
    assert types["Marisol Aranda"] == "person"
    assert types["Santiago"] == "place"
    roles = {m.role for m, e in index.by_sentence[("a", 0)] if e.name == "Marisol Aranda"}
    assert roles == {"president"}


def test_mentions_skip_sentence_openers_and_titles():
    vocab = Vocabulary.of(["the meeting was held", "He met Anna Berg in Oslo."])
    found, headline = sentence_mentions(
        "x", 0, "Earlier, Foreign Minister Anna Berg met Mr Lund in Oslo.", vocab
    )
    assert not headline
    names = {m.surface: m for m in found}
    assert set(names) == {"Anna Berg", "Lund", "Oslo"}
    assert names["Anna Berg"].role == "foreign minister"
    assert names["Lund"].honorific


def test_glued_and_broken_spacing_forms_are_garbled():
    story, articles = make_story(provenance=False)
    articles[0].sentences[3].text = "The Al Hilal group backs the pact, Ms Aranda said."
    articles[1].sentences[3].text = "ArandaAnd the Al -Hilal group said so."
    reconcile(story, articles)
    forms = {v.form: (e.name, v) for e in story.entities for v in e.variants}
    name, v = forms["Al -Hilal"]
    assert name == "Al Hilal" and v.garbled and "spacing" in v.why
    name, v = forms["ArandaAnd"]
    assert name == "Marisol Aranda" and v.garbled and "fused" in v.why
