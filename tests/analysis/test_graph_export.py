import csv
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from siteaudit.analysis.graph_export import export_graph

from siteaudit.cli.graph import graph
from siteaudit.core.records import Link, Region
from siteaudit.store import Store
from tests.analysis.factories import BASE, page


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An output folder holding one crawl: two links home -> /a (nav and text), a redirect."""
    links = [
        Link(BASE + "/", BASE + "/a", "a", "Guide <b>&</b>", Region.NAV, False, 1),
        Link(BASE + "/", BASE + "/a", "a", "the guide", Region.MAIN, True, 2),
        Link(BASE + "/", BASE + "/old", "a", "old", Region.RELATED, False, 3),
    ]
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl([BASE + "/"], {})
        store.add_pages(
            crawl,
            [
                page("/", found_via="start", links=links),
                page("/a", title="A & B"),
                page("/old", 301, location=BASE + "/a"),
            ],
        )
        store.finish_crawl(crawl, "finished", {})
    return tmp_path


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_keep_every_link_and_page_attributes(folder: Path, fmt: str) -> None:
    out = folder / f"g.{fmt}"
    with Store.in_folder(folder, create=False) as store:
        assert export_graph(store, fmt, out) == (3, 4)
    read = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert read.number_of_edges() == 4  # two links home -> /a stay two edges
    regions = sorted(d["region"] for _, _, d in read.edges(data=True))
    assert regions == ["main", "nav", "redirect", "related"]
    anchors = {d["anchor"] for _, _, d in read.edges(data=True)}
    assert "Guide <b>&</b>" in anchors
    node = read.nodes[BASE + "/a"]
    assert node["title"] == "A & B" and int(node["status"]) == 200
    assert int(node["depth"]) == 1 and node["section"] == "/"


def test_csv_edge_list_has_one_row_per_link(folder: Path) -> None:
    out = folder / "edges.csv"
    with Store.in_folder(folder, create=False) as store:
        export_graph(store, "csv", out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["region"] for r in rows] == ["nav", "main", "related", "redirect"]
    assert rows[1]["nofollow"] == "1" and rows[0]["anchor"] == "Guide <b>&</b>"


def test_graph_command_infers_the_format_from_the_file_name(folder: Path) -> None:
    result = CliRunner().invoke(graph, [str(folder), "-o", str(folder / "x.gexf")])
    assert result.exit_code == 0, result.output
    assert "3 pages and 4 links" in result.output
    assert nx.read_gexf(folder / "x.gexf").number_of_nodes() == 3


def test_graph_command_on_a_folder_without_crawl_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(graph, [str(tmp_path), "--format", "csv"])
    assert result.exit_code == 2
    assert "no crawl database" in result.output


def test_csv_export_is_safe_against_formula_injection(tmp_path: Path) -> None:
    link = Link(BASE + "/", BASE + "/a", "a", '=HYPERLINK("http://x.invalid","click")')
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl([BASE + "/"], {})
        store.add_pages(crawl, [page("/", found_via="start", links=[link]), page("/a")])
        store.finish_crawl(crawl, "finished", {})
        export_graph(store, "csv", tmp_path / "edges.csv")
    rows = list(csv.DictReader((tmp_path / "edges.csv").open(encoding="utf-8")))
    assert rows[0]["anchor"] == '\'=HYPERLINK("http://x.invalid","click")'
