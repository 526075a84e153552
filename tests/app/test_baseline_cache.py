"""Baseline files and the external results cache, on disk."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from siteaudit.app.baseline import compare, read_baseline, relative_url, write_baseline
from siteaudit.core.config import ConfigError
from siteaudit.store.link_cache import CACHE_FILE, CachedResult, ResultCache


def test_baseline_urls_are_independent_of_the_served_port() -> None:
    assert relative_url("http://127.0.0.1:5001/a/b.html", "http://127.0.0.1:5001") == "/a/b.html"
    assert (
        relative_url("https://other.example/x", "http://127.0.0.1:5001")
        == "https://other.example/x"
    )


def test_baseline_round_trip_and_comparison(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, {("broken-link", "/", "/a"), ("broken-link", "/", "/b")})
    known = read_baseline(path)
    comparison = compare({("broken-link", "/", "/b"), ("broken-link", "/", "/c")}, known)
    assert comparison.new == {("broken-link", "/", "/c")}
    assert comparison.fixed == (("broken-link", "/", "/a"),)


def test_a_malformed_baseline_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text('{"nope": 1}')
    with pytest.raises(ConfigError, match="not a siteaudit baseline"):
        read_baseline(path)
    with pytest.raises(ConfigError, match="cannot read"):
        read_baseline(tmp_path / "missing.json")


def test_cache_keeps_fresh_entries_and_drops_stale_ones(tmp_path: Path) -> None:
    cache = ResultCache.open(tmp_path, max_age=60)
    cache.put("http://a/", CachedResult(200, time.time()))
    cache.put("http://b/", CachedResult(200, time.time() - 3600))
    cache.save()
    reopened = ResultCache.open(tmp_path, max_age=60)
    assert reopened.get("http://a/") is not None
    assert reopened.get("http://b/") is None


def test_cache_without_anchors_misses_when_fragments_are_checked(tmp_path: Path) -> None:
    cache = ResultCache.open(tmp_path)
    cache.put("http://a/", CachedResult(200, time.time(), anchors=None))
    assert cache.get("http://a/") is not None
    assert cache.get("http://a/", need_anchors=True) is None


def test_a_corrupt_cache_file_is_an_empty_cache(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_text("{not json")
    assert ResultCache.open(tmp_path).entries == {}
    (tmp_path / CACHE_FILE).write_text(json.dumps({"format": 99, "results": {}}))
    assert ResultCache.open(tmp_path).entries == {}
