from siteaudit.crawler.scope import CrawlScope, Decision

from siteaudit.core.config import CrawlConfig
from siteaudit.core.urls import MAX_URL_LENGTH


def _scope(**kw: object) -> CrawlScope:
    return CrawlScope(CrawlConfig(start_urls=("http://ex.com/",), **kw))  # type: ignore[arg-type]


def test_each_url_is_followed_once_and_other_hosts_are_external() -> None:
    scope = _scope()
    assert scope.decide("http://ex.com/a") is Decision.FOLLOW
    assert scope.decide("http://ex.com/a") is Decision.SEEN
    assert scope.decide("http://other.com/a") is Decision.EXTERNAL


def test_include_and_exclude_patterns() -> None:
    scope = _scope(include=(r"/faq/",), exclude=(r"\.pdf$",))
    assert scope.decide("http://ex.com/faq/a.html") is Decision.FOLLOW
    assert scope.decide("http://ex.com/blog/a.html") is Decision.EXCLUDED
    assert scope.decide("http://ex.com/faq/a.pdf") is Decision.EXCLUDED


def test_page_limit_stops_the_frontier_and_is_reported_once() -> None:
    scope = _scope(max_pages=2)
    assert scope.decide("http://ex.com/1") is Decision.FOLLOW
    assert scope.decide("http://ex.com/2") is Decision.FOLLOW
    assert scope.decide("http://ex.com/3") is Decision.LIMIT
    assert scope.decide("http://ex.com/4") is Decision.LIMIT
    assert [e.kind for e in scope.drain_events()] == ["page-limit"]


def test_endless_query_strings_are_cut_off_and_reported() -> None:
    scope = _scope(max_query_variants=5)
    decisions = [scope.decide(f"http://ex.com/cal?month={i}") for i in range(20)]
    assert decisions.count(Decision.FOLLOW) == 5
    assert set(decisions[5:]) == {Decision.TRAP}
    events = scope.drain_events()
    assert [(e.kind, e.url) for e in events] == [("query-trap", "http://ex.com/cal")]
    assert scope.decide("http://ex.com/cal") is Decision.FOLLOW  # the path itself is fine


def test_repeating_path_segments_are_a_trap() -> None:
    scope = _scope()
    assert scope.decide("http://ex.com/a/b/a/b/a/b/a/b/") is Decision.TRAP


def test_snapshot_restores_seen_urls() -> None:
    scope = _scope()
    scope.decide("http://ex.com/a")
    other = _scope()
    other.restore(scope.snapshot())
    assert other.decide("http://ex.com/a") is Decision.SEEN


def test_a_url_over_the_length_limit_is_never_fetched_and_noted_once() -> None:
    scope = _scope()
    long_url = "http://ex.com/s?q=" + "a" * MAX_URL_LENGTH
    at_limit = "http://ex.com/s?q=" + "a" * (MAX_URL_LENGTH - len("http://ex.com/s?q="))
    assert scope.decide(long_url) is Decision.TOO_LONG
    assert scope.decide(long_url) is Decision.TOO_LONG
    assert scope.reserve(long_url) is False
    assert scope.decide(at_limit) is Decision.FOLLOW
    events = scope.drain_events()
    assert [(e.kind, e.url) for e in events] == [("url-too-long", long_url)]
    assert events[0].detail.startswith(f"{len(long_url)} characters")
