"""The `siteaudit` command line: a thin layer that parses options and calls siteaudit.app.audit.

Exit codes: 0 success; 1 findings at or above --fail-on; 2 usage, config or input error.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from siteaudit.cli.ci_writes import parse_writes, write_option
from siteaudit.cli.config_options import Decorator, config_option, config_switch
from siteaudit.cli.summary import StagePrinter, console, print_summary
from siteaudit.core.config import ConfigError, CrawlConfig, find_config_file, load_config
from siteaudit.core.memory import release_freed_memory
from siteaudit.core.version import __version__
from siteaudit.store import StoreError

EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C


def _fail(message: str) -> None:
    click.echo(f"siteaudit: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Errors a user can cause become one line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from siteaudit.analysis.glossary import GlossaryError
        from siteaudit.app.audit import ReportTemplateError, StartUrlUnreachable
        from siteaudit.app.suppressions import SuppressionError

        try:
            return func(*args, **kwargs)
        except (
            ConfigError,
            StoreError,
            StartUrlUnreachable,
            SuppressionError,
            GlossaryError,
            ReportTemplateError,
        ) as exc:
            _fail(str(exc))
        except PermissionError as exc:
            _fail(f"cannot write to {exc.filename}: permission denied")
        except OSError as exc:
            where = exc.filename or "the output folder"
            if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
                _fail(f"cannot write to {where}: the disk is full")
            if exc.errno == errno.EROFS:
                _fail(f"cannot write to {where}: read-only file system")
            _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))

    return wrapper


_glossary_option = click.option(
    "--glossary",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Glossary of preferred terms (TOML/YAML). Default: glossary.toml in the output "
    "folder, if any.",
)


def _analysis_options(config_file: Path | None, output: Path, glossary: Path | None) -> Any:
    """The [analysis] options of the config file, with the glossary to use."""
    from siteaudit.analysis.content_options import load_analysis_options

    try:
        return load_analysis_options(config_file or find_config_file(), output, glossary)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc


# Where a crawl keeps external results unless told (the same cache `siteaudit check` keeps).
LINK_CACHE = "link-cache"
# Written out: the generated help would show the declared default (""), not this one.
_CACHE_HELP = (
    f"Cache of external results between runs (check's is .siteaudit-cache). [OUTPUT/{LINK_CACHE}]"
)


def _crawl_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that crawls."""
    options: list[Decorator] = [
        click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path),
            default=None,
            help="Output folder (database, report). Default: siteaudit-out.",
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Config file (default: ./siteaudit.toml or [tool.siteaudit] in ./pyproject.toml).",
        ),
        config_option("sitemaps", "--sitemap", metavar="URL"),
        config_switch(
            "use_sitemaps",
            "--no-sitemaps",
            sets=False,
            help="Do not read robots.txt Sitemap: lines or /sitemap.xml.",
        ),
        config_option("max_pages"),
        config_option("max_depth"),
        config_option("include", metavar="REGEX"),
        config_option("exclude", metavar="REGEX"),
        config_option("allowed_hosts", "--allow-host", metavar="HOST"),
        config_option("query"),
        config_option("max_query_variants"),
        config_switch("obey_robots", "--ignore-robots", sets=False, help="Do not obey robots.txt."),
        config_option("concurrency"),
        config_option("per_host_concurrency", "--per-host"),
        config_option("delay"),
        config_option("timeout"),
        config_option("max_size_mb", "--max-size", metavar="MB"),
        config_option("user_agent"),
        config_switch(
            "check_external",
            "--no-external",
            sets=False,
            help="Do not check links to other hosts.",
        ),
        config_switch(
            "check_assets",
            "--no-assets",
            sets=False,
            help="Do not check images, scripts, styles and other assets.",
        ),
        config_option("external_per_host", "--external-per-host"),
        config_option("cache_dir", metavar="DIR", help=_CACHE_HELP),
        click.option("--no-cache", is_flag=True, help="Check every external URL afresh."),
        config_option("render"),
        config_option("render_concurrency", "--render-pages"),
        config_option("render_timeout"),
        config_switch(
            "store_html",
            "--store-html",
            sets=True,
            help="Keep each page's raw HTML in the store (zstd-compressed).",
        ),
        click.option(
            "--templates",
            "template_dir",
            type=click.Path(path_type=Path, file_okay=False, exists=True),
            help="Folder of report templates overriding the bundled ones.",
        ),
        _glossary_option,
        click.option("-q", "--quiet", is_flag=True, help="No progress; only the summary."),
        click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log."),
        click.option(
            "--fail-on",
            type=click.Choice(["error", "warning", "notice", "never"]),
            default="never",
            show_default=True,
            help="Exit 1 when findings of this severity or worse exist.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _build_config(
    start_urls: tuple[str, ...],
    config_file: Path | None,
    flags: dict[str, Any],
    output: Path | None = None,
    *,
    no_cache: bool = False,
) -> CrawlConfig:
    path = config_file or find_config_file()
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"config file not found: {config_file}")
    base = load_config(path)
    overrides = dict(flags)
    if start_urls:
        overrides["start_urls"] = tuple(start_urls)
    if no_cache:
        overrides["cache_dir"] = ""
    elif output is not None and not base.cache_dir and not flags.get("cache_dir"):
        # Re-auditing into the same folder spares the external hosts checked last time.
        overrides["cache_dir"] = str(output / LINK_CACHE)
    config = base.merged(overrides).validate()
    if not config.start_urls and not config.sitemaps:
        raise ConfigError("give a start URL (or start_urls in the config file)")
    return config


def _exit_status(result: Any, fail_on: str) -> int:
    """EXIT_FINDINGS when findings reach ``fail_on``, saying why in one line on stderr."""
    from siteaudit.app.ci_output import fail_on_reason

    reason = fail_on_reason(result.findings, fail_on)
    if reason is None:
        return 0
    click.echo(f"siteaudit: {reason}", err=True)
    return EXIT_FINDINGS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="siteaudit")
def main() -> None:
    """Crawl and audit content sites: broken links, redirects, orphans, duplicates,
    inconsistent terms; HTML and JSON reports."""
    release_freed_memory()


@main.command()
@click.argument("urls", nargs=-1, metavar="URL...")
@click.option("--resume", is_flag=True, help="Continue the interrupted crawl in the output folder.")
@click.option("--frontier", help="Redis URL of a shared crawl frontier (redis://host:port/db).")
@click.option(
    "--store",
    "store_url",
    help="Store URL (postgresql://user@host/db); default: OUTPUT/siteaudit.db.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes on this machine (with --frontier).",
)
@write_option("audit.sarif")
@_crawl_options
@_user_errors
def crawl(
    urls: tuple[str, ...],
    resume: bool,
    frontier: str | None,
    store_url: str | None,
    workers: int,
    writes: tuple[str, ...],
    output: Path | None,
    config_file: Path | None,
    template_dir: Path | None,
    glossary: Path | None,
    quiet: bool,
    verbose: bool,
    fail_on: str,
    no_cache: bool,
    **flags: Any,
) -> None:
    """Crawl a site from URL(s), analyse it and write the report.

    Internal pages are crawled; assets and links to other hosts are checked (one request
    each) unless --no-assets / --no-external.

    Interrupt with Ctrl-C at any time; `--resume` continues where it stopped.
    """
    from siteaudit.app.audit import audit_site
    from siteaudit.app.ci_output import audit_report, write_ci_files

    files = parse_writes(writes)
    output = output or Path("siteaudit-out")
    config = (
        CrawlConfig()
        if resume
        else _build_config(urls, config_file, flags, output, no_cache=no_cache)
    )
    options = _analysis_options(config_file, output, glossary)
    result = audit_site(
        config,
        output,
        resume=resume,
        progress="never" if quiet else "auto",
        log_level="INFO" if verbose else ("ERROR" if quiet else "WARNING"),
        template_dir=template_dir,
        options=options,
        frontier_url=frontier,
        store_url=store_url,
        workers=workers,
        on_check_stage=None if quiet else StagePrinter(console(stderr=True)),
    )
    print_summary(result, quiet)
    if result.stats.get("render_notice"):
        click.echo(f"siteaudit: notice: {result.stats['render_notice']}", err=True)
    write_ci_files(audit_report(result, " ".join(urls) or str(output), "crawl"), files)
    if result.status == "interrupted":
        click.echo(
            f"siteaudit: crawl interrupted; the report covers what was crawled. "
            f"Continue with: siteaudit crawl --resume -o {output}",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(_exit_status(result, fail_on))


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--crawl", "crawl_id", type=int, help="Crawl id (default: the latest).")
@click.option(
    "--templates",
    "template_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of report templates overriding the bundled ones.",
)
@_glossary_option
@click.option(
    "--store",
    "store_url",
    help="Read the crawl from this store URL instead of FOLDER/siteaudit.db.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Config file for the [analysis] options (default: ./siteaudit.toml).",
)
@click.option("-q", "--quiet", is_flag=True, help="Only the summary.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "notice", "never"]),
    default="never",
    show_default=True,
    help="Exit 1 when findings of this severity or worse exist.",
)
@write_option("audit.sarif")
@_user_errors
def report(
    folder: Path,
    crawl_id: int | None,
    template_dir: Path | None,
    glossary: Path | None,
    store_url: str | None,
    config_file: Path | None,
    quiet: bool,
    fail_on: str,
    writes: tuple[str, ...],
) -> None:
    """Re-analyse a stored crawl and re-write its reports, without crawling."""
    from siteaudit.app.audit import analyse_crawl
    from siteaudit.app.ci_output import audit_report, write_ci_files

    files = parse_writes(writes)
    options = _analysis_options(config_file, folder, glossary)
    result = analyse_crawl(
        folder,
        crawl_id,
        template_dir=template_dir,
        options=options,
        store_url=store_url,
        on_check_stage=None if quiet else StagePrinter(console(stderr=True)),
    )
    print_summary(result, quiet)
    write_ci_files(audit_report(result, str(folder), "report"), files)
    sys.exit(_exit_status(result, fail_on))


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("siteaudit-demo"),
    show_default=True,
    help="Output folder.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress; only the summary.")
@_user_errors
def demo(output: Path, quiet: bool) -> None:
    """Serve the bundled demo FAQ site on loopback, crawl it and write the report."""
    from siteaudit.app.audit import audit_site
    from siteaudit.app.demo import DEMO_SITE_ROOT
    from siteaudit.app.folder_server import serve_folder

    with serve_folder(DEMO_SITE_ROOT) as base_url:
        if not quiet:
            click.echo(f"Serving the demo site at {base_url}/")
        config = CrawlConfig(start_urls=(f"{base_url}/",)).validate()
        result = audit_site(
            config,
            output,
            progress="never" if quiet else "auto",
            log_level="ERROR" if quiet else "WARNING",
            on_check_stage=None if quiet else StagePrinter(console(stderr=True)),
        )
    print_summary(result, quiet)


@main.command("crawls")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@_user_errors
def list_crawls(folder: Path) -> None:
    """List the crawls stored in an output folder."""
    from siteaudit.store import Store

    with Store.in_folder(folder, create=False, verify=True) as store:
        for run in store.crawls():
            click.echo(
                f"{run.id:4d}  {run.started_at}  {run.status:11s}  "
                f"{run.stats.get('pages_crawled', 0):7} URLs  {' '.join(run.start_urls)}"
            )


from siteaudit.cli.check import check  # noqa: E402
from siteaudit.cli.graph import graph as graph_command  # noqa: E402
from siteaudit.cli.report_extras import diff_command  # noqa: E402
from siteaudit.cli.serve import serve  # noqa: E402
from siteaudit.cli.terms import terms  # noqa: E402
from siteaudit.cli.worker import worker  # noqa: E402

main.add_command(check)
main.add_command(diff_command)
main.add_command(graph_command)
main.add_command(serve)
main.add_command(terms)
main.add_command(worker)

if __name__ == "__main__":  # pragma: no cover
    main()
