"""Sites' schedules through a real `siteaudit serve`: crawls start on time, survive a restart,
and never overlap. Seconds-level cron (six fields) keeps the wall time short."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.service.conftest import AUTH, Service, start_service

EVERY_20_S = "*/20 * * * * *"


def _site_crawls(service: Service, site_id: int) -> list[dict[str, Any]]:
    response = service.client.get(f"/api/sites/{site_id}/crawls")
    assert response.status_code == 200, response.text
    return list(response.json()["crawls"])


def _wait_finished(service: Service, site_id: int, count: int, timeout: float = 150) -> list[Any]:
    """Until the site has ``count`` finished crawls; its crawls, oldest first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        crawls = _site_crawls(service, site_id)
        if sum(c["state"] == "finished" for c in crawls) >= count:
            return list(reversed(crawls))
        time.sleep(0.5)
    raise AssertionError(f"site {site_id} has {_site_crawls(service, site_id)}")


def test_a_schedule_starts_crawls_and_survives_a_restart(tmp_path: Path, site: str) -> None:
    data = tmp_path / "data"
    service = start_service(data, "--allow-private")
    try:
        made = service.client.post(
            "/api/sites",
            json={"name": "nightly", "start_urls": [site + "/"], "schedule": EVERY_20_S},
            headers=AUTH,
        )
        assert made.status_code == 201, made.text
        site_id = made.json()["id"]
        assert made.json()["next_run_at"]
        first = _wait_finished(service, site_id, 1)[0]
        assert first["started_by"] == "schedule" and first["compared_with"] is None
    finally:
        assert service.stop()

    restarted = start_service(data, "--allow-private")
    try:
        kept = restarted.client.get(f"/api/sites/{site_id}").json()
        assert kept["schedule"] == EVERY_20_S and kept["next_run_at"]
        crawls = _wait_finished(restarted, site_id, 2)
        second = next(c for c in crawls if c["id"] > first["id"] and c["state"] == "finished")
        assert second["started_by"] == "schedule"
        assert second["compared_with"] == first["id"]
        assert second["summary"]["comparison"]["new_findings"] == 0
        assert second["summary"]["comparison"]["urls_added"] == 0
        unscheduled = restarted.client.patch(
            f"/api/sites/{site_id}", json={"schedule": None}, headers=AUTH
        )
        assert unscheduled.json()["next_run_at"] is None
    finally:
        assert restarted.stop()


def test_a_run_due_while_the_site_still_crawls_is_skipped_and_recorded(
    service: Service, site: str
) -> None:
    slow = {"delay": 0.5, "concurrency": 1, "per_host_concurrency": 1}
    made = service.client.post(
        "/api/sites",
        json={
            "name": "busy",
            "start_urls": [site + "/"],
            "options": slow,
            "schedule": "* * * * * *",  # every second
        },
        headers=AUTH,
    )
    assert made.status_code == 201, made.text
    site_id = made.json()["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if service.client.get(f"/api/sites/{site_id}").json()["skipped_runs"] >= 3:
            break
        time.sleep(0.5)
    service.client.patch(f"/api/sites/{site_id}", json={"schedule": None}, headers=AUTH)
    after = service.client.get(f"/api/sites/{site_id}").json()
    assert after["skipped_runs"] >= 3 and after["last_skipped_at"]
    crawls = _site_crawls(service, site_id)
    assert len(crawls) == 1, crawls  # one crawl, never two at once
    now_crawling = service.client.post(f"/api/sites/{site_id}/crawls", headers=AUTH)
    assert now_crawling.status_code == 409
    assert now_crawling.json()["error"]["code"] == "site_busy"
    cancelled = service.client.post(f"/api/crawls/{crawls[0]['id']}/cancel", headers=AUTH)
    assert cancelled.status_code == 202
    service.wait_for(crawls[0]["id"], ("cancelled",))
