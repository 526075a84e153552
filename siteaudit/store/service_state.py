"""The audit service's own table: one row per requested crawl (``service_crawls``).

It is the service's source of truth across restarts (Scrapyd only knows the jobs of its
current run). It lives in ``<data>/service.db`` or, with ``serve --store``, in the same
PostgreSQL database as the crawls.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.schema import CreateTable

from siteaudit.store.engine import Target, open_engine, store_errors
from siteaudit.store.schema import TEXT

SERVICE_DB = "service.db"
# queued: handed to Scrapyd, waiting for a slot; running: the spider runs; analysing: checks
# and report; finished / failed / cancelled / interrupted (cut off by a service restart).
ACTIVE_STATES = ("queued", "running", "analysing")
RESUMABLE_STATES = ("interrupted", "cancelled", "failed")

metadata = MetaData()
service_crawls = Table(
    "service_crawls",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", TEXT, nullable=False),
    Column("options", TEXT, nullable=False),  # JSON
    Column("owner", TEXT, nullable=False),
    Column("state", TEXT, nullable=False),
    Column("output", TEXT, nullable=False, server_default=""),
    Column("store_crawl_id", Integer),
    Column("job", TEXT),
    Column("runs", Integer, nullable=False, server_default="0"),
    Column("pid", Integer),
    Column("created_at", TEXT, nullable=False),
    Column("started_at", TEXT),
    Column("finished_at", TEXT),
    Column("error", TEXT),
    Column("progress", TEXT, nullable=False, server_default="{}"),  # JSON
    Column("cancel_requested", Integer, nullable=False, server_default="0"),
    sqlite_autoincrement=True,
)
_LEGACY_TABLE = "crawls"  # the name in service.db files before the table could share a database
_JSON_COLUMNS = ("options", "progress")
_PG_SCHEMA_LOCK = 7_411_302


def now() -> str:
    """The current time as ISO 8601 UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class CrawlJob:
    """One crawl the service was asked for, and how far it got."""

    id: int
    url: str
    options: dict[str, Any]
    owner: str  # token id (a digest) of whoever started it
    state: str
    output: str
    store_crawl_id: int | None
    job: str | None  # the current Scrapyd job id
    runs: int
    pid: int | None
    created_at: str
    started_at: str | None
    finished_at: str | None
    error: str | None
    progress: dict[str, int] = field(default_factory=dict)
    cancel_requested: bool = False

    @classmethod
    def from_row(cls, row: RowMapping) -> CrawlJob:
        values = dict(row)
        for key in _JSON_COLUMNS:
            values[key] = json.loads(values[key])
        values["cancel_requested"] = bool(values["cancel_requested"])
        return cls(**values)


class ServiceState:
    """Thread-safe access to the service's crawls (the API, the poller and analysis threads
    share one connection, one statement at a time)."""

    def __init__(self, target: Path | str) -> None:
        where = Target.parse(target)
        self.location = where.location
        self.lock = threading.Lock()
        with store_errors(self.location, "cannot open"):
            self._engine = open_engine(where, shared_by_threads=True)
            self._conn = self._engine.connect()
            with self._transaction():
                _prepare(self._conn)

    @classmethod
    def in_folder(cls, data_dir: Path, store_url: str | None = None) -> ServiceState:
        """The state in ``store_url`` if given, else in ``data_dir``/service.db."""
        return cls(store_url or data_dir / SERVICE_DB)

    def close(self) -> None:
        with self.lock:
            self._conn.close()
            self._engine.dispose()

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with store_errors(self.location):
            try:
                yield self._conn
            except BaseException:
                self._conn.rollback()
                raise
            self._conn.commit()

    def _rows(self, query: Any) -> list[CrawlJob]:
        with self.lock, self._transaction() as conn:
            return [CrawlJob.from_row(r) for r in conn.execute(query).mappings()]

    def add(self, url: str, options: dict[str, Any], owner: str) -> CrawlJob:
        """Record a new crawl request as queued."""
        values = {
            "url": url,
            "options": json.dumps(options),
            "owner": owner,
            "state": "queued",
            "created_at": now(),
        }
        with self.lock, self._transaction() as conn:
            new_id = conn.execute(
                insert(service_crawls).values(values).returning(service_crawls.c.id)
            ).scalar_one()
        job = self.get(int(new_id))
        assert job is not None
        return job

    def get(self, crawl_id: int) -> CrawlJob | None:
        """One crawl by id, or None."""
        found = self._rows(select(service_crawls).where(service_crawls.c.id == crawl_id))
        return found[0] if found else None

    def all(self) -> list[CrawlJob]:
        """Every crawl, newest first."""
        return self._rows(select(service_crawls).order_by(service_crawls.c.id.desc()))

    def in_states(self, states: tuple[str, ...]) -> list[CrawlJob]:
        """The crawls in any of ``states``, oldest first."""
        query = select(service_crawls).where(service_crawls.c.state.in_(states))
        return self._rows(query.order_by(service_crawls.c.id))

    def count_active(self, owner: str) -> int:
        """Crawls of one token that are queued, running or being analysed."""
        c = service_crawls.c
        query = select(func.count()).where(c.owner == owner, c.state.in_(ACTIVE_STATES))
        with self.lock, self._transaction() as conn:
            return int(conn.execute(query).scalar_one())

    def update(self, crawl_id: int, **values: Any) -> None:
        """Set some columns of one crawl (JSON columns take dicts)."""
        unknown = set(values) - set(service_crawls.c.keys())
        if unknown:
            raise ValueError(f"unknown columns {sorted(unknown)}")
        for key in _JSON_COLUMNS:
            if key in values:
                values[key] = json.dumps(values[key])
        if "cancel_requested" in values:
            values["cancel_requested"] = int(values["cancel_requested"])
        statement = update(service_crawls).where(service_crawls.c.id == crawl_id).values(values)
        with self.lock, self._transaction() as conn:
            conn.execute(statement)


def _prepare(conn: Connection) -> None:
    """Create the table, or rename it in a service.db from before it had its own name."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_PG_SCHEMA_LOCK)))
    insp = inspect(conn)
    if not insp.has_table(service_crawls.name) and insp.has_table(_LEGACY_TABLE):
        legacy = {c["name"] for c in insp.get_columns(_LEGACY_TABLE)}
        if {"owner", "cancel_requested"} <= legacy:  # the service's table, not the store's
            conn.exec_driver_sql(f"ALTER TABLE {_LEGACY_TABLE} RENAME TO {service_crawls.name}")
    conn.execute(CreateTable(service_crawls, if_not_exists=True))
