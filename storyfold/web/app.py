"""The FastAPI app: every page has a JSON twin under /api, writes need the token, every
response carries a strict Content-Security-Policy (no script, no inline style)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from storyfold.engines.rows import story_from_dict
from storyfold.read.jsonl import read_jsonl_lines
from storyfold.records import Article
from storyfold.store import queries
from storyfold.store.db import Store
from storyfold.store.ingest import add_articles
from storyfold.store.match import match_text
from storyfold.store.models import ArticleRow, StoryRow
from storyfold.store.worker import Worker
from storyfold.web.compare import compare, default_pair
from storyfold.web.export import (
    CONFLICT_COLUMNS,
    FACT_COLUMNS,
    STORY_COLUMNS,
    conflict_rows,
    csv_lines,
    fact_rows,
)
from storyfold.web.feed import atom

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
MAX_BODY = 10 * 1024 * 1024  # bytes of one POST
MAX_BATCH = 1000  # articles of one POST
# Ids and counts bounded to what a database integer holds (a larger one is a 422, not a
# database overflow: schemathesis found that one).
MAX_INT = 2**31 - 1
Id = Annotated[int, PathParam(ge=1, le=MAX_INT)]
Size = Annotated[int, Query(ge=1, le=MAX_INT)]
After = Annotated[int | None, Query(ge=1, le=MAX_INT)]
Since = Annotated[str | None, Query(max_length=64)]
Text = Annotated[str | None, Query(max_length=200)]
Cursor = Annotated[str | None, Query(max_length=200)]
Sort = Literal["new", "old", "size", "latest", "earliest", "updated"]
MAX_MATCH = 1 << 20  # bytes of text sent to /api/match


class _Headers(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response


def create_app(store: Store, *, token: str | None = None, worker: Worker | None = None) -> FastAPI:
    app = FastAPI(title="storyfold", docs_url=None, redoc_url=None)
    app.add_middleware(_Headers)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    pages = Jinja2Templates(directory=HERE / "templates")  # autoescape on for .html

    @app.exception_handler(Exception)
    async def _hidden(_request: Request, _exc: Exception) -> JSONResponse:
        # No stack traces to clients; the server log has them.
        return JSONResponse({"error": "internal error"}, status_code=500)

    reads = Reads(store)
    # Registration order matters: "/api/stories/changes" before "/api/stories/{story_id}".
    _story_routes(app, reads)
    _export_routes(app, store)
    _lookup_routes(app, reads, store)
    _write_routes(app, store, token, worker)
    _page_routes(app, reads, pages)
    return app


class Reads:
    """What the pages and their JSON twins show, read from the store (404/422 as HTTP)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def story_list(self, f: queries.StoryFilter, after: str | None) -> dict[str, Any]:
        with self.store.session() as session:
            try:
                return queries.story_list(session, f, after)
            except queries.BadCursor:
                raise HTTPException(422, "after: not a cursor this list gave") from None

    def changes(self, since: str | None) -> dict[str, Any]:
        with self.store.session() as session:
            try:
                return queries.changes(session, since)
            except ValueError as exc:
                raise HTTPException(422, f"since: {exc}") from None

    def story(self, story_id: int) -> dict[str, Any]:
        with self.store.session() as session:
            row = session.get(StoryRow, story_id)
            if row is None:
                raise HTTPException(404, "no such story")
            articles = session.execute(
                select(ArticleRow.id, ArticleRow.folded, ArticleRow.received_at)
                .where(ArticleRow.story_id == story_id).order_by(ArticleRow.seq)).all()
        return {"id": row.id, "story": row.data, "first_seen": row.first_seen.isoformat(),
                "first_published": row.first_published, "last_published": row.last_published,
                "updated_at": row.updated_at.isoformat(),
                "articles": [a.folded for a in articles if a.folded],
                # The report's one family numbering (F1, F2, ...), as in the brief
                "family_numbers": story_from_dict(row.data).family_numbers()}

    def article(self, article_id: str) -> dict[str, Any]:
        article_id = _text(article_id) or ""
        with self.store.session() as session:
            row = session.scalar(select(ArticleRow).where(ArticleRow.id == article_id))
            if row is None:
                raise HTTPException(404, "no such article")
            record = dict(row.folded or {"id": row.id, "title": row.title})
            record["story_id"] = row.story_id
            record["raw"] = row.raw
        return record

    def entities(self, q: str | None, page: int) -> dict[str, Any]:
        with self.store.session() as session:
            return queries.entities(session, _text(q), page)

    def entity(self, name: str) -> dict[str, Any]:
        with self.store.session() as session:
            return _found(queries.entity(session, _text(name) or ""), "entity")

    def sources(self, q: str | None, page: int) -> dict[str, Any]:
        with self.store.session() as session:
            return queries.sources(session, _text(q), page)

    def source(self, site: str) -> dict[str, Any]:
        with self.store.session() as session:
            return _found(queries.source(session, _text(site) or ""), "source")

    def side_by_side(self, story_id: int, a: str | None, b: str | None) -> dict[str, Any]:
        data = self.story(story_id)
        pair = (a, b) if a and b else default_pair(data["story"], data["articles"])
        if pair is None:
            raise HTTPException(404, "the story has one article: nothing to compare")
        try:
            view = compare(data["story"], data["articles"], pair[0], pair[1])
        except KeyError:
            raise HTTPException(404, "both articles must be in the story") from None
        view["story"] = {"id": story_id, "title": data["story"].get("title")}
        return view


def _story_routes(app: FastAPI, reads: Reads) -> None:
    @app.get("/api/stories")
    def api_stories(f: Annotated[queries.StoryFilter, Depends(_filter)],
                    after: Cursor = None) -> dict[str, Any]:
        """Stories (search `q`; filters entity, site, min_size/max_size, since/until on the
        articles' dates; `sort` new|old|size|latest|earliest|updated; keyset paging with
        `after`, the `next` of the previous page)."""
        return reads.story_list(f, after)

    @app.get("/api/stories/changes")
    def api_changes(since: Since = None) -> dict[str, Any]:
        """What changed after `since` (a `next` cursor from an earlier answer, or an ISO
        time with its offset); oldest first."""
        return reads.changes(since)

    @app.get("/feed.atom")
    def feed(request: Request, since: Since = None) -> Response:
        data = reads.changes(since)
        base = str(request.base_url).rstrip("/")
        body = atom(data["changes"], base, f"{base}/feed.atom")
        return Response(body, media_type="application/atom+xml")


def _export_routes(app: FastAPI, store: Store) -> None:
    @app.get("/api/stories.csv")
    def csv_stories() -> StreamingResponse:
        def rows() -> Iterator[list[object]]:
            with store.session() as session:
                for r in session.execute(select(
                        StoryRow.id, StoryRow.title, StoryRow.size, StoryRow.first_published,
                        StoryRow.last_published, StoryRow.sites).order_by(StoryRow.id)):
                    yield [r.id, r.title, r.size, r.first_published, r.last_published,
                           r.sites.strip()]
        return _csv(csv_lines(STORY_COLUMNS, rows()), "stories.csv")

    @app.get("/api/facts.csv")
    def csv_facts() -> StreamingResponse:
        return _csv(csv_lines(FACT_COLUMNS, _per_story(fact_rows)), "facts.csv")

    @app.get("/api/conflicts.csv")
    def csv_conflicts() -> StreamingResponse:
        return _csv(csv_lines(CONFLICT_COLUMNS, _per_story(conflict_rows)), "conflicts.csv")

    def _per_story(each: Callable[[int, dict[str, Any]], Iterator[list[object]]]
                   ) -> Iterator[list[object]]:
        with store.session() as session:
            for sid, data in session.execute(
                    select(StoryRow.id, StoryRow.data).order_by(StoryRow.id)):
                yield from each(sid, data or {})


def _lookup_routes(app: FastAPI, reads: Reads, store: Store) -> None:
    @app.get("/api/entities")
    def api_entities(q: Text = None, page: Size = 1) -> dict[str, Any]:
        return reads.entities(q, page)

    @app.get("/api/entities/{name:path}")
    def api_entity(name: str) -> dict[str, Any]:
        return reads.entity(name)

    @app.get("/api/sources")
    def api_sources(q: Text = None, page: Size = 1) -> dict[str, Any]:
        return reads.sources(q, page)

    @app.get("/api/sources/{site:path}")
    def api_source(site: str) -> dict[str, Any]:
        return reads.source(site)

    @app.post("/api/match")
    async def api_match(request: Request) -> dict[str, Any]:
        """Which stored story is this text about (JSON {"text": ..., "title": ...}), with
        the evidence. Read-only: the text is not stored."""
        body = await request.body()
        if len(body) > MAX_MATCH:
            raise HTTPException(413, f"request body over {MAX_MATCH} bytes")
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise HTTPException(422, "body: a JSON object with a \"text\" string") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise HTTPException(422, "body: a JSON object with a \"text\" string")
        title = data.get("title") if isinstance(data.get("title"), str) else None
        with store.session() as session:
            return match_text(session, _text(data["text"]) or "", _text(title))

    @app.get("/api/stories/{story_id}/compare")
    def api_compare(story_id: Id, a: Text = None, b: Text = None) -> dict[str, Any]:
        """Two articles of the story side by side: aligned sentences, differing words
        marked (default pair: a copy and the article it came from)."""
        return reads.side_by_side(story_id, _text(a), _text(b))

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: Id) -> dict[str, Any]:
        return reads.story(story_id)

    @app.get("/api/articles/{article_id:path}")
    def api_article(article_id: str) -> dict[str, Any]:
        return reads.article(article_id)


def _write_routes(app: FastAPI, store: Store, token: str | None, worker: Worker | None) -> None:
    @app.post("/api/articles", status_code=202)
    async def api_ingest(request: Request) -> dict[str, Any]:
        _check_token(request, token)
        body = await request.body()
        if len(body) > MAX_BODY:
            raise HTTPException(413, f"request body over {MAX_BODY} bytes")
        batch = _parse(body)
        result = add_articles(store, batch)  # returns once committed: acknowledged = stored
        if worker is not None:
            worker.notify()
        return result.to_dict()


def _page_routes(app: FastAPI, reads: Reads, pages: Jinja2Templates) -> None:
    @app.get("/stories/{story_id}/compare", response_class=HTMLResponse)
    def page_compare(request: Request, story_id: Id, a: Text = None, b: Text = None
                     ) -> Response:
        view = reads.side_by_side(story_id, _text(a), _text(b))
        twin = (f"/api/stories/{story_id}/compare?a={quote(view['left']['id'])}"
                f"&b={quote(view['right']['id'])}")
        return pages.TemplateResponse(request, "compare.html", {"v": view, "twin": twin})

    @app.get("/", response_class=HTMLResponse)
    def page_stories(request: Request, f: Annotated[queries.StoryFilter, Depends(_filter)],
                     after: Cursor = None) -> Response:
        data = reads.story_list(f, after)
        params = {k: v for k, v in request.query_params.items() if k != "after" and v}
        return pages.TemplateResponse(request, "stories.html", {
            "data": data, "f": f, "sorts": list(queries.SORTS), "params": params,
            "twin": "/api/stories"})

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def page_story(request: Request, story_id: Id) -> Response:
        return pages.TemplateResponse(request, "story.html", {
            "data": reads.story(story_id), "twin": f"/api/stories/{story_id}"})

    @app.get("/entities", response_class=HTMLResponse)
    def page_entities(request: Request, q: Text = None, page: Size = 1) -> Response:
        return pages.TemplateResponse(request, "entities.html", {
            "data": reads.entities(q, page), "q": q or "", "twin": "/api/entities"})

    @app.get("/entities/{name:path}", response_class=HTMLResponse)
    def page_entity(request: Request, name: str) -> Response:
        return pages.TemplateResponse(request, "entity.html", {
            "e": reads.entity(name), "twin": f"/api/entities/{quote(name)}"})

    @app.get("/sources", response_class=HTMLResponse)
    def page_sources(request: Request, q: Text = None, page: Size = 1) -> Response:
        return pages.TemplateResponse(request, "sources.html", {
            "data": reads.sources(q, page), "q": q or "", "twin": "/api/sources"})

    @app.get("/sources/{site:path}", response_class=HTMLResponse)
    def page_source(request: Request, site: str) -> Response:
        return pages.TemplateResponse(request, "source.html", {
            "s": reads.source(site), "twin": f"/api/sources/{quote(site)}"})

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse)
    def page_article(request: Request, article_id: str) -> Response:
        return pages.TemplateResponse(request, "article.html", {
            "a": reads.article(article_id), "twin": f"/api/articles/{article_id}"})


def _filter(q: Text = None, entity: Text = None, site: Text = None, min_size: Size = 1,
            max_size: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
            since: Annotated[str | None, Query(max_length=40)] = None,
            until: Annotated[str | None, Query(max_length=40)] = None,
            sort: Sort = "new") -> queries.StoryFilter:
    return queries.StoryFilter(q=_text(q), entity=_text(entity), site=_text(site),
                               min_size=min_size, max_size=max_size, since=_text(since),
                               until=_text(until), sort=sort)


def _found(record: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if record is None:
        raise HTTPException(404, f"no such {what}")
    return record


def _csv(lines: Iterator[str], name: str) -> StreamingResponse:
    return StreamingResponse(lines, media_type="text/csv; charset=utf-8",
                             headers={"content-disposition": f'attachment; filename="{name}"'})


def _text(value: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; no stored text has one (ingest drops them).
    return value.replace("\x00", "") if value is not None else None


def _check_token(request: Request, token: str | None) -> None:
    if not token:
        raise HTTPException(403, "writes are disabled: start the server with --token or "
                                 "STORYFOLD_TOKEN")
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not secrets.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "a valid token is needed: Authorization: Bearer TOKEN")


def _parse(body: bytes) -> list[Article]:
    """A JSON object, a JSON array of objects, or JSONL: articles as `storyfold fold` reads
    JSONL lines (`id`, `text` or `html`, optional `title`, `url`, `published`, `site`)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "the body is not UTF-8") from exc
    stripped = text.lstrip()
    lines: list[str]
    if stripped.startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise HTTPException(400, f"malformed JSON ({exc.msg})") from exc
        lines = [json.dumps(r) for r in records]
    else:
        lines = text.splitlines()
    if len(lines) > MAX_BATCH:
        raise HTTPException(413, f"over {MAX_BATCH} articles in one request")
    articles: list[Article] = []
    errors: list[str] = []
    for item in read_jsonl_lines(lines, source="<api>", default_id="api"):
        if isinstance(item, Article):
            articles.append(item)
        else:
            errors.append(f"{item.path}: {item.error}")
    if errors:
        raise HTTPException(422, "; ".join(errors[:20]))
    return articles
