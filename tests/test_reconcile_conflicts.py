from storyfold.reconcile import reconcile
from storyfold.reconcile.conflicts import find_conflicts
from storyfold.reconcile.context import StoryContext
from storyfold.reconcile.entities import find_entities
from storyfold.reconcile.facts import story_quantities
from storyfold.records import Alignment, Article, Family, Story
from storyfold.sentences import split_sentences
from tests.reconcile_story import make_story


def _pair_story(a_text, b_text, *, score=0.8, same_family=False, fid=(0.9, 0.5)):
    arts = []
    for aid, text, f in (("a", a_text, fid[0]), ("b", b_text, fid[1])):
        art = Article(id=aid, source=aid, raw=text, text=text, fidelity=f)
        art.sentences = split_sentences(text)
        arts.append(art)
    story = Story(id="s", articles=["a", "b"])
    story.alignments = [Alignment("a", 0, "b", 0, score)]
    story.families = (
        [Family(["a", "b"], "a")] if same_family else [Family(["a"], "a"), Family(["b"], "b")]
    )
    ctx = StoryContext.build(story, arts)
    index = find_entities(ctx)
    return find_conflicts(ctx, index, story_quantities(ctx))


def test_polarity_flip_is_flagged_and_the_better_source_favoured():
    story, articles = make_story()
    reconcile(story, articles)
    flips = [c for c in story.conflicts if c.kind == "polarity"]
    assert len(flips) == 1
    sides = {s.article: s.sentence for s in flips[0].sides}
    assert sides == {"a": 2, "b": 2}
    assert flips[0].favoured == "a"
    assert "dissatisfied" in flips[0].why


def test_different_counts_conflict_and_rounding_does_not():
    story, articles = make_story()
    reconcile(story, articles)
    numbers = [c for c in story.conflicts if c.kind == "number"]
    assert len(numbers) == 1  # 14 vs 15 companies; $2.4 billion vs $2.4bn is no conflict
    assert {s.article for s in numbers[0].sides} == {"a", "c"}
    # a's figure is carried by its copy b as well, but a copy is no second source: one
    # source (a, 0.95) against one (c, 0.9), so neither side is better supported.
    assert numbers[0].favoured is None


def test_26_vs_27_countries_is_a_conflict():
    conflicts = _pair_story(
        "The summit said 26 countries will send troops to the border next year.",
        "The summit said 27 countries will send troops to the border next year.",
    )
    assert [c.kind for c in conflicts] == ["number"]


def test_rounded_dollars_are_not_a_conflict():
    conflicts = _pair_story(
        "Officials said the fund received $1.28 billion from the bank in one year.",
        "Officials said the fund received $1.3bn from the bank in one year.",
    )
    assert conflicts == []


def test_same_number_of_a_different_kind_is_a_unit_conflict():
    conflicts = _pair_story(
        "Ministers said 30 countries pledged to send aid to the region.",
        "Ministers said 30 soldiers pledged to send aid to the region.",
    )
    assert [c.kind for c in conflicts] == ["unit"]


def test_negation_flip_in_near_identical_sentences():
    conflicts = _pair_story(
        "The council approved the new harbour plan on Tuesday evening.",
        "The council has not approved the new harbour plan on Tuesday evening.",
        score=0.9,
    )
    assert [c.kind for c in conflicts] == ["polarity"]


def test_paraphrase_with_negation_on_both_sides_is_no_conflict():
    conflicts = _pair_story(
        "I feel we weren't executing the plan we wanted to have.",
        "I didn't feel we were executing the plan we wanted to have.",
        score=0.9,
    )
    assert conflicts == []


def test_swapped_actor_is_flagged():
    conflicts = _pair_story(
        "Norway announced on Friday that it was expelling a Danish envoy after Denmark "
        "declared a Norwegian envoy unwelcome.",
        "Norway announced on Friday that Denmark is expelling Danish envoys after declaring "
        "Norwegian envoys unwelcome.",
        score=0.9,
        same_family=True,
    )
    assert [c.kind for c in conflicts] == ["actor"]


def test_speaker_swap_in_a_copy_is_flagged():
    conflicts = _pair_story(
        "The regional governors said the province must now work towards ending the strike.",
        "Mayor Karl Jensen said that now they must work towards the end of the strike.",
        score=0.6,
        same_family=True,
    )
    assert [c.kind for c in conflicts] == ["speaker"]
    # Independent reports may quote different people: no conflict.
    assert (
        _pair_story(
            "The regional governors said the province must now work towards ending the strike.",
            "Mayor Karl Jensen said that now they must work towards the end of the strike.",
            score=0.6,
        )
        == []
    )


def test_unaligned_sentences_are_never_compared():
    conflicts = _pair_story(
        "The summit said 26 countries will send troops to the border next year.",
        "The summit said 27 countries will send troops to the border next year.",
        score=0.1,
    )
    assert conflicts == []


def test_title_conflict_between_aligned_sentences():
    conflicts = _pair_story(
        "Prime Minister Lena Holm said the talks would resume in March in Geneva.",
        "President Lena Holm said the talks would resume in March in Geneva.",
        same_family=True,
    )
    assert [c.kind for c in conflicts] == ["title"]
    assert conflicts[0].favoured is None or conflicts[0].favoured in ("a", "b")


def test_dropped_agent_is_flagged():
    conflicts = _pair_story(
        "The mayor, criticised by residents but backed by Sweden in the dispute, said no.",
        "The mayor, criticised by residents but supported by the dispute efforts, said no.",
        score=0.85,
        same_family=True,
    )
    assert [c.kind for c in conflicts] == ["actor"]
    assert "Sweden" in conflicts[0].why


def test_harm_one_copy_alone_reports_is_an_event_conflict():
    conflicts = _pair_story(
        "A senior official, who was killed by the agency, confirmed the fuel sales figure.",
        "A senior official, who spoke to the agency, confirmed the fuel sales figure.",
        score=0.6,
    )
    assert [c.kind for c in conflicts] == ["event"]
    assert "killed" in conflicts[0].why
    assert {s.article for s in conflicts[0].sides} == {"a", "b"}


def test_harm_worded_differently_or_done_by_the_subject_is_no_event_conflict():
    # The partner speaks of the deaths in its own words ...
    assert _pair_story(
        "Two police officers were killed when the bomb exploded at the bank on Friday.",
        "The bomb exploded at the bank on Friday, killing two police officers.",
        score=0.6,
    ) == []
    # ... and "the storm killed" names the doer, not someone who came to harm.
    assert _pair_story(
        "The storm that killed a woman near the harbour moved north on Tuesday night.",
        "The storm near the harbour moved north on Tuesday night, forecasters said.",
        score=0.6,
    ) == []


def test_better_supported_needs_a_clear_lead() -> None:
    # One clean independent report against another: no side is better supported, whatever
    # their fidelity's last digits; against a garbled copy alone, the clean one is.
    a = "The summit said 26 countries will send troops to the border next year."
    b = "The summit said 27 countries will send troops to the border next year."
    (even,) = _pair_story(a, b, fid=(1.0, 0.95))
    assert even.favoured is None
    (clear,) = _pair_story(a, b, fid=(1.0, 0.6))
    assert clear.favoured == "a"
