"""The persistent store behind `storyfold serve` and `storyfold ingest` (SQLAlchemy 2:
SQLite in WAL mode by default, PostgreSQL for shared deployments; Alembic migrations are
applied when a store is opened)."""

from storyfold.store.db import Store, open_store
from storyfold.store.ingest import IngestResult, add_articles
from storyfold.store.worker import FoldResult, Worker, fold_all, fold_pending

__all__ = ["FoldResult", "IngestResult", "Store", "Worker", "add_articles", "fold_all",
           "fold_pending", "open_store"]
