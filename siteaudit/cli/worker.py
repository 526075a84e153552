"""`siteaudit worker`: join a shared crawl (Redis frontier, shared store) as one more worker."""

from __future__ import annotations

import sys

import click

from siteaudit.core.extras import MissingExtra, require_extra


@click.command()
@click.option(
    "--frontier", required=True, help="Redis URL of the crawl frontier (redis://host:port/db)."
)
@click.option(
    "--store",
    "store_url",
    required=True,
    help="The crawl's store: postgresql://user@host/db (or an SQLite file on this machine).",
)
@click.option("--crawl-id", type=int, required=True, help="The crawl to join (printed by crawl).")
@click.option(
    "--grace",
    "grace_s",
    type=float,
    default=1.0,
    show_default=True,
    help="Seconds the whole frontier must stay empty before the worker stops.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
def worker(frontier: str, store_url: str, crawl_id: int, grace_s: float, verbose: bool) -> None:
    """Crawl as one worker of a shared crawl until its frontier is empty; exit 0 when done."""
    try:
        require_extra("scale", "siteaudit worker")
    except MissingExtra as exc:
        click.echo(f"siteaudit: error: {exc}", err=True)
        sys.exit(2)
    from siteaudit.crawler.frontier.worker import run_worker  # imports Scrapy: only when crawling
    from siteaudit.store import StoreError

    try:
        outcome = run_worker(
            frontier, store_url, crawl_id, log_level="INFO" if verbose else "ERROR", grace_s=grace_s
        )
    except StoreError as exc:
        click.echo(f"siteaudit: {exc}", err=True)
        sys.exit(2)
    sys.exit(0 if outcome.finish_reason == "finished" else 1)


if __name__ == "__main__":
    worker()
