"""One unreadable input never stops the others: each becomes a ReadError with a reason."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from storyfold.read import read_inputs
from storyfold.records import Article, ReadError

BODY = (
    "The ferry service resumed on Monday after a week of storms closed the harbour to all traffic."
)


def test_folder_mixing_good_and_bad_files(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "good2.html.gz").write_bytes(
        gzip.compress(f"<html><body><article><p>{BODY} {BODY}</p></article></body></html>".encode())
    )
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "cut.html.gz").write_bytes(gzip.compress(b"<html>" + b"x" * 5000)[:40])
    lines = [
        json.dumps({"id": "j1", "text": BODY}),
        json.dumps({"id": "j2", "text": BODY}),
        '{"id": "j3", "text": "unterminated',
        json.dumps({"id": "j4", "title": "no text here"}),
        json.dumps({"id": "j5", "text": BODY}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")

    items = list(read_inputs([str(tmp_path)]))
    articles = sorted(i.id for i in items if isinstance(i, Article))
    errors = {Path(e.path).name: e.error for e in items if isinstance(e, ReadError)}
    assert articles == ["good", "good2", "j1", "j2", "j5"]
    assert set(errors) == {
        "binary.txt",
        "empty.txt",
        "cut.html.gz",
        "batch.jsonl:3",
        "batch.jsonl:4",
    }
    assert "binary" in errors["binary.txt"]
    assert "empty" in errors["empty.txt"]
    assert "gzip" in errors["cut.html.gz"]
    assert "malformed JSON" in errors["batch.jsonl:3"]
    assert "no `text` or `html`" in errors["batch.jsonl:4"]


def test_missing_path_and_truncated_jsonl_gz(tmp_path: Path) -> None:
    data = "\n".join(json.dumps({"id": f"k{i}", "text": BODY}) for i in range(400)).encode()
    (tmp_path / "many.jsonl.gz").write_bytes(gzip.compress(data)[:-200])
    items = list(read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "many.jsonl.gz")]))
    errors = [i for i in items if isinstance(i, ReadError)]
    assert errors[0].path.endswith("nope.txt") and "no such file" in errors[0].error
    assert errors[-1].path.endswith("many.jsonl.gz") and "truncated" in errors[-1].error
    assert sum(isinstance(i, Article) for i in items) > 300  # lines before the cut are read


def test_html_without_main_text_and_truncated_warc(tmp_path: Path) -> None:
    (tmp_path / "blank.html").write_text(
        "<html><head><script>var x = 1;</script></head><body></body></html>", encoding="utf-8"
    )
    (tmp_path / "bad.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: resp")[:30])
    items = list(read_inputs([str(tmp_path / "blank.html"), str(tmp_path / "bad.warc.gz")]))
    assert all(isinstance(i, ReadError) for i in items)
    assert {Path(i.path).name for i in items} == {"blank.html", "bad.warc.gz"}
