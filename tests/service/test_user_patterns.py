"""Users' include/exclude patterns through the service: RE2 only, refused with 4xx JSON."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from siteaudit.core.user_regex import MAX_PATTERN_CHARS
from tests.helpers import html, stored_pages, write_site
from tests.service.conftest import AUTH, Service
from tests.site_server import serve_site

CATASTROPHIC = r"^(([a-z0-9:/.-])+)+$"
# A link whose URL almost matches CATASTROPHIC: hours of backtracking on Python's re.
TRAP_PATH = "/" + "a" * 60 + "!"


@pytest.fixture(scope="module")
def trap_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = write_site(
        tmp_path_factory.mktemp("trap"),
        {
            "index.html": html("Home", f'<a href="{TRAP_PATH}">trap</a> <a href="/ok">ok</a>'),
            "ok": html("OK", "<p>fine</p>"),
        },
    )
    with serve_site(root) as base:
        yield base


@pytest.mark.parametrize(
    ("option", "pattern", "reason"),
    [
        ("include", r"(a)\1", "backreferences are not supported"),
        ("exclude", r"/x(?!y)", "lookahead and lookbehind are not supported"),
        ("exclude", r"(?<=/docs)/x", "lookahead and lookbehind are not supported"),
        ("include", "(" * 5000 + "a" + ")" * 5000, f"over the limit of {MAX_PATTERN_CHARS}"),
        ("exclude", ".{1000}" * 3, "over the limit"),
        ("include", "(", "missing )"),
    ],
)
def test_patterns_re2_cannot_run_or_too_large_get_422_json(
    service: Service, site: str, option: str, pattern: str, reason: str
) -> None:
    response = service.client.post(
        "/api/crawls", json={"url": site + "/", "options": {option: [pattern]}}, headers=AUTH
    )
    assert response.status_code == 422, response.text[:300]
    error = response.json()["error"]
    assert error["code"] == "invalid_option"
    assert reason in error["message"] and "bad regular expression" in error["message"]
    assert len(error["message"]) < 300  # a 10,000-character pattern is not echoed whole


def test_a_catastrophic_include_pattern_does_not_stall_the_crawl(
    service: Service, trap_site: str
) -> None:
    response = service.client.post(
        "/api/crawls",
        json={"url": trap_site + "/", "options": {"include": [CATASTROPHIC]}},
        headers=AUTH,
    )
    assert response.status_code == 202, response.text
    crawl = service.wait_for(response.json()["id"], ("finished", "failed"), timeout=90)
    assert crawl["state"] == "finished", crawl
    job_output = service.data / "crawls" / str(crawl["id"])
    urls = set(stored_pages(job_output))
    assert trap_site + "/ok" in urls
    assert trap_site + TRAP_PATH not in urls  # matched against the pattern, and excluded
