"""Crawl ownership: only the token that started a crawl, or an admin token, may cancel or
resume it; resumed crawls count towards the owner's limit of active crawls."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from siteaudit.service.security import TokenRing, token_id
from siteaudit.store.service_state import SERVICE_DB
from tests.service.conftest import AUTH, OTHER_TOKEN, TOKEN, Service, start_service

ADMIN_TOKEN = "test-admin-token"
OTHER = {"Authorization": f"Bearer {OTHER_TOKEN}"}
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
# service.db as the first services wrote it (the owner digest was there from the start).
LEGACY = """CREATE TABLE crawls (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL,
options TEXT NOT NULL, owner TEXT NOT NULL, state TEXT NOT NULL, output TEXT NOT NULL DEFAULT '',
store_crawl_id INTEGER, job TEXT, runs INTEGER NOT NULL DEFAULT 0, pid INTEGER,
created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, error TEXT,
progress TEXT NOT NULL DEFAULT '{}', cancel_requested INTEGER NOT NULL DEFAULT 0)"""
# Slow enough to stay active for the whole test (30-90 s between two requests).
SLOW = {"delay": 60, "obey_robots": False, "use_sitemaps": False}


@pytest.fixture(scope="module")
def owned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """A service with an admin token and one active crawl per token."""
    folder = tmp_path_factory.mktemp("owned")
    admin_file = folder / "admin-tokens"
    admin_file.write_text(f"# admins\n{ADMIN_TOKEN}\n", encoding="utf-8")
    svc = start_service(
        folder / "data",
        "--allow-private",
        "--max-running",
        "2",
        "--max-crawls-per-token",
        "1",
        "--admin-token-file",
        str(admin_file),
    )
    yield svc
    svc.stop()


def start(service: Service, site: str, headers: dict[str, str]) -> int:
    response = service.client.post(
        "/api/crawls", json={"url": site + "/", "options": SLOW}, headers=headers
    )
    assert response.status_code == 202, response.text
    return int(response.json()["id"])


def act(service: Service, crawl_id: int, action: str, headers: dict[str, str]) -> Any:
    return service.client.post(f"/api/crawls/{crawl_id}/{action}", headers=headers)


def test_only_the_owner_or_an_admin_may_cancel_or_resume_and_resume_counts_to_the_limit(
    owned: Service, site: str
) -> None:
    first = start(owned, site, AUTH)
    owned.wait_for(first, ("running",))

    for action in ("cancel", "resume"):
        refused = act(owned, first, action, OTHER)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "not_owner"
    assert owned.client.get(f"/api/crawls/{first}").json()["state"] == "running"

    assert act(owned, first, "cancel", AUTH).status_code == 202
    assert owned.wait_for(first, ("cancelled",), timeout=30)["state"] == "cancelled"

    # The owner's one active crawl: a resume is one more, refused like a new crawl.
    second = start(owned, site, AUTH)
    over = act(owned, first, "resume", AUTH)
    assert over.status_code == 429, over.text
    assert over.json()["error"]["code"] == "too_many_crawls"
    assert owned.client.get(f"/api/crawls/{first}").json()["state"] == "cancelled"

    # An admin may cancel and resume any crawl; the limit is still the owner's.
    assert act(owned, second, "cancel", ADMIN).status_code == 202
    assert owned.wait_for(second, ("cancelled",), timeout=30)["state"] == "cancelled"
    assert act(owned, first, "resume", OTHER).status_code == 403
    resumed = act(owned, first, "resume", ADMIN)
    assert resumed.status_code == 202, resumed.text
    assert resumed.json()["runs"] == 2
    assert act(owned, second, "resume", ADMIN).status_code == 429  # the owner has one again
    assert act(owned, first, "cancel", OTHER).status_code == 403
    assert act(owned, first, "cancel", ADMIN).status_code == 202
    assert owned.wait_for(first, ("cancelled",), timeout=30)["state"] == "cancelled"

    # Another token's crawls do not count against this one's limit.
    third = start(owned, site, OTHER)
    assert act(owned, third, "cancel", OTHER).status_code == 202
    owned.wait_for(third, ("cancelled",), timeout=30)


def test_the_state_records_a_digest_of_the_owner_token_never_the_token(owned: Service) -> None:
    with sqlite3.connect(owned.data / "service.db") as db:
        rows = db.execute("SELECT * FROM service_crawls").fetchall()
        owners = {row[0] for row in db.execute("SELECT owner FROM service_crawls")}
    assert rows
    assert owners == {token_id(TOKEN), token_id(OTHER_TOKEN)}
    dumped = repr(rows)
    assert TOKEN not in dumped and OTHER_TOKEN not in dumped and ADMIN_TOKEN not in dumped


def test_crawls_in_a_service_db_of_an_older_service_keep_their_owner(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with sqlite3.connect(data / SERVICE_DB) as db:
        db.execute(LEGACY)  # the table as the first services created it, owner digest and all
        db.execute(
            "INSERT INTO crawls (url, options, owner, state, created_at) VALUES "
            "('http://127.0.0.1:9/', '{}', ?, 'cancelled', '2025-01-01T00:00:00+00:00')",
            (token_id(TOKEN),),
        )
    db.close()
    svc = start_service(data, "--allow-private")
    try:
        [crawl] = svc.client.get("/api/crawls").json()["crawls"]
        refused = act(svc, crawl["id"], "resume", OTHER)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_owner"
        # The owner passes the ownership check (and meets the state check: it never ran).
        assert act(svc, crawl["id"], "resume", AUTH).status_code == 409
    finally:
        assert svc.stop()


def test_admin_tokens_come_from_their_own_sources_and_are_recognised() -> None:
    ring = TokenRing.from_sources("alpha", None).with_admins("root1, root2", "# c\nroot3\n")
    assert ring.admin_tokens == ("root1", "root2", "root3")
    root = ring.identify("root3")
    assert root == token_id("root3") and ring.is_admin(root)
    alpha = ring.identify("alpha")
    assert alpha is not None and not ring.is_admin(alpha)
    assert ring.may_manage(alpha, token_id("alpha")) and ring.may_manage(root, token_id("alpha"))
    assert not ring.may_manage(alpha, token_id("beta"))
