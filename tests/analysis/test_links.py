from siteaudit.analysis.redirects import follow_redirects

from siteaudit.core.records import Link, Region
from tests.analysis.factories import BASE, by_check, page


def _link(source: str, target: str, pos: int, region: str = Region.MAIN, text: str = "x") -> Link:
    return Link(BASE + source, BASE + target, "a", text, region, False, pos)


def test_broken_links_name_source_anchor_and_status(audit) -> None:
    findings = audit(
        [
            page("/", links=[_link("/", "/gone", 1, text="Old guide"), _link("/", "/ok", 2)]),
            page("/gone", 404),
            page("/ok"),
        ]
    )
    (broken,) = by_check(findings, "broken-link")
    assert broken.url == BASE + "/"
    assert broken.evidence["target"] == BASE + "/gone"
    assert broken.evidence["status"] == 404
    assert "Old guide" in broken.message and "404" in broken.message


def test_broken_related_link_says_which_entry_of_the_list(audit) -> None:
    links = [
        _link("/", "/a", 1, Region.NAV),
        _link("/", "/r1", 2, Region.RELATED),
        _link("/", "/r2", 3, Region.RELATED),
    ]
    findings = audit([page("/", links=links), page("/a"), page("/r1"), page("/r2", 410)])
    (broken,) = by_check(findings, "broken-related-link")
    assert broken.evidence["related_number"] == 2
    assert broken.message.startswith("Related link 2")


def test_network_errors_are_broken_but_robots_blocks_are_notices(audit) -> None:
    findings = audit(
        [
            page("/", links=[_link("/", "/down", 1), _link("/", "/private/x", 2)]),
            page("/down", 0, error="connection refused"),
            page("/private/x", 0, error="robots.txt"),
        ]
    )
    assert [f.evidence["target"] for f in by_check(findings, "broken-link")] == [BASE + "/down"]
    assert [f.evidence["target"] for f in by_check(findings, "robots-blocked")] == [
        BASE + "/private/x"
    ]


def test_link_to_redirect_suggests_the_final_url_and_chains_are_reported(audit) -> None:
    findings = audit(
        [
            page("/", links=[_link("/", "/old", 1)]),
            page("/old", 301, location=BASE + "/mid"),
            page("/mid", 302, location=BASE + "/new", found_via="redirect"),
            page("/new", found_via="redirect"),
        ]
    )
    (redirected,) = by_check(findings, "redirected-link")
    assert redirected.evidence["final"] == BASE + "/new"
    assert BASE + "/new" in (redirected.fix or "")
    (chain,) = by_check(findings, "redirect-chain")
    assert chain.url == BASE + "/old"
    assert chain.evidence["hops"] == [BASE + "/old", BASE + "/mid", BASE + "/new"]


def test_a_linked_redirect_loop_is_reported_once_as_the_broken_link_into_it(audit) -> None:
    findings = audit(
        [
            page("/", links=[_link("/", "/a", 1)]),
            page("/a", 301, location=BASE + "/b", found_via="link"),
            page("/b", 301, location=BASE + "/a", found_via="redirect"),
        ]
    )
    assert by_check(findings, "redirect-loop") == []
    (broken,) = by_check(findings, "broken-link")
    assert "redirect loop" in broken.message


def test_a_redirect_loop_no_link_leads_into_is_one_error_where_it_starts(audit) -> None:
    findings = audit(
        [
            page("/", found_via="start"),
            page("/a", 301, location=BASE + "/b", found_via="sitemap"),
            page("/b", 301, location=BASE + "/a", found_via="redirect"),
        ]
    )
    (loop,) = by_check(findings, "redirect-loop")
    assert loop.evidence["hops"] == [BASE + "/a", BASE + "/b"]
    assert by_check(findings, "broken-link") == []


def test_follow_redirects_stops_on_long_chains() -> None:
    pages = {f"{BASE}/{i}": page(f"/{i}", 301, location=f"{BASE}/{i + 1}") for i in range(50)}
    assert follow_redirects(f"{BASE}/0", pages).loop


def test_sitemap_only_page_is_an_orphan_and_linked_pages_are_not(audit) -> None:
    findings = audit(
        [
            page("/", links=[_link("/", "/linked", 1)]),
            page("/linked", found_via="link"),
            page("/lonely", found_via="sitemap"),
            page("/gone", 404, found_via="sitemap"),
        ],
        sitemap=["/linked", "/lonely", "/gone"],
    )
    assert [f.url for f in by_check(findings, "orphan-page")] == [BASE + "/lonely"]
    assert [f.url for f in by_check(findings, "page-error")] == [BASE + "/gone"]


def test_many_unlinked_candidates_are_counted_in_one_pass_with_the_same_result(audit) -> None:
    # A folder check starts at every file: 60 start pages, each linking to the next.
    pages = [
        page(f"/{n}", found_via="start", links=[_link(f"/{n}", f"/{n + 1}", 1)]) for n in range(60)
    ]
    pages += [page("/60", 404, found_via="start"), page("/61", 404, found_via="start")]
    findings = audit(pages)
    # /60 is linked from /59 (reported as a broken link there); /61 from nowhere.
    assert [f.url for f in by_check(findings, "page-error")] == [BASE + "/61"]
