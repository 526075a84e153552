"""`siteaudit crawl` checks every link and asset of the pages it crawls, unless told not to.

Other hosts are simulated on loopback: ``127-0-0-1.ip.test`` is the fault server under a name
of its own (tests/resolver_hook.py maps it to 127.0.0.1, so it is another host than the
site's 127.0.0.1), ``dead-host.invalid`` fails to resolve without a packet sent.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from tests.fault_server import serve_faults
from tests.helpers import html, run_siteaudit, write_site
from tests.site_server import serve_site

BROKEN_EXTERNAL = ("/404", "/410", "/500")


def _site(root: Path, external: str) -> Path:
    links = "".join(f'<a href="{external}{path}">broken {path}</a> ' for path in BROKEN_EXTERNAL)
    links += f'<a href="{external}/ok">fine</a> <a href="{external}/moved">moved</a> '
    links += f'<a href="{external}/retry429">busy</a> '
    links += '<a href="http://dead-host.invalid/a">dead a</a> '
    links += '<a href="http://dead-host.invalid/b">dead b</a> '
    links += '<img src="/img/here.png" alt="here"> <img src="/img/missing.png" alt="missing"> '
    links += '<img src="/img/here.png" srcset="/img/here.png 1x, /img/missing-2x.png 2x" alt="x">'
    head = '<link rel="stylesheet" href="/css/missing.css"><script src="/js/missing.js"></script>'
    return write_site(
        root,
        {
            "index.html": html("Home", links + '<a href="/about.html">About</a>', head),
            "about.html": html("About", '<a href="/">Home</a>'),
            "img/here.png": b"\x89PNG\r\n\x1a\n",
        },
    )


def _findings(output: Path) -> list[dict[str, object]]:
    document = json.loads((output / "findings.json").read_text(encoding="utf-8"))
    return list(document["findings"])


def _targets(findings: list[dict[str, object]], check: str) -> set[str]:
    return {
        urlsplit(str(f["evidence"]["target"])).path  # type: ignore[index]
        for f in findings
        if f["check"] == check
    }


def test_crawl_reports_broken_external_links_and_missing_assets_by_default(
    tmp_path: Path,
) -> None:
    with serve_faults() as (live, hits):
        external = live.replace("127.0.0.1", "127-0-0-1.ip.test")
        site = _site(tmp_path / "site", external)
        with serve_site(site) as base:
            out = tmp_path / "out"
            done = run_siteaudit("crawl", base + "/", "-o", str(out), "-q")
            assert done.returncode == 0, done.stderr
            findings = _findings(out)
            assert _targets(findings, "broken-external-link") == {*BROKEN_EXTERNAL, "/a", "/b"}
            assert _targets(findings, "broken-link") == {
                "/img/missing.png",
                "/img/missing-2x.png",
                "/css/missing.css",
                "/js/missing.js",
            }
            # A 429 with Retry-After is waited out, not reported; a redirect is a notice.
            assert "/retry429" not in _targets(findings, "broken-external-link")
            assert _targets(findings, "redirected-link") == {"/moved"}
            dead = [f for f in findings if "dead-host.invalid" in str(f["message"])]
            assert {str(f["evidence"]["error"]) for f in dead} <= {  # type: ignore[index]
                "dns",
                "host unreachable: dns",
            }
            # HEAD first: the live external URLs got no GET unless HEAD failed.
            assert hits[("HEAD", "/ok")] == 1 and hits[("GET", "/ok")] == 0

            # A second audit into the same folder reads the fine external results from the
            # folder's link cache (the one `siteaudit check` keeps) instead of asking again.
            again = run_siteaudit("crawl", base + "/", "-o", str(out), "-q")
            assert again.returncode == 0, again.stderr
            assert hits[("HEAD", "/ok")] == 1
            assert (out / "link-cache" / "external-links.json").is_file()
            assert _targets(_findings(out), "broken-external-link") == {
                *BROKEN_EXTERNAL,
                "/a",
                "/b",
            }


def test_no_external_and_no_assets_turn_the_checks_off(tmp_path: Path) -> None:
    with serve_faults() as (live, hits):
        external = live.replace("127.0.0.1", "127-0-0-1.ip.test")
        site = _site(tmp_path / "site", external)
        with serve_site(site) as base:
            out = tmp_path / "out"
            done = run_siteaudit(
                "crawl", base + "/", "-o", str(out), "-q", "--no-external", "--no-assets"
            )
            assert done.returncode == 0, done.stderr
    findings = _findings(out)
    assert not _targets(findings, "broken-external-link")
    assert not _targets(findings, "broken-link")
    assert sum(hits.values()) == 0  # the other host was never contacted
