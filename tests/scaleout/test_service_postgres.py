"""`siteaudit serve --store postgresql://...`: the service keeps its records and every crawl
in PostgreSQL, none in SQLite files."""

from __future__ import annotations

from pathlib import Path

from siteaudit.store import Store
from siteaudit.store.service_state import ServiceState
from tests.service.conftest import AUTH, chain_site, start_service
from tests.site_server import serve_site


def test_the_service_crawls_analyses_and_restarts_on_postgresql(
    tmp_path: Path, postgres_url: str
) -> None:
    data = tmp_path / "data"
    with serve_site(chain_site(tmp_path / "site", 12)) as site:
        service = start_service(data, "--allow-private", "--store", postgres_url)
        try:
            started = service.client.post("/api/crawls", json={"url": site + "/"}, headers=AUTH)
            crawl_id = started.json()["id"]
            final = service.wait_for(crawl_id, ("finished", "failed"), timeout=120)
            assert final["state"] == "finished", final
            assert final["progress"]["pages"] >= 14 and final["progress"]["errors"] == 1
            findings = service.client.get(f"/api/crawls/{crawl_id}/findings").json()
            assert findings["total"] > 0
            assert service.client.get(f"/crawls/{crawl_id}/report/").status_code == 200
        finally:
            assert service.stop()
    # Scrapyd keeps its own queue file; the service wrote neither service.db nor a siteaudit.db.
    assert not list(data.rglob("service.db")) and not list(data.rglob("siteaudit.db"))
    with Store(postgres_url, create=False) as store:
        run = store.crawl()
        assert run.status == "finished" and store.count_pages(run.id) == final["progress"]["pages"]
        assert {f.check for f in store.findings(run.id)} >= {"broken-link"}

    restarted = start_service(data, "--allow-private", "--store", postgres_url)
    try:
        [kept] = restarted.client.get("/api/crawls").json()["crawls"]
        assert (kept["id"], kept["state"]) == (crawl_id, "finished")
    finally:
        assert restarted.stop()


def test_service_records_and_crawls_share_one_database(postgres_url: str) -> None:
    with Store(postgres_url) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {})
    state = ServiceState(postgres_url)  # the store's own "crawls" table is left alone
    try:
        job = state.add("http://ex.com/", {"max_pages": 5}, "owner-a")
        state.update(job.id, store_crawl_id=crawl, progress={"pages": 3})
        [got] = state.in_states(("queued",))
        assert (got.store_crawl_id, got.progress, got.options) == (
            crawl,
            {"pages": 3},
            {"max_pages": 5},
        )
    finally:
        state.close()
    with Store(postgres_url, create=False) as store:
        assert [run.id for run in store.crawls()] == [crawl]
