"""Opening a store: an engine for the URL (SQLite in WAL mode by default), migrations
applied to the newest revision, a session factory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from storyfold.store.models import MetaRow

DEFAULT_PATH = "storyfold.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# A writer waits this long for another writer's transaction (SQLite locks the whole file).
BUSY_TIMEOUT_MS = 30_000


@dataclass
class Store:
    """An open store: the engine and a session factory bound to it."""

    engine: Engine
    sessions: sessionmaker[Session]
    url: str

    def session(self) -> Session:
        return self.sessions()

    def generation(self, session: Session) -> int:
        """How many folds have been written (the worker's optimistic check)."""
        row = session.get(MetaRow, "generation")
        return row.value if row else 0

    def close(self) -> None:
        self.engine.dispose()


def database_url(db: str | None) -> str:
    """A SQLAlchemy URL for `db`: a URL as given, else a SQLite file path."""
    if db is None:
        db = DEFAULT_PATH
    if "://" in db:
        if db.startswith("postgresql://"):  # the psycopg 3 driver, the one the extra installs
            return "postgresql+psycopg://" + db.removeprefix("postgresql://")
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def open_store(db: str | None = None) -> Store:
    """Open (creating and migrating) the store at `db`: a path (default ./storyfold.db) or
    a database URL (`postgresql://user@host/name`)."""
    url = database_url(db)
    options: dict[str, Any] = {}
    if url.startswith("sqlite"):
        options["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    else:
        options["pool_pre_ping"] = True
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    _migrate(engine)
    store = Store(engine, sessionmaker(engine, expire_on_commit=False), url)
    with store.session() as session:
        session.execute(select(MetaRow).limit(1))
    return store


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL: readers never wait for the writer; NORMAL sync is durable at each commit in WAL
    # mode except across a power cut (a killed process loses nothing committed).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _migrate(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
