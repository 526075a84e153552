"""Crawl configuration: one frozen dataclass, loaded from siteaudit.toml or pyproject.toml.

Precedence: built-in defaults < config file < command-line flags.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from siteaudit.core.urls import QUERY_MODES
from siteaudit.core.version import USER_AGENT

CONFIG_FILE = "siteaudit.toml"


class ConfigError(Exception):
    """A bad configuration value or file; the message names the culprit."""


@dataclass(frozen=True, slots=True)
class CrawlConfig:
    """Everything that decides what a crawl fetches and how politely."""

    start_urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    use_sitemaps: bool = True  # also read robots.txt Sitemap: lines and /sitemap.xml
    allowed_hosts: tuple[str, ...] = ()  # besides the start URLs' hosts
    include: tuple[str, ...] = ()  # regexes; when given, only matching URLs are crawled
    exclude: tuple[str, ...] = ()  # regexes; matching URLs are not crawled
    max_pages: int = 100_000
    max_depth: int = 50
    query: str = "strip-tracking"  # keep | strip-tracking | drop
    max_query_variants: int = 50  # per path, before it is reported as a spider trap
    obey_robots: bool = True
    concurrency: int = 16
    per_host_concurrency: int = 8
    delay: float = 0.0  # seconds between requests to one host
    timeout: float = 20.0
    max_size_mb: float = 10.0
    retries: int = 1
    user_agent: str = USER_AGENT
    max_redirect_hops: int = 20
    # Link checking (siteaudit check); all off for a plain crawl.
    check_assets: bool = False  # fetch internal images, scripts, styles (and CSS url())...
    check_external: bool = False  # one HEAD (or GET) per distinct external URL
    check_fragments: bool = False  # "page#id": the id must exist on an internal page
    check_external_fragments: bool = False  # the same for external pages (GETs them)
    offline: bool = False  # never contact other hosts, even with check_external
    accept: tuple[str, ...] = ()  # status codes or ranges that count as OK ("200-299", "403")
    headers: tuple[str, ...] = ()  # "Name: value" or "host=Name: value" (host[:port])
    external_per_host: int = 4  # parallel requests to one external host
    external_delay: float = 0.0  # minimum seconds between requests to one external host
    retry_after_max: float = 30.0  # longest Retry-After wait honoured, in seconds
    retry_backoff: float = 0.5  # first backoff of an external retry (doubles, jittered)
    verify_tls: bool = False  # report invalid certificates as "tls" errors
    source_positions: bool = False  # record line:column of each link in the HTML source
    cache_dir: str = ""  # external results cache folder ("" = no cache)
    cache_max_age: float = 86400.0  # seconds a cached external result stays valid
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def validate(self) -> CrawlConfig:
        """Check values a user can get wrong; raise ConfigError naming the option."""
        for url in self.start_urls + self.sitemaps:
            if not re.match(r"^https?://[^/\s]+", url):
                raise ConfigError(f"not an http(s) URL: {url!r}")
        if self.query not in QUERY_MODES:
            raise ConfigError(f"query must be one of {', '.join(QUERY_MODES)}, not {self.query!r}")
        for name in ("max_pages", "concurrency", "per_host_concurrency", "max_query_variants"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1")
        for name in ("max_depth", "retries", "delay"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name} must not be negative")
        if self.timeout <= 0 or self.max_size_mb <= 0:
            raise ConfigError("timeout and max_size_mb must be positive")
        if self.external_per_host < 1:
            raise ConfigError("external_per_host must be at least 1")
        for name in ("external_delay", "retry_after_max", "cache_max_age", "retry_backoff"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name} must not be negative")
        parse_status_ranges(self.accept)
        for header in self.headers:
            parse_header(header)
        for pattern in self.include + self.exclude:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(f"bad regular expression {pattern!r}: {exc}") from exc
        return self

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlConfig:
        """Build from plain values (JSON, TOML); unknown keys are an error."""
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for raw_key, value in data.items():
            key = raw_key.replace("-", "_")
            if key not in known or key == "extra":
                raise ConfigError(f"unknown option {raw_key!r}")
            default = getattr(cls(), key)
            if isinstance(default, tuple):
                value = (value,) if isinstance(value, str) else tuple(value)
            elif isinstance(default, bool):
                if not isinstance(value, bool):
                    raise ConfigError(f"{raw_key} must be true or false")
            elif isinstance(default, int | float) and not isinstance(value, int | float):
                raise ConfigError(f"{raw_key} must be a number, not {value!r}")
            values[key] = value
        return cls(**values)

    def merged(self, overrides: dict[str, Any]) -> CrawlConfig:
        """A copy with the non-None overrides applied (command-line flags)."""
        clean = {k: v for k, v in overrides.items() if v is not None and v != ()}
        return replace(self, **clean)


def parse_status_ranges(specs: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """ "200-299,403" style specs (one or many) as inclusive (low, high) pairs."""
    ranges = []
    for spec in specs:
        for part in spec.split(","):
            part = part.strip()
            if not part:
                continue
            low, _, high = part.partition("-")
            try:
                pair = (int(low), int(high or low))
            except ValueError:
                raise ConfigError(f"accept: not a status code or range: {part!r}") from None
            if not 100 <= pair[0] <= pair[1] <= 999:
                raise ConfigError(f"accept: bad status range {part!r}")
            ranges.append(pair)
    return tuple(ranges)


def parse_header(spec: str) -> tuple[str | None, str, str]:
    """'host=Name: value' or 'Name: value' as (host or None, name, value)."""
    host: str | None = None
    head, sep, rest = spec.partition("=")
    if sep and head and " " not in head and ": " not in head:
        host, spec = head.lower(), rest
    name, sep, value = spec.partition(":")
    if not sep or not name.strip() or " " in name.strip():
        raise ConfigError(f"header must be 'Name: value' or 'host=Name: value': {spec!r}")
    return host, name.strip(), value.strip()


def find_config_file(start: Path | None = None) -> Path | None:
    """siteaudit.toml in the folder, else a pyproject.toml with [tool.siteaudit]."""
    folder = start or Path.cwd()
    candidate = folder / CONFIG_FILE
    if candidate.is_file():
        return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError):
            return None
        if "siteaudit" in data.get("tool", {}):
            return pyproject
    return None


def load_config(path: Path | None) -> CrawlConfig:
    """Defaults, overlaid with the [crawl] section (or top level) of a config file."""
    if path is None:
        return CrawlConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("siteaudit", {})
    section = data.get("crawl", data)
    section = {k: v for k, v in section.items() if not isinstance(v, dict)}
    try:
        return CrawlConfig.from_dict(section).validate()
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    except TypeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
