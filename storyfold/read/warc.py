"""WARC files (.warc, .warc.gz): every HTML response record becomes an Article whose id is
the record's WARC-Record-ID. Records that are not HTML (images, scripts, DNS) are skipped;
an HTML record without main text is a ReadError naming the record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyfold.read.decode import UnreadableInput
from storyfold.read.html import extract_html
from storyfold.records import Article, ReadError


def read_warc(path: Path) -> Iterator[Article | ReadError]:
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield ReadError(str(path), exc.strerror or str(exc))
        return
    with stream:
        records = 0
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                records += 1
                record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
                url = record.rec_headers.get_header("WARC-Target-URI")
                article_id = record_id or f"{path.name}#{records}"
                try:
                    yield extract_html(
                        record.content_stream().read(),
                        article_id=article_id,
                        source=url or str(path),
                        url=url,
                    )
                except UnreadableInput as exc:
                    yield ReadError(f"{path}#{article_id}", exc.reason)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
            # A truncated or corrupt archive: what was read so far stands.
            yield ReadError(str(path), f"corrupt or truncated WARC ({exc})")
            return
    if records == 0:
        yield ReadError(str(path), "no HTML response records in WARC")
