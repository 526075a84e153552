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
    # Added with sites (see _ADDED_COLUMNS): older service.db files get them on open.
    Column("site_id", Integer),  # the site this crawl belongs to, if any
    Column("started_by", TEXT, nullable=False, server_default="api"),  # api, ui or schedule
    Column("stage", TEXT),  # within a state: crawling, analysing, comparing, notifying
    # JSON: health, findings by severity, failed URLs, the comparison's counts; kept when
    # retention deletes the crawl's folder, for the site's trend.
    Column("summary", TEXT, nullable=False, server_default="{}"),
    Column("compared_with", Integer),  # the service crawl this one was compared with
    Column("pruned_at", TEXT),  # when retention deleted its store and report
    sqlite_autoincrement=True,
)
_ADDED_COLUMNS = {
    "site_id": "INTEGER",
    "started_by": "TEXT NOT NULL DEFAULT 'api'",
    "stage": "TEXT",
    "summary": "TEXT NOT NULL DEFAULT '{}'",
    "compared_with": "INTEGER",
    "pruned_at": "TEXT",
}
# A site (project): what to crawl and how, its schedule, webhook and retention. Its crawls
# (service_crawls.site_id) form its history.
service_sites = Table(
    "service_sites",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", TEXT, nullable=False, unique=True),
    Column("start_urls", TEXT, nullable=False),  # JSON list
    Column("options", TEXT, nullable=False, server_default="{}"),  # JSON, as for a crawl
    Column("glossary", TEXT),  # TOML text, written into each crawl's folder
    Column("suppressions", TEXT),  # TOML text, likewise
    Column("schedule", TEXT),  # cron expression, or NULL
    Column("webhook_url", TEXT),
    Column("email_to", TEXT),  # comma-separated addresses, sent through the service's SMTP
    Column("keep_crawls", Integer),  # retention: the last N crawls keep their folders
    Column("keep_days", Integer),  # retention: crawls younger than N days keep theirs
    Column("owner", TEXT, nullable=False),
    Column("created_at", TEXT, nullable=False),
    Column("updated_at", TEXT, nullable=False),
    Column("skipped_runs", Integer, nullable=False, server_default="0"),
    Column("last_skipped_at", TEXT),
    sqlite_autoincrement=True,
)
_LEGACY_TABLE = "crawls"  # the name in service.db files before the table could share a database
_JSON_COLUMNS = ("options", "progress", "summary")
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
    site_id: int | None = None
    started_by: str = "api"
    stage: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    compared_with: int | None = None
    pruned_at: str | None = None

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

    def fetch(self, query: Any) -> list[RowMapping]:
        """The rows of one query, in its own short transaction."""
        with self.lock, self._transaction() as conn:
            return list(conn.execute(query).mappings())

    def execute(self, statement: Any) -> Any:
        """Run one statement in its own transaction; its first column's value, if any."""
        with self.lock, self._transaction() as conn:
            result = conn.execute(statement)
            return result.scalar_one() if result.returns_rows else None

    def _rows(self, query: Any) -> list[CrawlJob]:
        with self.lock, self._transaction() as conn:
            return [CrawlJob.from_row(r) for r in conn.execute(query).mappings()]

    def add(
        self,
        url: str,
        options: dict[str, Any],
        owner: str,
        *,
        site_id: int | None = None,
        started_by: str = "api",
    ) -> CrawlJob:
        """Record a new crawl request as queued."""
        values = {
            "url": url,
            "options": json.dumps(options),
            "owner": owner,
            "state": "queued",
            "created_at": now(),
            "site_id": site_id,
            "started_by": started_by,
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

    def of_site(self, site_id: int) -> list[CrawlJob]:
        """The crawls of one site, newest first."""
        query = select(service_crawls).where(service_crawls.c.site_id == site_id)
        return self._rows(query.order_by(service_crawls.c.id.desc()))

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
    present = {c["name"] for c in inspect(conn).get_columns(service_crawls.name)}
    for name, ddl in _ADDED_COLUMNS.items():
        if name not in present:
            conn.exec_driver_sql(f"ALTER TABLE {service_crawls.name} ADD COLUMN {name} {ddl}")
    conn.execute(CreateTable(service_sites, if_not_exists=True))
