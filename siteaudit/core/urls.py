"""URL normalisation: one spelling per resource, so a page is fetched and stored once."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import ada_url
from w3lib.url import canonicalize_url

QUERY_MODES = ("keep", "strip-tracking", "drop")

# Parameters that change tracking or session state, never the content.
_TRACKING_PARAM = re.compile(
    r"^(utm_\w+|gclid|fbclid|msclkid|dclid|yclid|mc_cid|mc_eid|_ga|_gl|ref_src|"
    r"sessionid|session_id|sid|phpsessid|jsessionid|aspsessionid\w*|cfid|cftoken)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PLAIN_PATH = re.compile(r"/[A-Za-z0-9_.~/-]*")
# The netloc of an http(s) URL without the characters urlsplit strips or removes.
_HTTP_NETLOC = re.compile(r"https?://([^/?#\s\x00-\x1f]*)(?=[/?#]|\Z)", re.ASCII)
# What Scrapy fetches (its URLLENGTH_LIMIT, set from this) and a start URL may be: longer
# URLs are the old Internet Explorer limit's worth of trouble for crawlers and servers alike.
MAX_URL_LENGTH = 2083
_BAD_HOST = re.compile(r"[\s/\\<>\"`{}|^]")
_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "ftp:", "file:", "about:", "sms:")


@lru_cache(maxsize=16384)
def normalize_url(url: str, query: str = "strip-tracking") -> str | None:
    """Canonical form of an absolute http(s) URL, or None if it is not one we crawl.

    Fragments are dropped, host lowercased and IDNA-encoded, default ports removed, path
    dot-segments resolved and percent-encoding made uniform, query parameters sorted;
    ``query`` decides what happens to the query string (see ``QUERY_MODES``).
    """
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return None
    # A "%" that starts no escape is a literal percent sign: spell it %25, or decoding
    # "%4%44" would make "%4D", a new escape, and a second pass another URL (found by
    # fuzzing; see tests/crawler/test_extraction_properties.py).
    url = _STRAY_PERCENT.sub("%25", url)
    # ";jsessionid=..." path parameters are session state too.
    url = re.sub(r";jsessionid=[^?#/]*", "", url, flags=re.IGNORECASE)
    try:
        canon = canonicalize_url(url, keep_fragments=False)
        parts = urlsplit(canon)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    netloc = parts.hostname
    if ":" in netloc:  # an IPv6 literal: urlsplit drops its brackets
        bracketed = _ipv6_netloc(netloc)
        if bracketed is None:
            return None
        netloc = bracketed
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme):
        netloc = f"{netloc}:{port}"
    if parts.username or parts.password:
        netloc = f"{parts.netloc.rsplit('@', 1)[0]}@{netloc}"
    query_string = parts.query
    if query == "drop":
        query_string = ""
    elif query == "strip-tracking" and query_string:
        pairs = parse_qsl(query_string, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _TRACKING_PARAM.match(k)]
        if len(kept) != len(pairs):
            query_string = urlencode(kept)
    return urlunsplit((parts.scheme, netloc, parts.path or "/", query_string, ""))


def _ipv6_netloc(host: str) -> str | None:
    try:
        return f"[{ipaddress.IPv6Address(host.split('%', 1)[0]).compressed}]"
    except ValueError:
        return None


def start_url_problem(url: str) -> str | None:
    """Why ``url`` cannot start a crawl (not http(s), malformed, too long), or None."""
    if len(url) > MAX_URL_LENGTH:
        return f"URL too long ({len(url)} characters, at most {MAX_URL_LENGTH})"
    if not url.lower().startswith(("http://", "https://")):
        return "not an http(s) URL"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        return f"not a valid URL ({str(exc).lower().rstrip('.')})"
    if not parts.hostname or _BAD_HOST.search(parts.hostname):
        return "not a valid URL (no valid host)"
    normal = normalize_url(url, "keep")
    if normal is None:
        return "not a valid URL"
    if len(normal) > MAX_URL_LENGTH:  # percent-encoding makes "é" six characters long
        return f"URL too long once encoded ({len(normal)} characters, at most {MAX_URL_LENGTH})"
    return None


def resolve_link(base: str, href: str, query: str = "strip-tracking") -> str | None:
    """Resolve an href found on a page against its base URL, then normalise it."""
    href = href.strip()
    if not href or href[0] == "#" or href[:11].lower().startswith(_SKIPPED_SCHEMES):
        return None
    origin = _origin(base)
    # Most links are paths of the site already in normal form ("/help/reset.html", or the
    # same after the page's own origin): they need no parsing, and no cache entry.
    path = href if href[0] == "/" else href[len(origin) :] if href.startswith(origin) else ""
    if path and _is_plain_path(path) and _is_normal_origin(origin):
        return origin + path
    # The same template links appear on every page: key the cache on what the result
    # depends on (nothing, the origin, or the base) so they resolve once per site.
    if href.startswith(("http://", "https://", "HTTP://", "HTTPS://")):
        base = ""
    elif href[0] == "/" and not href.startswith("//"):
        base = origin
    return _resolve(base, href, query)


def _is_plain_path(path: str) -> bool:
    """True for a path that normalisation leaves as it is: "/", letters, digits, "-._~"
    and no "." segment or "//" (no query, fragment, escapes or dot segments)."""
    return _PLAIN_PATH.fullmatch(path) is not None and "/." not in path and "//" not in path


@lru_cache(maxsize=256)
def _is_normal_origin(origin: str) -> bool:
    return normalize_url(origin + "/", "keep") == origin + "/"


# Relative links ("../x.html") are cached per page: a small cache holds what repeats.
@lru_cache(maxsize=16384)
def _resolve(base: str, href: str, query: str) -> str | None:
    # Resolved as browsers do (the WHATWG URL standard, through ada): for http(s), "\\" is
    # "/", "///x" names the host x, and "//////" names no host at all (no link); urljoin
    # made both a path of the page's own host. Tabs and newlines are dropped on the way.
    try:
        joined = ada_url.join_url(base, href) if base else ada_url.normalize_url(href)
        return normalize_url(joined, query)
    except ValueError:
        return None


def _origin(url: str) -> str:
    end = url.find("/", url.find("//") + 2)
    return url if end == -1 else url[:end]


def host_of(url: str) -> str:
    """The lowercased host[:port] of a normalised URL (``urlsplit(url).netloc.lower()``)."""
    # Asked for every link of every page (is it internal?): one C regex match, not urlsplit.
    match = _HTTP_NETLOC.match(url)
    # Not plain http(s), or an IPv6 literal (whose brackets urlsplit checks): urlsplit.
    if match is None or "[" in (netloc := match.group(1)) or "]" in netloc:
        return urlsplit(url).netloc.lower()
    return netloc.lower()


def without_query(url: str) -> str:
    """The URL with its query string removed (the key used by the spider-trap guard)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
