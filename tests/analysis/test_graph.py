from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from siteaudit.analysis.graph import (
    MAIN_BIT,
    REDIRECT_BIT,
    REGION_BITS,
    TextSimilarity,
    build_site_graph,
    link_scores,
    regions_of,
    section_of,
)
from siteaudit.analysis.text import content_tokens, stem, term_key, term_keys

from siteaudit.core.records import Link, Page, Region
from siteaudit.store import Store
from tests.analysis.factories import BASE, page


def _a(source: str, target: str, pos: int, region: str = Region.MAIN, nofollow: bool = False):
    return Link(BASE + source, BASE + target, "a", "x", region, nofollow, pos)


def _graph(tmp_path: Path, pages: list[Page]):
    store = Store.in_folder(tmp_path)
    crawl = store.begin_crawl([BASE + "/"], {})
    store.add_pages(crawl, pages)
    site = build_site_graph(store, crawl, {p.url: p for p in pages}, [BASE + "/"])
    store.close()
    return site


def test_depth_counts_clicks_and_redirect_hops_from_the_start(tmp_path: Path) -> None:
    site = _graph(
        tmp_path,
        [
            page("/", found_via="start", links=[_a("/", "/a", 1), _a("/", "/old", 2)]),
            page("/a", links=[_a("/a", "/b", 1)]),
            page("/b"),
            page("/old", 301, location=BASE + "/moved"),
            page("/moved", found_via="redirect"),
            page("/lonely", found_via="sitemap"),
        ],
    )
    depths = site.node_depths()
    assert depths == {
        BASE + "/": 0,
        BASE + "/a": 1,
        BASE + "/old": 1,
        BASE + "/b": 2,
        BASE + "/moved": 2,
    }
    assert site.click_path(BASE + "/b") == [BASE + "/", BASE + "/a", BASE + "/b"]
    assert site.click_path(BASE + "/lonely") == []
    assert site.links.edges[BASE + "/old", BASE + "/moved"]["r"] == REDIRECT_BIT


def test_links_between_two_pages_collapse_into_one_edge_with_every_region(tmp_path: Path) -> None:
    site = _graph(
        tmp_path,
        [
            page(
                "/",
                links=[
                    _a("/", "/a", 1, Region.NAV),
                    _a("/", "/a", 2, Region.RELATED),
                    _a("/", "/b", 3, nofollow=True),
                    _a("/", "/", 4),
                ],
            ),
            page("/a"),
            page("/b"),
        ],
    )
    edge = site.links.edges[BASE + "/", BASE + "/a"]
    assert regions_of(edge["r"]) == ["nav", "related"]
    assert edge["r"] == REGION_BITS["nav"] | REGION_BITS["related"]
    assert site.links.edges[BASE + "/", BASE + "/b"] == {"r": MAIN_BIT, "w": 0}
    assert not site.links.has_edge(BASE + "/", BASE + "/")
    assert list(site.related.edges) == [(BASE + "/", BASE + "/a")]
    assert site.related_entries[BASE + "/"] == 1


def test_node_attributes_describe_the_page(tmp_path: Path) -> None:
    site = _graph(
        tmp_path,
        [
            page("/faq/sea/x.html", found_via="start", canonical=BASE + "/faq/sea/y.html"),
            page("/gone", 404),
        ],
    )
    node = site.links.nodes[BASE + "/faq/sea/x.html"]
    assert node["section"] == "/faq/sea/"
    assert node["indexable"] is False  # canonicalised elsewhere
    assert node["canonical"] == BASE + "/faq/sea/y.html"
    assert node["depth"] == 0 and node["status"] == 200
    assert site.links.nodes[BASE + "/gone"]["depth"] is None


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("http://x/faq/sea/a.html", "/faq/sea/"),
        ("http://x/faq/sea/deep/a.html", "/faq/sea/"),
        ("http://x/faq/", "/faq/"),
        ("http://x/about.html", "/"),
        ("http://x", "/"),
    ],
)
def test_section_is_the_first_two_folders(url: str, section: str) -> None:
    assert section_of(url) == section


def test_pagerank_orders_the_hub_first_and_ignores_nofollow(tmp_path: Path) -> None:
    links = [_a(f"/p{i}", "/hub", 1) for i in range(5)]
    pages = [
        page(f"/p{i}", links=[links[i], _a(f"/p{i}", "/spam", 2, nofollow=True)]) for i in range(5)
    ]
    pages += [page("/hub", links=[_a("/hub", "/p0", 1)]), page("/spam")]
    scores = link_scores(_graph(tmp_path, pages).links)
    assert scores[BASE + "/hub"] == 100.0
    assert scores[BASE + "/hub"] > scores[BASE + "/p0"] > scores[BASE + "/p1"]
    assert scores[BASE + "/spam"] <= scores[BASE + "/p1"]
    assert min(scores.values()) == 0.0


def test_text_similarity_ranks_pages_on_the_same_subject_highest() -> None:
    sim = TextSimilarity(
        {
            "sea": "container ship freight port vessel ocean cargo container port",
            "sea2": "ocean freight container vessel port cargo ship schedule",
            "cod": "cash delivery payment courier collect money payout cash",
            "cod2": "courier collects cash payment delivery payout money",
            "empty": "",
        }
    )
    same, other, unknown = sim.pairs([("sea", "sea2"), ("sea", "cod"), ("sea", "empty")])
    assert same is not None and other is not None
    assert same > 0.3 > other
    assert unknown is None
    best = sim.most_similar(["sea", "cod"], 1, {"cod": {"cod2"}})
    assert best["sea"][0][0] == "sea2"
    assert all(url != "cod2" for url, _ in best["cod"])


_WORDISH = st.sampled_from(["the", "ship", "shipping", "Ship", "12", "don't", "a_b", "İstanbul"])
_PIECES = st.text(alphabet="ab Zé_'’1 \t\n\x1c\u00a0İıßΣς.,-", max_size=8)


@given(st.lists(_WORDISH | _PIECES, max_size=12).map("".join))
def test_tfidf_counts_the_same_terms_as_content_tokens(text: str) -> None:
    """Counting whitespace chunks and keying each once gives tokens()' counts."""
    counted: Counter[int] = Counter()
    for chunk, n in Counter(text.split()).items():
        for key in term_keys(chunk):
            counted[key] += n
    expected = Counter(term_key(stem(t)) for t in content_tokens(text) if not t.isdigit())
    assert counted == expected
