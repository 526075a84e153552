"""A service crawl and a CLI crawl of the same config run with the same Scrapy settings."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.settings import Settings
from siteaudit.crawler import settings as project_settings
from siteaudit.crawler.runner import crawl_settings
from siteaudit.crawler.spiders.site import SiteSpider

from siteaudit.core.config import CrawlConfig
from siteaudit.service.crawls import scrapyd_job_request
from tests.service.conftest import AUTH, Service

# Where and how this one run writes (LOG_FILE: Scrapyd's): differs between the two by design.
RUN_KEYS = {
    "LOG_FILE",
    "SITEAUDIT_OUTPUT",
    "SITEAUDIT_CRAWL_ID",
    "SITEAUDIT_PROGRESS",
    "SITEAUDIT_PROGRESS_FILE",
    "JOBDIR",
    "LOG_LEVEL",
    "EXTENSIONS",
    # The service's own policy (off only with --allow-private), not the crawl config's.
    "SITEAUDIT_FORBID_PRIVATE_ADDRESSES",
}

CONFIG = CrawlConfig.from_dict(
    {
        "start_urls": ["http://127.0.0.1:9/a,b"],
        "retries": 4,
        "verify_tls": True,
        "headers": ["X-Team: docs, support", "127.0.0.1:9=Authorization: Bearer t"],
        "retry_backoff": 1.5,
        "retry_after_max": 7,
        "external_per_host": 2,
        "external_delay": 0.5,
        "delay": 0.25,
        "concurrency": 3,
        "per_host_concurrency": 2,
        "timeout": 9,
        "max_size_mb": 2,
        "obey_robots": False,
        "user_agent": "team-bot/1",
    }
)


def _service_crawler(tmp_path: Path) -> Crawler:
    """What Scrapyd runs: the project settings, the scheduled ones from the command line,
    and the spider made from the scheduled arguments by Scrapy itself."""
    scheduled, args = scrapyd_job_request(CONFIG, tmp_path, 1)
    assert set(scheduled) <= RUN_KEYS and set(args) == {"config_json"}
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict(scheduled, priority="cmdline")
    crawler = Crawler(SiteSpider, settings)
    crawler.spider = crawler._create_spider(**args)
    return crawler


def test_service_and_cli_crawls_of_one_config_get_the_same_scrapy_settings(
    tmp_path: Path,
) -> None:
    service = _service_crawler(tmp_path).settings
    cli = crawl_settings(CONFIG, tmp_path, 1, progress="never", log_level="INFO")
    service_values = {k: v for k, v in service.copy_to_dict().items() if k not in RUN_KEYS}
    cli_values = {k: v for k, v in cli.copy_to_dict().items() if k not in RUN_KEYS}
    assert service_values == cli_values
    for settings in (service, cli):
        assert (
            settings.getint("RETRY_TIMES") == 4 and settings.getint("SITEAUDIT_CHECK_RETRIES") == 4
        )
        assert settings.getbool("DOWNLOAD_VERIFY_CERTIFICATES") is True
        assert settings.getlist("SITEAUDIT_HEADERS") == list(CONFIG.headers)
        assert settings.getfloat("SITEAUDIT_BACKOFF_BASE") == 1.5
        assert settings.getfloat("SITEAUDIT_RETRY_AFTER_MAX") == 7.0
        assert settings.getfloat("DOWNLOAD_DELAY") == 0.25
        assert settings.getint("CONCURRENT_REQUESTS") == 3
        assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
        assert settings.getint("DOWNLOAD_MAXSIZE") == 2 * 1024 * 1024
        assert settings.getbool("ROBOTSTXT_OBEY") is False
        assert settings.get("USER_AGENT") == "team-bot/1"


def test_the_service_spider_gets_the_whole_config_not_comma_joined_strings(
    tmp_path: Path,
) -> None:
    spider = _service_crawler(tmp_path).spider
    assert spider.config == CONFIG  # a start URL with a comma stays one URL


def test_a_real_scrapyd_crawl_runs_with_the_settings_the_cli_would_use(
    service: Service, site: str
) -> None:
    options = {"delay": 0.01, "concurrency": 2, "per_host_concurrency": 1, "timeout": 11}
    options |= {"user_agent": "svc-test/1", "obey_robots": False, "max_pages": 5}
    response = service.client.post(
        "/api/crawls", json={"url": site + "/", "options": options}, headers=AUTH
    )
    assert response.status_code == 202, response.text
    crawl = service.wait_for(response.json()["id"], ("finished", "failed"))
    assert crawl["state"] == "finished", crawl
    logs = list((service.data / "scrapyd" / "logs").rglob(f"crawl-{crawl['id']}-run-1.log"))
    text = logs[0].read_text(encoding="utf-8")
    # Scrapy logs the settings that differ from its own defaults once the spider is made.
    found = re.search(r"Overridden settings:\n(\{.*?\})\n", text, re.S)
    assert found, text[:2000]
    overridden = ast.literal_eval(found.group(1))
    config = CrawlConfig.from_dict({**options, "start_urls": [site + "/"]})
    cli = crawl_settings(config, service.data, 1, progress="never", log_level="INFO")
    compared = set(overridden) - RUN_KEYS
    assert {"USER_AGENT", "DOWNLOAD_DELAY", "CONCURRENT_REQUESTS", "DOWNLOAD_TIMEOUT"} <= compared
    assert {k: json.dumps(overridden[k]) for k in compared} == {
        k: json.dumps(cli[k]) for k in compared
    }
