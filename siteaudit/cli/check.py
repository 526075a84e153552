"""`siteaudit check`: link checking for CI (registered on the main CLI group in cli.py).

Exit codes: 0 no failures (warnings allowed unless --strict); 1 broken links found;
2 usage, configuration or input error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from siteaudit.core.config import ConfigError, CrawlConfig

DEFAULT_CACHE = ".siteaudit-cache"
FORMAT_NAMES = ("text", "json", "junit", "sarif", "markdown", "github")


def _parse_writes(values: tuple[str, ...]) -> list[tuple[str, Path]]:
    writes = []
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or name not in FORMAT_NAMES or not path:
            raise click.BadParameter(
                f"expected FORMAT=PATH with FORMAT one of {', '.join(FORMAT_NAMES)}: {value!r}",
                param_hint="--write",
            )
        writes.append((name, Path(path)))
    return writes


@click.command("check")
@click.argument("target", metavar="URL|DIR")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMAT_NAMES),
    default="text",
    show_default=True,
    help="Output format on stdout.",
)
@click.option(
    "--write",
    "writes",
    multiple=True,
    metavar="FORMAT=PATH",
    help="Also write this format to a file (repeatable), e.g. sarif=links.sarif.",
)
@click.option("--offline", is_flag=True, help="Do not check external links.")
@click.option("--no-assets", is_flag=True, help="Do not check images, scripts, styles...")
@click.option("--no-fragments", is_flag=True, help="Do not check #fragments of internal links.")
@click.option(
    "--external-fragments", is_flag=True, help="Also check #fragments of external links (GET)."
)
@click.option(
    "--accept",
    multiple=True,
    metavar="CODES",
    help="Status codes that count as OK, e.g. 200-299,403 (repeatable) [2xx].",
)
@click.option("--include", multiple=True, metavar="REGEX", help="Only check URLs matching.")
@click.option("--exclude", multiple=True, metavar="REGEX", help="Do not check URLs matching.")
@click.option(
    "--header",
    "headers",
    multiple=True,
    metavar="[HOST=]NAME: VALUE",
    help="Extra request header, for all hosts or one host[:port] (repeatable).",
)
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds per request.")
@click.option(
    "--retries", type=int, default=2, show_default=True, help="Retries of external failures."
)
@click.option(
    "--max-retry-after",
    type=float,
    default=30.0,
    show_default=True,
    help="Longest Retry-After (429/503) waited for, in seconds.",
)
@click.option("--concurrency", type=int, default=32, show_default=True, help="Parallel requests.")
@click.option(
    "--per-host",
    type=int,
    default=4,
    show_default=True,
    help="Parallel requests per external host.",
)
@click.option(
    "--interval",
    type=float,
    default=0.0,
    show_default=True,
    help="Minimum seconds between requests to one external host.",
)
@click.option("--max-pages", type=int, help="Fetch at most this many pages [100000].")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(DEFAULT_CACHE),
    show_default=True,
    help="Cache of external results between runs.",
)
@click.option(
    "--cache-max-age",
    type=float,
    default=86400.0,
    show_default=True,
    help="Seconds a cached external result is trusted.",
)
@click.option("--no-cache", is_flag=True, help="Check every external URL afresh.")
@click.option("--insecure", is_flag=True, help="Do not verify TLS certificates.")
@click.option("--user-agent", help="User-Agent header [siteaudit/<version>].")
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Fail only on failures not listed in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record today's failures in this baseline file.",
)
@click.option("--strict", is_flag=True, help="Warnings (redirects, blocked links) fail too.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="Keep the crawl database and HTML report in this folder.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
def check(
    target: str,
    output_format: str,
    writes: tuple[str, ...],
    offline: bool,
    no_assets: bool,
    no_fragments: bool,
    external_fragments: bool,
    cache_dir: Path,
    no_cache: bool,
    insecure: bool,
    baseline: Path | None,
    write_baseline: Path | None,
    strict: bool,
    output: Path | None,
    quiet: bool,
    verbose: bool,
    **options: Any,
) -> None:
    """Check every link, asset and fragment of a site (URL) or built site (DIR) for CI.

    Exit status: 0 no broken links (warnings allowed), 1 broken links found,
    2 usage, configuration or input error.
    """
    from siteaudit.app.audit import StartUrlUnreachable
    from siteaudit.app.check import CheckRequest, run_check
    from siteaudit.reports.ci_formats import FORMATS
    from siteaudit.store import StoreError

    files = _parse_writes(writes)
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    try:
        config = _config(
            options,
            offline=offline,
            assets=not no_assets,
            fragments=not no_fragments,
            external_fragments=external_fragments,
            cache_dir="" if no_cache else str(cache_dir),
            verify_tls=not insecure,
        )
        result = run_check(
            CheckRequest(
                target,
                config,
                output=output,
                baseline=baseline,
                write_baseline=write_baseline,
                strict=strict,
                progress="never" if quiet or in_ci else "auto",
                log_level="INFO" if verbose else "CRITICAL",
            )
        )
        for name, path in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(FORMATS[name](result), encoding="utf-8")
    except (ConfigError, StoreError, StartUrlUnreachable) as exc:
        click.echo(f"siteaudit: error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"siteaudit: error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    click.echo(FORMATS[output_format](result), nl=False)
    sys.exit(result.exit_code)


def _config(options: dict[str, Any], **flags: Any) -> CrawlConfig:
    clean = {k: v for k, v in options.items() if v is not None and v != ()}
    return CrawlConfig(
        check_assets=flags["assets"],
        check_external=True,
        check_fragments=flags["fragments"],
        check_external_fragments=flags["external_fragments"],
        offline=flags["offline"],
        cache_dir=flags["cache_dir"],
        verify_tls=flags["verify_tls"],
        accept=tuple(clean.pop("accept", ())),
        headers=tuple(clean.pop("headers", ())),
        include=tuple(clean.pop("include", ())),
        exclude=tuple(clean.pop("exclude", ())),
        retry_after_max=clean.pop("max_retry_after"),
        external_per_host=clean.pop("per_host"),
        external_delay=clean.pop("interval"),
        per_host_concurrency=max(8, clean.get("concurrency", 32) // 2),
        max_depth=1000,
        **clean,
    )


if __name__ == "__main__":  # python -m siteaudit.cli.check, before cli.py registers it
    check()
