"""A folder of good articles and hostile inputs, folded by `storyfold fold` under
/usr/bin/time -v: the good articles must be folded, each hostile input reported, in under
60 s and 1 GB peak memory. Beside it, as the baseline, the same command on the good
articles alone.

Hostile inputs: gzip bombs of 10 GiB of zeros (.txt.gz, .html.gz, .jsonl.gz, .warc.gz;
about 10 MB each on disk), a 200 MB and a 50 MB text file, a JSONL file with one 100 MB
line, a WARC whose one record is 200 MB, a FIFO, a symlink loop (a folder linking to its
parent, a link to itself), odd file names (a newline, bytes that are not UTF-8, a right-to-
left override), and truncated .html.gz and .warc.gz files.

    python bench/bench_hostile.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fuzz import page, warc_bytes  # noqa: E402

GIB = 1 << 30
STORYFOLD = Path(sys.executable).with_name("storyfold")


def zeros_member(size: int) -> bytes:
    """One gzip member of `size` zero bytes (concatenated members are one gzip stream)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 24)
    parts = [comp.compress(chunk) for _ in range(size // len(chunk))]
    parts.append(comp.flush())
    return b"".join(parts)


def build(folder: Path) -> tuple[set[str], set[str]]:
    """Write the folder; return (ids of good articles, names of hostile inputs)."""
    seeds = sorted((ROOT / "examples" / "seeds").glob("*.txt"))
    good = set()
    for p in seeds:
        shutil.copy(p, folder / p.name)
        good.add(p.stem)
    texts = [p.read_text("utf-8") for p in seeds]
    (folder / "good.html.gz").write_bytes(gzip.compress(page(texts[0]).encode()))
    good.add("good")
    bad: set[str] = set()

    member = zeros_member(GIB)
    bomb = member * 10  # 10 GiB of zeros
    for name in ("bomb.txt.gz", "bomb.html.gz", "bomb.jsonl.gz", "bomb.warc.gz"):
        (folder / name).write_bytes(bomb)
        bad.add(name)
    # A WARC record declaring and holding 200 MB (gzipped: small on disk).
    header = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:huge>\r\n"
              b"WARC-Target-URI: http://example.com/huge\r\nContent-Type: application/http\r\n"
              b"Content-Length: %d\r\n\r\n" % (200 << 20))
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    with gzip.open(folder / "huge-record.warc.gz", "wb", compresslevel=1) as fh:
        fh.write(header + http)
        block = b"<p>" + b"a" * ((1 << 20) - 3)
        for _ in range(200):
            fh.write(block)
    bad.add("huge-record.warc.gz")
    with (folder / "huge.txt").open("wb") as fh:
        line = b"The council met again on Monday to talk about the bridge. " * 1000 + b"\n"
        while fh.tell() < 200 << 20:
            fh.write(line)
    bad.add("huge.txt")
    with (folder / "big50.txt").open("wb") as fh:
        while fh.tell() < 50 << 20:
            fh.write(line)
    bad.add("big50.txt")
    with (folder / "huge-line.jsonl").open("wb") as fh:
        fh.write(b'{"id": "long", "text": "' + b"word " * (20 << 20) + b'"}\n')
        fh.write(json.dumps({"id": "after-long-line", "text": texts[1]}).encode() + b"\n")
    good.add("after-long-line")
    bad.add("huge-line.jsonl:1")
    os.mkfifo(folder / "fifo.txt")
    bad.add("fifo.txt")
    (folder / "loop").mkdir()
    os.symlink("..", folder / "loop" / "up")
    bad.add("loop/up")
    os.symlink("self.txt", folder / "self.txt")
    bad.add("self.txt")
    # Odd names are read; their ids keep the name (a byte that is not UTF-8 as U+FFFD).
    odd = ((b"new\nline.txt", "new\nline"), (b"bad\xff name.txt", "bad\ufffd name"),
           ("rtl\u202etxt.txt".encode(), "rtl\u202etxt"))
    for raw, article_id in odd:
        Path(os.fsdecode(bytes(folder) + b"/" + raw)).write_bytes(texts[2].encode())
        good.add(article_id)
    page_gz = gzip.compress(page(texts[3]).encode())
    (folder / "cut.html.gz").write_bytes(page_gz[: len(page_gz) // 2])
    bad.add("cut.html.gz")
    warc = warc_bytes([page(t) for t in texts[:3]], gz=True)
    (folder / "cut.warc.gz").write_bytes(warc[: len(warc) * 2 // 3])
    bad.add("cut.warc.gz")
    return good, bad


def run(folder: Path, out: Path) -> tuple[float, int, dict[str, object]]:
    cmd = ["/usr/bin/time", "-v", str(STORYFOLD), "fold", str(folder), "-o", str(out), "-q"]
    done = subprocess.run(cmd, capture_output=True, text=True, errors="replace", check=False)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+\.\d+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if wall is None or rss is None or done.returncode != 0:
        sys.exit(f"storyfold failed ({done.returncode}):\n{done.stderr[-3000:]}")
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    report = json.loads((out / "report.json").read_text("utf-8"))
    return seconds, int(rss.group(1)) * 1024, report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="build the folder here and keep it")
    args = ap.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("needs /usr/bin/time (apt-get install -y time)")
    tmp = Path(tempfile.mkdtemp(prefix="hostile-"))
    folder = args.keep or tmp / "in"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        good, bad = build(folder)
        only_good = tmp / "good"
        only_good.mkdir()
        for p in folder.iterdir():
            if p.is_file() and not p.is_symlink() and not p.name.startswith(("bomb", "huge",
                                                                           "big50", "cut")):
                shutil.copy(p, only_good / p.name)
        base_s, base_rss, _ = run(only_good, tmp / "out-good")
        seconds, rss, report = run(folder, tmp / "out")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    ids = {a["id"] for a in report["articles"]}  # type: ignore[index, union-attr]
    errors = [e["path"] for e in report["errors"]]  # type: ignore[index, union-attr]
    missing_good = sorted(g for g in good if g not in ids)
    unreported = sorted(b for b in bad if not any(str(e).endswith(b) for e in errors))
    print(f"hostile folder: {seconds:.1f} s, {rss / 1e6:.0f} MB peak "
          f"(good articles alone: {base_s:.1f} s, {base_rss / 1e6:.0f} MB)")
    print(f"good articles folded: {len(good) - len(missing_good)}/{len(good)}"
          + (f" (missing {missing_good})" if missing_good else ""))
    print(f"hostile inputs reported: {len(bad) - len(unreported)}/{len(bad)}"
          + (f" (unreported {unreported})" if unreported else ""))
    for e in report["errors"]:  # type: ignore[union-attr]
        print(f"  {e['path']}: {e['error']}")  # type: ignore[index]
    ok = not missing_good and not unreported and seconds < 60 and rss < 1e9
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
