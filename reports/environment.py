"""The report's Jinja environment and the filters its templates use to show values."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from markupsafe import Markup, escape
from siteaudit.reports.data_tables import cell_href, cell_links, cell_text, lines_of
from siteaudit.reports.url_views import inspect_href

from siteaudit.core.checks import check_spec
from siteaudit.core.records import CrawlRun, Page

TEMPLATE_DIR = Path(__file__).parent / "templates"

# Only these schemes become clickable; anything else (javascript:, data:, ...) stays text.
_HTTP_URL = re.compile(r"https?://", re.IGNORECASE)
_STAT_LABELS = {
    "pages_crawled": "Pages crawled",
    "pages": "Pages",
    "requests": "Requests",
    "elapsed_s": "Duration (seconds)",
    "duration_s": "Duration (seconds)",
    "pages_per_s": "Pages per second",
    "errors": "Errors",
    "bytes": "Bytes downloaded",
    "render_notice": "Rendering",
}


def http_href(url: object) -> str | None:
    """The URL itself when it is safe to link to (http or https), else None."""
    if isinstance(url, str) and _HTTP_URL.match(url):
        return url
    return None


def url_html(value: object) -> Markup:
    """A crawled URL as a link when it is http(s), else as text; escaped either way.

    The same markup as the ``url`` macro of _macros.html; a filter because the per-page
    templates call it hundreds of thousands of times and a Jinja macro call costs ~20 us.
    """
    text = escape(value)
    if http_href(value):
        return Markup(f'<a class="url" href="{text}" rel="noopener noreferrer nofollow">{text}</a>')
    return Markup(f'<span class="url">{text}</span>')


def severity_html(value: object) -> Markup:
    """A severity badge: the ``severity`` macro of _macros.html as a filter."""
    text = escape(value)
    return Markup(f'<span class="sev sev-{text}">{text}</span>')


class ReportTemplateError(Exception):
    """A report template (most likely a user's override) failed to load or render."""


def render_template(env: Environment, name: str, context: Mapping[str, object]) -> str:
    """Render template ``name``; a broken template is one ReportTemplateError line."""
    try:
        return env.get_template(name).render(context)
    except TemplateError as exc:
        where = name
        if isinstance(exc, TemplateSyntaxError):
            where = f"{exc.filename or exc.name or name}, line {exc.lineno}"
        what = (exc.message or type(exc).__name__).splitlines()[0]
        raise ReportTemplateError(f"report template {where}: {what}") from exc


def make_environment(template_dir: Path | None = None) -> Environment:
    """Jinja environment: user templates (if any) override the bundled ones, name by name."""
    loaders = [FileSystemLoader(str(template_dir))] if template_dir else []
    loaders.append(FileSystemLoader(str(TEMPLATE_DIR)))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["http_href"] = http_href
    env.filters["url_html"] = url_html
    env.filters["severity_html"] = severity_html
    env.filters["number"] = format_number
    env.filters["when"] = _format_time
    env.filters["evidence_items"] = _evidence_items
    env.filters["status_text"] = _status_text
    env.filters["cell_text"] = cell_text
    env.filters["cell_href"] = cell_href
    env.filters["cell_links"] = cell_links
    env.filters["cell_lines"] = lines_of
    env.filters["inspect_href"] = inspect_href
    env.globals["check_info"] = check_spec
    return env


# Shown as their own tables (top pages) or as the depth chart and its table, not as a value.
_SITE_STATS_APART = {"top_pages", "depth_histogram"}


def site_stat_rows(site_stats: Mapping[str, object] | None) -> list[tuple[str, str]]:
    """Site-level statistics (link graph and other analyses) as label/value rows."""
    if not site_stats:
        return []
    return [
        (str(k).replace("_", " ").capitalize(), format_number(v))
        for k, v in site_stats.items()
        if k not in _SITE_STATS_APART
    ]


def top_page_rows(site_stats: Mapping[str, object] | None) -> list[tuple[str, str, str]]:
    """(url, title, link score) of the pages the link graph ranks highest."""
    top = (site_stats or {}).get("top_pages")
    rows = []
    for item in top if isinstance(top, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("url"), str):
            rows.append(
                (item["url"], str(item.get("title") or ""), format_number(item.get("score")))
            )
    return rows


def stat_rows(run: CrawlRun) -> list[tuple[str, str]]:
    """Whatever statistics the crawl recorded, known keys first with friendly labels."""
    keys = [k for k in _STAT_LABELS if k in run.stats]
    keys += sorted(k for k in run.stats if k not in _STAT_LABELS)
    rows = [(_STAT_LABELS.get(k, k.replace("_", " ").capitalize()), run.stats[k]) for k in keys]
    if not any(k in run.stats for k in ("elapsed_s", "duration_s")):
        seconds = _duration_s(run)
        if seconds is not None:
            rows.insert(0, ("Duration (seconds)", seconds))
    return [(label, format_number(value)) for label, value in rows]


def _duration_s(run: CrawlRun) -> float | None:
    try:
        start = datetime.fromisoformat(run.started_at)
        end = datetime.fromisoformat(run.finished_at or "")
    except ValueError:
        return None
    return (end - start).total_seconds()


# -- filters -----------------------------------------------------------------------------


def format_number(value: object) -> str:
    """Numbers with thousands separators; nested statistics as "name value" pairs."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list) and not value:
        return "—"
    if isinstance(value, dict):
        # nested statistics (per-family timings...) read better as "name value" pairs
        return ", ".join(f"{k} {format_number(v)}" for k, v in sorted(value.items()))
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def _format_time(value: str | None) -> str:
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    zone = moment.strftime(" %Z") if moment.tzinfo else ""
    return moment.strftime("%Y-%m-%d %H:%M:%S") + zone


def _evidence_items(evidence: dict[str, object]) -> list[tuple[str, str, str | None]]:
    """(key, text, href) for each evidence entry; href only for http(s) URLs."""
    items = []
    for key in sorted(evidence):
        value = evidence[key]
        if value is None:
            text = "—"
        elif isinstance(value, str):
            text = value
        elif isinstance(value, int | float):
            text = format_number(value)
        else:
            text = json.dumps(value, ensure_ascii=False, default=str)
        items.append((str(key).replace("_", " "), text, http_href(value)))
    return items


def _status_text(page: Page) -> str:
    if page.status <= 0:
        return f"no response ({page.error})" if page.error else "no response"
    if page.error:
        return f"{page.status} ({page.error})"
    return str(page.status)
