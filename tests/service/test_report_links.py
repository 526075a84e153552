"""The report's links work when the service serves it, as they do on disk."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.service.conftest import AUTH, Service

EDITOR = "report/editor/index.html"


@pytest.fixture(scope="module")
def finished(service: Service, site: str) -> dict[str, object]:
    response = service.client.post("/api/crawls", json={"url": site + "/"}, headers=AUTH)
    assert response.status_code == 202, response.text
    crawl = service.wait_for(response.json()["id"], ("finished", "failed"), timeout=120)
    assert crawl["state"] == "finished", crawl
    return dict(crawl)


def local_links(html: str) -> list[str]:
    """The hrefs of a page that stay on this server (no scheme, no bare fragment)."""
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [str(a["href"]) for a in soup.find_all("a", href=True)]
    return [h for h in hrefs if not urlsplit(h).scheme and not h.startswith("#")]


def test_the_editor_views_worklist_links_download_the_worklist(
    service: Service, finished: dict[str, object]
) -> None:
    page_url = f"{service.client.base_url}/crawls/{finished['id']}/{EDITOR}"
    page = service.client.get(page_url)
    assert page.status_code == 200
    worklist_links = [h for h in local_links(page.text) if "worklist." in h]
    assert {Path(h).name for h in worklist_links} == {"worklist.csv", "worklist.json"}
    output = service.data / "crawls" / str(finished["id"])
    for href in worklist_links:
        # On disk, from the editor file: the link names the file next to report/.
        on_disk = (output / EDITOR).parent / href
        assert on_disk.resolve().is_file(), href
        served = service.client.get(urljoin(page_url, href))
        assert served.status_code == 200, (href, served.text[:200])
        assert served.content == on_disk.read_bytes()
        assert served.headers["x-content-type-options"] == "nosniff"


def test_every_local_link_of_the_report_and_editor_pages_resolves_when_served(
    service: Service, finished: dict[str, object]
) -> None:
    base = f"{service.client.base_url}/crawls/{finished['id']}/"
    for page in ("report/", EDITOR):
        page_url = urljoin(base, page)
        links = local_links(service.client.get(page_url).text)
        assert links
        for href in links:
            target = urljoin(page_url, href).split("#")[0]
            assert service.client.get(target).status_code == 200, (page, href, target)


def test_report_folders_without_a_trailing_slash_redirect_so_relative_links_work(
    service: Service, finished: dict[str, object]
) -> None:
    crawl = finished["id"]
    for path, wanted in [
        (f"/crawls/{crawl}/report/editor", f"/crawls/{crawl}/report/editor/"),
        (f"/crawls/{crawl}/report", f"/crawls/{crawl}/report/"),
    ]:
        response = service.client.get(path)
        assert response.status_code == 307 and response.headers["location"] == wanted
        assert service.client.get(wanted).status_code == 200


def test_only_the_worklist_is_served_from_the_output_folder(
    service: Service, finished: dict[str, object]
) -> None:
    for name in ("siteaudit.db", "findings.json", "progress.json", "..%2Fservice.db"):
        response = service.client.get(f"/crawls/{finished['id']}/{name}")
        assert response.status_code == 404, name
        assert response.json()["error"]["code"] == "not_found"
