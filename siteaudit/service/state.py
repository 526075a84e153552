"""The service's own database (``<data>/service.db``): one row per requested crawl.

It is the source of truth across restarts; Scrapyd only knows the jobs of its current run.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# queued: handed to Scrapyd, waiting for a slot; running: the spider runs; analysing: checks
# and report; finished / failed / cancelled / interrupted (cut off by a service restart).
ACTIVE_STATES = ("queued", "running", "analysing")
RESUMABLE_STATES = ("interrupted", "cancelled", "failed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS crawls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    options TEXT NOT NULL,
    owner TEXT NOT NULL,
    state TEXT NOT NULL,
    output TEXT NOT NULL DEFAULT '',
    store_crawl_id INTEGER,
    job TEXT,
    runs INTEGER NOT NULL DEFAULT 0,
    pid INTEGER,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    error TEXT,
    progress TEXT NOT NULL DEFAULT '{}',
    cancel_requested INTEGER NOT NULL DEFAULT 0
);
"""


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


_COLUMNS = (
    "id, url, options, owner, state, output, store_crawl_id, job, runs, pid, created_at, "
    "started_at, finished_at, error, progress, cancel_requested"
)


def _row_job(row: tuple[Any, ...]) -> CrawlJob:
    values = list(row)
    values[2] = json.loads(values[2])
    values[14] = json.loads(values[14])
    values[15] = bool(values[15])
    return CrawlJob(*values)


class ServiceState:
    """Thread-safe access to service.db (the API, the poller and analysis threads share it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        with self.lock:
            self.db.close()

    def add(self, url: str, options: dict[str, Any], owner: str) -> CrawlJob:
        """Record a new crawl request as queued."""
        with self.lock, self.db:
            cur = self.db.execute(
                "INSERT INTO crawls (url, options, owner, state, created_at) VALUES (?,?,?,?,?)",
                (url, json.dumps(options), owner, "queued", now()),
            )
        job = self.get(int(cur.lastrowid or 0))
        assert job is not None
        return job

    def get(self, crawl_id: int) -> CrawlJob | None:
        with self.lock:
            row = self.db.execute(
                f"SELECT {_COLUMNS} FROM crawls WHERE id=?", (crawl_id,)
            ).fetchone()
        return _row_job(row) if row else None

    def all(self) -> list[CrawlJob]:
        """Every crawl, newest first."""
        with self.lock:
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM crawls ORDER BY id DESC").fetchall()
        return [_row_job(r) for r in rows]

    def in_states(self, states: tuple[str, ...]) -> list[CrawlJob]:
        marks = ",".join("?" * len(states))
        with self.lock:
            rows = self.db.execute(
                f"SELECT {_COLUMNS} FROM crawls WHERE state IN ({marks}) ORDER BY id", states
            ).fetchall()
        return [_row_job(r) for r in rows]

    def count_active(self, owner: str) -> int:
        """Crawls of one token that are queued, running or being analysed."""
        marks = ",".join("?" * len(ACTIVE_STATES))
        with self.lock:
            row = self.db.execute(
                f"SELECT count(*) FROM crawls WHERE owner=? AND state IN ({marks})",
                (owner, *ACTIVE_STATES),
            ).fetchone()
        return int(row[0])

    def update(self, crawl_id: int, **values: Any) -> None:
        """Set some columns of one crawl (JSON columns take dicts)."""
        for key in ("options", "progress"):
            if key in values:
                values[key] = json.dumps(values[key])
        if "cancel_requested" in values:
            values["cancel_requested"] = int(values["cancel_requested"])
        unknown = set(values) - set(_COLUMNS.split(", "))
        if unknown:
            raise ValueError(f"unknown columns {sorted(unknown)}")
        assignments = ", ".join(f"{k}=?" for k in values)
        with self.lock, self.db:
            self.db.execute(
                f"UPDATE crawls SET {assignments} WHERE id=?", (*values.values(), crawl_id)
            )
