"""Readers: text, HTML (plain and gzipped), WARC, JSONL (file and stdin), folders, globs."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyfold.read import article_id_for, read_inputs
from storyfold.records import Article, ReadError

BODY = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs. "
    "Engineers said the steel supports had corroded faster than expected after two wet winters."
)
PAGE = f"""<!DOCTYPE html><html><head><title>Harbour bridge to close for repairs</title>
<meta name="author" content="Jane Porter"><meta property="og:site_name" content="Coast Herald">
<meta property="article:published_time" content="2024-03-05"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour bridge to close for repairs</h1>
<p>{BODY}</p>
<p>The closure will last three months, and ferries will run every twenty minutes meanwhile.
Shop owners near the bridge asked the council for help with lost trade during the closure.</p>
<p>A council spokesperson said the repairs would cost about four million pounds in total.</p>
</article><footer>Copyright 2024 Coast Herald. All rights reserved.</footer></body></html>"""


def _read(*inputs: str, stdin: io.StringIO | None = None) -> list[Article | ReadError]:
    return list(read_inputs(list(inputs), stdin=stdin))


def _articles(items: list[Article | ReadError]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def test_text_file_id_title_and_raw(tmp_path: Path) -> None:
    path = tmp_path / "bridge-story.txt"
    path.write_text(f"Harbour Bridge to Close for Repairs\n\n{BODY}\n", encoding="utf-8")
    [article] = _read(str(path))
    assert isinstance(article, Article)
    assert article.id == "bridge-story"
    assert article.source == str(path)
    assert article.title == "Harbour Bridge to Close for Repairs"
    assert BODY in article.raw


def test_text_title_not_guessed_from_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY + "\n", encoding="utf-8")
    [article] = _read(str(path))
    assert isinstance(article, Article) and article.title is None


def test_windows_1252_text_keeps_accents(tmp_path: Path) -> None:
    text = "Le président a déclaré à Paris que l'été serait décisif pour la façade.\n"
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("cp1252"))
    [article] = _read(str(path))
    assert isinstance(article, Article)
    assert article.raw == text


def test_latin1_german_and_utf8_bom(tmp_path: Path) -> None:
    german = "Müller sagte, die Größe der Brücke sei übermäßig teuer.\n"
    (tmp_path / "de.txt").write_bytes(german.encode("latin-1"))
    (tmp_path / "bom.txt").write_bytes("\ufeffÉté à Zürich.\n".encode("utf-8-sig"))
    items = {a.id: a for a in _articles(_read(str(tmp_path)))}
    assert items["de"].raw == german
    assert items["bom"].raw == "Été à Zürich.\n"


def test_cyrillic_single_byte_text_is_not_read_as_western(tmp_path: Path) -> None:
    text = "Президент заявил, что переговоры о мире продолжатся на следующей неделе в Женеве.\n"
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    [article] = _read(str(path))
    assert isinstance(article, Article)
    assert "переговоры" in article.raw


def test_html_and_gzipped_html_give_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "bridge.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "bridge2.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    articles = _articles(_read(str(tmp_path)))
    assert [a.id for a in articles] == ["bridge", "bridge2"]
    for article in articles:
        assert "corroded faster than expected" in article.raw
        assert "Sport" not in article.raw  # navigation is not main text
        assert article.title == "Harbour bridge to close for repairs"
        assert article.byline == "Jane Porter"
        assert article.published == "2024-03-05"
        assert article.metadata["format"] == "html"


def test_jsonl_fields_text_and_html(tmp_path: Path) -> None:
    rows = [
        {
            "id": "a1",
            "text": BODY,
            "title": "Bridge closes",
            "url": "https://www.herald.example/a1",
            "published": "2024-03-05",
        },
        {"id": "a2", "html": PAGE, "site": "Coast Herald"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    a1, a2 = _read(str(path))
    assert isinstance(a1, Article) and isinstance(a2, Article)
    assert (a1.id, a1.title, a1.published) == ("a1", "Bridge closes", "2024-03-05")
    assert a1.raw == BODY
    assert a1.site == "www.herald.example"  # from the url when no site is given
    assert a2.id == "a2" and a2.site == "Coast Herald"
    assert "corroded faster than expected" in a2.raw


def test_stdin_jsonl_with_a_bad_line() -> None:
    stdin = io.StringIO(
        json.dumps({"id": "s1", "text": BODY})
        + "\n{not json\n"
        + json.dumps({"id": "s2", "text": BODY})
    )
    items = _read("-", stdin=stdin)
    assert [i.id for i in items if isinstance(i, Article)] == ["s1", "s2"]
    [error] = [i for i in items if isinstance(i, ReadError)]
    assert error.path == "<stdin>:2"
    assert "malformed JSON" in error.error


def test_glob_matches_and_no_match(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt", "three.html"):
        (tmp_path / name).write_text(BODY if name.endswith("txt") else PAGE, encoding="utf-8")
    items = _read(str(tmp_path / "*.txt"), str(tmp_path / "*.nothing"))
    assert sorted(a.id for a in _articles(items)) == ["one", "two"]
    [error] = [i for i in items if isinstance(i, ReadError)]
    assert error.path.endswith("*.nothing") and "no files match" in error.error


def test_folder_is_recursive_and_skips_unknown_types(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "x.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "README").write_text("read me", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    items = _read(str(tmp_path))
    assert [(type(i).__name__, i.id if isinstance(i, Article) else i.path) for i in items] == [
        ("Article", "x")
    ]


def test_explicit_unknown_extension_is_tried_as_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(BODY, encoding="utf-8")
    [article] = _read(str(path))
    assert isinstance(article, Article) and article.id == "notes.md" and article.raw == BODY


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    assert len(_read(str(path), str(tmp_path))) == 1


def test_article_ids_strip_known_extensions_only() -> None:
    assert article_id_for(Path("d/x.html.gz")) == "x"
    assert article_id_for(Path("d/report.v2.txt")) == "report.v2"
    assert article_id_for(Path("d/2024.09.05")) == "2024.09.05"


def _warc_record(writer: WARCWriter, url: str, payload: bytes, content_type: str) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(payload), http_headers=headers
    )
    writer.write_record(record)


def test_warc_html_responses_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        _warc_record(
            writer, "https://herald.example/bridge", PAGE.encode(), "text/html; charset=utf-8"
        )
        _warc_record(writer, "https://herald.example/logo.png", b"\x89PNG....", "image/png")
    items = _read(str(path))
    [article] = items
    assert isinstance(article, Article)
    assert article.id.startswith("urn:uuid:")
    assert article.url == "https://herald.example/bridge"
    assert article.site == "herald.example"
    assert "corroded faster than expected" in article.raw
