"""Wire credits (storyfold.credits) and what provenance makes of them: two reports
credited to different agencies are two sources, unless one pastes a passage of the other."""

from __future__ import annotations

from pathlib import Path

from flood_reports import FIRST, SECOND

from storyfold import fold
from storyfold.credits import agencies, written_apart
from storyfold.records import Article


def _article(**fields: object) -> Article:
    a = Article(id="x", source="x", raw="", text="")
    for k, v in fields.items():
        setattr(a, k, v)
    return a


def test_agencies_are_read_from_dateline_credit_and_byline_only() -> None:
    assert agencies(_article(metadata={"dateline": "PORTO, March 14 (Reuters)"})) == {"Reuters"}
    credit = "Associated Press reporters from around the world contributed to this report."
    assert agencies(_article(metadata={"credit": credit})) == {"AP"}
    assert agencies(_article(byline="Maria Santos, AFP")) == {"AFP"}
    # A picture's credit and the body say nothing of who wrote the text.
    assert agencies(_article(metadata={"credit": "(AP Photo/Evan Vucci)"})) == frozenset()
    assert agencies(_article(text="Reuters reported the talks had stalled.")) == frozenset()
    # Acronyms are whole words in their own case.
    assert agencies(_article(metadata={"dateline": "NAPLES, Fla."})) == frozenset()


def test_written_apart_needs_two_credits_with_no_agency_in_common() -> None:
    reuters = _article(metadata={"dateline": "PORTO (Reuters)"})
    afp = _article(metadata={"dateline": "Lisbon (AFP)"})
    both = _article(metadata={"credit": "Reuters and AFP contributed to this report."})
    assert written_apart(reuters, afp)
    assert not written_apart(reuters, both) and not written_apart(afp, both)
    assert not written_apart(reuters, _article())  # an uncredited text may copy anyone


def _families(tmp_path: Path, first: str, second: str) -> list[list[str]]:
    (tmp_path / "a.txt").write_text(first, encoding="utf-8")
    (tmp_path / "b.txt").write_text(second, encoding="utf-8")
    report = fold([str(tmp_path)])
    assert len(report.stories) == 1
    return sorted(sorted(f.articles) for f in report.stories[0].families)


def test_reports_of_two_agencies_are_two_sources(tmp_path: Path) -> None:
    a = FIRST.format(dateline_a="PORTO, March 14 (Reuters)")
    b = SECOND.format(dateline_b="LISBON (AFP)")
    assert _families(tmp_path, a, b) == [["a"], ["b"]]
    # The same two texts, uncredited: their shared facts in one order link them, and
    # the credits are what tells them apart.
    (tmp_path / "plain").mkdir()
    a0 = FIRST.format(dateline_a="PORTO, March 14")
    b0 = SECOND.format(dateline_b="LISBON")
    assert _families(tmp_path / "plain", a0, b0) == [["a", "b"]]


def test_a_pasted_passage_links_across_credits(tmp_path: Path) -> None:
    a = FIRST.format(dateline_a="PORTO, March 14 (Reuters)")
    pasted = a.split("\n\n", 2)[2]  # the quote and the last paragraph, word for word
    b = SECOND.format(dateline_b="LISBON (AFP)").rstrip() + "\n\n" + pasted
    assert _families(tmp_path, a, b) == [["a", "b"]]
