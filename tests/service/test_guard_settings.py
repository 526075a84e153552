"""The service turns the crawler's connection-level guard on unless --allow-private."""

from __future__ import annotations

from pathlib import Path

from scrapy.settings import Settings
from siteaudit.crawler.address_guard import FORBID_SETTING
from siteaudit.crawler.settings import SITEAUDIT_FORBID_PRIVATE_ADDRESSES

from siteaudit.service.crawls import ServiceOptions, guard_settings


def test_crawls_of_a_default_service_refuse_private_addresses(tmp_path: Path) -> None:
    settings = Settings(guard_settings(ServiceOptions(tmp_path)))
    assert settings.getbool(FORBID_SETTING) is True


def test_allow_private_lets_crawls_connect_to_private_addresses(tmp_path: Path) -> None:
    settings = Settings(guard_settings(ServiceOptions(tmp_path, allow_private=True)))
    assert settings.getbool(FORBID_SETTING) is False


def test_the_cli_default_allows_private_addresses() -> None:
    assert SITEAUDIT_FORBID_PRIVATE_ADDRESSES is False
