"""Hostile input to the service: oversized bodies and out-of-range ids or paths get 4xx JSON."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.service.conftest import AUTH, Service

BIG = 3 * 1024 * 1024  # far over the 64 KiB limit, small enough to keep the test fast


def _assert_json_error(response: httpx.Response, statuses: tuple[int, ...]) -> None:
    assert response.status_code in statuses, (response.status_code, response.text[:200])
    error = response.json()["error"]
    assert error["code"] and error["message"]


@pytest.mark.parametrize("headers", [{}, AUTH], ids=["no-token", "token"])
def test_a_body_over_the_limit_is_refused_with_413_before_authentication(
    service: Service, headers: dict[str, str]
) -> None:
    sized = service.client.post(
        "/api/crawls",
        content=b" " * BIG,
        headers={**headers, "Content-Type": "application/json"},
    )
    _assert_json_error(sized, (413,))
    assert sized.json()["error"]["code"] == "body_too_large"


def test_a_chunked_body_is_counted_while_read_and_refused_past_the_limit(
    service: Service,
) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(BIG // 65_536):
            yield b" " * 65_536

    for path in ("/api/crawls", "/ui/crawls"):
        response = service.client.post(
            path, content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
        )
        assert "content-length" not in response.request.headers  # really chunked
        _assert_json_error(response, (413,))


def test_a_normal_request_body_still_works(service: Service, site: str) -> None:
    response = service.client.post("/api/crawls", json={"url": site + "/"}, headers=AUTH)
    assert response.status_code == 202, response.text
    assert service.wait_for(response.json()["id"], ("finished", "failed"))["state"] == "finished"


@pytest.mark.parametrize("crawl_id", [2**63, 2**64 + 5, 10**40, -1, -(2**63) - 1, 0])
@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("GET", "/api/crawls/{}"),
        ("GET", "/api/crawls/{}/findings"),
        ("POST", "/api/crawls/{}/cancel"),
        ("POST", "/api/crawls/{}/resume"),
        ("GET", "/crawls/{}/report/"),
    ],
)
def test_crawl_ids_out_of_range_are_404_or_422_not_500(
    service: Service, crawl_id: int, method: str, template: str
) -> None:
    response = service.client.request(method, template.format(crawl_id), headers=AUTH)
    _assert_json_error(response, (404, 422))


@pytest.fixture(scope="module")
def crawl_id(service: Service, site: str) -> int:
    response = service.client.post(
        "/api/crawls", json={"url": site + "/", "options": {"max_pages": 5}}, headers=AUTH
    )
    assert response.status_code == 202, response.text
    return int(response.json()["id"])


@pytest.mark.parametrize(
    "path",
    ["index%00.html", "%00", "a/%00/b", "x" * 5000, "/".join(["y" * 250] * 20), "a" * 300],
    ids=["nul-in-name", "nul", "nul-in-folder", "5000-chars", "deep-5000", "long-name"],
)
def test_report_paths_with_nul_or_over_long_are_404_not_500(
    service: Service, crawl_id: int, path: str
) -> None:
    response = service.client.get(f"/crawls/{crawl_id}/report/{path}")
    _assert_json_error(response, (404, 422))
