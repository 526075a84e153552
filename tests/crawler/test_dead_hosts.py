"""The dead-host circuit breaker: a host that cannot be reached costs 2 attempts, not one per URL.

Hosts are simulated on loopback: ``dead-host.invalid`` is a name tests/resolver_hook.py
refuses to resolve (a DNS failure, no packet sent), a ``127-0-0-x.ip.test`` name with a port
that was bound and released refuses connections, and a socket that listens but never answers
stands for a silent host. The hook runs `siteaudit check` with Scrapy's DNS cache off, so
each connection attempt is one lookup, counted per name from its log.
"""

from __future__ import annotations

import json
import socket
import subprocess
from collections import Counter
from pathlib import Path

from siteaudit.crawler.dead_hosts import FAILURES_TO_GIVE_UP, HostHealth, host_key

from tests.fault_server import serve_faults
from tests.helpers import html, stored_pages, write_site
from tests.resolver_hook import run_hooked
from tests.site_server import serve_site

LINKS_PER_HOST = 150


def _hooked(*args: str, log: Path) -> subprocess.CompletedProcess[str]:
    return run_hooked(*args, log=log)


def _released_port(address: str) -> int:
    """A port on ``address`` that was listening and is closed now: connections are refused."""
    with socket.socket() as sock:
        sock.bind((address, 0))
        sock.listen()
        return int(sock.getsockname()[1])


def _links(prefix: str, count: int) -> str:
    return "".join(f'<a href="{prefix}/p{i}">{i}</a>\n' for i in range(count))


def _lookups(log: Path) -> Counter[str]:
    return Counter(log.read_text().split()) if log.exists() else Counter()


def test_the_rule_two_consecutive_connection_failures_and_an_answer_resets() -> None:
    health = HostHealth()
    assert not health.failed("a.test", "timeout")
    health.answered("a.test")
    assert not health.failed("a.test", "connection refused")  # the count started again
    assert health.failed("a.test", "connection refused")
    assert health.dead_hosts() == {"a.test": "connection refused"}
    assert FAILURES_TO_GIVE_UP == 2
    assert host_key("https://User:pw@Docs.Example.com:8443/x?y") == "docs.example.com:8443"


def test_dead_hosts_cost_two_attempts_each_and_the_run_takes_seconds(tmp_path: Path) -> None:
    refused = f"http://127-0-0-3.ip.test:{_released_port('127.0.0.3')}"
    with serve_faults() as (live, hits):
        body = _links("http://dead-host.invalid", LINKS_PER_HOST) + _links(refused, LINKS_PER_HOST)
        body += f'<a href="{live}/ok">live ok</a> <a href="{live}/404">live 404</a>\n'
        site = write_site(tmp_path / "site", {"index.html": html("Dead hosts", body)})
        log = tmp_path / "lookups.log"
        done = _hooked("check", str(site), "--format", "json", "--no-cache", log=log)
    assert done.returncode == 1, done.stderr
    lookups = _lookups(log)
    assert lookups["dead-host.invalid"] == FAILURES_TO_GIVE_UP
    assert lookups["127-0-0-3.ip.test"] == FAILURES_TO_GIVE_UP
    # Without the breaker: 2 lookups per DNS URL, 6 connections per refused URL (HEAD and
    # GET, each with 2 retries and backoff): 1,200 attempts, ~35 s of checking on an idle
    # machine; with it ~3 s. The bound leaves room for a loaded CI machine.
    result = json.loads(done.stdout)
    assert result["summary"]["elapsed_s"] < 30, result["summary"]
    problems = result["problems"]
    causes = Counter(p["status"] for p in problems)
    # The URLs actually tried (1 or 2 per host) report their own cause, the rest why not.
    for cause in ("dns", "connection refused"):
        assert causes[cause] + causes[f"host unreachable: {cause}"] == LINKS_PER_HOST
        assert causes[f"host unreachable: {cause}"] >= LINKS_PER_HOST - FAILURES_TO_GIVE_UP
    # A live host is checked as before, even when it answers with an error.
    assert hits[("HEAD", "/ok")] == 1
    assert {p["target"] for p in problems if p["status"] == "404"} == {f"{live}/404"}


def test_a_silent_host_waits_one_timeout_and_one_short_one_not_one_per_url(
    tmp_path: Path,
) -> None:
    # Listening, never accepting: connections complete, requests get no answer.
    with socket.socket() as silent:
        silent.bind(("127.0.0.4", 0))
        silent.listen(64)
        prefix = f"http://127-0-0-4.ip.test:{silent.getsockname()[1]}"
        site = write_site(
            tmp_path / "site", {"index.html": html("Silent", _links(prefix, LINKS_PER_HOST))}
        )
        log = tmp_path / "lookups.log"
        done = _hooked(
            "check", str(site), "--format", "json", "--no-cache", "--timeout", "3", log=log
        )
    assert done.returncode == 1, done.stderr
    assert _lookups(log)["127-0-0-4.ip.test"] == FAILURES_TO_GIVE_UP
    # Without the breaker: 150 URLs x 6 attempts x 3 s over 4 parallel requests: ~11
    # minutes. With it: one timeout of 3 s and one more of 3 s.
    result = json.loads(done.stdout)
    assert result["summary"]["elapsed_s"] < 40, result["summary"]
    causes = Counter(p["status"] for p in result["problems"])
    assert causes["timeout"] + causes["host unreachable: timeout"] == LINKS_PER_HOST
    assert causes["host unreachable: timeout"] >= LINKS_PER_HOST - FAILURES_TO_GIVE_UP


def test_a_slow_url_on_a_host_that_answers_does_not_bring_the_host_down(
    tmp_path: Path,
) -> None:
    with serve_faults() as (live, hits):
        body = f'<a href="{live}/slow">slow</a>\n' + _links(live, 30)
        site = write_site(tmp_path / "site", {"index.html": html("Slow", body)})
        done = _hooked(
            "check",
            str(site),
            "--format",
            "json",
            "--no-cache",
            "--timeout",
            "1",
            log=tmp_path / "lookups.log",
        )
    assert done.returncode == 1, done.stderr
    causes = Counter(p["status"] for p in json.loads(done.stdout)["problems"])
    assert causes == {"timeout": 1, "404": 30}
    assert sum(n for (method, path), n in hits.items() if path != "/slow") >= 30


def test_crawl_gives_up_on_dead_hosts_of_its_external_links_too(tmp_path: Path) -> None:
    page = html("Crawl", _links("http://dead-host.invalid", 40))
    site = write_site(tmp_path / "site", {"index.html": page})
    config = tmp_path / "siteaudit.toml"
    config.write_text("[crawl]\ncheck_external = true\n")
    log = tmp_path / "lookups.log"
    with serve_site(site) as base:
        done = _hooked(
            "crawl",
            f"{base}/index.html",
            "--config",
            str(config),
            "-o",
            str(tmp_path / "out"),
            log=log,
        )
    assert done.returncode == 0, done.stderr
    assert _lookups(log)["dead-host.invalid"] == FAILURES_TO_GIVE_UP
    errors = Counter(p.error for p in stored_pages(tmp_path / "out").values())
    assert errors["dns"] + errors["host unreachable: dns"] == 40
    assert errors["host unreachable: dns"] >= 40 - FAILURES_TO_GIVE_UP
