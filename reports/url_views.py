"""Unique-URL views: the response-codes table, the URL inspector's records and the URL search.

Every URL the crawl fetched or saw linked gets one record: status and redirect hops,
indexability (meta robots, X-Robots-Tag, canonical, robots.txt), the pages linking to it
(anchor, region, rel), its own links and the findings about it. Records go to
``data/url-<n>.js`` shards picked by CRC-32 of the URL (assets/report.js computes the same),
so the inspector loads only the one shard a URL lives in, from file:// and with no server;
a shard lists each URL, anchor text and link style once (LinkIndex.shard_links).
The search box reads ``data/search-<n>.js``: every URL with its title and status, loaded on
first use, a few MB at 100,000 pages.

Pages with thousands of inlinks (a header link on every page) keep the first
``INLINKS_KEPT`` linking places and their total; lists stay readable and the shards bounded.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from siteaudit.reports.data_tables import Cell, Column
from siteaudit.reports.link_index import LinkIndex

from siteaudit.core.records import Finding, Page

URLS_PER_SHARD = 400  # inspector shards: one small file per look-up
SEARCH_PER_SHARD = 25000  # search shards: ~2 MB each at 100,000 URLs
FINDINGS_KEPT = 100

# The tabs of the response-codes page, in order; "not crawled": linked but never fetched.
STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx", "blocked", "error", "not crawled")

RESPONSE_COLUMNS = (
    Column("url", "URL", "url"),
    Column("class", "Class"),
    Column("status", "Status"),
    Column("type", "Type"),
    Column("inlinks", "Linking pages", "num"),
    Column("detail", "Redirects to / error"),
    Column("indexable", "Indexable"),
    Column("findings", "Findings on or linking to it", "num"),
)

EntryHref = Callable[[str], str | None]
_MAX_HOPS = 20


@dataclass(frozen=True, slots=True)
class UrlData:
    """What the pages need to find the URL data: shard counts and the tabs' counts."""

    url_shards: int
    search_shards: int
    total: int
    class_counts: list[tuple[str, int]]


def url_shard(url: str, shards: int) -> int:
    """The 1-based shard number of ``url`` (CRC-32 of its UTF-8 bytes; report.js agrees)."""
    return zlib.crc32(url.encode("utf-8")) % max(1, shards) + 1


@lru_cache(maxsize=1 << 16)
def inspect_href(url: str, root: str = "") -> str:
    """Link to the inspector's view of ``url``, from a page ``root`` away from report/."""
    # Cached: a page listed as one of a duplicate group's others appears in the editor's
    # fixes of every page of the group, and quote() is pure Python (~10 us a URL).
    return f"{root}inspect.html#url={quote(url, safe='')}"


def status_class(page: Page | None) -> str:
    """The response-codes tab a URL falls in."""
    if page is None:
        return "not crawled"
    if page.status <= 0:
        return "blocked" if (page.error or "").startswith("robots.txt") else "error"
    if 200 <= page.status < 600:
        return f"{page.status // 100}xx"
    return "error"


def all_urls(pages: Mapping[str, Page], index: LinkIndex) -> list[str]:
    """Every URL crawled or linked, sorted."""
    return sorted(set(pages).union(index.linked_urls()))


def redirect_hops(url: str, pages: Mapping[str, Page]) -> list[tuple[str, int | str]]:
    """The chain from ``url``: each hop's URL and status, ending at the final answer."""
    hops: list[tuple[str, int | str]] = []
    seen: set[str] = set()
    current: str | None = url
    while current is not None and current not in seen and len(hops) < _MAX_HOPS:
        seen.add(current)
        page = pages.get(current)
        if page is None:
            hops.append((current, "not crawled"))
            break
        hops.append((current, page.status if page.status > 0 else page.error or "no response"))
        current = page.location if 300 <= page.status < 400 or page.redirect_kind else None
    if current is not None and current in seen:
        hops.append((current, "loop"))
    return hops


def _indexability(page: Page | None) -> tuple[str, list[str]]:
    """("yes"/"no"/"—", reasons) for the indexable column and the inspector."""
    if page is None:
        return ("—", [])
    if page.status <= 0:
        if page.error == "robots.txt":
            return ("no", ["blocked by robots.txt"])
        if page.error == "robots.txt unreachable":
            return ("no", ["not fetched: robots.txt unreachable"])
        return ("no", [f"no response ({page.error})" if page.error else "no response"])
    if 300 <= page.status < 400 or page.redirect_kind:
        return ("no", [f"redirects ({page.status})"])
    if page.status >= 400:
        return ("no", [f"status {page.status}"])
    if not page.is_html:
        return ("—", [])
    reasons = []
    if page.noindex:
        reasons.append("noindex")
    if page.canonical and page.canonical != page.url:
        reasons.append("canonicalised")
    return ("no" if reasons else "yes", reasons)


def _detail(page: Page | None) -> str | None:
    if page is None:
        return None
    if page.location and (300 <= page.status < 400 or page.redirect_kind):
        return page.location
    return page.error


def _type(page: Page | None) -> str:
    if page is None:
        return "linked"
    if page.content_type:
        return page.content_type.split(";")[0]
    return page.resource_type


def response_rows(
    urls: list[str],
    pages: Mapping[str, Page],
    index: LinkIndex,
    findings_per_url: Mapping[str, int],
    entry: EntryHref,
) -> Iterator[list[Cell]]:
    """One row per unique URL for the response-codes page (``findings_per_url``: findings
    on the URL plus those about links to it)."""
    for url in urls:
        page = pages.get(url)
        href = entry(url)
        link: list[str | None] = [url, href]
        url_cell: Cell = link if href else url
        status: Cell = None
        if page is not None:
            status = str(page.status) if page.status > 0 else (page.error or "no response")
        yield [
            url_cell,
            status_class(page),
            status,
            _type(page),
            index.inlink_pages(url),
            _detail(page),
            _indexability(page)[0],
            findings_per_url.get(url, 0),
        ]


def _record(
    url: str,
    page: Page | None,
    pages: Mapping[str, Page],
    index: LinkIndex,
    on_page: list[Finding],
    about: list[Finding],
    check_href: Callable[[str], str | None],
    entry: EntryHref,
    inlinks: list[int],
    outlinks: list[int],
) -> dict[str, object]:
    indexable, reasons = _indexability(page)
    record: dict[str, object] = {
        "url": url,
        "class": status_class(page),
        "type": _type(page),
        "entry": entry(url),
        "inlinks_total": index.inlink_pages(url),
        "inlinks": inlinks,
        "outlinks_total": index.outlink_count(url),
        "outlinks": outlinks,
        "indexable": indexable,
        "not_indexable_because": reasons,
        "findings": [_finding_row(f, check_href) for f in on_page[:FINDINGS_KEPT]],
        "findings_total": len(on_page),
        "about": [_finding_row(f, check_href) for f in about[:FINDINGS_KEPT]],
        "about_total": len(about),
    }
    if page is not None:
        record.update(
            status=page.status,
            error=page.error,
            depth=page.depth,
            found_via=page.found_via,
            found_on=page.found_on,
            title=page.title,
            h1=page.h1,
            meta_description=page.meta_description,
            meta_robots=page.meta_robots,
            x_robots_tag=page.x_robots_tag,
            canonical=page.canonical,
            response_ms=round(page.elapsed_ms) if page.elapsed_ms is not None else None,
            words=page.word_count if page.is_html else None,
            hops=[list(hop) for hop in redirect_hops(url, pages)] if page.location else [],
        )
    return record


def _short_status(page: Page | None) -> str:
    if page is None:
        return "not crawled"
    return str(page.status) if page.status > 0 else (page.error or "no response")


def _finding_row(f: Finding, check_href: Callable[[str], str | None]) -> list[object]:
    return [f.check, str(f.severity), f.message, f.element, f.url, check_href(f.check)]


def write_url_data(
    data_dir: Path,
    urls: list[str],
    pages: Mapping[str, Page],
    index: LinkIndex,
    by_url: Mapping[str, list[Finding]],
    about: Mapping[str, list[Finding]],
    check_href: Callable[[str], str | None],
    entry: EntryHref,
) -> UrlData:
    """Write the inspector's and the search box's shards for ``urls``."""
    url_shards = max(1, -(-len(urls) // URLS_PER_SHARD))
    buckets: dict[int, list[str]] = defaultdict(list)
    for url in urls:
        buckets[url_shard(url, url_shards)].append(url)
    for number in range(1, url_shards + 1):
        group = buckets.get(number, [])
        links = index.shard_links(group)
        records = {
            url: _record(
                url,
                pages.get(url),
                pages,
                index,
                by_url.get(url, []),
                about.get(url, []),
                check_href,
                entry,
                inlinks,
                outlinks,
            )
            for url, inlinks, outlinks in zip(group, links.inlinks, links.outlinks, strict=True)
        }
        # Each URL (with its status), anchor text and (region, kind, rel) once a shard; a
        # record's links are flat (url, text, style) index triples: the same menu, footer and
        # related links recur on every page, and their URLs and texts were 86% of a shard
        # (22 KB a URL at 100,000 pages). assets/report.js unpacks it.
        shard = {
            "u": links.urls,
            "us": [_short_status(pages.get(url)) for url in links.urls],
            "t": links.texts,
            "s": links.styles,
            "r": records,
        }
        payload = json.dumps(shard, ensure_ascii=False, separators=(",", ":"))
        (data_dir / f"url-{number}.js").write_text(
            f"siteauditUrls({number},{payload});\n", encoding="utf-8"
        )
    search_shards = max(1, -(-len(urls) // SEARCH_PER_SHARD))
    for number in range(1, search_shards + 1):
        chunk = urls[(number - 1) * SEARCH_PER_SHARD : number * SEARCH_PER_SHARD]
        rows = [[url, _title(pages.get(url)), _short_status(pages.get(url))] for url in chunk]
        payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        (data_dir / f"search-{number}.js").write_text(
            f"siteauditSearch({number},{payload});\n", encoding="utf-8"
        )
    counts = Counter(status_class(pages.get(url)) for url in urls)
    return UrlData(
        url_shards,
        search_shards,
        len(urls),
        [(c, counts.get(c, 0)) for c in STATUS_CLASSES],
    )


def _title(page: Page | None) -> str:
    return (page.title or "") if page is not None else ""


def findings_about(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings on other pages whose evidence names a URL as target (a link to it)."""
    about: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        target = f.evidence.get("target")
        if isinstance(target, str) and target != f.url:
            about[target].append(f)
    return dict(about)
