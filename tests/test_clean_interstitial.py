"""Page messages (bot checks, consent boxes, ad-blocker walls, paywalls) told from text."""

from __future__ import annotations

import pytest

from storyfold.clean_shapes import interstitial_reason, strip_interstitial


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ('Jeśli chcesz kontynuować, zaznacz "Nie jestem robotem".', "bot check"),
        ("Bitte bestätigen Sie: Ich bin kein Roboter.", "bot check"),
        ("Your IP address: 10.1.2.3", "bot check"),
        ("Wyłącz AdBlocka, aby czytać nasze artykuły.", "ad blocker"),
        ("Nous utilisons des cookies pour améliorer votre expérience sur notre site.", "cookies"),
        ("Weitere Informationen finden Sie in unserer Datenschutzerklärung.", "privacy notice"),
        ("Per visualizzare questo video abilita JavaScript nel browser.", "enable JavaScript"),
        ("Suscríbete para seguir leyendo este artículo.", "paywall"),
        ('Klikając "Akceptuję", wyrażasz zgodę.', "consent box"),
    ],
)
def test_page_messages_are_named(sentence: str, reason: str) -> None:
    assert interstitial_reason(sentence) == reason


@pytest.mark.parametrize(
    "sentence",
    [
        "Warehouses will use 23,000 robots by 2025, the research firm said.",
        "The California Consumer Privacy Act took effect on Wednesday.",
        "The operator kept losing subscribers, the lawsuit said.",
        "Die Zahl der Bußgelder nach der Datenschutzgrundverordnung stieg deutlich.",
        "The bakery sold cookies at the fair.",
    ],
)
def test_article_sentences_that_mention_such_things_stay(sentence: str) -> None:
    assert interstitial_reason(sentence) is None
    assert strip_interstitial(sentence) == (sentence, [])


def test_strip_keeps_the_article_around_a_box() -> None:
    text = (
        "Minister resigns after vote.\nWe use cookies on this website to improve it. "
        "Accept all cookies?\nThe minister resigned on Monday after losing a vote."
    )
    kept, reasons = strip_interstitial(text)
    assert reasons == ["cookies"]
    assert "cookie" not in kept.lower()
    assert kept.startswith("Minister resigns after vote.") and kept.endswith("losing a vote.")
