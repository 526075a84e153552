"""The store answers the same on SQLite and PostgreSQL: every write, every read."""

from __future__ import annotations

import json
import random
import string
from collections.abc import Callable
from pathlib import Path

import pytest
from siteaudit.reports.link_index import LinkIndex
from sqlalchemy import inspect, select, text

from siteaudit.core.records import (
    CrawlEvent,
    Finding,
    Link,
    Page,
    Severity,
    SitemapEntry,
    TextBlock,
)
from siteaudit.store import SCHEMA_VERSION, Store, StoreError
from siteaudit.store.packing import unpack_text
from siteaudit.store.schema import LINKS_VIEW, findings_v6, page_links_v4, pages

BASE = "http://ex.com"
# A link wrapping a whole card: a text past PostgreSQL's B-tree key limit (~2.7 KB), random so
# that its compression cannot bring it under.
CARD_TEXT = "".join(random.Random(5).choices(string.ascii_letters + " ", k=8000))


def _site() -> list[Page]:
    """Pages exercising every column: statuses, redirects, unicode, blocks, anchors."""
    home = Page(
        url=f"{BASE}/",
        status=200,
        is_html=True,
        title="Accueil – café",
        h1=["Accueil"],
        h2=["Zwei", "Drei"],
        hreflang=[("de", f"{BASE}/de/")],
        blocks=[TextBlock("main", "p", "Hello 50% off"), TextBlock("nav", "a", "Menu")],
        anchors=["top", "faq"],
        elapsed_ms=12.345678,
        word_count=42,
        links=[
            Link(f"{BASE}/", f"{BASE}/a", "a", "Swift Post", "nav", True, 1),
            Link(f"{BASE}/", f"{BASE}/gone", "a", "Gone", "related", False, 2, "faq", 3, 7),
            Link(f"{BASE}/", f"{BASE}/img.png", "img", None, "main", False, 3),
            Link(f"{BASE}/", f"{BASE}/card", "a", CARD_TEXT, "main", False, 4),
            Link(f"{BASE}/", f"{BASE}/empty", "a", "", "main", False, 5),
            *(
                Link(f"{BASE}/", f"{BASE}/p{i}", "a", f"P {i}", "main", False, 10 + i)
                for i in range(6)
            ),
        ],
    )
    pages = [
        home,
        Page(url=f"{BASE}/gone", status=404, found_on=f"{BASE}/"),
        Page(url=f"{BASE}/a", status=301, location=f"{BASE}/b", redirect_kind="http"),
        Page(url=f"{BASE}/Zed", status=200, is_html=True, title="Upper"),
        Page(url=f"{BASE}/b", status=0, error="timeout"),
    ]
    for i in range(6):
        links = [Link(f"{BASE}/p{i}", f"{BASE}/", "a", "Swift Post", "nav", False, 1)]
        pages.append(Page(url=f"{BASE}/p{i}", status=200, is_html=True, links=links))
    return pages


def _fill(store: Store) -> int:
    store.begin_crawl([f"{BASE}/old"], {})
    crawl = store.begin_crawl([f"{BASE}/"], {"max_pages": 5})
    store.add_pages(crawl, _site())
    store.add_pages(crawl, _site()[:2])  # re-delivered: an upsert, no duplicates
    store.add_sitemap_entries(crawl, [SitemapEntry(f"{BASE}/a", f"{BASE}/sm.xml", "2024-01-01")])
    store.add_events(crawl, [CrawlEvent("page-limit", f"{BASE}/x", "stopped")])
    store.replace_findings(crawl, [Finding("c1", Severity.ERROR, f"{BASE}/", "msg")])
    store.replace_findings(
        crawl,
        [
            Finding("c2", Severity.WARNING, f"{BASE}/", "m", "h1", "s", "f", {"n": 1}),
            Finding("c3", Severity.NOTICE, f"{BASE}/a", "Café – ü", None, None, None, {}),
            Finding("c2", Severity.ERROR, f"{BASE}/", "m2", evidence={"o": [f"{BASE}/b"]}),
        ],
    )
    store.finish_crawl(crawl, "finished", {"pages_crawled": 11})
    return crawl


def _answers(store: Store, crawl: int) -> dict[str, object]:
    """Every read of the store API, as plain values."""
    urls = [f"{BASE}/", f"{BASE}/gone", f"{BASE}/a"]
    runs = store.crawls()
    return {
        "crawls": [(r.id, r.status, r.start_urls, r.config, r.stats) for r in runs],
        "pages": list(store.pages(crawl, with_links=True)),
        "pages_no_blocks": list(store.pages(crawl, with_blocks=False)),
        "links": list(store.links(crawl)),
        "fragments": list(store.links_with_fragments(crawl)),
        "anchors": store.anchors(crawl, urls),
        "non_ok": list(store.links_to_non_ok(crawl)),
        "related": list(store.related_links(crawl)),
        "no_alt": store.images_without_alt(crawl),
        "related_positions": store.related_positions(crawl, f"{BASE}/"),
        "inbound_counts": store.inbound_counts(crawl, urls),
        "inbound_sources": store.inbound_sources(crawl),
        "sitemap": store.sitemap_entries(crawl),
        "events": store.events(crawl),
        "findings": store.findings(crawl),
        "count_pages": store.count_pages(crawl),
        "count_links": store.count_links(crawl),
        "listing_pages": store.listing_pages(crawl, 5),
        "page_text_rows": list(store.page_text_rows(crawl)),
        "page_text_rows_some": list(store.page_text_rows(crawl, urls, batch=1)),
        "anchor_texts": store.anchor_texts(crawl, f"{BASE}/"),
        "distinct_anchor_texts": sorted(store.distinct_anchor_texts(crawl)),
        "template_spread": sorted(store.template_anchor_spread(crawl, ["Swift Post", "P 1"])),
        "anchors_with_texts": list(store.anchors_with_texts(crawl, ["Swift Post", "Gone"])),
        "link_index": _link_index_rows(store, crawl),
    }


def _link_index_rows(store: Store, crawl: int) -> list[object]:
    """The report's link index of the stored links (its outlinks read back by source id,
    its inlinks laid out from the target counts), as named rows."""
    index = LinkIndex.build(store.link_ids(crawl))
    urls = sorted({link.target for link in store.links(crawl)} | {f"{BASE}/", "nowhere"})
    shard = index.shard_links(urls)
    return [
        [(u, index.inlinks(u), index.outlinks(u), index.inlink_pages(u)) for u in urls],
        (shard.urls, shard.texts, shard.styles, shard.inlinks, shard.outlinks),
    ]


def test_postgresql_answers_every_read_exactly_like_sqlite(
    tmp_path: Path, postgres_url: str
) -> None:
    with Store.in_folder(tmp_path) as lite, Store(postgres_url) as pg:
        expected = _answers(lite, _fill(lite))
        got = _answers(pg, _fill(pg))
    assert pg.postgres and not lite.postgres
    for name, value in expected.items():
        assert got[name] == value, name
    assert expected["count_pages"] == 11  # the re-delivered pages were not duplicated
    assert expected["anchor_texts"] == {"Swift Post", "Gone", CARD_TEXT, ""} | {
        f"P {i}" for i in range(6)
    }
    assert [p.url for p in expected["pages"]][:2] == [f"{BASE}/", f"{BASE}/Zed"]  # bytewise order


def test_a_postgresql_store_reopens_with_its_crawls_and_hides_the_password(
    postgres_url: str,
) -> None:
    with Store(postgres_url) as store:
        crawl = _fill(store)
    with Store(postgres_url, create=False) as store:
        assert store.crawl().id == crawl and store.count_pages(crawl) == 11
    with pytest.raises(StoreError) as caught:
        Store(postgres_url.replace("postgres@", "postgres:s3cret@").rsplit("/", 1)[0] + "/nodb")
    assert "s3cret" not in str(caught.value) and "nodb" in str(caught.value)


def _crawl_of(store: Store, origin: str) -> int:
    crawl = store.begin_crawl([origin + "/"], {})
    store.finish_crawl(crawl, "finished", {})
    return crawl


def test_a_shared_postgresql_store_compares_a_crawl_only_with_its_own_site(
    tmp_path: Path, postgres_url: str
) -> None:
    # A folder holds one site, maybe re-served on another port: its latest earlier crawl.
    with Store.in_folder(tmp_path) as lite:
        first = _crawl_of(lite, "http://127.0.0.1:8001")
        moved = _crawl_of(lite, "http://127.0.0.1:9002")
        assert (prev := lite.previous_crawl(moved)) is not None and prev.id == first
    # A shared database holds many sites: another site's crawl is never "previous".
    with Store(postgres_url) as pg:
        docs = _crawl_of(pg, "http://docs.test")
        shop = _crawl_of(pg, "http://shop.test")
        docs_again = _crawl_of(pg, "http://docs.test")
        assert pg.previous_crawl(shop) is None
        assert (prev := pg.previous_crawl(docs_again)) is not None and prev.id == docs


def test_sqlite_url_and_plain_path_open_the_same_file(tmp_path: Path) -> None:
    with Store(tmp_path / "siteaudit.db") as store:
        crawl = _fill(store)
    with Store(f"sqlite:///{tmp_path / 'siteaudit.db'}", create=False) as store:
        assert store.count_pages(crawl) == 11


def test_core_queries_read_rows_by_name_on_postgresql(postgres_url: str) -> None:
    with Store(postgres_url) as store:
        crawl = _fill(store)
        query = select(pages.c.url, pages.c.title).where(
            pages.c.crawl_id == crawl, pages.c.title.like("%caf%")
        )
        [row] = store.connection.execute(query).mappings().all()
        assert (row["url"], row["title"]) == (f"{BASE}/", "Accueil – café")


def test_a_postgresql_write_error_is_one_line_without_sql(postgres_url: str) -> None:
    with Store(postgres_url) as store:
        with pytest.raises(StoreError) as caught:
            store.add_pages(999_999, [Page(f"{BASE}/orphan", 200)])  # no such crawl
        message = str(caught.value)
        assert "\n" not in message and "INSERT" not in message and "SQL" not in message
        assert "foreign key" in message and store.location in message
        store.begin_crawl([f"{BASE}/"], {})  # the connection is usable after the error


def _as_version_2(store: Store) -> None:
    """Turn a current store back into the version 2 layout: a links table with URLs and the
    page text as JSON text."""
    conn = store.connection
    blocks = conn.execute(text("SELECT crawl_id, url, blocks FROM pages")).all()
    for sql in (
        "CREATE TABLE links_v2 AS SELECT * FROM links",
        "DROP VIEW links",
        "DROP TABLE page_links",
        "DROP TABLE link_texts",
        "DROP TABLE urls",
        "ALTER TABLE links_v2 RENAME TO links",
        "CREATE INDEX links_target ON links (crawl_id, target)",
        "UPDATE meta SET value = '2' WHERE key = 'schema_version'",
    ):
        conn.exec_driver_sql(sql)
    if store.postgres:
        conn.exec_driver_sql("ALTER TABLE pages ALTER COLUMN blocks TYPE text USING ''")
    update = text("UPDATE pages SET blocks = :b WHERE crawl_id = :c AND url = :u")
    for crawl, url, value in blocks:
        conn.execute(update, {"b": unpack_text(value), "c": crawl, "u": url})
    conn.commit()


def _migrated(location: str, downgrade: Callable[[Store], None]) -> Store:
    """Fill a store, take it back to an older layout with ``downgrade``, open it again
    (migrating it) and check that every read answers as before; the migrated store, open."""
    with Store(location) as store:
        crawl = _fill(store)
        expected = _answers(store, crawl)
        downgrade(store)
    store = Store(location, create=False, verify=True)
    assert store.schema_version() == SCHEMA_VERSION
    got = _answers(store, crawl)
    for name, value in expected.items():
        assert got[name] == value, name
    return store


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str) -> str:
    """A new store on each backend: a SQLite file, then a PostgreSQL database."""
    return postgres_url if request.param == "postgresql" else str(tmp_path / "siteaudit.db")


def test_a_version_2_store_migrates_and_answers_every_read_as_before(location: str) -> None:
    with _migrated(location, _as_version_2) as store:
        packed = store.connection.execute(text("SELECT blocks FROM pages")).scalars().all()
    assert all(bytes(value)[:4] == b"\x28\xb5\x2f\xfd" for value in packed)  # zstd frames


def _as_version_4(store: Store) -> None:
    """Turn a current store back into the version 4 layout: each link's text inline in
    page_links, no link_texts table."""
    conn = store.connection
    conn.exec_driver_sql("DROP VIEW links")
    conn.exec_driver_sql("ALTER TABLE page_links RENAME TO page_links_v5")
    if store.postgres:
        conn.exec_driver_sql("ALTER INDEX page_links_pkey RENAME TO page_links_v5_pkey")
        conn.exec_driver_sql("ALTER INDEX links_target RENAME TO links_target_v5")
    page_links_v4.create(conn)
    for sql in (
        "INSERT INTO page_links SELECT l.crawl_id, l.source_id, l.position, l.target_id, "
        "l.kind, x.text, l.region, l.nofollow, l.fragment, l.line, l.col "
        "FROM page_links_v5 l LEFT JOIN link_texts x ON x.id = l.text_id",
        "DROP TABLE page_links_v5",
        "DROP TABLE link_texts",
        "CREATE VIEW links AS "
        + LINKS_VIEW.replace("x.text AS text", "l.text AS text").split(" LEFT JOIN")[0],
        "CREATE INDEX links_target ON page_links (crawl_id, target_id)",
        "UPDATE meta SET value = '4' WHERE key = 'schema_version'",
    ):
        conn.exec_driver_sql(sql)
    conn.commit()
    # The texts sit in page_links: all but the image's without alt.
    assert conn.exec_driver_sql("SELECT count(text) FROM page_links").scalar() == 16


def test_a_version_4_store_migrates_to_text_ids_and_answers_every_read_as_before(
    location: str,
) -> None:
    with _migrated(location, _as_version_4) as store:
        conn = store.connection
        texts = conn.exec_driver_sql("SELECT text FROM link_texts").scalars().all()
        viewed = conn.exec_driver_sql("SELECT text FROM links ORDER BY position").scalars().all()
        # And the store keeps writing: a text it holds is not stored again.
        store.add_pages(store.crawl().id, _site()[:1])
        again = conn.exec_driver_sql("SELECT count(*) FROM link_texts").scalar()
    assert sorted(texts) == sorted({"Swift Post", "Gone", CARD_TEXT, ""} | {
        f"P {i}" for i in range(6)
    })  # fmt: skip
    assert again == len(texts)
    assert None in viewed and CARD_TEXT in viewed


def _as_version_6(store: Store) -> None:
    """Turn a current store back into the version 6 layout: a findings row each."""
    conn = store.connection
    found = [(crawl.id, store.findings(crawl.id)) for crawl in store.crawls()]
    findings_v6.create(conn)
    insert = text(
        "INSERT INTO findings VALUES (:crawl_id, :check, :severity, :url, :message, "
        ":element, :snippet, :fix, :evidence)"
    )
    for crawl, items in found:
        for f in items:
            row = {**f.to_dict(), "crawl_id": crawl, "evidence": json.dumps(f.evidence)}
            conn.execute(insert, row)
    conn.exec_driver_sql("DROP TABLE finding_blocks")
    conn.exec_driver_sql("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    conn.commit()
    assert conn.exec_driver_sql("SELECT count(*) FROM findings").scalar() == 3


def test_a_version_6_store_packs_its_findings_and_answers_every_read_as_before(
    location: str,
) -> None:
    with _migrated(location, _as_version_6) as store:
        tables = inspect(store.connection).get_table_names()
        blocks = store.connection.exec_driver_sql("SELECT findings FROM finding_blocks")
        assert blocks.scalars().all() == [3]
    assert "findings" not in tables and "finding_blocks" in tables


# A link URL past PostgreSQL's B-tree key limit (~2.7 KB): a search link carrying a whole
# query, random so that compression cannot bring it under. Too long to fetch (the crawl
# records a url-too-long event for it), but its links, event and sitemap entry are stored.
LONG_URL = f"{BASE}/search?q=" + "".join(
    random.Random(7).choices(string.ascii_letters + string.digits, k=6000)
)


def _fill_long(store: Store) -> int:
    crawl = store.begin_crawl([f"{BASE}/"], {})
    link = Link(f"{BASE}/", LONG_URL, "a", "Search", "main", False, 1)
    page = Page(url=f"{BASE}/", status=200, is_html=True, links=[link])
    event = CrawlEvent("url-too-long", LONG_URL, "6,011 characters")
    for _ in range(2):  # re-delivered: an upsert each time, no duplicates
        store.add_pages(crawl, [page])
        store.add_events(crawl, [event])
        store.add_sitemap_entries(crawl, [SitemapEntry(LONG_URL, f"{BASE}/sm.xml", None)])
    return crawl


def test_a_url_past_the_btree_key_limit_is_stored_on_postgresql(
    tmp_path: Path, postgres_url: str
) -> None:
    with Store.in_folder(tmp_path) as lite, Store(postgres_url) as pg:
        answers = []
        for store in (lite, pg):
            crawl = _fill_long(store)
            answers.append(
                (
                    [(link.target, link.text) for link in store.links(crawl)],
                    store.events(crawl),
                    store.sitemap_entries(crawl),
                    list(store.links_to_non_ok(crawl)),
                )
            )
    assert answers[1] == answers[0]
    targets, stored_events, sitemap, _ = answers[1]
    assert targets == [(LONG_URL, "Search")]
    assert [(e.kind, e.url) for e in stored_events] == [("url-too-long", LONG_URL)]
    assert [e.url for e in sitemap] == [LONG_URL]


def _as_version_5(store: Store) -> None:
    """Turn a current PostgreSQL store back into the version 5 keys: B-tree unique and
    primary keys on the URL columns themselves."""
    conn = store.connection
    for sql in (
        "ALTER TABLE urls DROP CONSTRAINT urls_url_excl",
        "ALTER TABLE urls ADD CONSTRAINT urls_url_key UNIQUE (url)",
        "DROP INDEX events_key",
        "ALTER TABLE events ADD PRIMARY KEY (crawl_id, kind, url)",
        "DROP INDEX sitemap_urls_key",
        "ALTER TABLE sitemap_urls ADD PRIMARY KEY (crawl_id, url, sitemap)",
        "UPDATE meta SET value = '5' WHERE key = 'schema_version'",
    ):
        conn.exec_driver_sql(sql)
    conn.commit()


def test_a_version_5_postgresql_store_migrates_to_keys_that_take_long_urls(
    postgres_url: str,
) -> None:
    with _migrated(postgres_url, _as_version_5) as store:
        crawl = _fill_long(store)
        assert [e.url for e in store.events(crawl)] == [LONG_URL]
        assert [link.target for link in store.links(crawl)] == [LONG_URL]
