from siteaudit.core.records import Link, Region
from tests.analysis.factories import BASE, by_check, page


def test_title_problems(audit) -> None:
    findings = audit(
        [
            page("/none", title=None, title_count=0),
            page("/empty", title="", title_count=1),
            page("/two", title="Two", title_count=2, h1=["Two"]),
            page("/dup1", title="Same Title", h1=["Same Title"]),
            page("/dup2", title="same title", h1=["Same Title"]),
        ]
    )
    assert {f.url for f in by_check(findings, "title-missing")} == {BASE + "/none", BASE + "/empty"}
    assert [f.url for f in by_check(findings, "title-multiple")] == [BASE + "/two"]
    dups = by_check(findings, "title-duplicate")
    assert {f.url for f in dups} == {BASE + "/dup1", BASE + "/dup2"}
    assert dups[0].evidence["others"] in ([BASE + "/dup2"], [BASE + "/dup1"])


def test_heading_and_description_problems(audit) -> None:
    findings = audit(
        [
            page("/noh1", h1=[]),
            page("/twoh1", h1=["Title /twoh1", "Another"]),
            page("/nodesc", meta_description=None),
            page(
                "/mismatch",
                title="Does Swiftpost Need a Tracking Code?",
                h1=["Does COD Need a Tracking Code?"],
            ),
        ]
    )
    assert [f.url for f in by_check(findings, "h1-missing")] == [BASE + "/noh1"]
    assert [f.url for f in by_check(findings, "h1-multiple")] == [BASE + "/twoh1"]
    assert [f.url for f in by_check(findings, "meta-description-missing")] == [BASE + "/nodesc"]
    (mismatch,) = by_check(findings, "title-h1-mismatch")
    assert mismatch.message == 'Title says "Swiftpost", H1 says "COD"'


def test_noindex_pages_and_related_links_to_them(audit) -> None:
    related = Link(BASE + "/", BASE + "/hidden", "a", "Hidden", Region.RELATED, False, 1)
    findings = audit(
        [
            page("/", links=[related]),
            page("/hidden", meta_robots="noindex, follow"),
            page("/header", x_robots_tag="noindex"),
        ]
    )
    assert {f.url for f in by_check(findings, "noindex")} == {BASE + "/hidden", BASE + "/header"}
    (linked,) = by_check(findings, "noindex-linked-as-related")
    assert linked.url == BASE + "/" and linked.evidence["target"] == BASE + "/hidden"


def test_legacy_encoding_and_images_without_alt(audit) -> None:
    images = [
        Link(BASE + "/", BASE + "/a.png", "img", None, Region.MAIN, False, 1),
        Link(BASE + "/", BASE + "/b.png", "img", "", Region.MAIN, False, 2),
    ]
    findings = audit([page("/", links=images, encoding="gbk"), page("/u", encoding="utf-8")])
    assert [f.url for f in by_check(findings, "legacy-encoding")] == [BASE + "/"]
    (alt,) = by_check(findings, "image-missing-alt")
    assert alt.evidence["images"] == [BASE + "/a.png"]
