"""Risky near-verbatim copies (storyfold.copy_checks): collapsed onto their representative,
yet their changed number, garbled name or flipped negation still gives the conflict,
the name variant and the departure the full stages give."""

from dataclasses import replace

import pytest

from storyfold import collapse, copy_checks, pipeline
from storyfold.collapse import Collapsed
from storyfold.records import Article
from storyfold.sentences import split_sentences

TEXT = (
    "Floods hit 12 provinces in the north of the country on Monday, Interior Minister "
    "Anna Kowalski said. Rescue teams were sent to the worst affected valleys after heavy "
    "rain for three days. Many roads were closed and the local schools stayed shut until "
    "the water went down. Kowalski said the damage to farms was severe and that help "
    "would be offered to the families who lost their homes. The army was not asked to "
    "help with the rescue, the ministry said."
)


def _article(aid: str, text: str, published: str | None = None) -> Article:
    a = Article(id=aid, source=f"{aid}.txt", raw=text, text=text, published=published)
    a.sentences = split_sentences(text)
    return a


def _members() -> list[Article]:
    return [
        _article("a", TEXT),
        _article("b", TEXT.replace("Rescue teams", "Rescue crews")),  # harmless
        _article("c", TEXT.replace("Many roads", "Many small roads")),  # harmless
        _article("d", TEXT.replace("hit 12 provinces", "hit 13 provinces")),  # a number
        _article("g", TEXT.replace("Anna Kowalski said", "Anna Kowalsky said")),  # a name
        _article("n", TEXT.replace("was not asked", "was asked")),  # a negation
    ]


def _fold(members: list[Article], collapsed: bool = True, monkeypatch=None):
    members = [replace(a, sentences=list(a.sentences)) for a in members]
    if not collapsed:
        monkeypatch.setattr(collapse, "collapse", lambda ms: Collapsed(list(ms)))
    story, arts = pipeline.fold_story("s", members)
    if monkeypatch is not None:
        monkeypatch.undo()
    return story, {a.id: a for a in arts}


def test_every_near_copy_collapses_and_the_meaningful_edits_are_risky():
    got = collapse.collapse(_members())
    assert got.copy_of == {c: "a" for c in "bcdgn"}
    assert got.risky == {"d", "g", "n"}


def test_a_collapsed_copy_that_changes_a_number_still_gives_its_conflict():
    story, _ = _fold(_members())
    numbers = [c for c in story.conflicts if c.kind == "number"]
    assert len(numbers) == 1
    sides = {(s.article, s.sentence) for s in numbers[0].sides}
    assert sides == {("a", 0), ("d", 0)}  # both sides cited, sentence by sentence
    assert "13" in next(s.text for s in numbers[0].sides if s.article == "d")
    assert numbers[0].favoured == "a"  # a, b, c, g and n carry 12
    # The copy is no support for the figure it changed, and is for the one it wrote.
    twelve = next(f for f in story.facts if f.kind == "number" and "12" in f.text)
    assert "d" not in twelve.articles and {"a", "b", "c", "g", "n"} <= set(twelve.articles)
    assert any(f.kind == "number" and "13" in f.text and "d" in f.articles for f in story.facts)


def test_a_collapsed_copy_with_a_garbled_name_shows_as_its_variant():
    story, arts = _fold(_members())
    entity = next(e for e in story.entities if "Kowalski" in e.name)
    garbled = [v for v in entity.variants if v.garbled]
    assert [(v.form, v.articles) for v in garbled] == [("Anna Kowalsky", ["g"])]
    full = next(v for v in entity.variants if v.form == "Anna Kowalski")
    assert "g" not in full.articles and {"a", "b", "n"} <= set(full.articles)
    assert ["garbled name"] in [d.kinds for d in arts["g"].departures]


def test_a_collapsed_copy_that_flips_a_negation_gets_its_departure_and_conflict():
    story, arts = _fold(_members())
    assert arts["n"].relation == "copy" and arts["n"].derived_from == "a"
    assert [(d.sentence, d.kinds) for d in arts["n"].departures] == [(4, ["polarity"])]
    assert arts["n"].fidelity < arts["b"].fidelity
    polarity = [c for c in story.conflicts if c.kind == "polarity"]
    assert [{(s.article, s.sentence) for s in c.sides} for c in polarity] == [{("a", 4), ("n", 4)}]


def test_collapsed_and_uncollapsed_folds_give_the_same_conflicts_and_variants(monkeypatch):
    s1, a1 = _fold(_members())
    s2, a2 = _fold(_members(), collapsed=False, monkeypatch=monkeypatch)
    assert {(c.kind, frozenset(s.article for s in c.sides)) for c in s1.conflicts} == {
        (c.kind, frozenset(s.article for s in c.sides)) for c in s2.conflicts
    }

    def garbled(story):
        variants = [v for e in story.entities for v in e.variants]
        return {(v.form, tuple(v.articles)) for v in variants if v.garbled}

    assert garbled(s1) == garbled(s2)
    for aid in "dgn":
        assert [d.kinds for d in a1[aid].departures] == [d.kinds for d in a2[aid].departures]


def test_a_representative_that_edited_a_sentence_gives_one_conflict_not_one_per_copy():
    # The earliest text (the representative) dropped "not"; every later copy has it, and
    # most of them also edit something harmless elsewhere.
    members = [_article("a", TEXT.replace("was not asked", "was asked"), "2024-01-01")]
    for k, (old, new) in enumerate(
        [("", ""), ("Rescue teams", "Rescue crews"), ("Many roads", "Many small roads"),
         ("heavy rain", "heavy rainfall"), ("went down", "went away")]
    ):
        members.append(_article(f"c{k}", TEXT.replace(old, new) if old else TEXT, "2024-01-02"))
    story, _ = _fold(members)
    polarity = [c for c in story.conflicts if c.kind == "polarity"]
    assert len(polarity) == 1
    assert "a" in {s.article for s in polarity[0].sides}
    assert polarity[0].favoured != "a"  # five copies against one


def test_copies_writing_one_changed_sentence_share_one_stub():
    members = [_article("a", TEXT.replace("12 provinces", "14 provinces"), "2024-01-01")]
    members += [_article(f"c{k}", TEXT, "2024-01-02") for k in range(3)]
    by_id = {a.id: a for a in members}
    collapsed = collapse.collapse(members)
    assert collapsed.risky == {"c0", "c1", "c2"}
    story, _ = pipeline.fold_story("s", [replace(a) for a in members])
    view = copy_checks.reconcile_view(story, members, [by_id["a"]], collapsed)
    assert [a.id for a in view.articles] == ["a", "c0"]  # c1 and c2 share c0's sentence
    assert view.diffs["c1"].shared == {0: ("c0", 0)}
    # ... and still carry its figure.
    twelve = next(f for f in story.facts if f.kind == "number" and "12" in f.text)
    assert {"c0", "c1", "c2"} <= set(twelve.articles)


@pytest.mark.parametrize("aid", ["d", "g", "n"])
def test_a_risky_copy_is_in_its_representatives_family(aid):
    story, _ = _fold(_members())
    family = next(f for f in story.families if "a" in f.articles)
    assert aid in family.articles
