import random

from siteaudit.analysis.duplicates import check_duplicate_headings
from siteaudit.analysis.groups import MAX_LISTED, group_evidence, pages_sharing_a_key

from siteaudit.core.records import Page
from tests.analysis.factories import BASE, by_check, page
from tests.helpers import traced


def test_group_evidence_lists_a_bounded_number_of_others_and_counts_all() -> None:
    urls = sorted(f"{BASE}/p{i:03}" for i in range(100))
    evidence = group_evidence(urls, urls[5])
    assert evidence["others_count"] == 99
    assert evidence["others"] == [u for u in urls if u != urls[5]][:MAX_LISTED]
    assert evidence["target"] == urls[0]
    assert group_evidence(urls, urls[0])["target"] == urls[1]


def _pages(count: int, **kw: object) -> list[Page]:
    return [Page(url=f"{BASE}/a{i:04}", status=200, is_html=True, **kw) for i in range(count)]


def test_a_large_group_sharing_a_description_stays_linear_in_size() -> None:
    pages = _pages(600, title="Same", h1=["Same"], meta_description="One for all.")
    findings = list(check_duplicate_headings(pages, lambda s: s))
    for check in ("meta-description-duplicate", "h1-duplicate"):
        group = by_check(findings, check)
        assert len(group) == 600
        assert all(len(f.evidence["others"]) == MAX_LISTED for f in group)
        assert all(f.evidence["others_count"] == 599 for f in group)
        assert group[0].message.startswith("599 other page(s)")


def test_near_duplicate_titles_count_only_the_other_spellings() -> None:
    pages = _pages(300, title="Track a Parcel", h1=["x"])
    for p in pages[::3]:
        p.title = "Track a parcel!"
    findings = by_check(list(check_duplicate_headings(pages, lambda s: s)), "title-near-duplicate")
    assert len(findings) == 300
    mine = next(f for f in findings if f.snippet == "Track a parcel!")
    assert mine.evidence["others_count"] == 200
    assert mine.evidence["titles"] == ["Track a Parcel"]
    assert len(mine.evidence["others"]) == MAX_LISTED
    theirs = next(f for f in findings if f.snippet == "Track a Parcel")
    assert theirs.evidence["others_count"] == 100


def test_duplicate_titles_in_a_big_group(audit) -> None:
    findings = audit([page(f"/t{i}", title="Shared", h1=[f"H {i}"]) for i in range(40)])
    dups = by_check(findings, "title-duplicate")
    assert len(dups) == 40
    assert {f.evidence["others_count"] for f in dups} == {39}
    assert {len(f.evidence["others"]) for f in dups} == {MAX_LISTED}


def test_pages_sharing_a_key_are_grouped_in_page_order() -> None:
    rng = random.Random(4)
    keys = [rng.choice(["", "a", "b", "c", *(f"k{i}" for i in range(40))]) for _ in range(300)]
    pages = [Page(f"{i:03d}", title=key) for i, key in enumerate(keys)]
    expected: dict[str, list[Page]] = {}
    for titled in pages:
        if titled.title:
            expected.setdefault(titled.title, []).append(titled)
    groups = pages_sharing_a_key(pages, lambda p: p.title or "")
    assert groups == [g for g in expected.values() if len(g) > 1]
    assert pages_sharing_a_key([], lambda p: "x") == []


def test_grouping_pages_by_key_holds_no_key_per_page() -> None:
    # 20,000 distinct 100-character titles: a dict of their keys took ~5 MB.
    pages = [Page(f"/p{i}", title=f"{i:08d} " + "x" * 91) for i in range(20_000)]
    groups, (_, peak) = traced(lambda: pages_sharing_a_key(pages, lambda p: p.title or ""))
    assert groups == []
    assert peak < 1_500_000, peak
