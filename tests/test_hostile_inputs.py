"""Hostile inputs: each is reported with its name and a reason, in bounded time and memory,
and the good inputs beside it are still read."""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyfold import fold
from storyfold.read import Limits, read_inputs
from storyfold.records import Article, ReadError
from storyfold.report.html import to_html
from storyfold.report.json_report import to_json
from storyfold.report.markdown import to_markdown

BODY = ("The harbour reopened on Monday after a week of storms kept every ferry in port, "
        "and the first boats left for the islands before dawn.")
SMALL = Limits(file_bytes=1 << 20, stream_bytes=4 << 20, line_bytes=1 << 16,
               record_bytes=1 << 16, article_chars=5000)


def page(text: str) -> str:
    return (f"<html><head><title>T</title></head><body><article><p>{text}</p></article>"
            "</body></html>")


def warc(pages: list[str], *, gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for n, html in enumerate(pages):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"http://example.com/{n}", "response", payload=io.BytesIO(html.encode()),
            http_headers=http))
    return buf.getvalue()


def zeros_gz(size: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    return comp.compress(bytes(size)) + comp.flush()


def split(items: list[Article | ReadError]) -> tuple[list[Article], dict[str, str]]:
    return ([i for i in items if isinstance(i, Article)],
            {e.path: e.error for e in items if isinstance(e, ReadError)})


@pytest.mark.parametrize("name", ["b.txt.gz", "b.html.gz", "b.jsonl.gz", "b.warc.gz"])
def test_a_gzip_bomb_stops_at_the_limit(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(zeros_gz(64 << 20))  # 64 MiB of zeros, 64 KB on disk
    (tmp_path / "good.txt").write_text(BODY)
    articles, errors = split(list(read_inputs([str(tmp_path)], limits=SMALL)))
    assert [a.id for a in articles] == ["good"]
    bad = [e for p, e in errors.items() if name in p]
    assert bad and any("limit" in e or "not a WARC" in e for e in bad), errors


def test_a_big_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"word " * (300_000))
    articles, errors = split(list(read_inputs([str(tmp_path / "big.txt")], limits=SMALL)))
    assert not articles and "--max-file-bytes" in errors[str(tmp_path / "big.txt")]


def test_a_long_jsonl_line_is_reported_and_the_next_line_read(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text(json.dumps({"id": "long", "text": "w " * 100_000}) + "\n"
                    + json.dumps({"id": "next", "text": BODY}) + "\n")
    articles, errors = split(list(read_inputs([str(path)], limits=SMALL)))
    assert [a.id for a in articles] == ["next"]
    assert "--max-line-bytes" in errors[f"{path}:1"]


def test_a_huge_warc_record_is_reported_and_records_before_it_kept(tmp_path: Path) -> None:
    path = tmp_path / "w.warc"
    path.write_bytes(warc([page(BODY), page("x " * 50_000)], gz=False))
    articles, errors = split(list(read_inputs([str(path)], limits=SMALL)))
    assert len(articles) == 1 and BODY in articles[0].raw
    assert "--max-record-bytes" in errors[str(path)]


def test_a_long_article_is_refused_not_cut(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text(json.dumps({"id": "long", "text": "word " * 2000}) + "\n")
    articles, errors = split(list(read_inputs([str(path)], limits=SMALL)))
    assert not articles and any("--max-article-chars" in e for e in errors.values())


def test_fifo_named_globbed_or_in_a_folder_is_reported_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(BODY)
    for inputs in ([str(tmp_path / "pipe.txt")], [str(tmp_path)], [str(tmp_path / "*.txt")],
                   [str(tmp_path / "**" / "*.txt")]):
        articles, errors = split(list(read_inputs(inputs)))  # would block on open
        assert "FIFO" in errors[str(tmp_path / "pipe.txt")], inputs
        assert [a.id for a in articles] == ([] if len(inputs[0]) and "pipe" in inputs[0]
                                            else ["good"])


def test_symlink_loops_end_and_are_reported(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text(BODY)
    os.symlink("..", tmp_path / "d" / "up")
    os.symlink("self.txt", tmp_path / "self.txt")
    for inputs in ([str(tmp_path)], [str(tmp_path / "**" / "*.txt")]):
        articles, errors = split(list(read_inputs(inputs)))
        assert [a.id for a in articles] == ["a"], inputs
        assert "symlink loop" in errors[str(tmp_path / "d" / "up")]
        assert "symlink loop" in errors[str(tmp_path / "self.txt")]


def test_odd_file_names_are_read_and_shown_on_one_line(tmp_path: Path) -> None:
    base = os.fsencode(tmp_path)
    for raw in (b"new\nline.txt", b"bad\xff.txt", "rtl\u202e.txt".encode()):
        Path(os.fsdecode(base + b"/" + raw)).write_text(BODY)
    articles, errors = split(list(read_inputs([str(tmp_path)])))
    assert not errors and len(articles) == 3
    sources = sorted(a.source for a in articles)
    assert all("\n" not in s and "\u202e" not in s for s in sources)
    assert any(s.endswith("new\\nline.txt") for s in sources)
    assert any(s.endswith("bad\\xff.txt") for s in sources)
    report = fold([str(tmp_path)])
    for render in (to_json, to_markdown, to_html):
        render(report).encode("utf-8")  # a name that is not UTF-8 still writes


def test_lone_surrogates_are_repaired_at_read_time(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": "s\ud800", "title": "T\udfff",
                                "text": BODY + " \ud83d end."}) + "\n")
    stdin = io.StringIO(path.read_text())
    for inputs, kwargs in (([str(path)], {}), (["-"], {"stdin": stdin})):
        articles, errors = split(list(read_inputs(inputs, **kwargs)))  # type: ignore[arg-type]
        assert not errors and articles[0].id == "s\ufffd" and "\ufffd end" in articles[0].raw
    report = fold([str(path)])
    for render in (to_json, to_markdown, to_html):
        render(report).encode("utf-8")


def test_deep_json_and_huge_numbers_are_line_errors(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text("[" * 200_000 + "\n" + '{"id": ' + "9" * 5000 + "}\n"
                    + json.dumps({"id": "ok", "text": BODY}) + "\n")
    articles, errors = split(list(read_inputs([str(path)])))
    assert [a.id for a in articles] == ["ok"]
    assert set(errors) == {f"{path}:1", f"{path}:2"}


def test_truncated_gzip_html_at_every_cut_is_an_error(tmp_path: Path) -> None:
    # Highly compressible: a short prefix already inflates to a readable partial page.
    data = gzip.compress(page(" ".join([BODY] * 40)).encode())
    path = tmp_path / "p.html.gz"
    for cut in range(1, len(data)):
        path.write_bytes(data[:cut])
        articles, errors = split(list(read_inputs([str(path)])))
        assert not articles and str(path) in errors, cut


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_at_every_cut_keeps_whole_records_and_says_so(tmp_path: Path,
                                                                     gz: bool) -> None:
    texts = [f"{BODY} Story {n} goes on with its own details." for n in range(3)]
    data = warc([page(t) for t in texts], gz=gz)
    path = tmp_path / ("w.warc.gz" if gz else "w.warc")
    path.write_bytes(data)
    whole = [a.raw for a in read_inputs([str(path)])]
    assert len(whole) == 3
    boundaries = 0
    for cut in range(1, len(data)):
        path.write_bytes(data[:cut])
        articles, errors = split(list(read_inputs([str(path)])))
        got = [a.raw for a in articles]
        assert got == whole[: len(got)], cut  # never a shortened or changed text
        if not errors:  # only a cut exactly between records leaves a valid shorter archive
            boundaries += 1
            assert len(got) < 3
    assert boundaries <= 3  # one per record end, not per cut


def test_flipped_bytes_in_a_warc_never_change_a_text_silently(tmp_path: Path) -> None:
    texts = [f"{BODY} Story {n}." for n in range(2)]
    data = warc([page(t) for t in texts], gz=False)
    path = tmp_path / "w.warc"
    path.write_bytes(data)
    whole = [a.raw for a in read_inputs([str(path)])]
    start = data.index(b"<html>")
    for pos in range(start, start + 200, 3):  # inside the first record's payload
        flipped = bytearray(data)
        flipped[pos] ^= 0x01
        path.write_bytes(bytes(flipped))
        articles, errors = split(list(read_inputs([str(path)])))
        assert all(a.raw in whole for a in articles), pos
        assert len(articles) < 2 and errors, pos  # the digest caught it
