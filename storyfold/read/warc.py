"""WARC files (.warc, .warc.gz): every HTML response record becomes an Article whose id is
the record's WARC-Record-ID. Records that are not HTML (images, scripts, DNS) are skipped;
an HTML record without main text is a ReadError naming the record.

The archive is gunzipped here, not by warcio, so that every byte warcio sees has passed the
limits (one record, the whole file) and gzip's own checks (a cut or corrupt member fails
instead of ending the file early). Each record is read to its end and must be as long as
its Content-Length says, and its WARC-Block-Digest / WARC-Payload-Digest, when present,
must match: a cut or altered archive gives the records before the damage and an error,
never a silently shortened or changed text.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from storyfold.read.decode import UnreadableInput
from storyfold.read.html import extract_html
from storyfold.read.limits import (
    DEFAULT_LIMITS,
    BoundedReader,
    LimitExceeded,
    Limits,
    guarded,
    is_gzip_name,
    open_decompressed,
    over,
)
from storyfold.read.safe import shown_name
from storyfold.records import Article, ReadError

_CHUNK = 1 << 16
# Header lines of a record ride in the same window as its block.
_HEADER_SLACK = 1 << 20


def read_warc(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | ReadError]:
    name = shown_name(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield ReadError(name, exc.strerror or str(exc))
        return
    with raw:
        records = 0
        current = ""
        try:
            inner = open_decompressed(raw, gz=is_gzip_name(path.name))
            _check_start(inner)
            stream = BoundedReader(
                inner,
                limit=limits.stream_bytes, what="WARC file (after gunzip)",
                option="--max-stream-bytes",
                window=limits.record_bytes + _HEADER_SLACK, window_what="WARC record",
                window_option="--max-record-bytes")
            archive = ArchiveIterator(stream, check_digests="raise")
            records_of = iter(archive)
            while True:
                # warcio writes its warnings, with bytes of the record, to stderr: they
                # would let an archive write lines of its own there. Kept out; the
                # problems they mean are checked and reported below.
                with contextlib.redirect_stderr(io.StringIO()):
                    record = next(records_of, None)
                    if record is None:
                        break
                    current = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
                    item, records = _record(record, path, name, records, limits)
                    _finish(record)
                stream.reset()
                if item is not None:
                    yield item
            if archive.next_line:  # warcio ends quietly on a record whose headers are cut
                raise UnreadableInput("truncated WARC (the last record's headers are cut)")
            if stream.total and stream.tail != b"\r\n\r\n":  # each record ends so
                raise UnreadableInput("truncated WARC (the last record's end is missing)")
        except UnreadableInput as exc:
            yield ReadError(name, _where(exc.reason, current))
            return
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
            yield ReadError(name, _where(f"corrupt or truncated WARC ({_one_line(exc)})", current))
            return
        except Exception as exc:  # warcio fails on mutated archives in ways of its own
            yield ReadError(name, _where(f"corrupt WARC ({type(exc).__name__}: "
                                         f"{_one_line(exc)})", current))
            return
    if records == 0:
        yield ReadError(name, "no HTML response records in WARC")


def _record(record: object, path: Path, name: str, records: int,
            limits: Limits) -> tuple[Article | ReadError | None, int]:
    """The article (or error) of one record, and the HTML records counted so far."""
    rec_headers = record.rec_headers  # type: ignore[attr-defined]
    length = rec_headers.get_header("Content-Length")
    if length is None or not length.strip().isdigit():
        raise UnreadableInput("WARC record without a valid Content-Length")
    if int(length) > limits.record_bytes:
        raise over("WARC record", limits.record_bytes, "--max-record-bytes")
    http = record.http_headers  # type: ignore[attr-defined]
    if record.rec_type != "response" or http is None:  # type: ignore[attr-defined]
        return None, records
    content_type = http.get_header("Content-Type") or ""
    if "html" not in content_type.lower():
        return None, records
    records += 1
    record_id = (rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    url = rec_headers.get_header("WARC-Target-URI")
    article_id = record_id or f"{path.name}#{records}"
    html = record.content_stream().read(limits.record_bytes + 1)  # type: ignore[attr-defined]
    if len(html) > limits.record_bytes:  # an HTTP gzip body inflates past the record
        raise over("WARC record (after its Content-Encoding)", limits.record_bytes,
                   "--max-record-bytes")
    _finish(record)  # cut or altered before its end: raises before the text is used
    try:
        return extract_html(html, article_id=article_id, source=url or name, url=url), records
    except UnreadableInput as exc:
        return ReadError(f"{name}#{shown_name(article_id)}", exc.reason), records


def _check_start(inner: object) -> None:
    """A WARC starts with its version line. Anything else (a gzip inside the gzip above
    all, which warcio would inflate past the limits) is refused before warcio sees it."""
    head = guarded(inner.peek, 5)[:5]  # type: ignore[attr-defined]
    if not head.startswith(b"WARC/"):
        raise UnreadableInput("not a WARC file (it does not start with WARC/)")


def _finish(record: object) -> None:
    """Read the record's block to its end (checking its digests on the way) and make sure
    it was as long as its Content-Length."""
    raw = record.raw_stream  # type: ignore[attr-defined]
    while raw.read(_CHUNK):
        pass
    if isinstance(raw, LimitReader) and raw.limit > 0:
        raise UnreadableInput("truncated WARC (the last record is cut short)")


def _where(reason: str, record_id: str) -> str:
    if isinstance(reason, str) and record_id and "record" not in reason:
        return f"{reason} at record {shown_name(record_id)}"
    return reason


def _one_line(exc: BaseException) -> str:
    return shown_name(str(exc))[:300]


__all__ = ["LimitExceeded", "read_warc"]
