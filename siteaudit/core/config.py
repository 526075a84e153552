"""Crawl configuration: one frozen dataclass, loaded from siteaudit.toml or pyproject.toml.

Every option is declared once, below: its name, type, default, bounds and help text (pydantic
``Field`` metadata on the annotation). The config file loader validates against it, the CLI
generates its flags from it (siteaudit.cli.config_options) and the service derives its request
model from it (siteaudit.service.models). Precedence: defaults < config file < command-line flags.
"""

from __future__ import annotations

import math
import tomllib
import typing
from dataclasses import asdict, dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    TypeAdapter,
    ValidationError,
)
from pydantic.fields import FieldInfo

from siteaudit.core.link_policy import parse_remap, parse_status_policy
from siteaudit.core.urls import start_url_problem
from siteaudit.core.user_regex import UserRegexError, check_user_regex
from siteaudit.core.version import USER_AGENT

CONFIG_FILE = "siteaudit.toml"


class ConfigError(Exception):
    """A bad configuration value or file; the message names the culprit."""


def _as_tuple(value: Any) -> Any:
    """A lone string where a list is expected is a list of one (``exclude = "x"``)."""
    return (value,) if isinstance(value, str) else value


def _http_urls(urls: tuple[str, ...]) -> tuple[str, ...]:
    for url in urls:
        problem = start_url_problem(url)
        if problem is not None:
            shown = url if len(url) <= 100 else url[:80] + "..."
            raise ValueError(f"{problem}: {shown!r}")
    return urls


def _regexes(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Patterns the crawler can run on RE2 (linear time; see core.user_regex)."""
    for pattern in patterns:
        try:
            check_user_regex(pattern)
        except UserRegexError as exc:
            shown = pattern if len(pattern) <= 100 else pattern[:80] + "..."
            raise ValueError(f"bad regular expression {shown!r}: {exc}") from None
    return patterns


def _status_ranges(specs: tuple[str, ...]) -> tuple[str, ...]:
    try:
        parse_status_ranges(specs)
    except ConfigError as exc:
        raise ValueError(str(exc)) from None
    return specs


def _aliases(pairs: tuple[str, ...]) -> tuple[str, ...]:
    for pair in pairs:
        prefixes = pair.split()
        if len(prefixes) != 2 or any(start_url_problem(p) for p in prefixes):
            raise ValueError(f"expected 'FROM TO', two http(s) URL prefixes: {pair!r}")
    return pairs


def _remaps(specs: tuple[str, ...]) -> tuple[str, ...]:
    for spec in specs:
        parse_remap(spec)  # a PolicyError is a ValueError: pydantic reports it
    return specs


def _status_policy(specs: tuple[str, ...]) -> tuple[str, ...]:
    parse_status_policy(specs)
    return specs


def _headers(specs: tuple[str, ...]) -> tuple[str, ...]:
    try:
        for spec in specs:
            parse_header(spec)
    except ConfigError as exc:
        raise ValueError(str(exc)) from None
    return specs


# Strict: TOML `max_depth = true` or `max_pages = 2.5` is a mistake, not a 1 or a 2.
Whole = Annotated[int, Strict()]
Number = Annotated[float, Strict()]  # an int is a number too; nan and inf are refused (config)
Flag = Annotated[bool, Strict()]
Text = Annotated[str, Strict()]
Texts = Annotated[tuple[Text, ...], BeforeValidator(_as_tuple)]
QueryMode = Literal["keep", "strip-tracking", "drop"]
RenderMode = Literal["never", "auto", "always"]


@dataclass(frozen=True, slots=True)
class CrawlConfig:
    """Everything that decides what a crawl fetches and how politely."""

    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(extra="forbid", allow_inf_nan=False)

    start_urls: Annotated[
        Texts, AfterValidator(_http_urls), Field(description="Start crawling at these URLs.")
    ] = ()
    sitemaps: Annotated[
        Texts, AfterValidator(_http_urls), Field(description="Also read this sitemap.")
    ] = ()
    use_sitemaps: Annotated[
        Flag, Field(description="Read robots.txt Sitemap: lines and /sitemap.xml.")
    ] = True
    allowed_hosts: Annotated[
        Texts, Field(description="Also crawl this host, besides the start URLs' hosts.")
    ] = ()
    include: Annotated[
        Texts, AfterValidator(_regexes), Field(description="Only crawl URLs matching.")
    ] = ()
    exclude: Annotated[
        Texts, AfterValidator(_regexes), Field(description="Do not crawl URLs matching.")
    ] = ()
    max_pages: Annotated[Whole, Field(ge=1, description="Fetch at most this many URLs.")] = 100_000
    max_depth: Annotated[Whole, Field(ge=0, description="Follow links at most this deep.")] = 50
    query: Annotated[
        QueryMode,
        Field(
            description="Query strings: keep all, strip tracking/session parameters, or drop them."
        ),
    ] = "strip-tracking"
    max_query_variants: Annotated[
        Whole, Field(ge=1, description="Query-string variants per path before it is a spider trap.")
    ] = 50
    obey_robots: Annotated[Flag, Field(description="Obey robots.txt.")] = True
    concurrency: Annotated[Whole, Field(ge=1, description="Parallel requests in all.")] = 16
    per_host_concurrency: Annotated[
        Whole, Field(ge=1, description="Parallel requests per host.")
    ] = 8
    delay: Annotated[Number, Field(ge=0, description="Seconds between requests to a host.")] = 0.0
    timeout: Annotated[Number, Field(gt=0, description="Seconds before a request fails.")] = 20.0
    max_size_mb: Annotated[
        Number, Field(gt=0, description="Largest response to download, in MB.")
    ] = 10.0
    retries: Annotated[
        Whole,
        Field(ge=0, description="Retries of a request that timed out, failed or got 5xx/429."),
    ] = 1
    user_agent: Annotated[Text, Field(min_length=1, description="User-Agent header.")] = USER_AGENT
    max_redirect_hops: Annotated[
        Whole, Field(ge=1, description="Redirect hops followed before a chain is cut off.")
    ] = 20
    # Link checking: assets and external links are checked by every crawl (SEO audits expect
    # one crawl to show every broken thing a page links to); fragments by `siteaudit check`.
    check_assets: Annotated[
        Flag, Field(description="Check images, scripts, styles (and CSS url()) of pages.")
    ] = True
    check_external: Annotated[
        Flag, Field(description="Check external links: one HEAD (or GET) per distinct URL.")
    ] = True
    check_fragments: Annotated[
        Flag, Field(description='Check #fragments of internal links ("page#id" must exist).')
    ] = False
    check_external_fragments: Annotated[
        Flag, Field(description="Also check #fragments of external links (GET).")
    ] = False
    offline: Annotated[
        Flag, Field(description="Never contact other hosts, even when checking external links.")
    ] = False
    accept: Annotated[
        Texts,
        AfterValidator(_status_ranges),
        Field(description="Status codes that count as OK, e.g. 200-299,403."),
    ] = ()
    remap: Annotated[
        Texts,
        AfterValidator(_remaps),
        Field(
            description="Rewrite link URLs before checking: 'REGEX REPLACEMENT' (Python re.sub;"
            " a replacement starting with / points into the checked site)."
        ),
    ] = ()
    status_policy: Annotated[
        Texts,
        AfterValidator(_status_policy),
        Field(
            description="What a broken link's status means: CODES:ignore|warn|error, e.g. 403:warn."
        ),
    ] = ()
    require_https: Annotated[
        Flag, Field(description="Report links to other hosts that use http://, not https://.")
    ] = False
    headers: Annotated[
        Texts,
        AfterValidator(_headers),
        Field(description="Extra request header, for all hosts or one host[:port]."),
    ] = ()
    external_per_host: Annotated[
        Whole, Field(ge=1, description="Parallel requests per external host.")
    ] = 4
    external_delay: Annotated[
        Number, Field(ge=0, description="Minimum seconds between requests to one external host.")
    ] = 0.0
    retry_after_max: Annotated[
        Number, Field(ge=0, description="Longest Retry-After (429/503) waited for, in seconds.")
    ] = 30.0
    retry_backoff: Annotated[
        Number,
        Field(ge=0, description="First back-off of an external retry, in seconds (doubles)."),
    ] = 0.5
    verify_tls: Annotated[
        Flag, Field(description='Verify TLS certificates (invalid ones are "tls" errors).')
    ] = False
    markdown: Annotated[
        Flag,
        Field(description="Read .md/.mdx files as pages: links checked, headings are #fragments."),
    ] = False
    store_html: Annotated[
        Flag,
        Field(
            description="Keep each page's raw HTML in the store (zstd-compressed), for "
            "inspection and later re-analysis."
        ),
    ] = False
    source_positions: Annotated[
        Flag, Field(description="Record line:column of each link in the HTML source.")
    ] = False
    link_sources: Annotated[
        Texts,
        AfterValidator(_http_urls),
        Field(
            description="Follow and check the links of these pages only (others are fetched "
            "as link targets)."
        ),
    ] = ()
    site_aliases: Annotated[
        Texts,
        AfterValidator(_aliases),
        Field(description="'FROM TO' URL prefixes: links under FROM are fetched under TO."),
    ] = ()
    render: Annotated[
        RenderMode,
        Field(
            description="Render pages in Chromium: never, always, or auto (the parts of the "
            "site whose links or text only appear with JavaScript)."
        ),
    ] = "auto"
    # As many as the default per-host concurrency: rendered pages share the host's requests.
    render_concurrency: Annotated[
        Whole, Field(ge=1, le=32, description="Pages rendered in parallel in Chromium.")
    ] = 8
    render_timeout: Annotated[
        Number, Field(gt=0, description="Seconds a page may take to load in Chromium.")
    ] = 15.0
    # The folder; "" is no cache.
    cache_dir: Annotated[Text, Field(description="Cache of external results between runs.")] = ""
    cache_max_age: Annotated[
        Number, Field(ge=0, description="Seconds a cached external result is trusted.")
    ] = 86400.0
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def validate(self) -> CrawlConfig:
        """Check every value against its declaration; raise ConfigError naming the option."""
        return _validated(self.to_dict() | {"extra": self.extra})

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlConfig:
        """Build and validate from plain values (JSON, TOML); unknown keys are an error."""
        values: dict[str, Any] = {}
        for raw_key, value in data.items():
            key = str(raw_key).replace("-", "_")
            if key not in option_fields():
                raise ConfigError(f"unknown option {raw_key!r}")
            values[key] = value
        return _validated(values)

    def merged(self, overrides: dict[str, Any]) -> CrawlConfig:
        """A copy with the non-None overrides applied (command-line flags)."""
        clean = {k: v for k, v in overrides.items() if v is not None and v != ()}
        return replace(self, **clean)


@cache
def _adapter() -> TypeAdapter[CrawlConfig]:
    return TypeAdapter(CrawlConfig)


@cache
def option_fields() -> dict[str, FieldInfo]:
    """Each option's declaration (annotation, default, bounds, description), by name."""
    hints = typing.get_type_hints(CrawlConfig, include_extras=True)
    return {
        f.name: FieldInfo.from_annotated_attribute(hints[f.name], f.default)
        for f in fields(CrawlConfig)
        if f.name != "extra"
    }


def _validated(values: dict[str, Any]) -> CrawlConfig:
    try:
        return _adapter().validate_python(values)
    except ValidationError as exc:
        raise ConfigError(describe_problem(exc)) from None


def describe_problem(exc: ValidationError) -> str:
    """The first problem of a validation error as one line naming the option."""
    error = exc.errors(include_url=False)[0]
    name = str(error["loc"][0]) if error["loc"] else "config"
    value, kind, ctx = error.get("input"), error["type"], error.get("ctx", {})
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "unexpected_keyword_argument":
        return f"unknown option {name!r}"
    if kind == "bool_type":
        return f"{name} must be true or false, not {value!r}"
    if kind == "int_type" and isinstance(value, float) and not isinstance(value, bool):
        return f"{name} must be a whole number, not {value!r}"
    if kind in ("int_type", "float_type", "int_parsing", "float_parsing"):
        return f"{name} must be a number, not {value!r}"
    if kind == "finite_number" or (isinstance(value, float) and not math.isfinite(value)):
        return f"{name} must be a finite number, not {value!r}"
    if kind == "greater_than_equal":
        bound = ctx["ge"]
        return f"{name} must not be negative" if bound == 0 else f"{name} must be at least {bound}"
    if kind == "greater_than":
        return f"{name} must be positive" if ctx["gt"] == 0 else f"{name} must be over {ctx['gt']}"
    if kind == "less_than_equal":
        return f"{name} must be at most {ctx['le']}"
    if kind == "literal_error":
        return f"{name} must be one of {ctx.get('expected', '')}, not {value!r}"
    if kind == "string_type":
        what = "entries" if len(error["loc"]) > 1 else "value"
        return f"{name} {what} must be text, not {value!r}"
    if kind == "string_too_short":
        return f"{name} must not be empty"
    if kind in ("tuple_type", "list_type"):
        return f"{name} must be a list of text, not {value!r}"
    return f"{name}: {error['msg'].lower()}"


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
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
            return None
        if "siteaudit" in data.get("tool", {}):
            return pyproject
    return None


def load_config(path: Path | None) -> CrawlConfig:
    """Defaults, overlaid with the [crawl] section (or top level) of a config file."""
    if path is None:
        return CrawlConfig()
    try:
        return CrawlConfig.from_dict(read_section(path, "crawl"))
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def read_section(path: Path, name: str) -> dict[str, Any]:
    """The options of one section of a config file, as written (not yet validated).

    ``crawl`` falls back to the file's top level; other sections (``check``) do not.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text (byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("siteaudit", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.siteaudit] must be a table of options")
    section = data.get(name, data if name == "crawl" else {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: {name} must be a table of options ([{name}]), not {section!r}")
    return {str(k): v for k, v in section.items() if not isinstance(v, dict)}
