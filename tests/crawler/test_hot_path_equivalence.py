"""The crawl's fast paths give exactly what the slow, obvious code gives."""

from __future__ import annotations

import gc

import ada_url
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.utils.request import request_from_dict
from siteaudit.crawler.gc_tuning import CrawlGcTuning
from siteaudit.crawler.spiders.site import SiteSpider
from siteaudit.crawler.words import WORD, count_words

from siteaudit.core.config import CrawlConfig
from siteaudit.core.urls import normalize_url, resolve_link

_many = settings(max_examples=500, deadline=None)

_word_text = st.text(
    st.one_of(
        st.sampled_from(list("ab_9 -'’\t\n.,é—\u00a0Ωß·©中")),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=60,
)


@_many
@given(_word_text)
def test_counting_words_matches_the_word_pattern(text: str) -> None:
    assert count_words(text) == len(WORD.findall(text))
    ascii_only = text.encode("ascii", "ignore").decode("ascii")
    assert count_words(ascii_only) == len(WORD.findall(ascii_only))


_bases = st.sampled_from(
    [
        "http://ex.com/a/b.html",
        "https://ex.com:8443/",
        "http://EX.com/x",
        "http://ex.com:80/",
        "http://user@ex.com/d/",
        "http://bücher.de/",
        "http://ex.com",
    ]
)
_paths = st.text(st.sampled_from(list("ab9-_.~/%?#;:@ AZ")), max_size=25)


@_many
@given(_bases, _paths, st.sampled_from(["", "http://ex.com", "https://ex.com:8443"]))
def test_plain_site_paths_resolve_as_full_normalisation_would(
    base: str, path: str, prefix: str
) -> None:
    href = prefix + path
    stripped = href.strip()
    expected = None
    if stripped and stripped[0] != "#":
        # The slow path: the WHATWG join (as browsers resolve), then normalisation.
        try:
            expected = normalize_url(ada_url.join_url(base, stripped))
        except ValueError:
            expected = None
    assert resolve_link(base, href) == expected


def test_a_page_request_round_trips_through_the_disk_queue_format() -> None:
    spider = SiteSpider(config=CrawlConfig(start_urls=("http://ex.com/",)))
    request = spider._request("http://ex.com/a", depth=2, via="link", source="http://ex.com/")
    data = request.to_dict(spider=spider)
    assert (data["callback"], data["errback"]) == ("parse", "on_error")
    again = request_from_dict(data, spider=spider)
    assert again.callback == spider.parse and again.errback == spider.on_error
    assert again.meta == request.meta and again.priority == -2 and again.dont_filter
    assert type(again) is type(request)


def test_gc_tuning_is_undone_when_the_spider_closes() -> None:
    before = gc.get_threshold()
    tuning = CrawlGcTuning()
    tuning.spider_opened()
    try:
        assert gc.get_freeze_count() > 0 and gc.get_threshold()[0] > before[0]
    finally:
        tuning.spider_closed()
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
