from dataclasses import replace

import pytest
from provenance_seeds import seed_articles

from storyfold import collapse, pipeline
from storyfold.collapse import Collapsed, harmless, near_verbatim
from storyfold.records import Article
from storyfold.sentences import split_sentences

ORIGINAL = (
    "Floods hit 12 provinces in the north of the country on Monday, the interior ministry "
    "said. Rescue teams were sent to the worst affected valleys after heavy rain for three "
    "days. Many roads were closed and the local schools stayed shut until the water went "
    "down. The ministry said the damage to farms was severe and that help would be "
    "offered to the families who lost their homes."
)
INDEPENDENT = (
    "Residents of the northern valleys described a night of rising water. A farmer said his "
    "barn was swept away within an hour. Volunteers from nearby towns brought food and "
    "blankets to a sports hall that now shelters dozens of people."
)


def _article(aid: str, text: str) -> Article:
    a = Article(id=aid, source=f"{aid}.txt", raw=text, text=text)
    a.sentences = split_sentences(text)
    return a


def _story() -> list[Article]:
    return [
        _article("a", ORIGINAL),
        _article("b", ORIGINAL.replace("Rescue teams were", "Rescue crews were")),  # harmless edit
        _article("c", ORIGINAL.replace("Many roads", "Many small roads")),
        _article("d", ORIGINAL.replace("hit 12 provinces", "hit 13 provinces")),  # a number
        _article("e", INDEPENDENT),
    ]


def test_near_copies_collapse_and_a_changed_number_marks_its_copy_risky():
    got = collapse.collapse(_story())
    assert got.copy_of == {"b": "a", "c": "a", "d": "a"}
    assert got.risky == {"d"}
    assert [a.id for a in got.representatives] == ["a", "e"]


def test_near_verbatim_tolerates_a_few_edits_and_harmless_rejects_names_and_negations():
    words = ORIGINAL.split()
    assert near_verbatim(words, words) == 0
    edited = list(words)
    for i in (20, 35, 40):
        edited[i] = "varied"
    assert near_verbatim(words, edited) == 3
    assert harmless(words, edited)
    negated = ORIGINAL.replace("were closed", "were not closed").split()
    assert near_verbatim(words, negated) == 1
    assert not harmless(words, negated)
    renamed = ORIGINAL.replace("interior ministry", "Interior Ministry").split()
    assert not harmless(words, renamed)
    rewritten = list(words)
    for i in range(0, 60, 5):
        rewritten[i] = "other"
    assert near_verbatim(words, rewritten) is None
    # "30 soldiers" for "30 countries": the noun next to a number is no harmless edit.
    noun = ORIGINAL.replace("12 provinces", "12 towns").split()
    assert not harmless(words, noun)


def test_a_copy_that_changes_a_number_still_gives_its_conflict():
    story, _ = pipeline.fold_story("s", _story())
    numbers = [c for c in story.conflicts if c.kind == "number"]
    assert len(numbers) == 1
    assert "d" in {s.article for s in numbers[0].sides}
    assert numbers[0].favoured != "d"  # a, b and c carry 12


def _fold(members: list[Article], collapsed: bool, monkeypatch: pytest.MonkeyPatch):
    members = [replace(a, sentences=list(a.sentences)) for a in members]
    if not collapsed:
        monkeypatch.setattr(collapse, "collapse", lambda ms: Collapsed(list(ms)))
    story, arts = pipeline.fold_story("s", members)
    monkeypatch.undo()
    families = {frozenset(f.articles) for f in story.families}
    return story, families, {a.id: a.relation for a in arts}


@pytest.mark.parametrize("members", [_story, seed_articles], ids=["synthetic", "seeds"])
def test_collapsed_and_uncollapsed_reports_agree(members, monkeypatch):
    arts = members()
    s1, fam1, rel1 = _fold(arts, True, monkeypatch)
    s2, fam2, rel2 = _fold(arts, False, monkeypatch)
    assert fam1 == fam2
    assert rel1 == rel2
    assert {(c.kind, frozenset(s.article for s in c.sides)) for c in s1.conflicts} == {
        (c.kind, frozenset(s.article for s in c.sides)) for c in s2.conflicts
    }
    assert {(f.kind, f.value, frozenset(f.articles)) for f in s1.facts if f.kind == "number"} \
        == {(f.kind, f.value, frozenset(f.articles)) for f in s2.facts if f.kind == "number"}


def test_copies_get_relation_family_and_alignments_from_their_representative():
    story, arts = pipeline.fold_story("s", _story())
    by_id = {a.id: a for a in arts}
    assert by_id["b"].relation == "copy" and by_id["b"].derived_from == "a"
    fam = next(f for f in story.families if "a" in f.articles)
    assert {"a", "b", "c"} <= set(fam.articles)
    aligned = {(al.a_sentence, al.b_sentence) for al in story.alignments
               if al.a == "a" and al.b == "b"}
    assert aligned == {(i, i) for i in range(len(by_id["a"].sentences))}
