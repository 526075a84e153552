"""E-mail notifications through a loopback SMTP server (aiosmtpd) from a real `serve`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.helpers import free_port
from tests.service.conftest import AUTH, start_service


class Inbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def test_each_finished_crawl_of_a_site_is_mailed_to_its_recipients(
    tmp_path: Path, site: str, inbox: tuple[Inbox, int]
) -> None:
    handler, port = inbox
    service = start_service(
        tmp_path / "data",
        "--allow-private",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(port),
        "--smtp-from",
        "audit@example.test",
    )
    try:
        bad = service.client.post(
            "/api/sites",
            json={"name": "x", "start_urls": [site + "/"], "email_to": "not an address"},
            headers=AUTH,
        )
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_email"
        made = service.client.post(
            "/api/sites",
            json={
                "name": "mailed",
                "start_urls": [site + "/"],
                "email_to": "web@example.test, docs@example.test",
            },
            headers=AUTH,
        )
        assert made.status_code == 201, made.text
        crawl = service.client.post(f"/api/sites/{made.json()['id']}/crawls", headers=AUTH)
        done = service.wait_for(crawl.json()["id"], ("finished",), timeout=120)
        deadline = time.monotonic() + 30
        while not handler.messages and time.monotonic() < deadline:
            time.sleep(0.2)
        [mail] = handler.messages
        errors = done["summary"]["findings"]["error"]
        assert mail["From"] == "audit@example.test"
        assert mail["To"] == "web@example.test, docs@example.test"
        assert f"mailed: health {done['summary']['health']}, {errors} errors" in mail["Subject"]
        body = mail.get_payload(decode=True).decode()
        assert f"/crawls/{done['id']}/report/" in body
        recorded = service.client.get(f"/api/crawls/{done['id']}").json()["summary"]["email"]
        assert recorded["status"] == "delivered" and recorded["attempts"] == 1
    finally:
        assert service.stop()


def test_without_an_smtp_server_a_site_cannot_ask_for_e_mail(tmp_path: Path, site: str) -> None:
    service = start_service(tmp_path / "data", "--allow-private")
    try:
        refused = service.client.post(
            "/api/sites",
            json={"name": "x", "start_urls": [site + "/"], "email_to": "a@example.test"},
            headers=AUTH,
        )
        assert refused.status_code == 422
        assert refused.json()["error"]["code"] == "email_unavailable"
    finally:
        assert service.stop()
