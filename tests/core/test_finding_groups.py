"""Findings about a link target, grouped by (check, target)."""

from __future__ import annotations

from siteaudit.core.checks import CHECKS, EVIDENCE_TYPES, make_finding
from siteaudit.core.finding_groups import group_findings, group_id, is_grouped

SITE = "http://127.0.0.1:9"


def _broken(page: str, target: str, **position: int) -> object:
    return make_finding(
        "broken-link",
        f"{SITE}/{page}",
        f"Link goes to {target}: 404",
        evidence={"target": f"{SITE}/{target}", "status": 404, "anchor": page, **position},
    )


def test_checks_about_a_link_target_say_so_once_in_the_registry() -> None:
    grouped = {c for c, spec in CHECKS.items() if spec.subject == "target"}
    assert {"broken-link", "broken-external-link", "robots-blocked", "redirected-link"} <= grouped
    assert "redirect-chain" not in grouped  # reported once, at the redirecting URL itself
    assert "title-duplicate" not in grouped
    for check in grouped:
        # every grouped check's evidence names the target it is about
        assert "target" in EVIDENCE_TYPES[CHECKS[check].evidence], check


def test_one_group_per_target_with_its_linking_places_most_linked_first() -> None:
    findings = [
        _broken("a", "x.css", line=3, column=5),
        _broken("b", "x.css", line=4, column=1),
        _broken("c", "x.css"),
        _broken("a", "y.html"),
        make_finding("title-missing", f"{SITE}/a", "No title"),
    ]
    groups = group_findings(findings)
    assert [(g.target, g.inlinks) for g in groups] == [(f"{SITE}/x.css", 3), (f"{SITE}/y.html", 1)]
    places = groups[0].places
    assert [(p.page, p.anchor, p.line, p.column) for p in places] == [
        (f"{SITE}/a", "a", 3, 5),
        (f"{SITE}/b", "b", 4, 1),
        (f"{SITE}/c", "c", None, None),
    ]
    assert groups[0].id == group_id("broken-link", f"{SITE}/x.css")
    assert groups[0].id != groups[1].id
    assert not is_grouped("title-missing")


def test_two_links_on_one_page_count_one_linking_page() -> None:
    groups = group_findings([_broken("a", "x.css", line=3), _broken("a", "x.css", line=9)])
    assert (groups[0].inlinks, len(groups[0].findings)) == (1, 2)
