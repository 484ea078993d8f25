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


def test_newsletter_sign_up_box_is_named() -> None:
    box = "Sign up to FREE daily email alerts from our site - Weekend Report"
    assert interstitial_reason(box) == "newsletter sign-up"
    assert interstitial_reason("Thank you for subscribing") == "newsletter sign-up"
    assert interstitial_reason("Zapisz się do newslettera, a nic nie przegapisz.") is not None
    article = "The council will send flood alerts to residents who sign up, it said."
    assert interstitial_reason(article) is None


PL_TITLE = "Włochy wyprzedziły Iran pod względem liczby zakażonych koronawirusem"
PL_MESSAGE = (
    " Dokładamy wszelkich starań, aby chronić swoje dane osobowe i aktualizować naszą "
    "politykę prywatności zgodnie z RODO."
)
PL_BODY = " Liczba zakażonych we Włoszech wzrosła w sobotę do ponad 21 tysięcy."


def test_a_headline_glued_to_a_message_stays() -> None:
    kept, reasons = strip_interstitial(PL_TITLE + PL_MESSAGE + PL_BODY)
    assert reasons == ["privacy notice"]
    assert kept.startswith(PL_TITLE + "\n") and "prywatności" not in kept
    assert kept.endswith(PL_BODY.strip())
    en = (
        "This is why you shouldn't do any laundry on New Year's Day Sign up to FREE daily "
        "email alerts from our site - Weekend Report Subscribe Thank you for subscribing See "
        "our privacy notice Invalid Email\nWe've all heard about it being unlucky."
    )
    kept, reasons = strip_interstitial(en)
    assert kept.splitlines()[0] == "This is why you shouldn't do any laundry on New Year's Day"
    assert "subscrib" not in kept.lower() and kept.endswith("unlucky.")


def test_only_a_headline_is_kept_from_a_message_piece() -> None:
    # a message sentence whose soft break falls before an acronym, not after a headline
    bot = (
        "We are sorry, but we recorded a huge amount of connections from the IP address "
        "you are connecting from."
    )
    assert strip_interstitial(bot) == ("", ["bot check"])
    # the same glued headline after the opening piece is not taken for the title
    later = "Rzym, sobota." + " " + PL_TITLE + PL_MESSAGE
    kept, _ = strip_interstitial(later)
    assert kept == "Rzym, sobota."
    # more than a headline's words before the message: all of it goes, as before
    long_head = " ".join(["Słowo"] * 20) + " wyprzedziły" + PL_MESSAGE
    assert strip_interstitial(long_head)[0] == ""
    # a German noun before a capital inside the message is no headline's end
    de = "Wir verwenden auf unserer Webseite Cookies, um Ihnen das beste Erlebnis zu bieten."
    assert strip_interstitial(de) == ("", ["cookies"])
