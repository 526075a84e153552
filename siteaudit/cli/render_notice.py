"""What the CLI says about rendering: the crawl summary's lines, and a missing browser."""

from __future__ import annotations

from siteaudit.core.config import CrawlConfig
from siteaudit.crawler.rendering.support import render_problem, unavailable_notice


def render_notice(config: CrawlConfig) -> str | None:
    """The one-line notice for a crawl that is to render but has no browser (``check``).

    A crawl (``siteaudit crawl``) says it from its stats instead (``render_notice``), only
    when it would have rendered a page.
    """
    if config.render == "never":
        return None
    problem = render_problem()
    return None if problem is None else f"siteaudit: notice: {unavailable_notice(problem)}"


def render_summary(stats: dict[str, object], quiet: bool) -> str:
    """The crawl summary's lines on rendering: how many pages, and each part's decision."""
    if stats.get("render_notice"):
        return f"Rendering: {stats['render_notice']}"
    lines = [
        f"Rendering ({stats['render']}): {stats.get('pages_rendered', 0)} pages audited as "
        f"rendered by Chromium, {stats.get('pages_sampled', 0)} rendered in all, "
        f"{stats.get('render_errors', 0)} failed."
    ]
    decisions = str(stats.get("render_decisions") or "")
    if decisions and not quiet:
        lines += [f"  {part}" for part in decisions.split("; ")]
    return "\n".join(lines)
