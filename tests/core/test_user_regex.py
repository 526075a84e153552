"""Users' regexes run on RE2: linear time on hostile input, and refused when RE2 cannot run them.

The timing tests run the matching in a child process with a time-out: on a backtracking
engine the same call would run for hours, and a child can be stopped where a thread cannot.
"""

from __future__ import annotations

import pytest

from siteaudit.core.config import ConfigError, CrawlConfig
from siteaudit.core.user_regex import (
    MAX_PATTERN_CHARS,
    UserRegexError,
    check_user_regex,
    compile_user_regex,
)
from tests.helpers import run_timed

CATASTROPHIC = r"^(([a-z0-9:/.-])+)+$"
NESTED_5000 = "(" * 5000 + "a" + ")" * 5000


def test_a_catastrophic_include_pattern_decides_a_long_url_in_linear_time() -> None:
    # 40 characters already take Python's re hours; RE2 takes microseconds for the longest
    # URL the crawler follows (2,083 characters, core.urls.MAX_URL_LENGTH).
    elapsed = run_timed(
        f"""
        import time
        from siteaudit.core.config import CrawlConfig
        from siteaudit.crawler.scope import CrawlScope, Decision

        config = CrawlConfig(start_urls=("http://site.test/",), include=({CATASTROPHIC!r},))
        scope = CrawlScope(config)
        started = time.perf_counter()
        for n in (40, 2_000, 2_060):
            url = "http://site.test/" + "a" * n + "!"
            assert scope.decide(url) is Decision.EXCLUDED, n
        assert scope.decide("http://site.test/docs/a-page") is Decision.FOLLOW
        print(time.perf_counter() - started)
        """
    )
    assert elapsed < 1.0


def test_matching_time_grows_linearly_with_the_input() -> None:
    pattern = compile_user_regex(CATASTROPHIC)
    assert pattern.search("http://site.test/a/b.html") is not None
    assert pattern.search("http://site.test/" + "a" * 100_000 + "!") is None


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a)\1", "backreferences are not supported"),
        (r"(?P<x>a)(?P=x)", "invalid"),
        (r"(?<=/docs)/x", "lookahead and lookbehind are not supported"),
        (r"/x(?!y)", "lookahead and lookbehind are not supported"),
        (r"/x(?=y)", "lookahead and lookbehind are not supported"),
        (NESTED_5000, f"over the limit of {MAX_PATTERN_CHARS}"),
        ("x" * (MAX_PATTERN_CHARS + 1), f"over the limit of {MAX_PATTERN_CHARS}"),
        (".{1000}" * 3, "instructions, over the limit"),
        (r"\pL{1000}", "pattern too large"),
        (r"(a{100}){100}", "invalid repetition size"),
        ("(", r"missing \)"),
    ],
)
def test_patterns_re2_cannot_run_or_too_large_are_refused(pattern: str, reason: str) -> None:
    with pytest.raises(UserRegexError, match=reason):
        check_user_regex(pattern)


def test_the_config_refuses_them_in_one_message() -> None:
    with pytest.raises(ConfigError, match=r"bad regular expression.*backreferences are not"):
        CrawlConfig.from_dict({"exclude": [r"(a)\1"]}).validate()
    with pytest.raises(ConfigError, match="over the limit"):
        CrawlConfig.from_dict({"include": [NESTED_5000]}).validate()


def test_ordinary_url_patterns_keep_working() -> None:
    for pattern, url in [
        (r"/docs/", "https://h.test/docs/x"),
        (r"^https://h\.test/(en|fr)/", "https://h.test/fr/page"),
        (r"\.pdf$", "https://h.test/a.pdf"),
        (r"(?i)/README", "https://h.test/readme"),
        (r"/p\d+\.html", "https://h.test/p12.html"),
        (r"(?P<lang>[a-z]{2})/", "https://h.test/de/"),
    ]:
        assert compile_user_regex(pattern).search(url) is not None, pattern
