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

from siteaudit.cli.ci_writes import FORMAT_NAMES, parse_writes, write_option
from siteaudit.cli.config_options import config_option, config_switch
from siteaudit.cli.render_notice import render_notice
from siteaudit.core.config import ConfigError, CrawlConfig, find_config_file, read_section

DEFAULT_CACHE = ".siteaudit-cache"


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
@write_option("links.sarif")
@config_switch("offline", "--offline", sets=True, help="Do not check external links.")
@config_switch(
    "check_assets", "--no-assets", sets=False, help="Do not check images, scripts, styles..."
)
@config_switch(
    "check_fragments",
    "--no-fragments",
    sets=False,
    help="Do not check #fragments of internal links.",
)
@config_switch(
    "check_external_fragments",
    "--external-fragments",
    sets=True,
    help="Also check #fragments of external links (GET).",
)
@config_switch(
    "markdown", "--no-markdown", sets=False, help="Do not read .md/.mdx files of DIR as pages."
)
@config_option("accept", metavar="CODES")
@config_option("status_policy", "--status", metavar="CODES:ACTION")
@config_option("remap", metavar="'REGEX REPLACEMENT'")
@config_switch(
    "require_https", "--require-https", sets=True, help="Links to other hosts over http:// fail."
)
@click.option(
    "--changed-files",
    multiple=True,
    metavar="FILE...",
    help="Report only problems in these files of DIR (repeatable; whitespace separates too).",
)
@click.option(
    "--since",
    metavar="GIT_REF",
    help="Report only problems in the files of DIR that `git diff --name-only GIT_REF` names.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Config file whose [check] section sets options (default: ./siteaudit.toml or "
    "[tool.siteaudit.check] in ./pyproject.toml).",
)
@config_option("include", metavar="REGEX")
@config_option("exclude", metavar="REGEX")
@config_option("headers", "--header", metavar="[HOST=]NAME: VALUE")
@config_option("timeout")
# A link check retries more than a crawl: flaky external hosts are its daily bread.
@config_option("retries", default=2)
@config_option("retry_after_max", "--max-retry-after")
@config_option("concurrency", default=32)
@config_option("external_per_host", "--per-host")
@config_option("external_delay", "--interval")
@config_option("max_pages")
@config_option(
    "cache_dir",
    default=DEFAULT_CACHE,
    metavar="DIR",
    type=click.Path(file_okay=False),
)
@config_option("cache_max_age")
@click.option("--no-cache", is_flag=True, help="Check every external URL afresh.")
@config_switch("verify_tls", "--insecure", sets=False, help="Do not verify TLS certificates.")
@config_option("user_agent")
# Link checkers read pages as served (lychee, linkinator, htmltest): rendering is opt-in here.
@config_option(
    "render",
    help="Render pages in Chromium: never, always, or auto (the parts of the site whose links "
    "or text only appear with JavaScript). [never]",
)
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
@click.option(
    "--root-url",
    metavar="URL",
    help="DIR input: the site's public URL; absolute links to it are checked as local files.",
)
@click.option("--strict", is_flag=True, help="Warnings (redirects, blocked links) fail too.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="Keep the crawl database and HTML report in this folder.",
)
@click.option(
    "--max-annotations",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="At most this many annotations in the github format (GitHub shows ~10 per step).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
def check(
    target: str,
    output_format: str,
    writes: tuple[str, ...],
    no_cache: bool,
    baseline: Path | None,
    write_baseline: Path | None,
    root_url: str | None,
    strict: bool,
    changed_files: tuple[str, ...],
    since: str | None,
    config_file: Path | None,
    output: Path | None,
    max_annotations: int,
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
    from siteaudit.app.ci_output import write_ci_files
    from siteaudit.reports.ci_formats import FORMATS
    from siteaudit.store import StoreError

    files = parse_writes(writes)
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    try:
        config = _config(options, no_cache=no_cache, config_file=config_file)
        notice = render_notice(config)
        if notice:
            click.echo(notice, err=True)
        result = run_check(
            CheckRequest(
                target,
                config,
                output=output,
                baseline=baseline,
                write_baseline=write_baseline,
                root_url=root_url,
                strict=strict,
                changed_files=changed_files,
                since=since,
                progress="never" if quiet or in_ci else "auto",
                log_level="INFO" if verbose else "CRITICAL",
            )
        )
        result.max_annotations = max_annotations
        write_ci_files(result, files)
    except (ConfigError, StoreError, StartUrlUnreachable) as exc:
        click.echo(f"siteaudit: error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"siteaudit: error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    click.echo(FORMATS[output_format](result), nl=False)
    if result.exit_reason:
        click.echo(f"siteaudit: {result.exit_reason}", err=True)
    sys.exit(result.exit_code)


# What a link check does unless its flags say otherwise.
_CHECK_PROFILE: dict[str, Any] = {
    "check_assets": True,
    "check_external": True,
    "check_fragments": True,
    "markdown": True,  # a folder's .md/.mdx files (never a live site's: see app.check)
    # Chromium made a check of a 700-page Sphinx folder (every page loads scripts) take 5-8x
    # the CPU time; a JavaScript-built site asks for it with --render auto.
    "render": "never",
    "verify_tls": True,
    "max_depth": 1000,
}


def _config(options: dict[str, Any], *, no_cache: bool, config_file: Path | None) -> CrawlConfig:
    """The check profile < the config file's [check] section < the flags given."""
    path = config_file or find_config_file()
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"config file not found: {config_file}")
    section = read_section(path, "check") if path else {}
    from_file = {k.replace("-", "_"): v for k, v in section.items()}
    given = {k: v for k, v in options.items() if v is not None and v != ()}
    if no_cache:
        given["cache_dir"] = ""
    per_host = max(8, {**from_file, **given}.get("concurrency", 32) // 2)
    values = {**_CHECK_PROFILE, "per_host_concurrency": per_host, **from_file, **given}
    return CrawlConfig.from_dict(values)


if __name__ == "__main__":  # python -m siteaudit.cli.check, before cli.py registers it
    check()
