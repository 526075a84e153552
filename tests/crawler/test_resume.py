"""The resume plan: what an interrupted crawl still has to fetch and to check."""

from __future__ import annotations

from pathlib import Path

from siteaudit.crawler.resume import plan_resume

from siteaudit.core.records import Link, Page
from siteaudit.store import Store

SITE = "http://help.example.test"
CDN = "http://cdn.example.test"


def _links(source: str, *targets: tuple[str, str]) -> list[Link]:
    return [Link(source, target, kind=kind, position=i) for i, (kind, target) in enumerate(targets)]


def test_unfetched_pages_are_pending_once_shallowest_first_and_only_checks_are_kept(
    tmp_path: Path,
) -> None:
    home, a, b = f"{SITE}/", f"{SITE}/a", f"{SITE}/b"
    pages = [
        Page(home, 200, is_html=True, depth=0),
        Page(a, 200, is_html=True, depth=1),
        Page(b, 200, is_html=True, depth=3),
    ]
    pages[0].links = _links(home, ("a", a), ("a", f"{SITE}/x"), ("img", f"{SITE}/logo.png"))
    # /y is found deep first, then shallower: it is pending at the shallow depth, in the
    # order a stable sort of every candidate by depth gives.
    pages[2].links = _links(b, ("a", f"{SITE}/y"), ("a", f"{CDN}/guide"), ("script", f"{CDN}/s.js"))
    pages[1].links = _links(a, ("a", f"{SITE}/z"), ("a", f"{SITE}/y"), ("a", f"{SITE}/x"))
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl([home], {})
        store.add_pages(crawl, pages)
        plan = plan_resume(store, crawl, {"help.example.test"})
        everything = plan_resume(store, crawl)  # no site hosts known: every link is kept

    pending = [(p.url, p.depth, p.source) for p in plan.pending]
    assert pending == [
        (f"{SITE}/x", 1, home),
        (f"{SITE}/z", 2, a),
        (f"{SITE}/y", 2, a),
        (f"{CDN}/guide", 4, b),
    ]
    assert [(p.url, p.depth) for p in everything.pending] == [(u, d) for u, d, _ in pending]
    # Links to the site's own unfetched pages are not checks: not kept as links.
    unchecked = {s: [(ln.kind, ln.target) for ln in links] for s, links in plan.unchecked.items()}
    assert unchecked == {
        home: [("img", f"{SITE}/logo.png")],
        b: [("a", f"{CDN}/guide"), ("script", f"{CDN}/s.js")],
    }
    assert plan.depths == {home: 0, b: 3}
    assert sum(len(v) for v in everything.unchecked.values()) == 8
