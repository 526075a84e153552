"""Start `siteaudit serve` as a real process on a loopback port, and a small site to crawl."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import REPO, free_port, html, write_site
from tests.site_server import serve_site

TOKEN = "test-token-a"
OTHER_TOKEN = "test-token-b"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ACTIVE = ("queued", "running", "analysing")


def _serve_command() -> list[str]:
    from siteaudit import cli

    if "serve" in getattr(cli.main, "commands", {}):
        return [sys.executable, "-m", "siteaudit", "serve"]
    return [sys.executable, "-m", "siteaudit.cli.serve"]  # until the command is registered


@dataclass
class Service:
    """One running `siteaudit serve` and an HTTP client for it."""

    proc: subprocess.Popen[bytes]
    data: Path
    client: httpx.Client
    log: Path

    def stop(self, timeout: float = 60) -> bool:
        """SIGTERM, as a service manager restarting it would; whether it shut down cleanly."""
        self.client.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
                raise AssertionError("the service did not stop on SIGTERM") from None
        # uvicorn re-raises the signal once its shutdown is done, hence -SIGTERM.
        clean = self.proc.returncode in (0, -signal.SIGTERM)
        return clean and "service stopped" in self.log.read_text(errors="replace")

    def wait_for(self, crawl_id: int, states: tuple[str, ...], timeout: float = 60) -> Any:
        """Poll the crawl until it reaches one of ``states``; return its JSON."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            crawl = self.client.get(f"/api/crawls/{crawl_id}").json()
            if crawl["state"] in states:
                return crawl
            time.sleep(0.2)
        raise AssertionError(f"crawl {crawl_id} stuck in {crawl['state']}: {crawl}")


def start_service(data: Path, *flags: str) -> Service:
    """Start `siteaudit serve` on a free loopback port and wait until it answers."""
    port = free_port()
    log = data.parent / f"{data.name}-{port}.log"
    env = dict(os.environ, PYTHONPATH=str(REPO), SITEAUDIT_API_TOKEN=f"{TOKEN},{OTHER_TOKEN}")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*_serve_command(), "--port", str(port), "--data", str(data), *flags],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited: {log.read_text(errors='replace')}")
        try:
            if client.get("/api/crawls").status_code == 200:
                return Service(proc, data, client, log)
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise AssertionError("serve did not answer within 60 s")


def chain_site(root: Path, n: int = 40) -> Path:
    """A site of ``n`` pages in a chain (so a slow crawl is slow), a broken link, a duplicate."""
    files = {
        f"p{i}.html": html(
            f"Page {i}",
            "".join(f'<a href="/p{j}.html">page {j}</a>' for j in range(i + 1, min(i + 3, n))),
        )
        for i in range(n)
    }
    files["index.html"] = html(
        "Home",
        '<a href="/p0.html">start</a> <a href="/missing.html">gone</a> '
        '<a href="/copy.html">copy</a>',
    )
    files["copy.html"] = html("Home", "<p>The same title as the home page.</p>")
    return write_site(root, files)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a small site served on loopback."""
    root = chain_site(tmp_path_factory.mktemp("site"))
    with serve_site(root) as base:
        yield base


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """One service for a module's tests: one crawl at once, two per token, 500 pages."""
    data = tmp_path_factory.mktemp("svc") / "data"
    svc = start_service(
        data,
        "--allow-private",
        "--max-running",
        "1",
        "--max-crawls-per-token",
        "2",
        "--max-pages-per-crawl",
        "500",
    )
    yield svc
    svc.stop()
