"""The link reads the analysis uses on big crawls return what plain SQL says."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import event, text

from siteaudit.core.records import Link, Page, Region
from siteaudit.store import Store

SITE = "https://help.example.org"


def _store(tmp_path: Path) -> tuple[Store, int]:
    rng = random.Random(3)
    urls = [f"{SITE}/p{i}" for i in range(30)] + ["https://elsewhere.example/x"]
    pages = []
    for i in range(30):
        source = f"{SITE}/p{i}"
        links = [
            Link(
                source,
                rng.choice(urls),
                rng.choice(["a", "a", "img"]),
                f"t{n}",
                rng.choice([Region.MAIN, Region.RELATED, Region.NAV]),
                rng.random() < 0.3,
                n,
            )
            for n in range(rng.randrange(12))
        ]
        pages.append(Page(source, 200, is_html=True, links=links))
    store = Store.in_folder(tmp_path)
    crawl = store.begin_crawl([urls[0]], {})
    store.add_pages(crawl, pages)
    return store, crawl


def test_inbound_sources_counts_distinct_other_pages_per_target(tmp_path: Path) -> None:
    store, crawl = _store(tmp_path)
    expected = dict(
        store.connection.execute(
            text(
                "SELECT target, count(DISTINCT source) FROM links WHERE crawl_id=:crawl "
                "AND kind='a' AND source != target GROUP BY target ORDER BY target"
            ),
            {"crawl": crawl},
        ).all()
    )
    assert store.inbound_sources(crawl) == expected
    store.close()


def test_link_edges_are_the_a_links_in_page_order(tmp_path: Path) -> None:
    store, crawl = _store(tmp_path)
    expected = [
        (link.source, link.target, link.region, int(link.nofollow))
        for link in store.links(crawl)
        if link.kind == "a"
    ]
    assert [tuple(row) for row in store.link_edges(crawl)] == expected
    store.close()


def test_related_links_to_finds_the_related_links_to_those_targets(tmp_path: Path) -> None:
    store, crawl = _store(tmp_path)
    targets = {f"{SITE}/p3", f"{SITE}/p7", "https://elsewhere.example/x"}
    expected = [link for link in store.related_links(crawl) if link.target in targets]
    assert expected  # the random site has some
    assert store.related_links_to(crawl, targets) == expected
    assert store.related_links_to(crawl, set()) == []
    store.close()


def test_reads_by_target_probe_the_target_index_and_work_without_it(tmp_path: Path) -> None:
    store, crawl = _store(tmp_path)
    targets = [f"{SITE}/p3", f"{SITE}/p7", "https://elsewhere.example/x"]
    expected = [link for link in store.links(crawl) if link.target in targets]
    inbound = {t: len({link.source for link in expected if _inbound(link, t)}) for t in targets}
    statements: list[tuple[str, object]] = []

    def seen(*args: object) -> None:
        statement, parameters = args[2], args[3]
        if "FROM page_links" in str(statement):
            statements.append((str(statement), parameters))

    event.listen(store.connection, "before_cursor_execute", seen)
    assert store.links_to(crawl, targets) == expected
    assert store.inbound_counts(crawl, targets) == inbound
    event.remove(store.connection, "before_cursor_execute", seen)
    assert len(statements) == 1 + len(targets)
    for statement, parameters in statements:
        plan = store.connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        steps = [str(row[3]) for row in plan]
        # Without the hint SQLite reads every link of the crawl by primary key instead.
        assert any("links_target" in step for step in steps), steps

    # A crawl in progress drops the index: the same answers by a scan.
    assert store.defer_read_indexes(crawl)
    assert store.links_to(crawl, targets) == expected
    assert store.inbound_counts(crawl, targets) == inbound
    store.close()


def _inbound(link: Link, target: str) -> bool:
    return link.target == target and link.kind == "a" and link.source != target


def test_the_documented_broken_related_links_query_uses_the_target_index(
    tmp_path: Path,
) -> None:
    """docs/storage.md's example for large crawls answers right and probes links_target."""
    docs = (Path(__file__).parents[2] / "docs" / "storage.md").read_text(encoding="utf-8")
    blocks = [b.split("```")[0] for b in docs.split("```sql\n")[1:]]
    (query,) = [b for b in blocks if "INDEXED BY links_target" in b]
    gone = f"{SITE}/gone"
    pages = [
        Page(
            f"{SITE}/{name}",
            200,
            is_html=True,
            links=[
                Link(f"{SITE}/{name}", gone, "a", "Old", Region.RELATED, False, 0),
                Link(f"{SITE}/{name}", gone, "a", "Old", Region.MAIN, False, 1),
                Link(f"{SITE}/{name}", f"{SITE}/b", "a", "B", Region.RELATED, False, 2),
            ],
        )
        for name in ("a", "b")
    ]
    store = Store.in_folder(tmp_path)
    crawl = store.begin_crawl([f"{SITE}/a"], {})
    store.add_pages(crawl, [*pages, Page(gone, 404)])
    rows = store.connection.exec_driver_sql(query).all()
    assert sorted(tuple(row) for row in rows) == [
        (f"{SITE}/a", "Old", gone, 404),
        (f"{SITE}/b", "Old", gone, 404),
    ]
    plan = store.connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}").all()
    assert any("links_target" in str(step[3]) for step in plan)
    store.close()
