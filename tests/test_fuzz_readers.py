"""Property tests: whatever bytes a file holds, every reader gives Articles or ReadErrors
(nothing escapes as an exception), the text it gives always encodes, and the reports of
what was read always write. bench/fuzz.py runs the long version (20,000 cases)."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import fuzz

import storyfold
from storyfold.read import read_inputs
from storyfold.records import Article, ReadError
from storyfold.report.html import to_html
from storyfold.report.json_report import to_json
from storyfold.report.markdown import to_markdown

BASE = fuzz.corpus()
SETTINGS = settings(max_examples=400, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real file of one format, cut short and/or with bytes flipped or inserted."""
    name, data = draw(st.sampled_from(BASE))
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        op = draw(st.sampled_from(["flip", "insert", "delete"]))
        if op == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at : at + draw(st.integers(1, 16))]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return name, bytes(data)


@st.composite
def generated(draw: st.DrawFn) -> tuple[str, bytes]:
    """Random bytes or odd unicode under any reader's file name."""
    name = draw(st.sampled_from(fuzz.NAMES))
    if draw(st.booleans()):
        return name, draw(st.binary(max_size=600))
    text = "".join(draw(st.lists(st.sampled_from(fuzz.ODD) | st.characters(), max_size=300)))
    return name, text.encode("utf-8", "surrogatepass")


def _read(tmp_path: Path, name: str, data: bytes) -> list[Article | ReadError]:
    path = tmp_path / name
    path.write_bytes(data)
    got = list(read_inputs([str(path)]))
    for item in got:
        assert isinstance(item, Article | ReadError)
        if isinstance(item, Article):
            # No lone surrogate reaches a report.
            (item.title or "").encode("utf-8")
            item.text.encode("utf-8")
    return got


@SETTINGS
@given(case=mutated())
def test_mutated_real_files_read_or_error(tmp_path: Path, case: tuple[str, bytes]) -> None:
    _read(tmp_path, *case)


@SETTINGS
@given(case=generated())
def test_generated_files_read_or_error(tmp_path: Path, case: tuple[str, bytes]) -> None:
    _read(tmp_path, *case)


@settings(max_examples=50, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=mutated())
def test_what_was_read_folds_and_every_report_writes(tmp_path: Path,
                                                     case: tuple[str, bytes]) -> None:
    articles = [a for a in _read(tmp_path, *case) if isinstance(a, Article)]
    if not articles:
        return  # nothing readable in this case: the read tests cover it
    report = storyfold.fold(articles)
    for render in (to_json, to_markdown, to_html):
        render(report).encode("utf-8")
