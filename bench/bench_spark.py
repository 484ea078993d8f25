"""`fold` on Apache Spark (local[2] and a 2-worker standalone cluster) against the local
multiprocessing path, on the same near-copy corpus in one run.

    .venv/bin/python bench/bench_spark.py                # 100,000 articles
    .venv/bin/python bench/bench_spark.py 5000           # a smaller run
    .venv/bin/python bench/bench_spark.py --master spark://127.0.0.1:7077

Needs `storyfold[spark]` and Java 17. Without --master (or $STORYFOLD_SPARK_MASTER) the
bench starts a standalone master and two 1-core workers on 127.0.0.1 itself
(scripts/ci/spark.sh) and stops them at the end.

Corpus: the ECB+ dev articles (535 reports of 46 stories, the issue's kind of news)
copied in rounds: each round re-dated 30 days after the one before, every report copied
twice (5% of words dropped, 2% of adjacent words swapped, as `bench_cluster.py`), dated
within 3 days of its story's date and shuffled within a day; written as one JSONL file
(id, text, published; no labels). So a story holds a round's reports of one event and its
near-copies, and a batch spans many time shards.

Each engine folds that file in a fresh process through the public API
(`storyfold.fold([path], engine=..., master=...)`): reading, cleaning, clustering and the
per-story stages; the report is built but not rendered to a file, which costs every engine
the same (one driver). Runs go in the order of --engines (default local, local[2], cluster).
Prints wall time, articles/s, the ratio to the local path, and peak memory: the largest
sum of resident memory, sampled every 0.2 s, over the run's process tree (driver, its
JVM, Python workers) plus, on the cluster, the executors under the two workers (not the
idle master and worker daemons). Also checks that every engine found the local path's
stories and families.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cluster import perturb  # noqa: E402
from devdata import require  # noqa: E402

SPARK_SH = ROOT / "scripts" / "ci" / "spark.sh"
CI_DIR = Path(os.environ.get("SPARK_CI_DIR", Path(tempfile.gettempdir()) / "storyfold-ci-spark"))

# Run in a fresh interpreter per engine: the stories and families go to `out` as JSON.
RUN = """
import json, sys, storyfold
path, engine, master, out = sys.argv[1:5]
report = storyfold.fold([path], engine=engine, master=master or None)
shape = {"articles": len(report.articles),
         "stories": [s.articles for s in report.stories],
         "families": [[[f.articles, f.best] for f in s.families] for s in report.stories]}
open(out, "w").write(json.dumps(shape))
"""


def build_corpus(size: int, path: Path, copies: int = 2, seed: int = 7) -> None:
    rnd = random.Random(seed)
    base = [json.loads(line) for line in require("ecbplus_dev.jsonl").open(encoding="utf-8")]
    start = date(2020, 1, 1)
    rows: list[tuple[str, int, dict[str, str]]] = []
    rounds = 0
    while len(rows) < size:
        story_day = {b["story"]: rnd.randrange(0, 20) for b in base}  # to date, not to tell
        for i, b in enumerate(base):
            for c in range(copies):
                if len(rows) >= size:
                    break
                day = start + timedelta(days=rounds * 30 + story_day[b["story"]]
                                        + rnd.randrange(0, 4))
                rows.append((day.isoformat(), rnd.randrange(1 << 30),
                             {"id": f"r{rounds}-{i}-{c}", "text": perturb(b["text"], rnd),
                              "published": day.isoformat()}))
        rounds += 1
    rows.sort(key=lambda t: (t[0], t[1]))
    with path.open("w", encoding="utf-8") as f:
        for _, _, row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            kids[ppid].append(int(entry))
    return kids


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(roots: list[int], below: list[int]) -> int:
    """Resident bytes of `roots` and all their descendants, plus the descendants (only)
    of `below`."""
    kids = _children()
    total, stack = 0, list(roots)
    stack += [k for b in below for k in kids.get(b, [])]
    seen: set[int] = set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss(pid)
        stack += kids.get(pid, [])
    return total


def run(path: Path, engine: str, master: str, workers: list[int]) -> tuple[float, int, dict]:
    out = path.with_suffix(f".{engine}.{master.replace('/', '_')}.json")
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", RUN, str(path), engine, master, str(out)],
                            stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss([proc.pid], workers))
            done.wait(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = proc.wait()
    wall = time.perf_counter() - t
    done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"{engine} {master}: exit code {code}")
    return wall, peak, json.loads(out.read_text())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("size", type=int, nargs="?", default=100_000)
    ap.add_argument("--master", default=os.environ.get("STORYFOLD_SPARK_MASTER"),
                    help="a running standalone master (default: start one here)")
    ap.add_argument("--engines", default="local,local2,cluster",
                    help="which runs, in this order (comma list of local, local2, "
                         "cluster); the ratios are against `local`, which must be one")
    args = ap.parse_args()
    started = args.master is None
    if started:
        subprocess.run([str(SPARK_SH), "start"], check=True,
                       env={**os.environ, "PYTHON": sys.executable})
        args.master = "spark://127.0.0.1:7077"
    try:
        workers = [int((CI_DIR / f"worker{n}.pid").read_text()) for n in (1, 2)
                   if (CI_DIR / f"worker{n}.pid").exists()]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "corpus.jsonl"
            build_corpus(args.size, path)
            print(f"{args.size} articles (ECB+ dev near-copies, dated rounds), "
                  f"{path.stat().st_size / 1e6:.0f} MB of JSONL; {os.cpu_count()} cores")
            known = {"local": ("local (multiprocessing)", "local", "", []),
                     "local2": ("spark local[2]", "spark", "local[2]", []),
                     "cluster": (f"spark {args.master} (2 workers x 1 core)", "spark",
                                 args.master, workers)}
            chosen = [e.strip() for e in args.engines.split(",") if e.strip()]
            if "local" not in chosen or not set(chosen) <= set(known):
                raise SystemExit(f"--engines: a comma list of {', '.join(known)} with local")
            results = []
            for key in chosen:
                name, engine, master, below = known[key]
                wall, peak, shape = run(path, engine, master, below)
                results.append((name, wall, peak, shape))
                print(f"  {name}: {wall:.0f} s done", flush=True)
    finally:
        if started:
            subprocess.run([str(SPARK_SH), "stop"], check=False)
    base = next(r for r in results if r[0].startswith("local "))
    base_wall, base_shape = base[1], base[3]
    print(f"{'engine':<48} {'wall s':>8} {'art/s':>7} {'vs local':>9} {'peak MB':>8}  same")
    for name, wall, peak, shape in results:
        same = shape == base_shape
        print(f"{name:<48} {wall:>8.1f} {args.size / wall:>7.1f} {base_wall / wall:>8.2f}x "
              f"{peak / 2**20:>8.0f}  {'yes' if same else 'NO'}")
    print(f"stories: {len(base_shape['stories'])}; families: "
          f"{sum(map(len, base_shape['families']))}")


if __name__ == "__main__":
    main()
