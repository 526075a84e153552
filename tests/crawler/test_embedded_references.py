"""References the body walk skips, found when a crawl checks links (references=True)."""

from __future__ import annotations

from siteaudit.crawler.css_urls import css_urls
from siteaudit.crawler.extraction import extract_page

BASE = "http://site.test/dir/page.html"


def _targets(body: str, head: str = "") -> dict[str, str]:
    """target -> kind of every link of a page, in link-checking mode."""
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    out = extract_page(page, BASE, references=True)
    return {link.target: link.kind for link in out.links}


def test_scripts_and_iframes_are_references() -> None:
    found = _targets(
        '<script src="/body.js"></script><iframe src="frame.html"></iframe>',
        head='<script src="/head.js"></script><script>var x = "/not-a-link.js";</script>',
    )
    assert found["http://site.test/head.js"] == "script"
    assert found["http://site.test/body.js"] == "script"
    assert found["http://site.test/dir/frame.html"] == "iframe"
    assert "http://site.test/not-a-link.js" not in found


def test_links_inside_svg_noscript_and_template_are_references() -> None:
    found = _targets(
        '<svg><a href="/svg-a.html"><text>t</text></a><a xlink:href="/svg-xlink.html">x</a>'
        '<image href="/svg.png"/><use href="/sprite.svg#icon"/><use href="#local"/></svg>'
        '<noscript><img src="/pixel.gif" alt=""><a href="/nojs.html">no js</a></noscript>'
        '<template><a href="/tpl.html">t</a></template>'
    )
    for path, kind in [
        ("svg-a.html", "a"),
        ("svg-xlink.html", "a"),
        ("svg.png", "img"),
        ("sprite.svg", "img"),
        ("pixel.gif", "img"),
        ("nojs.html", "a"),
        ("tpl.html", "a"),
    ]:
        assert found.get(f"http://site.test/{path}") == kind, (path, found)
    assert "http://site.test/dir/page.html" not in found  # <use href="#local">


def test_meta_refresh_social_meta_and_json_ld_urls_are_references() -> None:
    head = (
        '<meta http-equiv="refresh" content="0; url=/moved.html">'
        '<meta property="og:image" content="/og.png">'
        '<meta property="og:url" content="http://site.test/dir/page.html">'
        '<meta name="twitter:image" content="/tw.png">'
        '<meta property="og:title" content="/not-a-url">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Article",'
        ' "@id": "http://site.test/dir/page.html#article", "url": "/ld-url.html",'
        ' "image": ["/ld1.png", {"url": "/ld2.png"}], "headline": "/not-a-url-either",'
        ' "publisher": {"logo": {"url": "/logo.png"}}}</script>'
    )
    found = _targets("", head=head)
    assert found["http://site.test/moved.html"] == "meta-refresh"
    assert found["http://site.test/og.png"] == "meta"
    assert found["http://site.test/tw.png"] == "meta"
    assert found["http://site.test/dir/page.html"] in ("meta", "json-ld")
    for path in ("ld-url.html", "ld1.png", "ld2.png", "logo.png"):
        assert found[f"http://site.test/{path}"] == "json-ld", path
    assert "http://site.test/not-a-url" not in found
    assert "http://site.test/not-a-url-either" not in found
    assert "http://schema.org/" not in found and "https://schema.org/" not in found


def test_inline_style_and_style_blocks_are_read_comments_are_not() -> None:
    found = _targets(
        "<div style=\"background: url('/inline.png')\">x</div>",
        head="<style>\n/* url(/commented.png) */\nbody { background: url(/block.png) }\n</style>",
    )
    assert found["http://site.test/inline.png"] == "style"
    assert found["http://site.test/block.png"] == "style"
    assert "http://site.test/commented.png" not in found


def test_css_urls_skip_comments_and_keep_offsets() -> None:
    css = "/* @import 'a.css'; url(x.png) */\nb { background: url( 'y.png' ) }\n/* open"
    assert css_urls(css) == [("y.png", css.index("y.png"))]
    assert css_urls("a{b:url(data:image/png;base64,xx)} c{d:url(#f)}") == []


def test_walked_links_are_not_found_twice() -> None:
    page = "<html><body><a href='/a.html'>a</a><img src='/i.png' alt=''></body></html>"
    out = extract_page(page, BASE, references=True)
    assert [link.target for link in out.links].count("http://site.test/a.html") == 1
    assert [link.target for link in out.links].count("http://site.test/i.png") == 1


def test_positions_point_at_the_value_as_written() -> None:
    page = (
        "<html><head>\n<script src='/s.js'></script>\n</head><body>\n"
        "<svg><a href='/svg.html'>s</a></svg>\n<div style='background:url(/bg.png)'></div>\n"
        "</body></html>"
    )
    out = extract_page(page, BASE, references=True)
    lines = page.split("\n")
    for link in out.links:
        assert link.line and link.column, link
        raw = out.raw_hrefs[link.position]
        assert lines[link.line - 1][link.column - 1 :].startswith(raw), (link, raw)
