from __future__ import annotations

from pathlib import Path

from storyfold.pipeline import fold
from storyfold.records import Article


def test_fold_accepts_records() -> None:
    arts = [Article(id="x", source="mem", raw="A quake hit Chile on Monday. Ten died."),
            Article(id="y", source="mem", raw="A quake hit Chile on Monday, killing ten.")]
    report = fold(arts)
    assert {a.id for a in report.articles} == {"x", "y"}
    assert sorted(i for s in report.stories for i in s.articles) == ["x", "y"]
    assert all(a.sentences for a in report.articles)


def test_duplicate_ids_are_kept_apart(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text("Storm hits the coast. Many flee their homes.")
    (tmp_path / "b" / "same.txt").write_text("Election held in the north. Turnout was high.")
    report = fold([str(tmp_path)])
    ids = sorted(a.id for a in report.articles)
    assert len(ids) == 2 and len(set(ids)) == 2


def test_every_article_lands_in_exactly_one_story(seeds_dir: Path) -> None:
    report = fold([str(seeds_dir)])
    placed = [i for s in report.stories for i in s.articles]
    assert sorted(placed) == sorted(a.id for a in report.articles)


def test_parallel_stories_match_serial(seeds_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "other.txt").write_text(
        "Heavy rain flooded the harbour town of Lerwick on Tuesday. The council opened two "
        "shelters and 140 homes lost power, the utility said. Rescuers saved a fisherman.")
    inputs = [str(seeds_dir), str(tmp_path)]
    serial = fold(inputs, jobs=1).to_dict()
    parallel = fold(inputs, jobs=2).to_dict()
    assert len(serial["stories"]) >= 2
    assert parallel == serial


def test_stream_places_each_article_before_reading_the_next() -> None:
    from collections.abc import Iterator

    from storyfold.pipeline import stream
    from storyfold.records import Placement

    texts = [
        "A strong earthquake hit northern Chile on Monday, killing ten people in Arica.",
        "Ten people died when a strong earthquake struck Arica in northern Chile on Monday.",
        "The central bank raised interest rates by half a point to curb inflation.",
    ]
    consumed = 0

    def arrivals() -> Iterator[Article]:
        nonlocal consumed
        for i, text in enumerate(texts):
            consumed += 1
            yield Article(id=f"a{i}", source="mem", raw=text)

    placements = stream(arrivals())
    first = next(placements)
    # A stream answers for an article as soon as it has read it, not at the end.
    assert consumed == 1
    assert isinstance(first, Placement) and first.article_id == "a0"
    rest = [p for p in placements if isinstance(p, Placement)]
    assert [p.article_id for p in rest] == ["a1", "a2"]
    assert rest[0].story == first.story  # the same quake report
    assert rest[1].story != first.story  # a rate decision is another story


def test_every_story_stage_requires_only_what_is_given_or_assigned_before() -> None:
    from storyfold.story_stages import GIVEN, STORY_STAGES

    have = set(GIVEN)
    for stage in STORY_STAGES:
        missing = set(stage.requires) - have
        assert not missing, f"{stage.name} requires {missing} before anything assigns it"
        have |= set(stage.assigns)
    names = [s.name for s in STORY_STAGES]
    assert names.index("collapse") < names.index("align") < names.index("provenance")
    assert names.index("provenance") < names.index("reconcile")


def test_fold_story_times_each_stage(seeds_dir: Path) -> None:
    from storyfold.pipeline import fold_story
    from storyfold.story_stages import STORY_STAGES

    report = fold([str(seeds_dir)])
    members = [a for a in report.articles]
    timings: dict[str, float] = {}
    story, _ = fold_story("s", members, timings)
    assert set(timings) == {s.name for s in STORY_STAGES}
    assert len(story.families) == len(report.stories[0].families)
