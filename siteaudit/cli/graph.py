"""`siteaudit graph DIR`: export a stored crawl's link graph (GraphML, GEXF or CSV)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from siteaudit.store import Store, StoreError

EXIT_USAGE = 2
_SUFFIX_FORMATS = {".graphml": "graphml", ".gexf": "gexf", ".csv": "csv"}


@click.command("graph")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "csv"]),
    default=None,
    help="Output format [from the file name, else graphml].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write [DIR/graph.<format>].",
)
@click.option("--crawl", "crawl_id", type=int, help="Crawl id (default: the latest).")
def graph(folder: Path, fmt: str | None, output: Path | None, crawl_id: int | None) -> None:
    """Export the link graph of a stored crawl for Gephi, yEd, Cytoscape or a spreadsheet.

    Nodes are pages (status, indexable, canonical, depth, title, section, link score,
    cluster); edges are links (region, anchor text, nofollow, position) and redirect hops.
    """
    from siteaudit.analysis.graph_export import export_graph

    if fmt is None:
        fmt = _SUFFIX_FORMATS.get(output.suffix.lower(), "graphml") if output else "graphml"
    output = output or folder / f"graph.{fmt}"
    try:
        with Store.in_folder(folder, create=False, verify=True) as store:
            nodes, edges = export_graph(store, fmt, output, crawl_id)
    except StoreError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {exc.filename or output}: {exc.strerror or exc}")
    click.echo(f"Wrote {nodes:,} pages and {edges:,} links to {output} ({fmt}).")


def _fail(message: str) -> None:
    click.echo(f"siteaudit: error: {message}", err=True)
    sys.exit(EXIT_USAGE)
