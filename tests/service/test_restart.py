"""A service restart mid-crawl: the crawl is marked interrupted, and resumes to the end."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tests.service.conftest import AUTH, start_service


def _stored_statuses(data: Path, crawl_id: int) -> dict[str, int]:
    db = sqlite3.connect(data / "crawls" / str(crawl_id) / "siteaudit.db")
    try:
        return dict(db.execute("SELECT url, status FROM pages").fetchall())
    finally:
        db.close()


def test_restart_mid_crawl_marks_it_interrupted_and_resume_finishes_it(
    tmp_path: Path, site: str
) -> None:
    data = tmp_path / "data"
    service = start_service(data, "--allow-private")
    try:
        finished = service.client.post("/api/crawls", json={"url": site + "/"}, headers=AUTH)
        done_id = finished.json()["id"]
        service.wait_for(done_id, ("finished",))
        slow = {"delay": 0.1, "per_host_concurrency": 1, "concurrency": 1}
        started = service.client.post(
            "/api/crawls", json={"url": site + "/", "options": slow}, headers=AUTH
        )
        crawl_id = started.json()["id"]
        deadline = time.monotonic() + 60
        while service.client.get(f"/api/crawls/{crawl_id}").json()["progress"]["pages"] < 5:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        assert service.stop()

    partial = _stored_statuses(data, crawl_id)
    restarted = start_service(data, "--allow-private")
    try:
        crawls = {c["id"]: c for c in restarted.client.get("/api/crawls").json()["crawls"]}
        assert crawls[done_id]["state"] == "finished"
        assert restarted.client.get(f"/crawls/{done_id}/report/").status_code == 200
        cut = crawls[crawl_id]
        assert cut["state"] == "interrupted" and "restarted" in cut["error"]
        assert 5 <= cut["progress"]["pages"] == len(partial) < 40

        resumed = restarted.client.post(f"/api/crawls/{crawl_id}/resume", headers=AUTH)
        assert resumed.status_code == 202
        final = restarted.wait_for(crawl_id, ("finished", "failed"))
        assert final["state"] == "finished", final
        complete = _stored_statuses(data, crawl_id)
        assert complete.items() >= partial.items()  # the first run's pages were kept as they were
        assert complete == _stored_statuses(data, done_id)  # same pages as an uncut crawl
        assert final["progress"]["pages"] == len(complete)
        findings = restarted.client.get(f"/api/crawls/{crawl_id}/findings").json()
        uncut = restarted.client.get(f"/api/crawls/{done_id}/findings").json()
        assert findings["total"] == uncut["total"] > 0
    finally:
        assert restarted.stop()
