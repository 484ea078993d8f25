"""Which news agency an article credits: its dateline ("PORTO, March 14 (Reuters)"), its
credit lines ("Associated Press reporters contributed to this report") or its byline
("By Maria Santos, Reuters").

Provenance asks it: two texts credited to two different agencies were written apart, so
sharing an event's facts in the same order does not make one a copy of the other; only
a pasted passage does (see `storyfold.provenance`). The list is a gazetteer of the
world's wire agencies (a general resource, like a list of countries), matched only in
those three places, never in the body, and never in a photo or image credit ("AP
Photo/Evan Vucci" says who took the picture, not who wrote the text).
"""

from __future__ import annotations

import re

from storyfold.records import Article

# Canonical name -> how agencies write themselves in datelines, credits and bylines.
# Acronyms are matched as whole, case-sensitive words.
AGENCIES: dict[str, str] = {
    "Reuters": r"Reuters",
    "AP": r"\bAP\b|Associated Press",
    "AFP": r"\bAFP\b|Agence France[- ]Presse",
    "dpa": r"\bdpa\b|\bDPA\b|Deutsche Presse-Agentur",
    "EFE": r"\bEFE\b",
    "ANSA": r"\bANSA\b",
    "PAP": r"\bPAP\b|Polska Agencja Prasowa",
    "Kyodo": r"\bKyodo\b",
    "Xinhua": r"\bXinhua\b",
    "Bloomberg": r"\bBloomberg\b",
    "TASS": r"\bTASS\b|\bTass\b",
    "RIA Novosti": r"\bRIA Novosti\b",
    "Interfax": r"\bInterfax\b",
    "Yonhap": r"\bYonhap\b",
    "Anadolu": r"\bAnadolu\b",
    "PTI": r"\bPTI\b|Press Trust of India",
    "IANS": r"\bIANS\b",
    "AAP": r"\bAAP\b|Australian Associated Press",
    "Canadian Press": r"\bCanadian Press\b",
    "UPI": r"\bUPI\b|United Press International",
    "ANP": r"\bANP\b",
    "Belga": r"\bBelga\b",
    "APA": r"\bAPA\b",
    "Lusa": r"\bLusa\b",
    "Europa Press": r"\bEuropa Press\b",
    "Ukrinform": r"\bUkrinform\b",
    "CTK": r"\bČTK\b|\bCTK\b",
    "MTI": r"\bMTI\b",
    "NTB": r"\bNTB\b",
    "Ritzau": r"\bRitzau\b",
}
_AGENCY = [(name, re.compile(pattern)) for name, pattern in AGENCIES.items()]
# A line crediting a picture, not the text.
_PICTURE = re.compile(r"\b(?:photo|photograph|image|picture|foto|bild|video|getty)", re.I)
# Where an article names who wrote it (metadata set by storyfold.clean).
CREDIT_PLACES = ("dateline", "credit")


def agencies(article: Article) -> frozenset[str]:
    """The wire agencies `article` credits in its dateline, credit lines or byline (empty
    when it credits none)."""
    lines = [article.byline or ""]
    for key in CREDIT_PLACES:
        lines.extend(str(article.metadata.get(key) or "").splitlines())
    found = {
        name
        for line in lines
        if line and not _PICTURE.search(line)
        for name, pattern in _AGENCY
        if pattern.search(line)
    }
    return frozenset(found)


def written_apart(a: Article, b: Article) -> bool:
    """Both credit an agency and no agency is common to them: their texts were written
    apart (a copy that credits both of its sources meets each)."""
    return apart(agencies(a), agencies(b))


def apart(credits_a: frozenset[str], credits_b: frozenset[str]) -> bool:
    """`written_apart` of two articles' `agencies` (for callers that keep them)."""
    return bool(credits_a) and bool(credits_b) and not credits_a & credits_b
