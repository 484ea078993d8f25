"""Fuzz every reader and `storyfold.fold` with generated and mutated inputs.

Cases: random bytes and random unicode under every reader's file name (.txt, .html,
.warc, .jsonl and their .gz), real files (the seeds, a WARC written here, JSONL with text
and HTML fields) with flipped, cut, inserted and duplicated bytes, hostile JSON values
(lone surrogates, deep nesting, huge numbers, wrong types), and JSONL on stdin. Every case
goes through `read_inputs`; every `--fold-every`-th through `fold` and all three report
writers as well. Prints cases tried, uncaught exceptions and report-write failures (both
must be 0) and, as the baseline beside them, how many cases gave articles and errors.

    python bench/fuzz.py [--cases 20000] [--seed 1] [--fold-every 20]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from storyfold import fold  # noqa: E402
from storyfold.read import read_inputs  # noqa: E402
from storyfold.records import Article, ReadError  # noqa: E402
from storyfold.report.html import to_html  # noqa: E402
from storyfold.report.json_report import to_json  # noqa: E402
from storyfold.report.markdown import to_markdown  # noqa: E402

SEEDS = sorted((ROOT / "examples" / "seeds").glob("*.txt"))
NAMES = ["x.txt", "x.html", "x.warc", "x.jsonl", "x.txt.gz", "x.html.gz", "x.warc.gz",
         "x.jsonl.gz", "x.htm", "x.dat"]
ODD = ["\ud800", "\udfff", "\x00", "\u202e", "\ufeff", "\r", "\u2028", "<", "]]", "[[",
       "&#0;", "\U0001f600", "é", "\x85"]


def warc_bytes(pages: list[str], *, gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for n, page in enumerate(pages):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.1")
        body = io.BytesIO(page.encode("utf-8", "surrogatepass"))
        record = writer.create_warc_record(f"http://example.com/{n}", "response",
                                           payload=body, http_headers=http)
        writer.write_record(record)
    return buf.getvalue()


def page(text: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    return f"<html><head><title>T</title></head><body><article>{paras}</article></body></html>"


def corpus() -> list[tuple[str, bytes]]:
    texts = [p.read_text("utf-8") for p in SEEDS]
    pages = [page(t) for t in texts]
    jsonl = "\n".join(json.dumps({"id": f"j{n}", "text": t}) for n, t in enumerate(texts[:3]))
    jsonl += "\n" + json.dumps({"id": "h", "html": pages[3], "url": "http://e.com/a"})
    return [("s.txt", texts[0].encode()), ("p.html", pages[1].encode()),
            ("a.warc", warc_bytes(pages[:3], gz=False)),
            ("a.warc.gz", warc_bytes(pages[:3], gz=True)),
            ("l.jsonl", jsonl.encode()), ("p.html.gz", gzip.compress(pages[2].encode())),
            ("l.jsonl.gz", gzip.compress(jsonl.encode())),
            ("s.txt.gz", gzip.compress(texts[4].encode()))]


def mutate(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        if not b:
            b += rng.randbytes(8)
        pos = rng.randrange(len(b))
        if op == 0:
            b[pos] ^= 1 << rng.randrange(8)
        elif op == 1:
            del b[pos:]
        elif op == 2:
            b[pos:pos] = rng.randbytes(rng.randint(1, 32))
        elif op == 3:
            end = min(len(b), pos + rng.randint(1, 256))
            b[pos:pos] = b[pos:end]
        else:
            b[pos] = rng.choice(b"\x00\xff\n\r<>[]{}\"\\")
    return bytes(b)


def odd_text(rng: random.Random, n: int) -> str:
    pieces = []
    for _ in range(n):
        r = rng.random()
        if r < 0.3:
            pieces.append(rng.choice(ODD))
        elif r < 0.6:
            pieces.append(chr(rng.randrange(0x20, 0x3000)))
        elif r < 0.8:
            pieces.append(rng.choice(["<p>", "</p>", "<div>", "<!--", "-->", "<![CDATA[",
                                      "<script>", "<html>", "<body>", "<title>", "&amp",
                                      "<?xml ", "<!DOCTYPE html>", "<svg><a>", "</"]))
        else:
            pieces.append(rng.choice(["The council met on Monday. ", "Officials said ",
                                      "[[x [y](/a/onfocus=alert(1)//) z]] ", "| `a` | ",
                                      "[link](http://evil.example) ", "![i](http://e/x.png) "]))
    return "".join(pieces)


def json_value(rng: random.Random, depth: int = 0) -> object:
    r = rng.random()
    if depth > 3 or r < 0.4:
        return rng.choice([None, True, 3, -1.5, 10**30, "", odd_text(rng, rng.randint(0, 40))])
    if r < 0.7:
        return [json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(["id", "text", "html", "title", "url", "published", "site", "x"]):
            json_value(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def jsonl_case(rng: random.Random) -> bytes:
    lines = []
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        if r < 0.3:
            rec: object = {"id": odd_text(rng, 5), "text": odd_text(rng, rng.randint(1, 200))}
        elif r < 0.5:
            rec = {"id": "h", "html": odd_text(rng, rng.randint(1, 200))}
        elif r < 0.6:
            lines.append("[" * rng.randint(1000, 100_000))
            continue
        elif r < 0.65:
            lines.append('{"id": ' + "9" * 5000 + "}")
            continue
        else:
            rec = json_value(rng)
        lines.append(json.dumps(rec, ensure_ascii=rng.random() < 0.5))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def make_case(rng: random.Random, base: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    r = rng.random()
    if r < 0.15:
        return rng.choice(NAMES), rng.randbytes(rng.randint(0, 2000))
    if r < 0.3:
        name = rng.choice(["x.html", "x.htm", "x.txt", "x.dat"])
        return name, odd_text(rng, rng.randint(1, 300)).encode("utf-8", "surrogatepass")
    if r < 0.45:
        data = jsonl_case(rng)
        return ("x.jsonl.gz", gzip.compress(data)) if rng.random() < 0.2 else ("x.jsonl", data)
    if r < 0.55:
        pages = [page(odd_text(rng, rng.randint(1, 100))) for _ in range(rng.randint(1, 3))]
        gz = rng.random() < 0.5
        data = warc_bytes(pages, gz=gz)
        data = mutate(rng, data) if rng.random() < 0.5 else data
        return ("x.warc.gz" if gz else "x.warc"), data
    name, data = rng.choice(base)
    return name, mutate(rng, data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fold-every", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    base = corpus()
    uncaught: Counter[str] = Counter()
    write_failures: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    folded = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in range(args.cases):
            name, data = make_case(rng, base)
            case = folder / f"c{n % 50}"
            case.mkdir(exist_ok=True)
            for old in case.iterdir():
                old.unlink()
            path = case / name
            path.write_bytes(data)
            try:
                items = list(read_inputs([str(path)]))
                if n % 7 == 3 and name.endswith(".jsonl"):  # the same lines on stdin
                    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict")
                    items += list(read_inputs(["-"], stdin=text))
                for item in items:
                    assert isinstance(item, Article | ReadError), type(item)
                    outcome["article" if isinstance(item, Article) else "error"] += 1
                if n % args.fold_every == 0:
                    folded += 1
                    with contextlib.redirect_stderr(io.StringIO()):  # its "skipped" lines
                        report = fold([str(case)])
                    for render in (to_json, to_markdown, to_html):
                        try:
                            render(report).encode("utf-8")
                        except Exception as exc:
                            write_failures[f"{render.__name__}: {type(exc).__name__}"] += 1
            except Exception as exc:
                key = f"{name}: {type(exc).__name__}: {str(exc)[:80]}"
                if not uncaught[key]:
                    traceback.print_exc()
                uncaught[key] += 1
    elapsed = time.perf_counter() - start
    print(f"cases tried: {args.cases} ({folded} also folded and written as JSON, Markdown "
          f"and HTML), {elapsed:.0f} s")
    print(f"baseline: {outcome['article']} articles and {outcome['error']} read errors "
          "returned (inputs read, not crashed)")
    print(f"uncaught exceptions: {sum(uncaught.values())}")
    for key, count in uncaught.most_common(10):
        print(f"  {count} x {key}")
    print(f"report-write failures: {sum(write_failures.values())}")
    for key, count in write_failures.most_common(10):
        print(f"  {count} x {key}")
    sys.exit(1 if uncaught or write_failures else 0)


if __name__ == "__main__":
    main()
