"""The databases the store's and the web app's tests run on: SQLite always, PostgreSQL
when STORYFOLD_TEST_PG names a server (`.ci/run` starts one; with CI=true a missing one
fails the PostgreSQL cases instead of skipping them)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

BACKENDS = ["sqlite", "postgresql"]


def reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    from storyfold.store.db import database_url

    engine = create_engine(database_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    url = os.environ.get("STORYFOLD_TEST_PG")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but STORYFOLD_TEST_PG is not set (scripts/ci/postgres.sh)")
        pytest.skip("no PostgreSQL (set STORYFOLD_TEST_PG=postgresql://...)")
    reset_postgres(url)
    yield url
