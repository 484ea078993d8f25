"""End-to-end `storyfold fold` against datasketch MinHashLSH on near-copies of real news.

    .venv/bin/python bench/bench_fold.py                    # 20k and 50k, scaling 10k/20k/40k
    .venv/bin/python bench/bench_fold.py --sizes 2000 --scaling 1000,2000   # quick
    .venv/bin/python bench/bench_fold.py --sizes 20000 --scaling "" -j 2    # fold -j 2

Corpus (bench/nearcopies.py): ECB+ dev reports, ~45 copies of each with a few words edited,
shuffled. Each run is a child process timed by /usr/bin/time -v (wall time and peak
resident memory): `storyfold fold FILE -q --format json` (read, clean, cluster, per-story
stages, report; stdout to /dev/null) and, on the same file in the same run, MinHashLSH
(word 5-gram shingles, 128 permutations, `query` then `insert` per article, threshold 0.5,
JSONL parsing included). Prints articles/s of both and the ratio, time per article at each
scaling size against the first, and the peak memory of each run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import nearcopies

ROOT = Path(__file__).resolve().parent.parent
STORYFOLD = ROOT / ".venv" / "bin" / "storyfold"

MINHASH = """
import json, sys
from datasketch import MinHash, MinHashLSH
lsh = MinHashLSH(threshold=0.5, num_perm=128)
for line in open(sys.argv[1], encoding="utf-8"):
    row = json.loads(line)
    words = row["text"].split()
    shingles = {" ".join(words[i : i + 5]).encode("utf-8") for i in range(len(words) - 4)}
    m = MinHash(num_perm=128)
    if shingles:
        m.update_batch(list(shingles))
    lsh.query(m)
    lsh.insert(row["id"], m)
"""


CPU: dict[str, float] = {}  # CPU seconds (user + system, workers included) of the last run


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak MB) of a child process, from /usr/bin/time -v; its CPU seconds
    go to CPU["last"] (on a machine shared with other jobs, CPU time moves less than wall
    time)."""
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=True)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    cpu = re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr)
    assert wall and peak, proc.stderr[-2000:]
    CPU["last"] = sum(map(float, cpu))
    h, m, s = wall.groups()
    return int(h or 0) * 3600 + int(m) * 60 + float(s), int(peak.group(1)) / 1024


JOBS: list[str] = []  # ["-j", N] with --jobs; default: fold's own default


def fold(path: Path) -> tuple[float, float]:
    return timed([str(STORYFOLD), "fold", str(path), "-q", "--format", "json", *JOBS])


def minhash(path: Path) -> tuple[float, float]:
    return timed([sys.executable, "-c", MINHASH, str(path)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="20000,50000", help="throughput runs (comma list)")
    ap.add_argument("--scaling", default="10000,20000,40000", help="time/article sizes")
    ap.add_argument("--jobs", "-j", type=int, default=None,
                    help="pass -j N to fold (default: fold's default, one process per core "
                         "up to 4)")
    args = ap.parse_args()
    if args.jobs:
        JOBS[:] = ["-j", str(args.jobs)]
    print(f"fold -j: {args.jobs or 'default'}; {os.cpu_count()} cores; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    scaling = [int(s) for s in args.scaling.split(",") if s]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = nearcopies.build(max([*sizes, *scaling]))
        files: dict[int, Path] = {}
        for n in sorted({*sizes, *scaling}):
            # The first n rows of one shuffled corpus would cut every report's copies;
            # build each size on its own (same seed, same recipe).
            rows = corpus if n == len(corpus) else nearcopies.build(n)
            files[n] = nearcopies.write(rows, Path(tmp) / f"near{n}.jsonl")
        results: dict[str, object] = {}
        for n in sizes:
            mw, mm = minhash(files[n])
            mc = CPU["last"]
            fw, fm = fold(files[n])
            fc = CPU["last"]
            print(f"throughput {n:>6}: storyfold fold {n / fw:7.1f} articles/s ({fw:.1f}s, "
                  f"peak {fm:.0f} MB); MinHashLSH {n / mw:7.1f} articles/s ({mw:.1f}s, "
                  f"peak {mm:.0f} MB); ratio {mw / fw:.2f}x (bar 0.5x at 20k); CPU s "
                  f"{fc:.1f} against {mc:.1f} ({mc / fc:.2f}x)")
            results[f"throughput_{n}"] = {"fold_s": fw, "fold_mb": fm, "mh_s": mw, "mh_mb": mm,
                                          "fold_cpu_s": fc, "mh_cpu_s": mc}
        per: dict[int, float] = {}
        for n in scaling:
            fw, fm = fold(files[n])
            per[n] = fw / n
            print(f"scaling {n:>6}: {1e3 * per[n]:.2f} ms/article ({fw:.1f}s, peak {fm:.0f} MB; "
                  f"CPU {1e3 * CPU['last'] / n:.2f} ms/article)")
        if len(per) >= 2:
            first, last = scaling[0], scaling[-1]
            print(f"scaling: time/article at {last} = {per[last] / per[first]:.2f}x that at "
                  f"{first} (bar 1.3x)")
        print(json.dumps(results))


if __name__ == "__main__":
    main()
