"""What the CLI says when a crawl cannot render pages (no scrapy-playwright or no Chromium)."""

from __future__ import annotations

from siteaudit.core.config import ConfigError, CrawlConfig
from siteaudit.crawler.rendering.support import render_problem


def render_notice(config: CrawlConfig) -> str | None:
    """The one-line notice for ``render = "auto"`` without a browser (pages crawled raw).

    ``render = "always"`` without one is a config error (ConfigError, exit 2).
    """
    if config.render == "never":
        return None
    problem = render_problem()
    if problem is None:
        return None
    if config.render == "always":
        raise ConfigError(f"--render always: {problem}")
    return f"siteaudit: notice: pages were crawled raw, not rendered: {problem}"


def render_summary(stats: dict[str, object], quiet: bool) -> str:
    """The crawl summary's lines on rendering: how many pages, and each part's decision."""
    lines = [
        f"Rendering ({stats['render']}): {stats.get('pages_rendered', 0)} pages audited as "
        f"rendered by Chromium, {stats.get('pages_sampled', 0)} rendered in all, "
        f"{stats.get('render_errors', 0)} failed."
    ]
    decisions = str(stats.get("render_decisions") or "")
    if decisions and not quiet:
        lines += [f"  {part}" for part in decisions.split("; ")]
    return "\n".join(lines)
