"""Ingest N bench articles (default 20,000, dated, from bench_cluster's corpus) into a fresh
SQLite store through the library's ingest and fold worker, then serve it on loopback and
time the story list and a story page (median and p95 of 50 requests each), beside the
same server's static stylesheet as the baseline of what any request costs.

    .venv/bin/python bench/bench_serve.py [N]
"""

from __future__ import annotations

import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
import uvicorn
from bench_cluster import build_corpus

from storyfold.store import add_articles, fold_all, open_store
from storyfold.web import create_app

BATCH = 1000
REQUESTS = 50


def _times(client: httpx.Client, url: str) -> tuple[float, float]:
    ms = []
    for _ in range(REQUESTS):
        t = time.perf_counter()
        r = client.get(url)
        ms.append((time.perf_counter() - t) * 1000)
        r.raise_for_status()
    ms.sort()
    return statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    corpus = build_corpus(n)[:n]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        t = time.perf_counter()
        for start in range(0, n, BATCH):
            add_articles(store, corpus[start:start + BATCH])
            fold_all(store)
        seconds = time.perf_counter() - t
        print(f"ingest+fold {n} articles: {seconds:.1f} s, {n / seconds:.1f} articles/s")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port,
                                               log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base) as client:
            for _ in range(100):
                try:
                    client.get("/static/style.css")
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            first = client.get("/api/stories").json()
            story = max(first["stories"], key=lambda s: s["size"])["id"]
            print(f"{first['total']} stories")
            for name, url in [("baseline /static/style.css", "/static/style.css"),
                              ("story list /", "/"), ("story list /api/stories", "/api/stories"),
                              (f"story page /stories/{story}", f"/stories/{story}")]:
                median, p95 = _times(client, url)
                print(f"{name:34} median {median:7.1f} ms  p95 {p95:7.1f} ms")
        server.should_exit = True


if __name__ == "__main__":
    main()
