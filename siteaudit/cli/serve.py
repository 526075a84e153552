"""`siteaudit serve`: run the audit service (HTTP API + web UI, crawls on Scrapyd)."""

from __future__ import annotations

import logging
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from siteaudit.core.extras import MissingExtra, require_extra

TOKEN_ENV = "SITEAUDIT_API_TOKEN"
ADMIN_TOKEN_ENV = "SITEAUDIT_ADMIN_TOKEN"
GENERATED_TOKEN_FILE = "api-token"

if TYPE_CHECKING:
    from siteaudit.service import TokenRing


def _load_tokens(token_file: Path | None, admin_file: Path | None, data_dir: Path) -> TokenRing:
    from siteaudit.service import TokenRing  # the serve extra: checked before this runs

    text = token_file.read_text(encoding="utf-8") if token_file else None
    admin_text = admin_file.read_text(encoding="utf-8") if admin_file else None
    ring = TokenRing.from_sources(os.environ.get(TOKEN_ENV), text).with_admins(
        os.environ.get(ADMIN_TOKEN_ENV), admin_text
    )
    if ring.tokens or ring.admin_tokens:
        return ring
    # Secure by default: never run without a token; make one only the owner can read.
    generated = data_dir / GENERATED_TOKEN_FILE
    if not generated.is_file():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(generated, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(32) + "\n")
    click.echo(f"siteaudit: no {TOKEN_ENV}; using the token in {generated}", err=True)
    return TokenRing.from_sources(None, generated.read_text(encoding="utf-8"))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("siteaudit-service"),
    show_default=True,
    help="Folder for the service database, crawls, reports and Scrapyd's files.",
)
@click.option(
    "--token-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help=f"File of API tokens, one a line (besides ${TOKEN_ENV}, comma-separated).",
)
@click.option(
    "--admin-token-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help=f"File of admin tokens, one a line (besides ${ADMIN_TOKEN_ENV}): they may cancel "
    "and resume any crawl; other tokens only their own.",
)
@click.option(
    "--max-running",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Crawls run at once; the others queue.",
)
@click.option(
    "--max-pages-per-crawl",
    default=10_000,
    show_default=True,
    type=click.IntRange(1),
    help="Largest max_pages a request may ask for (and the default).",
)
@click.option(
    "--max-crawls-per-token",
    default=3,
    show_default=True,
    type=click.IntRange(1),
    help="Crawls one token may have queued or running at once.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow targets on private, loopback and link-local addresses (trusted networks only).",
)
@click.option(
    "--private-reads", is_flag=True, help="Require the token for reading too (GET calls, reports)."
)
@click.option(
    "--store",
    "store_url",
    metavar="URL",
    help="Keep the service's records and crawls in this database (postgresql://user@host/db) "
    "instead of DATA/service.db and a siteaudit.db per crawl.",
)
@click.option(
    "--public-url",
    metavar="URL",
    help="The address people reach this service at, for links in webhook notifications "
    "(default: http://HOST:PORT).",
)
@click.option(
    "--smtp-host",
    metavar="HOST",
    help="Send sites' e-mail notifications through this SMTP server (login from "
    "$SITEAUDIT_SMTP_USER and $SITEAUDIT_SMTP_PASSWORD, if set).",
)
@click.option("--smtp-port", default=25, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--smtp-from",
    default="siteaudit@localhost",
    show_default=True,
    metavar="ADDRESS",
    help="Sender of the e-mail notifications.",
)
@click.option("--smtp-starttls", is_flag=True, help="Use STARTTLS with the SMTP server.")
def serve(
    host: str,
    port: int,
    data_dir: Path,
    token_file: Path | None,
    admin_token_file: Path | None,
    max_running: int,
    max_pages_per_crawl: int,
    max_crawls_per_token: int,
    allow_private: bool,
    private_reads: bool,
    store_url: str | None,
    public_url: str | None,
    smtp_host: str | None,
    smtp_port: int,
    smtp_from: str,
    smtp_starttls: bool,
) -> None:
    """Run the audit service: HTTP JSON API, web UI and reports; crawls run on Scrapyd."""
    try:
        require_extra("serve", "siteaudit serve")
    except MissingExtra as exc:
        click.echo(f"siteaudit: error: {exc}", err=True)
        sys.exit(2)
    import uvicorn

    from siteaudit.service import CrawlCoordinator, ServiceOptions, create_app
    from siteaudit.service.notify_email import SMTP_PASSWORD_ENV, SMTP_USER_ENV, SmtpSettings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    data_dir = data_dir.resolve()
    try:
        tokens = _load_tokens(token_file, admin_token_file, data_dir)
    except OSError as exc:
        click.echo(f"siteaudit: error: cannot read the token: {exc}", err=True)
        sys.exit(2)
    options = ServiceOptions(
        data_dir=data_dir,
        max_running=max_running,
        max_pages_per_crawl=max_pages_per_crawl,
        max_active_per_token=max_crawls_per_token,
        allow_private=allow_private,
        private_reads=private_reads,
        store_url=store_url,
        public_url=public_url or f"http://{host}:{port}",
        smtp=SmtpSettings(
            smtp_host,
            smtp_port,
            smtp_from,
            smtp_starttls,
            os.environ.get(SMTP_USER_ENV),
            os.environ.get(SMTP_PASSWORD_ENV),
        )
        if smtp_host
        else None,
    )
    from siteaudit.service.crawls import DataDirBusy
    from siteaudit.store import StoreError

    try:
        coordinator = CrawlCoordinator(options)
    except (DataDirBusy, OSError, StoreError, MissingExtra) as exc:
        click.echo(f"siteaudit: error: {exc}", err=True)
        sys.exit(2)
    app = create_app(coordinator, tokens)
    click.echo(f"siteaudit service on http://{host}:{port}/ (data in {data_dir})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


if __name__ == "__main__":  # pragma: no cover - `siteaudit serve` is the usual way in
    serve()
