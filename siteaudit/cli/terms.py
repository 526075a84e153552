"""The `siteaudit terms DIR` command: discovered term clusters and a starter glossary."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.glossary import GlossaryError, glossary_toml
from siteaudit.store import Store, StoreError

EXIT_USAGE = 2


@click.command("terms")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--crawl", "crawl_id", type=int, help="Crawl id (default: the latest).")
@click.option(
    "--glossary",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Glossary (TOML or YAML) whose preferred spellings win.",
)
@click.option(
    "-w",
    "--write",
    "write_to",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the starter glossary (default: DIR/glossary.toml).",
)
def terms(folder: Path, crawl_id: int | None, glossary: Path | None, write_to: Path | None) -> None:
    """Print the clusters of spellings found in a stored crawl and write a starter glossary."""
    options = AnalysisOptions(glossary=glossary)
    try:
        with Store.in_folder(folder, create=False, verify=True) as store:
            found = AnalysisContext(AuditData.load(store, crawl_id, options)).terms
    except (StoreError, GlossaryError) as exc:
        click.echo(f"siteaudit: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if not found.clusters:
        click.echo("No term spelled in more than one way.")
    for cluster in found.clusters:
        variants = ", ".join(f"{v} ({cluster.forms[v]})" for v in cluster.variants)
        origin = " [glossary]" if cluster.from_glossary else ""
        click.echo(f"{cluster.preferred} ({cluster.forms[cluster.preferred]}){origin}: {variants}")
    target = write_to or folder / "glossary.toml"
    entries = [(c.preferred, c.variants) for c in found.clusters]
    try:
        target.write_text(glossary_toml(entries), encoding="utf-8")
    except OSError as exc:
        click.echo(f"siteaudit: error: cannot write {target}: {exc.strerror}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"Starter glossary: {target} ({len(entries)} terms)")
