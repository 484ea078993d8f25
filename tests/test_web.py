"""The web app: token-guarded writes, JSON twins of pages, escaping, CSP, limits, and the
served OpenAPI spec fuzzed by schemathesis with no server errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from storyfold.store import fold_all, open_store
from storyfold.web import create_app
from storyfold.web.app import MAX_BATCH
from tests.store_backends import db_url

__all__ = ["db_url"]  # the fixture

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'
AUTH = {"Authorization": "Bearer secret"}


@pytest.fixture
def client(db_url: str, seeds_dir: Path) -> TestClient:
    store = open_store(db_url)
    app = create_app(store, token="secret")
    c = TestClient(app, raise_server_exceptions=False)
    lines = [json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")})
             for p in sorted(seeds_dir.glob("*.txt"))]
    lines.append(json.dumps({"id": "evil" + XSS, "title": XSS, "site": XSS,
                             "url": "https://x.test/" + XSS,
                             "text": XSS + "\nA second line " + XSS + " with more words."}))
    r = c.post("/api/articles", content="\n".join(lines), headers=AUTH)
    assert r.status_code == 202, r.text
    fold_all(store)
    return c


def test_writes_need_the_token(client: TestClient) -> None:
    body = json.dumps({"id": "z", "text": "some words"})
    assert client.post("/api/articles", content=body).status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert client.post("/api/articles", content=body, headers=bad).status_code == 401
    r = client.post("/api/articles", content=body, headers=AUTH)
    assert r.json() == {"stored": ["z"], "duplicates": []}
    assert client.post("/api/articles", content=body, headers=AUTH).json()["stored"] == []


def test_limits_give_clear_4xx(client: TestClient) -> None:
    many = "\n".join(json.dumps({"id": f"m{i}", "text": "x y"}) for i in range(MAX_BATCH + 1))
    r = client.post("/api/articles", content=many, headers=AUTH)
    assert r.status_code == 413 and "articles" in r.json()["detail"]
    r = client.post("/api/articles", content="{not json", headers=AUTH)
    assert r.status_code == 422 and "malformed JSON" in r.json()["detail"]


def test_pages_have_json_twins_and_csp(client: TestClient) -> None:
    stories = client.get("/api/stories").json()
    assert stories["total"] == len(stories["stories"]) >= 2
    seeds = next(s for s in stories["stories"] if s["size"] == 5)
    page = client.get(f"/stories/{seeds['id']}")
    assert page.status_code == 200
    assert f'href="/api/stories/{seeds["id"]}"' in page.text
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert "script-src" not in page.headers["content-security-policy"]  # default 'none'
    twin = client.get(f"/api/stories/{seeds['id']}").json()
    assert len(twin["articles"]) == 5 and twin["story"]["brief"]
    found = client.get("/api/stories", params={"q": seeds["title"].split()[0]}).json()
    assert seeds["id"] in [s["id"] for s in found["stories"]]
    assert client.get("/api/stories/999999").status_code == 404


def test_untrusted_text_is_escaped_in_every_page(client: TestClient) -> None:
    stories = client.get("/api/stories").json()["stories"]
    evil = next(s for s in stories if "script" in (s["title"] or ""))
    pages = [client.get("/").text, client.get(f"/stories/{evil['id']}").text,
             client.get("/articles/evil" + XSS).text]
    for html in pages:
        assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in pages[2]


def test_openapi_fuzzed_without_server_errors(client: TestClient) -> None:
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
        def fuzz(case: object) -> None:
            response = case.call()  # type: ignore[attr-defined]
            assert response.status_code < 500, response.text

        fuzz()


def test_changes_cursor_and_atom_feed(client: TestClient) -> None:
    import xml.etree.ElementTree as ET

    first = client.get("/api/stories/changes").json()
    stories = {s["id"] for s in client.get("/api/stories").json()["stories"]}
    assert {c["story_id"] for c in first["changes"]} == stories
    assert all(c["action"] == "created" for c in first["changes"])
    # Asking again with the cursor: nothing new.
    again = client.get("/api/stories/changes", params={"since": first["next"]}).json()
    assert again["changes"] == [] and again["next"] == first["next"]
    assert client.get("/api/stories/changes", params={"since": "x1"}).status_code == 422
    assert client.get("/api/stories/changes",
                      params={"since": "99999999999999999999"}).status_code == 422
    assert client.get("/api/stories/changes",
                      params={"since": "2020-01-01T00:00:00"}).status_code == 422  # no offset
    old = client.get("/api/stories/changes", params={"since": "2020-01-01T00:00:00Z"}).json()
    assert {c["story_id"] for c in old["changes"]} >= stories
    feed = client.get("/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)  # well-formed XML, article text escaped
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert len(titles) == len(stories)
    assert any(t and "<script>" in t for t in titles)  # the text, as text
    assert b"<script>" not in feed.content


def test_csv_exports_are_spreadsheet_safe(client: TestClient) -> None:
    import csv
    import io

    stories = client.get("/api/stories").json()["stories"]
    r = client.get("/api/stories.csv")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:3] == ["id", "title", "size"]
    assert sorted(int(row[0]) for row in rows[1:]) == sorted(s["id"] for s in stories)
    facts = list(csv.reader(io.StringIO(client.get("/api/facts.csv").text)))
    assert facts[0][0] == "story_id" and len(facts) > 5
    seeds = next(s for s in stories if s["size"] == 5)
    story = client.get(f"/api/stories/{seeds['id']}").json()["story"]
    assert len([f for f in facts[1:] if f[0] == str(seeds["id"])]) == len(story["facts"])
    conflicts = list(csv.reader(io.StringIO(client.get("/api/conflicts.csv").text)))
    assert len([c for c in conflicts[1:] if c[0] == str(seeds["id"])]) == len(
        story["conflicts"]) > 0
    from storyfold.web.export import safe_cell

    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("-3") == "'-3"
    assert safe_cell("plain") == "plain"


def test_entities_sources_and_match(client: TestClient, seeds_dir: Path) -> None:
    ents = client.get("/api/entities").json()
    assert ents["total"] >= 5
    top = ents["entities"][0]
    assert top["stories"] >= 1
    one = client.get(f"/api/entities/{top['name']}").json()
    assert one["name"] == top["name"] and len(one["stories"]) == top["stories"]
    assert client.get("/api/entities/no such name at all").status_code == 404
    found = client.get("/api/entities", params={"q": top["name"][:4]}).json()
    assert top["name"] in [e["name"] for e in found["entities"]]
    srcs = client.get("/api/sources").json()
    assert srcs["total"] >= 1
    site = srcs["sources"][0]
    detail = client.get(f"/api/sources/{site['site']}").json()
    assert detail["total"] == site["articles"] == len(detail["articles"])
    # Which story is a retold paragraph about? The seeds' story, and nothing is stored.
    stories = client.get("/api/stories").json()
    seeds = next(s for s in stories["stories"] if s["size"] == 5)
    text = sorted(seeds_dir.glob("*.txt"))[1].read_text(encoding="utf-8")[:800]
    before = client.get("/api/stories/changes").json()["next"]
    r = client.post("/api/match", json={"text": text})
    assert r.status_code == 200, r.text
    assert r.json()["story_id"] == seeds["id"] and r.json()["matches"][0]["shared_names"]
    after = client.get("/api/stories").json()
    assert after["total"] == stories["total"]
    assert client.get("/api/stories/changes").json()["next"] == before
    other = client.post("/api/match", json={"text": "Recipe: whisk two eggs with flour and "
                                            "sugar, bake for twenty minutes at 180 degrees."})
    assert other.status_code == 200 and other.json()["story_id"] is None
    assert client.post("/api/match", content=b"not json").status_code == 422
    assert client.post("/api/match", json={"text": 3}).status_code == 422


def test_side_by_side_view_of_two_copies(client: TestClient) -> None:
    stories = client.get("/api/stories").json()["stories"]
    seeds = next(s for s in stories if s["size"] == 5)
    page = client.get(f"/stories/{seeds['id']}")
    assert f'href="/stories/{seeds["id"]}/compare' in page.text
    view = client.get(f"/api/stories/{seeds['id']}/compare").json()
    left, right = view["left"], view["right"]
    assert left["derived_from"] == right["id"]  # the default pair: a copy and its source
    paired = [r for r in view["rows"] if r["left"] is not None and r["right"] is not None]
    assert len(paired) == view["counts"]["paired"] > 3
    changed = [r for r in paired if any(p["kind"] == "changed" for p in r["left_parts"])]
    assert changed and len(changed) == view["counts"]["paired_with_changes"]
    # Every marked word really differs from the other side's sentence text.
    row = changed[0]
    right_text = "".join(p["text"] for p in row["right_parts"])
    assert any(p["text"].strip() not in right_text
               for p in row["left_parts"] if p["kind"] == "changed")
    html = client.get(f"/stories/{seeds['id']}/compare",
                      params={"a": right["id"], "b": left["id"]})
    assert html.status_code == 200 and "<mark" in html.text
    assert f'/articles/{right["id"]}#s' in html.text
    assert client.get(f"/stories/{seeds['id']}/compare",
                      params={"a": left["id"], "b": "nope"}).status_code == 404
    evil = next(s for s in stories if "script" in (s["title"] or ""))
    r = client.get(f"/stories/{evil['id']}/compare")
    assert r.status_code in (200, 404) and "<script>" not in r.text


def test_story_list_sorts_filters_and_keyset_paging(client: TestClient) -> None:
    everything = client.get("/api/stories").json()
    sizes = [s["size"] for s in client.get("/api/stories", params={"sort": "size"})
             .json()["stories"]]
    assert sizes == sorted(sizes, reverse=True) and len(sizes) == everything["total"]
    old = [s["id"] for s in client.get("/api/stories", params={"sort": "old"}).json()["stories"]]
    assert old == sorted(old)
    big = client.get("/api/stories", params={"min_size": 2}).json()
    assert big["total"] == sum(1 for s in everything["stories"] if s["size"] >= 2)
    seeds = next(s for s in everything["stories"] if s["size"] == 5)
    top = client.get(f"/api/stories/{seeds['id']}").json()["story"]["entities"][0]["name"]
    named = client.get("/api/stories", params={"entity": top}).json()
    assert seeds["id"] in [s["id"] for s in named["stories"]]
    assert client.get("/api/stories", params={"entity": "Nobody Atall"}).json()["total"] == 0
    assert client.get("/api/stories", params={"until": "1900-01-01"}).json()["total"] == 0
    for bad in ({"sort": "nope"}, {"after": "x~y"}, {"after": "99999999999999999999"},
                {"sort": "size", "after": "²~1"}):
        assert client.get("/api/stories", params=bad).status_code == 422, bad
    page = client.get("/", params={"sort": "size", "min_size": 1})
    assert page.status_code == 200 and 'value="size" selected' in page.text


def test_entity_and_source_pages_link_back_and_escape(client: TestClient) -> None:
    stories = client.get("/api/stories").json()["stories"]
    seeds = next(s for s in stories if s["size"] == 5)
    page = client.get(f"/stories/{seeds['id']}").text
    name = client.get(f"/api/stories/{seeds['id']}").json()["story"]["entities"][0]["name"]
    assert "/entities/" in page
    ent = client.get(f"/entities/{name}")
    assert ent.status_code == 200 and f'href="/stories/{seeds["id"]}"' in ent.text
    assert client.get("/entities/no such name at all").status_code == 404
    listing = client.get("/entities").text
    assert "/entities/" in listing
    src = client.get("/sources")
    assert src.status_code == 200
    evil = client.get("/sources/" + XSS)
    assert evil.status_code == 200, evil.text  # the hostile site is a site
    for html in (listing, src.text, evil.text):
        assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in evil.text


def test_story_page_shows_its_timeline(client: TestClient) -> None:
    stories = client.get("/api/stories").json()["stories"]
    seeds = next(s for s in stories if s["size"] == 5)
    twin = client.get(f"/api/stories/{seeds['id']}").json()
    dates = sorted(a["published"] for a in twin["articles"] if a.get("published"))
    assert twin["first_published"] == seeds["first_published"]
    assert twin["last_published"] == seeds["last_published"]
    page = client.get(f"/stories/{seeds['id']}").text
    assert "Timeline: first article" in page
    if dates:
        assert dates[0] in page and dates[-1] in page


def test_story_page_numbers_families_as_the_brief_does(client: TestClient) -> None:
    stories = client.get("/api/stories").json()["stories"]
    seeds = next(s for s in stories if s["size"] == 5)
    twin = client.get(f"/api/stories/{seeds['id']}").json()
    numbers = twin["family_numbers"]
    in_brief = re.findall(r"^\| \[\[([^\]]+)\]\] \| [^|]* \| F(\d+)", twin["story"]["brief"], re.M)
    assert {aid: int(n) for aid, n in in_brief} == numbers
    page = client.get(f"/stories/{seeds['id']}").text
    for n, fam in enumerate(twin["story"]["families"], start=1):
        assert f"<li>F{n}: {', '.join(fam['articles'])}" in page
