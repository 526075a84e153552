from siteaudit.crawler.extraction import extract_page

from siteaudit.core.records import Region

PAGE = """<!DOCTYPE html><html lang="en"><head>
<meta charset="utf-8"><title> Sea  freight basics </title>
<meta name="description" content="What sea freight costs.">
<meta name="robots" content="NOINDEX, follow">
<link rel="canonical" href="/guide/sea.html">
<link rel="alternate" hreflang="de" href="https://ex.com/de/sea.html">
</head><body>
<header><a href="/">Logo</a><nav class="main-menu"><a href="/a">Section A</a></nav></header>
<main><article><header><h1>Sea freight basics</h1></header>
<p>Ships carry <b>containers</b> across oceans.</p>
<script>document.write("not visible")</script>
<p>See <a href="costs.html" rel="nofollow">our costs</a>.</p>
<img src="/img/ship.png"><img src="/img/deco.png" alt="">
<div class="box"><h3 class="box-title">Recommended for You</h3>
<ul><li><a href="/faq/one.html">One</a></li><li><a href="/faq/two.html">Two</a></li></ul></div>
<h2>Customer Reviews</h2><p>Great service.</p>
</article></main>
<aside class="related-articles"><a href="/faq/three.html">Three</a></aside>
<footer><a href="/contact">Contact</a></footer>
</body></html>"""


def test_head_fields_are_extracted() -> None:
    data = extract_page(PAGE, "http://ex.com/guide/sea.html")
    assert data.titles == ["Sea freight basics"]
    assert data.meta_description == "What sea freight costs."
    assert data.meta_robots == "noindex, follow"
    assert data.canonical == "http://ex.com/guide/sea.html"
    assert data.hreflang == [("de", "https://ex.com/de/sea.html")]
    assert data.lang == "en"
    assert data.h1 == ["Sea freight basics"]
    assert data.h2 == ["Customer Reviews"]


def test_links_carry_region_anchor_rel_and_position() -> None:
    data = extract_page(PAGE, "http://ex.com/guide/sea.html")
    by_target = {link.target: link for link in data.links}
    assert by_target["http://ex.com/"].region == Region.HEADER
    assert by_target["http://ex.com/a"].region == Region.NAV
    costs = by_target["http://ex.com/guide/costs.html"]
    assert (costs.region, costs.nofollow, costs.text) == (Region.MAIN, True, "our costs")
    assert by_target["http://ex.com/faq/one.html"].region == Region.RELATED
    assert by_target["http://ex.com/faq/two.html"].region == Region.RELATED
    assert by_target["http://ex.com/faq/three.html"].region == Region.RELATED
    assert by_target["http://ex.com/contact"].region == Region.FOOTER
    positions = [link.position for link in data.links]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_related_region_ends_at_the_next_heading() -> None:
    data = extract_page(PAGE, "http://ex.com/guide/sea.html")
    regions = {b.text: b.region for b in data.blocks}
    assert regions["Recommended for You"] == Region.RELATED
    assert regions["Customer Reviews"] == Region.MAIN
    assert regions["Great service."] == Region.MAIN


def test_images_keep_alt_and_distinguish_missing_from_empty() -> None:
    data = extract_page(PAGE, "http://ex.com/guide/sea.html")
    images = {link.target: link.text for link in data.links if link.kind == "img"}
    assert images == {"http://ex.com/img/ship.png": None, "http://ex.com/img/deco.png": ""}


def test_script_text_is_not_visible_text() -> None:
    data = extract_page(PAGE, "http://ex.com/guide/sea.html")
    text = " ".join(b.text for b in data.blocks)
    assert "not visible" not in text
    assert "Ships carry containers across oceans." in text
    assert data.word_count > 10
    assert data.text_hash is not None


def test_base_href_changes_link_resolution() -> None:
    html = '<html><head><base href="http://ex.com/docs/"></head><body><a href="x.html">x</a>'
    data = extract_page(html, "http://ex.com/other/page.html")
    assert [link.target for link in data.links] == ["http://ex.com/docs/x.html"]


def test_meta_refresh_target_is_found() -> None:
    html = '<html><head><meta http-equiv="refresh" content="0; url=/new.html"></head></html>'
    assert extract_page(html, "http://ex.com/old.html").refresh == "http://ex.com/new.html"


def test_malformed_and_truncated_html_still_yields_data() -> None:
    html = "<html><head><title>Broken</title><body><p>One<p>Two <a href='/x'>li"
    data = extract_page(html, "http://ex.com/")
    assert data.titles == ["Broken"]
    assert [link.target for link in data.links] == ["http://ex.com/x"]
    assert [b.text for b in data.blocks][:2] == ["One", "Two li"]


def test_empty_and_binary_documents_do_not_raise() -> None:
    assert extract_page("", "http://ex.com/").titles == []
    assert extract_page("\x00\x01\x02\xff" * 100, "http://ex.com/").links == []


def test_several_titles_and_svg_titles() -> None:
    html = (
        "<html><head><title>A</title><title>B</title></head>"
        "<body><svg><title>icon</title></svg></body></html>"
    )
    assert extract_page(html, "http://ex.com/").titles == ["A", "B"]


def test_non_latin_text_survives() -> None:
    html = "<html><head><title>海运常见问题</title></head><body><h1>海运</h1></body></html>"
    data = extract_page(html, "http://ex.com/")
    assert data.titles == ["海运常见问题"] and data.h1 == ["海运"]


def test_a_headings_permalink_mark_is_not_part_of_its_text() -> None:
    html = (
        "<html><body><h1>Writing views<a class='headerlink' href='#writing-views'>¶</a></h1>"
        "<h2>C# <a href='#cs' class='anchor'>#</a></h2><h2><a href='#top'>C#</a> notes</h2>"
        "</body></html>"
    )
    page = extract_page(html, "http://ex.com/v.html")
    assert page.h1 == ["Writing views"]
    assert page.h2 == ["C#", "C# notes"]
