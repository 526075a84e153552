"""Unique-URL views: response classes, redirect hops, the inspector's records and shards."""

from __future__ import annotations

import json
import random
import zlib
from pathlib import Path
from typing import Any

import pytest
from siteaudit.reports import link_index, render_html_report
from siteaudit.reports.link_index import INLINKS_KEPT, OUTLINKS_KEPT, LinkIndex
from siteaudit.reports.url_views import (
    redirect_hops,
    status_class,
    url_shard,
)

from siteaudit.core.records import Link, Page
from siteaudit.store import Store
from tests.reports.conftest import SITE, Audit, MakeAudit, sample_findings, sample_pages


def _unpacked(shard: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A shard's records with their link rows as strings again (what report.js does)."""
    urls, texts, styles, records = shard["u"], shard["t"], shard["s"], shard["r"]
    for record in records.values():
        for side, status in (("inlinks", False), ("outlinks", True)):
            flat = record[side]
            record[side] = [
                [urls[u], texts[t], *styles[s], *([shard["us"][u]] if status else [])]
                for u, t, s in zip(flat[0::3], flat[1::3], flat[2::3], strict=True)
            ]
    return dict(records)


def _records(report: Path) -> dict[str, dict[str, object]]:
    records: dict[str, dict[str, object]] = {}
    for path in (report / "data").glob("url-*.js"):
        text = path.read_text(encoding="utf-8")
        number = int(path.stem.split("-")[1])
        prefix = f"siteauditUrls({number},"
        assert text.startswith(prefix)
        shard = _unpacked(json.loads(text[len(prefix) : -3]))
        assert all(
            url_shard(url, len(list((report / "data").glob("url-*.js")))) == number for url in shard
        )
        records.update(shard)
    return records


def test_url_shard_is_crc32_of_the_utf8_bytes() -> None:
    url = "https://help.example.org/ü?q=1"
    assert url_shard(url, 7) == zlib.crc32(url.encode("utf-8")) % 7 + 1
    assert url_shard(url, 1) == 1


def test_status_classes_split_blocked_from_other_errors() -> None:
    assert status_class(Page("u", 200)) == "2xx"
    assert status_class(Page("u", 301)) == "3xx"
    assert status_class(Page("u", 0, error="robots.txt")) == "blocked"
    assert status_class(Page("u", 0, error="timeout")) == "error"
    assert status_class(None) == "not crawled"


def test_redirect_hops_follow_the_chain_and_stop_at_a_loop() -> None:
    pages = {
        "a": Page("a", 301, location="b"),
        "b": Page("b", 302, location="c"),
        "c": Page("c", 200),
        "x": Page("x", 301, location="y"),
        "y": Page("y", 301, location="x"),
    }
    assert redirect_hops("a", pages) == [("a", 301), ("b", 302), ("c", 200)]
    assert redirect_hops("x", pages) == [("x", 301), ("y", 301), ("x", "loop")]


def test_link_index_counts_distinct_linking_pages_and_keeps_anchors() -> None:
    links = [
        Link("p1", "t", text="first", region="nav"),
        Link("p1", "t", text="again", region="main", position=1),
        Link("p2", "t", text=None, kind="img", nofollow=True),
    ]
    index = LinkIndex.build(links)
    assert index.inlink_pages("t") == 2
    assert index.inlinks("t")[0] == ("p1", "first", "nav", "a", False)
    assert index.inlinks("t")[2] == ("p2", None, "main", "img", True)
    assert index.outlink_count("p1") == 2
    assert index.outlinks("p1") == [
        ("t", "first", "nav", "a", False),
        ("t", "again", "main", "a", False),
    ]
    assert index.linked_urls() == ["t"]
    assert index.inlinks("p1") == [] and index.outlinks("nowhere") == []


def test_link_index_lists_a_pages_links_whether_or_not_they_come_grouped() -> None:
    grouped = [Link("p1", "a"), Link("p1", "b", position=1), Link("p2", "a"), Link("p3", "c")]
    scattered = [Link("p1", "a"), Link("p2", "a"), Link("p1", "b", position=1), Link("p3", "c")]
    for links in (grouped, scattered):
        index = LinkIndex.build(links)
        assert [row[0] for row in index.outlinks("p1")] == ["a", "b"]
        assert [row[0] for row in index.outlinks("p2")] == ["a"]
        assert [row[0] for row in index.outlinks("p3")] == ["c"]
        assert index.outlinks("a") == [] and index.outlink_count("p1") == 2
        assert [row[0] for row in index.inlinks("a")] == ["p1", "p2"]


def test_link_index_holds_the_pages_url_strings_not_copies() -> None:
    page = Page("".join(["http://ex.com/", "a"]), 200)  # built, so not the literal below
    links = [Link("http://ex.com/", "http://ex.com/a"), Link("http://ex.com/a", "http://ex.com/")]
    index = LinkIndex.build(links, {page.url: page})
    assert index.outlinks("http://ex.com/")[0][0] is page.url
    assert index.inlinks("http://ex.com/")[0][0] is page.url
    assert index.inlink_pages("http://ex.com/a") == 1


def test_inspector_records_cover_crawled_and_linked_urls(make_audit: MakeAudit) -> None:
    pages = sample_pages()
    pages[0].links = [
        Link(f"{SITE}/", f"{SITE}/gone", text="how to", region="main"),
        Link(f"{SITE}/", f"{SITE}/old", text="old billing", region="nav", position=1),
        Link(f"{SITE}/", "https://elsewhere.example.net/x", text="partner", position=2),
    ]
    pages[1].links = [Link(f"{SITE}/a", f"{SITE}/gone", text="gone again", region="related")]
    audit: Audit = make_audit(pages, sample_findings())
    report = render_html_report(audit.model(), audit.out_dir).parent
    records = _records(report)

    gone = records[f"{SITE}/gone"]
    assert gone["status"] == 404 and gone["class"] == "4xx"
    assert gone["inlinks_total"] == 2
    assert [row[:3] for row in gone["inlinks"]] == [  # type: ignore[index]
        [f"{SITE}/", "how to", "main"],
        [f"{SITE}/a", "gone again", "related"],
    ]
    assert {row[0] for row in gone["about"]} == {"broken-link"}  # type: ignore[index]

    old = records[f"{SITE}/old"]
    assert old["hops"] == [[f"{SITE}/old", 301], [f"{SITE}/b", 200]]
    assert (old["indexable"], old["not_indexable_because"]) == ("no", ["redirects (301)"])
    assert (gone["indexable"], gone["not_indexable_because"]) == ("no", ["status 404"])
    slow = records[f"{SITE}/slow"]
    assert (slow["indexable"], slow["not_indexable_because"]) == ("no", ["no response (timeout)"])

    external = records["https://elsewhere.example.net/x"]
    assert external["class"] == "not crawled" and external["inlinks_total"] == 1

    home = records[f"{SITE}/"]
    assert home["outlinks_total"] == 3
    assert [row[5] for row in home["outlinks"]] == ["404", "301", "not crawled"]  # type: ignore[index]

    text = (report / "data" / "responses-1.js").read_text(encoding="utf-8")
    rows = json.loads(text[text.index("[") : -3])
    assert len(rows) == len(records) == 8
    by_url = {r[0][0] if isinstance(r[0], list) else r[0]: r for r in rows}
    assert by_url[f"{SITE}/gone"][1:3] == ["4xx", "404"]
    assert by_url[f"{SITE}/gone"][4] == 2  # linking pages
    assert by_url[f"{SITE}/slow"][1] == "error"


def test_link_index_keeps_the_first_links_each_way_in_arrival_order() -> None:
    rng = random.Random(5)
    pages = [f"p{i}" for i in range(60)]
    links = [
        Link(source, rng.choice(pages[:8]) if rng.random() < 0.7 else rng.choice(pages), position=n)
        for source in pages
        for n in range(rng.randrange(0, 260))
    ]
    index = LinkIndex.build(links)
    into: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for link in links:
        into.setdefault(link.target, []).append(link.source)
        out.setdefault(link.source, []).append(link.target)
    assert max(len(v) for v in into.values()) > INLINKS_KEPT
    assert max(len(v) for v in out.values()) > OUTLINKS_KEPT
    for url in pages:
        assert [row[0] for row in index.inlinks(url)] == into.get(url, [])[:INLINKS_KEPT]
        assert [row[0] for row in index.outlinks(url)] == out.get(url, [])[:OUTLINKS_KEPT]
        assert index.outlink_count(url) == len(out.get(url, []))
        assert index.inlink_pages(url) == len(set(into.get(url, [])))


def _reference_index(
    links: list[Link],
) -> tuple[
    dict[str, list[tuple[object, ...]]], dict[str, list[tuple[object, ...]]], dict[str, int]
]:
    """Every link each way, and distinct linking pages counted per run of one page, one link
    at a time."""
    into: dict[str, list[tuple[object, ...]]] = {}
    out: dict[str, list[tuple[object, ...]]] = {}
    linking: dict[str, int] = {}
    source, seen = None, set()
    for link in links:
        if link.source != source:
            source, seen = link.source, set()
        style = (link.text, str(link.region), link.kind, link.nofollow)
        out.setdefault(link.source, []).append((link.target, *style))
        into.setdefault(link.target, []).append((link.source, *style))
        if link.target not in seen:
            seen.add(link.target)
            linking[link.target] = linking.get(link.target, 0) + 1
    return into, out, linking


@pytest.mark.parametrize("chunk", [1, 7, 1 << 17])
@pytest.mark.parametrize("scattered", [False, True])
def test_link_index_read_in_chunks_matches_a_link_at_a_time(
    chunk: int, scattered: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks cut inside a page's links, pages that come back, texts and styles."""
    monkeypatch.setattr(link_index, "_READ_CHUNK", chunk)
    rng = random.Random(chunk + scattered)
    pages = [f"p{i}" for i in range(40)]
    texts = [None, "", "Billing", "Billing", "Café", "Menu"]
    links = [
        Link(
            source,
            rng.choice(pages[:6]) if rng.random() < 0.7 else rng.choice([*pages, "x", "y"]),
            rng.choice(["a", "img"]),
            rng.choice(texts),
            rng.choice(["main", "nav", "related"]),
            rng.random() < 0.2,
            position=n,
        )
        for source in pages
        for n in range(rng.randrange(0, 240))
    ]
    if scattered:  # some runs of links moved: their pages come back later
        cut = [links[i : i + 37] for i in range(0, len(links), 37)]
        rng.shuffle(cut)
        links = [link for part in cut for link in part]
    index = LinkIndex.build(links)
    into, out, linking = _reference_index(links)
    assert max(len(v) for v in into.values()) > INLINKS_KEPT
    assert max(len(v) for v in out.values()) > OUTLINKS_KEPT
    for url in [*pages, "x", "y", "nowhere"]:
        assert index.inlinks(url) == into.get(url, [])[:INLINKS_KEPT], url
        assert index.outlinks(url) == out.get(url, [])[:OUTLINKS_KEPT], url
        assert index.outlink_count(url) == len(out.get(url, []))
        assert index.inlink_pages(url) == linking.get(url, 0)
    assert sorted(index.linked_urls()) == sorted(into)
    _assert_shards_match(index, [*pages, "x", "y", "nowhere"], rng)


def _assert_shards_match(index: LinkIndex, urls: list[str], rng: random.Random) -> None:
    """Any group of URLs, numbered for one shard, reads back as the index's own rows."""
    for _ in range(5):
        group = rng.sample(urls, rng.randrange(0, len(urls) + 1))
        shard = index.shard_links(group)
        assert len(set(shard.urls)) == len(shard.urls)  # each named once
        for url, inlinks, outlinks in zip(group, shard.inlinks, shard.outlinks, strict=True):
            for flat, expected in ((inlinks, index.inlinks(url)), (outlinks, index.outlinks(url))):
                rows = zip(flat[0::3], flat[1::3], flat[2::3], strict=True)
                named = [(shard.urls[u], shard.texts[t], *shard.styles[s]) for u, t, s in rows]
                assert named == expected, url


def test_shard_links_of_an_index_without_links() -> None:
    shard = LinkIndex.build([]).shard_links(["https://example.org/"])
    assert (shard.urls, shard.inlinks, shard.outlinks) == ([], [[]], [[]])


def test_an_index_of_stored_links_reads_outlinks_back_as_the_links_themselves_give(
    tmp_path: Path,
) -> None:
    """The store's index reads each page's links again a shard at a time (LinkIds.links_on)
    instead of holding them: the same rows, caps, texts and styles as the links in memory."""
    rng = random.Random(9)
    base = "http://ex.com"
    pages = [Page(f"{base}/p{i:02d}", 200, is_html=True) for i in range(40)]
    urls = [p.url for p in pages]
    texts = [None, "Billing", "Billing", "Café", "Menu"]
    for page in pages:
        page.links = [
            Link(
                page.url,
                rng.choice(urls[:6]) if rng.random() < 0.7 else rng.choice([*urls, base + "/x"]),
                rng.choice(["a", "img"]),
                rng.choice(texts),
                rng.choice(["main", "nav", "related"]),
                rng.random() < 0.2,
                position=n,
            )
            for n in range(rng.randrange(0, 240))
        ]
    pages[3].links = []
    store = Store.in_folder(tmp_path)
    crawl = store.begin_crawl([base + "/"], {})
    store.add_pages(crawl, rng.sample(pages, len(pages)))  # store ids not in URL order
    ids = store.link_ids(crawl)
    assert ids.links_on is not None
    stored = LinkIndex.build(ids)
    held = LinkIndex.build([link for page in pages for link in page.links])
    assert isinstance(stored._outlinks, link_index._LinksOn)  # read back, not held
    assert ids.inlink_counts is not None  # the inlinks laid out from the store's counts
    targets, counts = ids.inlink_counts()
    assert len(targets) == len(counts)
    assert int(counts.sum()) == sum(len(p.links) for p in pages)
    assert int(counts.max()) > INLINKS_KEPT
    assert max(len(p.links) for p in pages) > OUTLINKS_KEPT
    every = [*urls, base + "/x", "nowhere"]
    for url in every:
        assert stored.outlinks(url) == held.outlinks(url), url
        assert stored.inlinks(url) == held.inlinks(url), url
        assert stored.outlink_count(url) == held.outlink_count(url)
        assert stored.inlink_pages(url) == held.inlink_pages(url)
    _assert_shards_match(stored, every, rng)
    group = rng.sample(every, 20)
    assert _named(stored.shard_links(group)) == _named(held.shard_links(group))


def _named(shard: link_index.ShardLinks) -> list[list[tuple[object, ...]]]:
    rows = []
    for flat in (*shard.inlinks, *shard.outlinks):
        triples = zip(flat[0::3], flat[1::3], flat[2::3], strict=True)
        rows.append([(shard.urls[u], shard.texts[t], *shard.styles[s]) for u, t, s in triples])
    return rows
