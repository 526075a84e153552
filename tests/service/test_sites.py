"""Sites through a real client against `siteaudit serve` on Scrapyd: history, comparison by
default, trend, webhook, retention."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.helpers import html, write_site
from tests.service.conftest import AUTH, OTHER_TOKEN, Service, chain_site, start_service
from tests.service.receivers import Receiver, webhook_receiver
from tests.site_server import serve_site

OTHER_AUTH = {"Authorization": f"Bearer {OTHER_TOKEN}"}
# Many fetches at once, so pages arrive in a different order each crawl; a calendar trap
# whose months race in both directions, so each crawl samples different months of it.
RACY = {"concurrency": 8, "per_host_concurrency": 8, "max_query_variants": 4}


@pytest.fixture(scope="module")
def trap_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The chain site plus a calendar spider trap and two near-duplicate pages."""
    root = chain_site(tmp_path_factory.mktemp("trap-site"), n=30)
    text = "<p>" + " ".join(f"Shipping rule number {i} applies to parcels." for i in range(40))
    files = {
        "index.html": html(
            "Home",
            '<a href="/p0.html">start</a> <a href="/missing.html">gone</a> '
            '<a href="/copy.html">copy</a> <a href="/cal?month=2026-06">events</a> '
            '<a href="/guide-a.html">a</a> <a href="/p3.html">deep</a>',
        ),
        "guide-a.html": html("Guide A", text + " First edition.</p><a href='/guide-b.html'>b</a>"),
        "guide-b.html": html("Guide B", text + " Second edition.</p>"),
    }
    write_site(root, files, {"calendar_traps": ["/cal"]})
    with serve_site(root) as base:
        yield base


def _site(service: Service, name: str, url: str, **fields: Any) -> dict[str, Any]:
    body = {"name": name, "start_urls": [url], "options": {**RACY}, **fields}
    response = service.client.post("/api/sites", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/api/sites/{response.json()['id']}"
    return dict(response.json())


def _crawl(service: Service, site_id: int) -> dict[str, Any]:
    response = service.client.post(f"/api/sites/{site_id}/crawls", headers=AUTH)
    assert response.status_code == 202, response.text
    crawl = service.wait_for(response.json()["id"], ("finished", "failed"), timeout=120)
    assert crawl["state"] == "finished", crawl
    return dict(crawl)


def test_an_unchanged_site_crawled_twice_compares_empty_and_keeps_a_history(
    service: Service, trap_site: str
) -> None:
    site = _site(service, "trap site", trap_site + "/")
    first = _crawl(service, site["id"])
    assert first["site_id"] == site["id"] and first["compared_with"] is None
    assert first["summary"]["findings"]["error"] >= 1 and 0 <= first["summary"]["health"] <= 100
    assert first["summary"]["failed_urls"] >= 1
    second = _crawl(service, site["id"])

    assert second["compared_with"] == first["id"]
    summary = second["summary"]["comparison"]
    assert summary == {
        "previous": first["id"],
        "new_findings": 0,
        "new_errors": 0,
        "fixed_findings": 0,
        "changed_findings": 0,
        "urls_added": 0,
        "urls_removed": 0,
        "urls_changed": 0,
    }
    full = service.client.get(f"/api/crawls/{second['id']}/comparison").json()
    assert full["old_crawl"] == first["id"] and full["new_crawl"] == second["id"]
    assert full["new_findings"] == full["fixed_findings"] == full["changed_findings"] == []
    assert full["pages_added"] == full["pages_removed"] == [] and full["changes"] == []
    assert len(full["persisting_findings"]) == sum(second["summary"]["findings"].values())
    # The report says the same, naming the service's crawls.
    report = service.client.get(f"/crawls/{second['id']}/report/").text
    assert f"#{first['id']} → #{second['id']}" in report

    history = service.client.get(f"/api/sites/{site['id']}/crawls").json()["crawls"]
    assert [c["id"] for c in history] == [second["id"], first["id"]]
    trend = service.client.get(f"/api/sites/{site['id']}").json()["trend"]
    assert [p["crawl"] for p in trend] == [first["id"], second["id"]]
    assert trend[0]["errors"] == first["summary"]["findings"]["error"]
    assert trend[1]["health"] == second["summary"]["health"]

    page = BeautifulSoup(service.client.get(f"/sites/{site['id']}").text, "html.parser")
    chart = page.select_one("svg.trend")
    assert chart is not None and len(chart.select("rect.bar")) == 2
    assert len(chart.select("circle.dot")) == 2 and chart.select_one("polyline.line")
    rows = page.select("tr[data-crawl]")
    assert [r["data-crawl"] for r in rows] == [str(second["id"]), str(first["id"])]
    errors_cell = rows[0].select_one('[data-field="errors"]')
    assert errors_cell is not None
    assert errors_cell.text == str(second["summary"]["findings"]["error"])


def test_sites_are_created_edited_and_deleted_under_the_api_rules(
    service: Service, site: str
) -> None:
    made = _site(service, "docs", site + "/", schedule="0 3 * * mon", keep_crawls=3)
    assert made["schedule"] == "0 3 * * mon" and made["next_run_at"]
    taken = service.client.post(
        "/api/sites", json={"name": "docs", "start_urls": [site + "/"]}, headers=AUTH
    )
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "name_taken"
    for body, code in (
        ({"name": "x", "start_urls": [site + "/"], "schedule": "every day"}, "invalid_schedule"),
        ({"name": "x", "start_urls": ["ftp://example.com/"]}, "invalid_option"),
        ({"name": "x", "start_urls": [site + "/"], "glossary": "term = 3"}, "invalid_glossary"),
        (
            {"name": "x", "start_urls": [site + "/"], "options": {"max_pages": 501}},
            "limit_exceeded",
        ),
        ({"name": "x", "start_urls": []}, "invalid_request"),
    ):
        refused = service.client.post("/api/sites", json=body, headers=AUTH)
        assert refused.status_code == 422 and refused.json()["error"]["code"] == code, body

    edited = service.client.patch(
        f"/api/sites/{made['id']}", json={"schedule": None, "keep_days": 30}, headers=AUTH
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["schedule"] is None and edited.json()["next_run_at"] is None
    assert edited.json()["keep_days"] == 30 and edited.json()["keep_crawls"] == 3
    foreign = service.client.patch(
        f"/api/sites/{made['id']}", json={"keep_days": 1}, headers=OTHER_AUTH
    )
    assert foreign.status_code == 403 and foreign.json()["error"]["code"] == "not_owner"
    assert service.client.delete(f"/api/sites/{made['id']}").status_code == 401
    assert service.client.delete(f"/api/sites/{made['id']}", headers=AUTH).status_code == 204
    assert service.client.get(f"/api/sites/{made['id']}").status_code == 404
    names = [s["name"] for s in service.client.get("/api/sites").json()["sites"]]
    assert "docs" not in names


def test_the_webhook_gets_one_call_per_crawl_and_retention_deletes_old_folders(
    service: Service, site: str
) -> None:
    with webhook_receiver() as receiver:
        receiver.fail_first = 1  # the first delivery is retried after its back-off
        made = _site(service, "hooked", site + "/", webhook_url=receiver.url, keep_crawls=1)
        crawls = [_crawl(service, made["id"]) for _ in range(3)]
        calls = receiver.wait_for_calls(3)
        _assert_payloads(calls, crawls, made, receiver)

    folders = {c["id"]: service.data / "crawls" / str(c["id"]) for c in crawls}
    assert not folders[crawls[0]["id"]].exists() and not folders[crawls[1]["id"]].exists()
    assert (folders[crawls[2]["id"]] / "report" / "index.html").is_file()
    old = service.client.get(f"/api/crawls/{crawls[0]['id']}").json()
    assert old["pruned_at"] and old["summary"]["health"] == crawls[0]["summary"]["health"]
    assert service.client.get(f"/crawls/{crawls[0]['id']}/report/").status_code == 404
    # The trend keeps every crawl's figures.
    trend = service.client.get(f"/api/sites/{made['id']}").json()["trend"]
    assert [p["crawl"] for p in trend] == [c["id"] for c in crawls]
    newest = service.client.get(f"/api/crawls/{crawls[2]['id']}").json()
    assert newest["summary"]["webhook"]["status"] == "delivered"


def _assert_payloads(
    calls: list[dict[str, Any]], crawls: list[dict[str, Any]], site: dict[str, Any], r: Receiver
) -> None:
    assert r.attempts == 4  # one retried call, two first-time ones
    assert sorted(c["crawl"] for c in calls) == [c["id"] for c in crawls]
    for call in calls:
        crawl = next(c for c in crawls if c["id"] == call["crawl"])
        assert call["site"] == {"id": site["id"], "name": "hooked"}
        assert call["health"] == crawl["summary"]["health"]
        assert call["errors"] == crawl["summary"]["findings"]["error"]
        assert call["new_errors"] == (crawl["summary"].get("comparison") or {}).get("new_errors", 0)
        assert call["report"].endswith(f"/crawls/{crawl['id']}/report/")
        assert call["report"].startswith("http://127.0.0.1:")


def test_a_webhook_to_an_address_the_guard_refuses_is_not_accepted(tmp_path: Path) -> None:

    strict = start_service(tmp_path / "data")
    try:
        response = strict.client.post(
            "/api/sites",
            json={
                "name": "x",
                "start_urls": ["http://93.184.216.34/"],
                "webhook_url": "http://127.0.0.1:9/hook",
            },
            headers=AUTH,
        )
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == "target_refused"
        assert "webhook_url" in response.json()["error"]["message"]
    finally:
        strict.stop()
