"""Catalogue entries of the link-checking checks (``siteaudit check``), merged into
siteaudit.analysis.catalog."""

from __future__ import annotations

from siteaudit.analysis.check_info import CheckInfo

from siteaudit.core.records import Severity

LINK_CHECKS = [
    CheckInfo(
        "broken-external-link",
        "Broken external link",
        "links",
        Severity.ERROR,
        "The link leaves the site for an address that answers 4xx/5xx, a TLS error or nothing.",
        "Update the link to the resource's current address, or remove it.",
    ),
    CheckInfo(
        "blocked-link",
        "Link blocked by bot protection",
        "links",
        Severity.WARNING,
        "The host answered with a bot challenge (403 with a challenge header, or 999), so the "
        "link could not be checked; it may work in a browser.",
        "Check it by hand; exclude the host (--exclude) if it always blocks checkers.",
    ),
    CheckInfo(
        "missing-fragment",
        "Link to a missing fragment",
        "links",
        Severity.ERROR,
        "The page exists but has no element with the id after '#': readers land at the top "
        "instead of the section the link promised.",
        "Link to an id that exists on the target page, or add the id there.",
    ),
]
