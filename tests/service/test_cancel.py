"""Cancel ends the crawl process within seconds, even while it waits out a long delay."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import stored_pages
from tests.service.conftest import AUTH, Service

# Scrapy waits 0.5-1.5 x delay between two requests to a host: 30-90 s here. Without
# robots.txt and sitemaps the start page is the first request, fetched at once.
SLOW = {"delay": 60, "obey_robots": False, "use_sitemaps": False}
STOPPED_WITHIN_S = 15


def crawl_processes(crawl_id: int) -> list[int]:
    """The pids of the Scrapy processes running any run of this crawl."""
    marker = f"crawl-{crawl_id}-run-".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if b"scrapyd.runner" in cmdline and marker in cmdline:
                found.append(int(proc.name))
    return found


def wait_for_the_delay(service: Service, crawl_id: int, run: int = 1) -> None:
    """Until the crawl runs and has fetched its start page (its next requests wait 30-90 s)."""
    service.wait_for(crawl_id, ("running",))
    output = service.data / "crawls" / str(crawl_id)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        log = next(service.data.glob(f"scrapyd/logs/*/*/crawl-{crawl_id}-run-{run}.log"), None)
        if log is not None and "Spider opened" in log.read_text(errors="replace"):
            time.sleep(3)  # the start page is fetched at once, then the delay starts
            return
        time.sleep(0.2)
    raise AssertionError(f"crawl {crawl_id} did not start: {list(output.iterdir())}")


def cancel_and_time(service: Service, crawl_id: int) -> tuple[Any, float]:
    started = time.monotonic()
    response = service.client.post(f"/api/crawls/{crawl_id}/cancel", headers=AUTH)
    assert response.status_code == 202, response.text
    crawl = service.wait_for(crawl_id, ("cancelled", "failed", "finished"), timeout=60)
    return crawl, time.monotonic() - started


def test_cancel_ends_a_crawl_waiting_out_a_60_s_delay_within_seconds(
    service: Service, site: str
) -> None:
    response = service.client.post(
        "/api/crawls", json={"url": site + "/", "options": SLOW}, headers=AUTH
    )
    assert response.status_code == 202, response.text
    crawl_id = response.json()["id"]
    wait_for_the_delay(service, crawl_id)
    assert crawl_processes(crawl_id)

    crawl, elapsed = cancel_and_time(service, crawl_id)

    assert crawl["state"] == "cancelled", crawl
    assert elapsed < STOPPED_WITHIN_S, elapsed
    assert crawl_processes(crawl_id) == []
    # What it crawled stays readable, in the store and in the API; nothing was fetched
    # after the cancel (the requests waiting for the delay were not recorded as failures).
    assert crawl["progress"]["pages"] >= 1 and crawl["progress"]["errors"] == 0
    pages = stored_pages(service.data / "crawls" / str(crawl_id))
    assert site + "/" in pages and pages[site + "/"].status == 200

    # A resumed crawl is cancelled as promptly; a second cancel does not wait for the grace.
    resumed = service.client.post(f"/api/crawls/{crawl_id}/resume", headers=AUTH)
    assert resumed.status_code == 202, resumed.text
    wait_for_the_delay(service, crawl_id, run=2)
    started = time.monotonic()
    assert service.client.post(f"/api/crawls/{crawl_id}/cancel", headers=AUTH).status_code == 202
    again = service.client.post(f"/api/crawls/{crawl_id}/cancel", headers=AUTH)
    assert again.status_code in (202, 409), again.text  # 409: it had already stopped
    crawl = service.wait_for(crawl_id, ("cancelled", "failed", "finished"), timeout=60)
    assert crawl["state"] == "cancelled" and crawl["runs"] == 2, crawl
    assert time.monotonic() - started < STOPPED_WITHIN_S
    assert crawl_processes(crawl_id) == []
    assert site + "/" in stored_pages(service.data / "crawls" / str(crawl_id))


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A loopback server that accepts connections and never answers (a download that hangs)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    listener.close()


def test_cancel_escalates_when_a_download_in_flight_would_hold_the_crawl(
    service: Service, silent_server: str
) -> None:
    # The start page never answers: a graceful close would wait for its 120 s timeout.
    options = {"timeout": 120, "obey_robots": False, "use_sitemaps": False}
    response = service.client.post(
        "/api/crawls", json={"url": silent_server + "/", "options": options}, headers=AUTH
    )
    assert response.status_code == 202, response.text
    crawl_id = response.json()["id"]
    wait_for_the_delay(service, crawl_id)

    crawl, elapsed = cancel_and_time(service, crawl_id)

    assert crawl["state"] == "cancelled", crawl
    assert elapsed < STOPPED_WITHIN_S, elapsed
    assert crawl_processes(crawl_id) == []
    assert stored_pages(service.data / "crawls" / str(crawl_id)) == {}  # readable, and empty
