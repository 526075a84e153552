"""Evidence for a page that shares something with others (a title, a text): the others, bounded.

When 10,000 pages share one meta description there are 10,000 findings; listing every other
page in each would grow the findings with the square of the group (10^8 URLs). Each finding
lists the first MAX_LISTED others in URL order and says how many there are in all.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_LISTED = 20


def others_of(sorted_urls: Sequence[str], url: str, limit: int = MAX_LISTED) -> list[str]:
    """The first `limit` URLs of a sorted group other than `url`, in O(limit)."""
    return [u for u in sorted_urls[: limit + 1] if u != url][:limit]


def group_evidence(sorted_urls: Sequence[str], url: str) -> dict[str, object]:
    """Evidence for `url`, a member of the sorted group: some others, their count, the first."""
    others = others_of(sorted_urls, url)
    return {"others": others, "others_count": len(sorted_urls) - 1, "target": others[0]}
