"""The service's web UI in a real headless Chromium (Debian's, driven by Playwright): progress
updates without a reload, cancel works from the page, a site's trend chart draws."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import launch_chromium
from tests.service.conftest import AUTH, TOKEN, Service

# Screenshots for people to look at; a temporary folder unless SITEAUDIT_SHOTS names one.
SHOTS_ENV = "SITEAUDIT_SHOTS"
SLOW = {"delay": 0.3, "concurrency": 1, "per_host_concurrency": 1}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(browser: Any, service: Service, path: str) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(str(service.client.base_url) + path)
    return page, problems


def _cell(page: Any, crawl_id: int, field: str) -> str:
    return str(page.locator(f'tr[data-crawl="{crawl_id}"] [data-field="{field}"]').inner_text())


def test_progress_updates_without_reload_and_cancel_works_from_the_page(
    browser: Any, service: Service, site: str, shots: Path
) -> None:
    started = service.client.post(
        "/api/crawls", json={"url": site + "/", "options": SLOW}, headers=AUTH
    )
    assert started.status_code == 202, started.text
    crawl_id = started.json()["id"]
    service.wait_for(crawl_id, ("running",))
    deadline = time.monotonic() + 120  # a crawl process starts slowly on a busy machine
    while service.client.get(f"/api/crawls/{crawl_id}").json()["progress"]["pages"] < 1:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    page, problems = _open(browser, service, "/")
    page.evaluate("window.__notReloaded = true")
    first = int(_cell(page, crawl_id, "pages") or 0)
    page.wait_for_function(
        f"""() => Number(document.querySelector('tr[data-crawl="{crawl_id}"] '
        + '[data-field="pages"]').textContent) >= {first + 3}""",
        timeout=90_000,
    )
    assert page.evaluate("window.__notReloaded") is True  # the same page, updated in place
    assert _cell(page, crawl_id, "stage") == "crawling"
    page.screenshot(path=str(shots / "crawls-live.png"), full_page=True)

    row = page.locator(f'tr[data-crawl="{crawl_id}"]')
    cancel = row.locator('form[data-action="cancel"]')
    assert cancel.is_visible() and not row.locator('form[data-action="resume"]').is_visible()
    cancel.locator("input[name=token]").fill(TOKEN)
    cancel.locator("button").click()
    page.wait_for_load_state()
    page.wait_for_function(
        f"""() => document.querySelector('tr[data-crawl="{crawl_id}"] [data-field="state"]')
        .textContent.startsWith('cancelled')""",
        timeout=60_000,
    )
    assert service.client.get(f"/api/crawls/{crawl_id}").json()["state"] == "cancelled"
    assert row.locator('form[data-action="resume"]').is_visible()
    assert not row.locator('form[data-action="cancel"]').is_visible()
    page.screenshot(path=str(shots / "crawls-cancelled.png"), full_page=True)
    assert problems == []  # no script error, nothing the page's CSP blocked

    # A wrong token is refused with the API's message, on the page.
    resume = row.locator('form[data-action="resume"]')
    resume.locator("input[name=token]").fill("not-a-token")
    resume.locator("button").click()
    page.wait_for_load_state()
    assert "the API token is not valid" in page.locator("[role=alert]").inner_text()
    page.close()


def test_a_sites_page_draws_its_trend_and_reads_without_script(
    browser: Any, service: Service, site: str, shots: Path
) -> None:
    made = service.client.post(
        "/api/sites",
        json={"name": "help centre", "start_urls": [site + "/"], "schedule": "0 3 * * mon"},
        headers=AUTH,
    )
    assert made.status_code == 201, made.text
    site_id = made.json()["id"]
    for _ in range(2):
        crawl = service.client.post(f"/api/sites/{site_id}/crawls", headers=AUTH).json()
        assert service.wait_for(crawl["id"], ("finished",), timeout=120)["state"] == "finished"
    page, problems = _open(browser, service, f"/sites/{site_id}")
    assert page.locator("svg.trend rect.bar").count() == 2
    assert page.locator("svg.trend polyline.line").count() == 1
    assert "vs #" in page.locator('tr[data-crawl] [data-field="changes"]').first.inner_text()
    page.screenshot(path=str(shots / "site.png"), full_page=True)
    sites_page, more = _open(browser, service, "/sites")
    assert "help centre" in sites_page.locator("table").first.inner_text()
    sites_page.screenshot(path=str(shots / "sites.png"), full_page=True)
    assert problems == [] and more == []

    # Without JavaScript the page says the same.
    context = browser.new_context(java_script_enabled=False)
    static = context.new_page()
    static.goto(str(service.client.base_url) + f"/sites/{site_id}")
    time.sleep(0.5)
    assert static.locator("svg.trend rect.bar").count() == 2
    assert static.locator("tr[data-crawl]").count() == 2
    context.close()
    page.close()
    sites_page.close()
