"""The web UI in a real browser (Playwright with Debian's chromium, no browser download):
ingest the seeds (and ECB+ dev when present) through the API, open the story list, search
for a name, open a story, follow a citation to its sentence; XSS payloads in every article
field stay inert. With STORYFOLD_SCREENSHOTS=DIR the pages are written there as PNGs
(`make screenshots-serve`)."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

import httpx
import uvicorn

from storyfold.store import fold_all, open_store
from storyfold.web import create_app
from tests.conftest import data_dir

CHROMIUM = os.environ.get("STORYFOLD_CHROMIUM", "/usr/bin/chromium")
XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'><svg onload=alert(3)>'


def _browser_or_skip() -> object:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but playwright or {CHROMIUM} is missing")
        pytest.skip("playwright or chromium not installed")
    return sync_playwright


@pytest.fixture
def server(tmp_path: Path, seeds_dir: Path) -> Iterator[str]:
    store = open_store(str(tmp_path / "b.db"))
    app = create_app(store, token="t")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/api/stories")
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    lines = [json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")})
             for p in sorted(seeds_dir.glob("*.txt"))]
    lines.append(json.dumps({"id": "evil" + XSS, "title": XSS, "site": XSS, "byline": XSS,
                             "published": XSS, "url": "javascript:alert(4)//" + XSS,
                             "text": XSS + "\nThe second line " + XSS + " of the text."}))
    dev = data_dir()
    if dev is not None and (dev / "ecbplus_dev.jsonl").exists():
        lines += [line for line in (dev / "ecbplus_dev.jsonl").read_text().splitlines()
                  if line.strip()]
    for start in range(0, len(lines), 500):
        r = httpx.post(base + "/api/articles", content="\n".join(lines[start:start + 500]),
                       headers={"Authorization": "Bearer t"}, timeout=60)
        assert r.status_code == 202, r.text
    fold_all(store)
    yield base
    srv.should_exit = True
    thread.join(timeout=10)


def test_story_list_search_story_citation_and_inert_xss(server: str, seeds_dir: Path) -> None:
    sync_playwright = _browser_or_skip()
    shots = os.environ.get("STORYFOLD_SCREENSHOTS")
    seed_ids = {p.stem for p in seeds_dir.glob("*.txt")}
    story_id = httpx.get(f"{server}/api/articles/{min(seed_ids)}").json()["story_id"]
    seeds = httpx.get(f"{server}/api/stories/{story_id}").json()
    assert {a["id"] for a in seeds["articles"]} == seed_ids
    seeds = {"id": story_id, "title": seeds["story"]["title"]}
    name = seeds["title"].split()[0]
    dialogs: list[str] = []
    with sync_playwright() as p:  # type: ignore[operator]
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(server + "/")
        assert page.locator("main li").count() >= 2
        if shots:
            page.screenshot(path=f"{shots}/serve-list.png")
        page.fill("input[name=q]", name)
        page.click("button[type=submit]")
        page.wait_for_url("**/?q=*")
        link = page.locator("main li a", has_text=seeds["title"])
        assert link.count() == 1
        link.click()
        page.wait_for_url(f"**/stories/{seeds['id']}")
        assert page.locator("h2", has_text="Brief").count() == 1
        if shots:
            page.screenshot(path=f"{shots}/serve-story.png", full_page=True)
        citation = page.locator("a[href*='#s']").first
        href = citation.get_attribute("href")
        assert href is not None
        citation.click()
        page.wait_for_url("**/articles/**")
        target = page.locator(":target")
        assert target.count() == 1 and target.get_attribute("id") == href.split("#")[1]
        if shots:
            page.screenshot(path=f"{shots}/serve-article.png")
        # The side-by-side view of two copies, from the story page's link.
        page.goto(f"{server}/stories/{seeds['id']}")
        page.click("a#compare")
        page.wait_for_url(f"**/stories/{seeds['id']}/compare*")
        assert page.locator("table.compare tbody tr").count() > 3
        assert page.locator("table.compare mark.changed").count() > 0
        if shots:
            page.screenshot(path=f"{shots}/serve-compare.png", full_page=True)
        evil = next(s for s in httpx.get(server + "/api/stories", params={"q": "script"})
                    .json()["stories"])
        for url in ["/", "/?q=script", f"/stories/{evil['id']}", "/entities", "/sources"]:
            page.goto(server + url)
            assert page.locator("script, img[src=x], svg").count() == 0
        page.goto(f"{server}/stories/{evil['id']}")
        page.locator("main li a").first.click()
        page.wait_for_url("**/articles/**")
        assert XSS in page.inner_text("main")  # shown as text, not run
        assert page.locator("script, img[src=x], svg").count() == 0
        if shots:
            page.screenshot(path=f"{shots}/serve-xss.png")
        browser.close()
    assert dialogs == []
