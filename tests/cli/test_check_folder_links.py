"""What `check DIR` must find in a built site, and what it must not report: scripts and
frames, SVG/noscript/template links, inline CSS, meta refresh, social and JSON-LD URLs,
malformed hrefs, clean URLs and client-side routes; one run of the real command."""

from __future__ import annotations

import json

import pytest

from tests.helpers import html, run_siteaudit, write_site


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("links") / "site"
    head = (
        '<script src="/js/missing.js"></script><script src="/js/ok.js"></script>'
        '<meta property="og:image" content="/img/og-missing.png">'
        '<meta name="twitter:image" content="/img/ok.png">'
        '<script type="application/ld+json">{"@type": "WebPage", "url": "/ld-missing.html",'
        ' "image": "/img/ok.png"}</script>'
        "<style>/* url(/img/commented.png) */ body { background: url(/img/block.png) }</style>"
    )
    index = html(
        "Home",
        '<iframe src="/frame-missing.html"></iframe>\n'
        '<div style="background: url(/img/inline.png)">x</div>\n'
        '<svg><a href="/svg-missing.html"><text>t</text></a></svg>\n'
        '<noscript><a href="/noscript-missing.html">no js</a></noscript>\n'
        '<template><a href="/template-missing.html">t</a></template>\n'
        '<a href="/about">about</a> <a href="/blog">blog</a> <a href="/nothing">nothing</a>\n'
        '<a href="#/route">route</a> <a href="#!/bang">bang</a> <a href="#missing">frag</a>\n'
        '<a href="//////">slashes</a> <a href="/loop1">loop</a>',
        head=head,
    )
    refresh = '<meta http-equiv="refresh" content="0; url=/refresh-missing.html">'
    site = write_site(
        root,
        {
            "index.html": index,
            "refresh.html": html("Moved", "", head=refresh),
            "about.html": html("About", ""),
            "blog/index.html": html("Blog", ""),
            "js/ok.js": "1;",
            "img/ok.png": b"\x89PNG",
            "_redirects": "/loop1 /loop2 301\n/loop2 /loop1 301\n",
        },
    )
    result = run_siteaudit("check", str(site), "--offline", "--format=json")
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


def _found(report: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for problem in report["problems"]:
        found.setdefault(problem["target"], []).append(problem)
    return found


@pytest.mark.parametrize(
    "target",
    [
        "/js/missing.js",
        "/frame-missing.html",
        "/img/og-missing.png",
        "/ld-missing.html",
        "/img/block.png",
        "/img/inline.png",
        "/svg-missing.html",
        "/noscript-missing.html",
        "/template-missing.html",
        "/refresh-missing.html",
        "/nothing",
    ],
)
def test_each_missing_reference_is_a_broken_link_located_in_its_file(
    report: dict, target: str
) -> None:
    problems = _found(report).get(target)
    assert problems is not None, sorted(_found(report))
    assert len(problems) == 1
    problem = problems[0]
    assert problem["check"] == "broken-link" and problem["status"] == "404"
    assert problem["file"] in ("index.html", "refresh.html") and problem["line"]


def test_a_url_in_a_css_comment_is_not_checked(report: dict) -> None:
    assert "/img/commented.png" not in _found(report)


def test_clean_urls_serve_the_html_file_as_static_hosts_do(report: dict) -> None:
    found = _found(report)
    assert "/about" not in found  # about.html
    assert [p["status"] for p in found.get("/blog", [])] == ["redirect"]  # to /blog/


def test_client_side_routes_are_not_fragments(report: dict) -> None:
    fragments = [p["target"] for p in report["problems"] if p["check"] == "missing-fragment"]
    assert fragments == ["/index.html#missing"]


def test_a_redirect_loop_is_reported_once(report: dict) -> None:
    loops = [p for p in report["problems"] if "loop" in p["status"]]
    assert len(loops) == 1, loops
    assert loops[0]["file"] == "index.html"
