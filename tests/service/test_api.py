"""The service's HTTP API through a real client against a real `siteaudit serve` process."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.service.conftest import AUTH, OTHER_TOKEN, Service, start_service

OTHER_AUTH = {"Authorization": f"Bearer {OTHER_TOKEN}"}
SLOW = {"delay": 0.1, "per_host_concurrency": 1, "concurrency": 1}


def _start(service: Service, url: str, headers: dict[str, str] = AUTH, **options: object) -> int:
    response = service.client.post(
        "/api/crawls", json={"url": url, "options": options}, headers=headers
    )
    assert response.status_code == 202, response.text
    return int(response.json()["id"])


def _wait_pages(service: Service, crawl_id: int, pages: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        crawl = service.client.get(f"/api/crawls/{crawl_id}").json()
        if crawl["progress"]["pages"] >= pages:
            return
        time.sleep(0.1)
    raise AssertionError(f"crawl {crawl_id} did not reach {pages} pages")


def test_a_crawl_is_accepted_at_once_then_runs_to_findings_and_a_report(
    service: Service, site: str
) -> None:
    response = service.client.post("/api/crawls", json={"url": site + "/"}, headers=AUTH)
    assert response.status_code == 202
    body = response.json()
    # Scrapyd may start it before the answer is written: either state means accepted at once.
    assert body["state"] in ("queued", "running") and body["options"]["max_pages"] == 500
    assert response.headers["location"] == f"/api/crawls/{body['id']}"

    crawl = service.wait_for(body["id"], ("finished", "failed"))
    assert crawl["state"] == "finished", crawl
    assert crawl["progress"]["pages"] >= 41  # index + 40 pages (+ the broken one, robots...)
    assert crawl["progress"]["errors"] >= 1
    assert crawl["started_at"] and crawl["finished_at"]
    listed = service.client.get("/api/crawls").json()["crawls"]
    assert [c["id"] for c in listed if c["id"] == body["id"]]

    errors = service.client.get(f"/api/crawls/{body['id']}/findings?severity=error").json()
    assert errors["total"] > 0
    assert {f["severity"] for f in errors["findings"]} == {"error"}
    broken = service.client.get(f"/api/crawls/{body['id']}/findings?check=broken-link").json()
    assert {f["check"] for f in broken["findings"]} == {"broken-link"}
    assert any("/missing.html" in f["evidence"]["target"] for f in broken["findings"])
    everything = service.client.get(f"/api/crawls/{body['id']}/findings").json()
    assert everything["total"] > broken["total"]
    page = service.client.get(f"/api/crawls/{body['id']}/findings?limit=1&offset=1").json()
    assert page["findings"] == everything["findings"][1:2]

    report = service.client.get(f"/crawls/{body['id']}/report/")
    assert report.status_code == 200 and "text/html" in report.headers["content-type"]
    assert "broken-link" in report.text
    check_page = service.client.get(f"/crawls/{body['id']}/report/checks/broken-link.html")
    assert check_page.status_code == 200 and "missing.html" in check_page.text
    assert "default-src 'none'" in report.headers["content-security-policy"]
    escape = service.client.get(f"/crawls/{body['id']}/report/..%2Fsiteaudit.db")
    assert escape.status_code == 404 and escape.json()["error"]["code"] == "not_found"


def test_openapi_description_lists_every_endpoint_and_the_bearer_scheme(service: Service) -> None:
    spec = service.client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) >= {
        "/api/crawls",
        "/api/crawls/{crawl_id}",
        "/api/crawls/{crawl_id}/cancel",
        "/api/crawls/{crawl_id}/resume",
        "/api/crawls/{crawl_id}/findings",
    }
    assert set(spec["paths"]["/api/crawls"]) == {"get", "post"}
    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_state_changing_calls_need_a_valid_token_reads_do_not(service: Service, site: str) -> None:
    missing = service.client.post("/api/crawls", json={"url": site + "/"})
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthorized"
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = service.client.post(
        "/api/crawls", json={"url": site + "/"}, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "forbidden"
    assert service.client.post("/api/crawls/1/cancel").status_code == 401
    assert (
        service.client.post("/api/crawls/1/resume", headers={"Authorization": "x"}).status_code
        == 401
    )
    assert service.client.get("/api/crawls").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        (
            "post",
            "/api/crawls",
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            400,
            "malformed_json",
        ),
        ("post", "/api/crawls", {"json": {}}, 422, "invalid_request"),
        (
            "post",
            "/api/crawls",
            {"json": {"url": "http://x/", "options": {"cache_dir": "/"}}},
            422,
            "invalid_request",
        ),
        (
            "post",
            "/api/crawls",
            {"json": {"url": "http://x/", "options": {"max_pages": "many"}}},
            422,
            "invalid_request",
        ),
        ("post", "/api/crawls", {"json": {"url": "ftp://example.com/"}}, 422, "invalid_option"),
        (
            "post",
            "/api/crawls",
            {"json": {"url": "http://127.0.0.1/", "options": {"exclude": ["("]}}},
            422,
            "invalid_option",
        ),
        ("post", "/api/crawls", {"json": ["a", "list"]}, 422, "invalid_request"),
        ("get", "/api/crawls/abc", {}, 422, "invalid_request"),
        ("get", "/api/crawls/99999", {}, 404, "not_found"),
        ("post", "/api/crawls/99999/cancel", {}, 404, "not_found"),
        ("get", "/api/crawls/1/findings?severity=fatal", {}, 422, "invalid_request"),
        ("get", "/api/nothing-here", {}, 404, "not_found"),
        ("delete", "/api/crawls", {}, 405, "method_not_allowed"),
    ],
)
def test_malformed_requests_get_a_4xx_json_error_not_a_trace(
    service: Service, method: str, path: str, kwargs: dict, status: int, code: str
) -> None:
    headers = {**AUTH, **kwargs.pop("headers", {})}
    response = service.client.request(method, path, headers=headers, **kwargs)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert "Traceback" not in response.text


def test_limits_pages_per_crawl_and_active_crawls_per_token(service: Service, site: str) -> None:
    over = service.client.post(
        "/api/crawls", json={"url": site + "/", "options": {"max_pages": 501}}, headers=AUTH
    )
    assert over.status_code == 422 and over.json()["error"]["code"] == "limit_exceeded"

    first = _start(service, site + "/", OTHER_AUTH, **SLOW)
    second = _start(service, site + "/", OTHER_AUTH, **SLOW)
    service.wait_for(first, ("running",))
    # One crawl at a time on this service: the second waits in Scrapyd's queue.
    assert service.client.get(f"/api/crawls/{second}").json()["state"] == "queued"
    third = service.client.post("/api/crawls", json={"url": site + "/"}, headers=OTHER_AUTH)
    assert third.status_code == 429 and third.json()["error"]["code"] == "too_many_crawls"
    # The limit is per token: another token may still start one.
    assert service.client.get("/api/crawls").status_code == 200

    for crawl_id in (second, first):
        cancelled = service.client.post(f"/api/crawls/{crawl_id}/cancel", headers=OTHER_AUTH)
        assert cancelled.status_code == 202
    assert service.wait_for(second, ("cancelled",))["state"] == "cancelled"
    assert service.wait_for(first, ("cancelled",))["state"] == "cancelled"
    again = service.client.post(f"/api/crawls/{first}/cancel", headers=OTHER_AUTH)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_a_cancelled_crawl_keeps_its_pages_and_resumes_to_the_end(
    service: Service, site: str
) -> None:
    full = _start(service, site + "/")
    expected = service.wait_for(full, ("finished",))["progress"]["pages"]

    crawl_id = _start(service, site + "/", **SLOW)
    _wait_pages(service, crawl_id, 5)
    assert service.client.post(f"/api/crawls/{crawl_id}/cancel", headers=AUTH).status_code == 202
    cancelled = service.wait_for(crawl_id, ("cancelled",))
    assert 5 <= cancelled["progress"]["pages"] < expected
    findings = service.client.get(f"/api/crawls/{crawl_id}/findings")
    assert findings.status_code == 409 and findings.json()["error"]["code"] == "not_ready"

    resumed = service.client.post(f"/api/crawls/{crawl_id}/resume", headers=AUTH)
    assert resumed.status_code == 202 and resumed.json()["runs"] == 2
    done = service.wait_for(crawl_id, ("finished", "failed"))
    assert done["state"] == "finished" and done["progress"]["pages"] == expected
    twice = service.client.post(f"/api/crawls/{crawl_id}/resume", headers=AUTH)
    assert twice.status_code == 409


def test_web_ui_lists_crawls_escaped_and_starts_one_with_the_typed_token(
    service: Service, site: str
) -> None:
    refused = service.client.post(
        "/ui/crawls", data={"url": site + "/", "token": "wrong"}, follow_redirects=False
    )
    assert refused.status_code == 403 and "not valid" in refused.text
    url = site + "/?q=<b>bold</b>"
    started = service.client.post(
        "/ui/crawls",
        data={"url": url, "token": OTHER_TOKEN, "max_pages": "20"},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    page = service.client.get("/")
    assert page.status_code == 200
    assert "<b>bold</b>" not in page.text and "&lt;b&gt;bold&lt;/b&gt;" in page.text
    assert 'method="post" action="/ui/crawls"' in page.text
    newest = service.client.get("/api/crawls").json()["crawls"][0]
    assert newest["options"]["max_pages"] == 20
    service.wait_for(newest["id"], ("finished",))
    assert f'href="/crawls/{newest["id"]}/report/"' in service.client.get("/").text


@pytest.fixture(scope="module")
def strict_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """A service with the default SSRF guard (no --allow-private)."""
    svc = start_service(tmp_path_factory.mktemp("strict") / "data")
    yield svc
    svc.stop()


@pytest.mark.parametrize(
    "request_body",
    [
        {"url": "http://127.0.0.1:8000/"},
        {"url": "http://localhost/"},
        {"url": "http://[::1]/"},
        {"url": "http://169.254.169.254/latest/meta-data/"},
        {"url": "http://10.1.2.3/"},
        {"url": "http://[::ffff:192.168.0.1]/"},
        {"url": "http://0.0.0.0/"},
    ],
)
def test_targets_on_private_loopback_or_link_local_addresses_are_refused(
    strict_service: Service, request_body: dict
) -> None:
    response = strict_service.client.post("/api/crawls", json=request_body, headers=AUTH)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "target_refused"
    assert strict_service.client.get("/api/crawls").json()["crawls"] == []


def test_a_second_service_on_the_same_data_folder_is_refused(
    service: Service, tmp_path: Path
) -> None:
    with pytest.raises(AssertionError, match="another siteaudit service"):
        start_service(service.data, "--allow-private")
